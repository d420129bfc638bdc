"""Stored results as open data: CSV or JSON, streamed. Two files: the schools' results (one
row per school result) and the ВПР task results (one row per school, municipality or the
region and task).

The commands ``export_results`` and ``export_task_results`` write the chunks to the console and
the «Открытые данные» page of the «Показатели» page (``open_data``) streams the same chunks as
downloads: one code path, the same text. CSV starts with a byte order mark, which Excel needs to
read UTF-8; texts never run as formulas (``site_cms.exporting.safe_cell``). A count the
procedure does not have is an empty cell (null in JSON), never 0.

Small numbers (``privacy``): a row of fewer than ``RESULTS_PUBLIC_MIN_PARTICIPANTS`` says so in
``few_participants``, and in the public file (the default) its marks, mean, rates and the other
counts of pupils are empty: only the number of participants stays. ``public=False`` (the
commands' ``--private``) keeps them, for the institute's own analysis.
"""

import itertools
import json
import math

import pandas as pd
from django.db.models import Count, OuterRef, Subquery
from wagtail import hooks

from schools.importing.cells import name_key
from schools.models import SchoolCode
from site_cms import exporting

from ..importing.schools import subject_index
from ..models import ResultAggregate, TaskResult
from .privacy import public_minimum, shows_shares
from .queries import TaskLevel, task_results_frame
from .records import Procedure

FORMATS = ["csv", "json"]
CONTENT_TYPES = {"csv": exporting.CSV_CONTENT_TYPE, "json": "application/json"}
# Whether a row has fewer participants than the public minimum: the last column of both files.
FEW = "few_participants"


def chunks(format, columns, rows):
    """The file of ``rows`` (dicts of ``columns``) in ``format``, in pieces."""
    if format == "csv":
        return _csv_chunks(columns, rows)
    return _json_chunks(rows)


def _csv_chunks(columns, rows):
    """The header line and about a thousand rows at a time; true and false as JSON writes them."""
    values = ([_csv_value(row[column]) for column in columns] for row in rows)
    return exporting.csv_chunks(itertools.chain([columns], values))


def _csv_value(value):
    return str(value).lower() if isinstance(value, bool) else value


def _json_chunks(rows):
    """A JSON array of objects, one object a line."""
    yield "["
    separator = "\n"
    for row in rows:
        yield separator + json.dumps(row, ensure_ascii=False)
        separator = ",\n"
    yield "\n]\n"


def _hide(row, hidden, few, *, public):
    """Flag a row of too few participants (``few``) and, in the public file, empty its
    ``hidden`` cells."""
    row[FEW] = few
    if public and few:
        row.update(dict.fromkeys(hidden))
    return row


# --- the schools' results -----------------------------------------------------------------------

EXPORT_COLUMNS = [
    "school_code",
    "school",
    "municipality",
    "year",
    "procedure",
    "subject",
    "grade",
    "participants",
    "mark2",
    "mark3",
    "mark4",
    "mark5",
    "mean_score",
    "below_minimum",
    "lowered",
    "confirmed",
    "raised",
    FEW,
]
# The database fields behind the columns but the computed last one, in the same order.
FIELD_COLUMNS = EXPORT_COLUMNS[:-1]
FIELDS = [
    "first_code",
    "school__short_name",
    "school__municipality__name",
    "year",
    "procedure",
    "subject__name",
    *FIELD_COLUMNS[6:],
]
MARKS = ["mark2", "mark3", "mark4", "mark5"]
OBJECTIVITY = ["lowered", "confirmed", "raised"]
# What a procedure does not have is stored as 0 but written as an empty cell (null in JSON): ЕГЭ
# gives scores, not marks; only ОГЭ and ЕГЭ have a minimum score; only ВПР and КДР marks are
# compared with the journal.
NOT_APPLICABLE = {
    Procedure.VPR: ["below_minimum"],
    Procedure.KDR: ["below_minimum"],
    Procedure.OGE: OBJECTIVITY,
    Procedure.EGE: [*MARKS, *OBJECTIVITY],
}
# Empty in the public file under the public minimum: with seven pupils a count of marks is a
# share (one «2» is 14 %) as surely as the share itself.
HIDDEN = [*MARKS, "mean_score", "below_minimum", *OBJECTIVITY]


def results(*, year=None, procedure=None, subject=None, grade=None):
    """The stored results the filters select, in a stable order; ``subject`` is a name."""
    # A school keeps every login it had (sch223223 and edu223223): the first in order names it.
    first_code = SchoolCode.objects.filter(school=OuterRef("school")).order_by("code")
    queryset = ResultAggregate.objects.annotate(first_code=Subquery(first_code.values("code")[:1]))
    if year is not None:
        queryset = queryset.filter(year=year)
    if procedure:
        queryset = queryset.filter(procedure=procedure)
    if subject:
        # Found as the import finds it (other spellings, any case): SQLite's iexact ignores the
        # case of Latin letters only.
        queryset = queryset.filter(subject_id=subject_index().get(name_key(subject)))
    if grade is not None:
        queryset = queryset.filter(grade=grade)
    return queryset.order_by(
        "year",
        "procedure",
        "subject__sort_order",
        "grade",
        "school__municipality__name",
        "first_code",
    )


def rows(queryset, *, public=True, minimum=None):
    """Dicts of EXPORT_COLUMNS, fetched in chunks so a whole region never sits in memory."""
    for values in queryset.values_list(*FIELDS).iterator(chunk_size=2000):
        row = dict(zip(FIELD_COLUMNS, values, strict=True))
        if row["mean_score"] is not None:
            row["mean_score"] = round(row["mean_score"], 2)
        row.update(dict.fromkeys(NOT_APPLICABLE.get(row["procedure"], ())))
        yield _hide(row, HIDDEN, not shows_shares(row["participants"], minimum), public=public)


def results_chunks(format, queryset, *, public=True):
    """The schools' results file of ``queryset`` (``results``) in ``format``, in pieces."""
    return chunks(format, EXPORT_COLUMNS, rows(queryset, public=public))


# --- the ВПР task results -----------------------------------------------------------------------

TASK_EXPORT_COLUMNS = [
    "school_code",
    "municipality",
    "year",
    "procedure",
    "subject",
    "grade",
    "task",
    "max_points",
    "participants",
    "mean_points",
    "success_rate",
    # From the description of the task's work and year (the skill checked, the level Б/П/В):
    # empty where none applies.
    "skill",
    "level",
    FEW,
]
TASK_HIDDEN = ["mean_points", "success_rate"]
DECIMALS = 4
# The descriptions of the works (the skills app) answer through this hook, as indicators never
# imports that app: ``lookup({(year, procedure, subject, grade): [labels]})`` gives
# {work: {label: info}} for the works a description covers, ``info.skill`` and ``info.level``
# («Б», «П», «В» or "") being the description's.
TASK_DESCRIPTIONS_HOOK = "task_descriptions"

# A work, (year, procedure, subject name, grade), as ``ResultAggregate`` lookups.
_WORK_LOOKUPS = ["year", "procedure", "subject__name", "grade"]


class TaskSelection:
    """The task results the filters select (``ResultAggregate`` lookups) at a ``TaskLevel``.

    Its works and their tasks are read in one query (what the page counts); the rows one work
    at a time (``task_results_frame``, one query each, and one more above the school level for
    the schools behind the sums: ``revealing``), so a region's years of tasks never sit in
    memory whole, only a work's schools.
    """

    def __init__(self, level=TaskLevel.SCHOOL, **filters):
        self.level = level
        lookups = {f"result__{lookup}": value for lookup, value in filters.items()}
        tasks = (
            TaskResult.objects.filter(**lookups)
            .values(*(f"result__{lookup}" for lookup in _WORK_LOOKUPS), "task")
            .annotate(
                schools=Count("id"),
                municipalities=Count("result__school__municipality", distinct=True),
            )
            .order_by(
                "result__year",
                "result__procedure",
                "result__subject__sort_order",
                "result__subject__name",
                "result__grade",
            )
        )
        self.works = {}  # {(year, procedure, subject, grade): [labels]}, in the file's order
        self.row_count = 0
        for task in tasks:
            work = tuple(task[f"result__{lookup}"] for lookup in _WORK_LOOKUPS)
            self.works.setdefault(work, []).append(task["task"])
            if level == TaskLevel.SCHOOL:
                self.row_count += task["schools"]
            elif level == TaskLevel.MUNICIPALITY:
                self.row_count += task["municipalities"]
            else:
                self.row_count += 1

    def rows(self, *, public=True, minimum=None):
        """Dicts of TASK_EXPORT_COLUMNS: empty cells as None, means and rates to DECIMALS."""
        if not self.works:
            return
        described = _describe(self.works)
        minimum = public_minimum() if minimum is None else minimum
        for work in self.works:
            lookups = dict(zip(_WORK_LOOKUPS, work, strict=True))
            frame = task_results_frame(self.level, **lookups)
            schools = frame
            if self.level != TaskLevel.SCHOOL:
                schools = task_results_frame(TaskLevel.SCHOOL, **lookups)
            hidden = revealing(frame, schools, self.level, minimum)
            infos = described.get(work, {})
            for values, few in zip(frame.itertuples(index=False), hidden, strict=True):
                row = {column: _plain(getattr(values, column)) for column in TASK_RESULT_ROW}
                info = infos.get(row["task"])
                row["skill"] = info.skill if info else None
                row["level"] = (info.level or None) if info else None
                for column in TASK_HIDDEN:
                    if row[column] is not None:
                        row[column] = round(row[column], DECIMALS)
                yield _hide(row, TASK_HIDDEN, bool(few), public=public)

    def chunks(self, format, *, public=True):
        return chunks(format, TASK_EXPORT_COLUMNS, self.rows(public=public))


# The columns taken from ``task_results_frame`` as they are.
TASK_RESULT_ROW = TASK_EXPORT_COLUMNS[:11]


def revealing(frame, schools, level, minimum):
    """Which rows of ``frame`` (one work's task results at ``level``) show no shares in public:
    a Series of bools. Those of fewer than ``minimum`` participants; above the school level
    also those that would give away hidden schools by subtraction — a municipality whose
    hidden schools (``schools``: the work's school rows) have fewer than ``minimum`` pupils
    together (its sum less its shown schools is theirs), and the region where all its hidden
    schools, or those of the municipalities hidden so, are that few together."""
    few = ~shows_shares(frame["participants"], minimum)
    if level == TaskLevel.SCHOOL:
        return few
    hidden = schools[~shows_shares(schools["participants"], minimum)]

    def telling(counts):
        return counts[(counts > 0) & ~shows_shares(counts, minimum)].index

    by_municipality = hidden.groupby(["municipality", "task"])["participants"].sum()
    told = telling(by_municipality)
    if level == TaskLevel.MUNICIPALITY:
        keys = pd.MultiIndex.from_frame(frame[["municipality", "task"]])
        return few | keys.isin(told)
    in_told = by_municipality[by_municipality.index.isin(told)].groupby(level="task").sum()
    tasks = set(telling(hidden.groupby("task")["participants"].sum())) | set(telling(in_told))
    return few | frame["task"].isin(tasks)


def _plain(value):
    """A frame's cell as JSON writes it: NaN as None, numpy's numbers as Python's."""
    if isinstance(value, float) and math.isnan(value):
        return None
    return value.item() if hasattr(value, "item") else value


def _describe(works):
    """{work: {label: TaskInfo}} from whatever answers ``TASK_DESCRIPTIONS_HOOK``."""
    described = {}
    for lookup in hooks.get_hooks(TASK_DESCRIPTIONS_HOOK):
        described.update(lookup(works))
    return described
