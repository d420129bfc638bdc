"""The school's results before and after a practice started, so that its claim is checkable.

A practice that started in the school year Y/Y+1 (``start_year`` = Y) is compared on each work
(procedure, subject, grade) the school wrote both before (the last year ≤ Y: results of the
spring of Y came before the practice) and after (the latest year > Y). Shares follow the public
rule of small numbers (``indicators.results.privacy``): a result of few pupils shows only its
number of participants.

A school has a few dozen results: they are read as plain rows of the few columns the comparison
needs (one query) and picked in Python, so a page shows what is stored now without a table
library or anything kept.
"""

from dataclasses import dataclass
from typing import NamedTuple

from indicators.models import ResultAggregate
from indicators.results.privacy import HIDDEN, public_minimum, shows_shares
from indicators.results.records import Procedure

MAX_WORKS = 4


class ResultRow(NamedTuple):
    """One stored result (``ResultAggregate``), as much of it as the comparison reads."""

    procedure: str
    subject: str
    grade: int
    year: int
    participants: int
    mark2: int
    mark4: int
    mark5: int


ROW_FIELDS = (
    "procedure",
    "subject__name",
    "grade",
    "year",
    "participants",
    "mark2",
    "mark4",
    "mark5",
)


def school_results(school_ids):
    """{school pk: its results as ``ResultRow``}: one query."""
    rows = ResultAggregate.objects.filter(school_id__in=school_ids).order_by()
    by_school = {}
    for school_id, *row in rows.values_list("school_id", *ROW_FIELDS):
        by_school.setdefault(school_id, []).append(ResultRow(*row))
    return by_school


@dataclass(frozen=True)
class YearResult:
    year: int
    participants: int
    # Percentages rounded to whole numbers; None when the result is too small to show them.
    failing: int | None
    good: int | None

    @property
    def hidden_note(self):
        return HIDDEN if self.failing is None else ""


@dataclass(frozen=True)
class WorkBeforeAfter:
    work: str
    before: YearResult
    after: YearResult

    @property
    def before_and_after(self):
        return (self.before, self.after)


def _year_result(row, minimum):
    participants = row.participants
    if not participants or not shows_shares(participants, minimum):
        return YearResult(row.year, participants, None, None)
    return YearResult(
        row.year,
        participants,
        round(100 * row.mark2 / participants),
        round(100 * (row.mark4 + row.mark5) / participants),
    )


def _latest(rows):
    return max(rows, key=lambda row: row.year)


def before_after(rows, start_year, subjects=(), *, minimum):
    """Works of one school's results (``ResultRow``) with a year before and a year after
    ``start_year``, in the order of procedure, subject and grade: the practice's subjects
    only, when it names any."""
    if start_year is None:
        return []
    by_work = {}
    for row in rows:
        if not subjects or row.subject in subjects:
            by_work.setdefault((row.procedure, row.subject, row.grade), []).append(row)
    procedures = dict(Procedure.choices)
    works = []
    for (procedure, subject, grade), results in sorted(by_work.items()):
        before = [row for row in results if row.year <= start_year]
        after = [row for row in results if row.year > start_year]
        if before and after:
            works.append(
                WorkBeforeAfter(
                    f"{procedures.get(procedure, procedure)}, {subject.lower()}, {grade} класс",
                    _year_result(_latest(before), minimum),
                    _year_result(_latest(after), minimum),
                )
            )
    return works[:MAX_WORKS]


def results_before_after(practices):
    """{practice pk: works} for practices with a start year, reading the results once."""
    dated = [p for p in practices if p.start_year is not None]
    if not dated:
        return {}
    results = school_results({p.school_id for p in dated})
    minimum = public_minimum()
    subjects = subject_names(dated)
    return {
        p.pk: before_after(
            results.get(p.school_id, []),
            p.start_year,
            subjects.get(p.pk, ()),
            minimum=minimum,
        )
        for p in dated
    }


def subject_names(practices):
    """{practice pk: its subjects' names}, in one query for all the practices."""
    if not practices:
        return {}
    through = type(practices[0]).subjects.through
    names = {}
    rows = through.objects.filter(practicepage_id__in=[p.pk for p in practices]).values_list(
        "practicepage_id", "subject__name"
    )
    for pk, name in rows:
        names.setdefault(pk, []).append(name)
    return names
