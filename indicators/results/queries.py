"""Reading the stored results and statuses into the shapes the rules take.

``aggregates_frame`` gives the table of ``indicators.results.records`` (``AGGREGATE_COLUMNS``) from
``ResultAggregate`` in one query. Its ``school_code`` is the school's primary key as a string,
not a ФИС ОКО login: a school may have several logins (sch…, edu…), and the rules must see one
school as one school, whichever login its results came under.

``task_results_frame`` gives the task results of schools, or of municipalities and the region
computed from them, in one query.
"""

from itertools import islice

import pandas as pd
from django.db.models import OuterRef, Subquery

from schools.models import SchoolCode, SchoolStatus

from ..models import ResultAggregate, TaskResult
from .records import AGGREGATE_COLUMNS, COUNT_COLUMNS

# ResultAggregate fields in the order of AGGREGATE_COLUMNS.
_FIELDS = {
    "school_code": "school_id",
    "year": "year",
    "procedure": "procedure",
    "subject": "subject__name",
    "grade": "grade",
    "school_name": "school__short_name",
    "municipality": "school__municipality__name",
    **{column: column for column in COUNT_COLUMNS},
    "mean_score": "mean_score",
    "score_sum_squares": "score_sum_squares",
}


# The fields in the order of AGGREGATE_COLUMNS: rows read with them make a frame (``rows_frame``).
AGGREGATE_FIELDS = [_FIELDS[column] for column in AGGREGATE_COLUMNS]

# Rows are turned into a frame this many at a time: a region's ten years of results (a million
# rows) as Python tuples would take gigabytes at once.
CHUNK_ROWS = 50_000
TEXT_COLUMNS = ["school_code", "procedure", "subject", "school_name", "municipality"]


def aggregates_frame(**filters):
    """The stored results matching ``filters`` (``ResultAggregate`` lookups) as a DataFrame of
    ``AGGREGATE_COLUMNS``; ``school_code`` is the school's pk as a string. One query."""
    rows = (
        ResultAggregate.objects.filter(**filters)
        .order_by()
        .values_list(*AGGREGATE_FIELDS)
        .iterator(chunk_size=CHUNK_ROWS)
    )
    chunks = []
    while chunk := list(islice(rows, CHUNK_ROWS)):
        chunks.append(rows_frame(chunk))
    return pd.concat(chunks, ignore_index=True) if chunks else rows_frame([])


def rows_frame(rows):
    """A frame of ``AGGREGATE_COLUMNS`` from rows of ``AGGREGATE_FIELDS``."""
    frame = pd.DataFrame.from_records(rows, columns=AGGREGATE_COLUMNS)
    frame["school_code"] = frame["school_code"].astype(str)
    # Each distinct text once: a school's name repeated on its thousand rows is one object.
    for column in TEXT_COLUMNS:
        frame[column] = pd.Categorical(frame[column]).astype(object)
    frame[["mean_score", "score_sum_squares"]] = frame[["mean_score", "score_sum_squares"]].astype(
        float
    )
    for column in ["year", "grade", *COUNT_COLUMNS]:
        frame[column] = frame[column].astype(int)
    return frame


def school_codes_with_status(year, status=SchoolStatus.Status.LOW_RESULTS):
    """The pks (as strings, like ``aggregates_frame``'s ``school_code``) of the schools that
    have ``status`` in the school year starting in ``year``. One query."""
    pks = SchoolStatus.objects.filter(school_year=year, status=status).values_list(
        "school_id", flat=True
    )
    return {str(pk) for pk in pks}


class TaskLevel:
    SCHOOL = "school"
    MUNICIPALITY = "municipality"
    REGION = "region"
    ALL = [SCHOOL, MUNICIPALITY, REGION]


UNIT_COLUMNS = ["year", "procedure", "subject", "grade"]
TASK_RESULT_COLUMNS = [
    "school_id",
    "school_code",
    "municipality",
    *UNIT_COLUMNS,
    "task",
    "position",
    "max_points",
    "participants",
    "points",
    "mean_points",
    "success_rate",
]
_TASK_FIELDS = {
    "school_id": "result__school_id",
    "school_code": "first_code",
    "municipality": "result__school__municipality__name",
    "year": "result__year",
    "procedure": "result__procedure",
    "subject": "result__subject__name",
    "grade": "result__grade",
    "subject_order": "result__subject__sort_order",
    "task": "task",
    "position": "position",
    "max_points": "max_points",
    "participants": "participants",
    "points": "points",
    "success_rate": "success_rate",
}


def task_results_frame(level=TaskLevel.SCHOOL, **filters):
    """Task results of the stored results matching ``filters`` (``ResultAggregate`` lookups)
    as a DataFrame of TASK_RESULT_COLUMNS, one row per unit and task in a stable order. One
    query.

    At the school level ``school_code`` is the school's first ФИС ОКО login (a school keeps its
    sch… and edu… logins). Above it the schools' rows are summed: participants and points;
    the mean is points ÷ participants and the success rate is the schools' weighted by their
    participants; ``school_id`` and ``school_code`` are empty, and ``municipality`` too for
    the region.
    """
    lookups = {f"result__{lookup}": value for lookup, value in filters.items()}
    tasks = TaskResult.objects.filter(**lookups).order_by()
    fields = dict(_TASK_FIELDS)
    if level == TaskLevel.SCHOOL:
        first_code = SchoolCode.objects.filter(school=OuterRef("result__school")).order_by("code")
        tasks = tasks.annotate(first_code=Subquery(first_code.values("code")[:1]))
    else:
        del fields["school_code"]
    rows = tasks.values_list(*fields.values())
    frame = pd.DataFrame.from_records(list(rows), columns=list(fields))
    frame = frame.astype({"points": float, "success_rate": float})
    if level != TaskLevel.SCHOOL:
        frame = _task_level(frame, level)
    frame["mean_points"] = frame["points"] / frame["participants"]
    frame = frame.sort_values(
        ["year", "procedure", "subject_order", "subject", "grade", "municipality", "school_code"]
        + ["position"],
        na_position="first",
        ignore_index=True,
    )
    return frame[TASK_RESULT_COLUMNS]


def _task_level(frame, level):
    """The schools' task results summed per municipality (or for the region)."""
    keys = [*UNIT_COLUMNS, "subject_order", "task"]
    if level == TaskLevel.MUNICIPALITY:
        keys.insert(0, "municipality")
    weighted = frame.assign(rate_weight=frame["success_rate"] * frame["participants"])
    grouped = weighted.groupby(keys, sort=False, dropna=False).agg(
        position=("position", "min"),
        max_points=("max_points", "max"),
        participants=("participants", "sum"),
        points=("points", "sum"),
        rate_weight=("rate_weight", "sum"),
    )
    grouped["success_rate"] = grouped.pop("rate_weight") / grouped["participants"]
    result = grouped.reset_index()
    for column in ["school_id", "school_code", "municipality"]:
        if column not in result:
            result[column] = None
    return result
