"""The shapes results travel in between readers, the database and the rules.

A reader turns a file into a table of *aggregates*: one row per school, year, procedure,
subject and grade, with the columns below. Pupil-level rows are read, aggregated and dropped.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Procedure(models.TextChoices):
    VPR = "VPR", _("ВПР")
    OGE = "OGE", _("ОГЭ")
    EGE = "EGE", _("ЕГЭ")
    KDR = "KDR", _("КДР")


# Keys of an aggregate row: the school's ФИС ОКО login (sch/edu/ksh + digits) or registry code.
KEY_COLUMNS = ["school_code", "year", "procedure", "subject", "grade"]

# Counts are integers (missing: 0); mean_score is a float (missing: NaN), and so is
# score_sum_squares, the sum of the participants' squared scores: what the mean's interval
# needs (rules/intervals.py); protocols give it, summary tables do not.
COUNT_COLUMNS = [
    "participants",
    "mark2",
    "mark3",
    "mark4",
    "mark5",
    "below_minimum",
    "high_results",
    "lowered",
    "confirmed",
    "raised",
]
AGGREGATE_COLUMNS = [
    *KEY_COLUMNS,
    "school_name",
    "municipality",
    *COUNT_COLUMNS,
    "mean_score",
    "score_sum_squares",
]
