"""Stored results as open data: CSV or JSON, one row per school result, streamed.

The command ``export_results`` writes the chunks to the console and the «Открытые данные» page
of the «Показатели» page (``open_data``) streams the same chunks as a download: one code path,
the same text. CSV starts with a byte order mark, which Excel needs to read UTF-8. A count the
procedure does not have is an empty cell (null in JSON), never 0.
"""

import itertools
import json

from django.db.models import OuterRef, Subquery

from schools.importing.cells import name_key
from schools.models import SchoolCode
from site_cms import exporting

from ..importing.schools import subject_index
from ..models import ResultAggregate
from .records import Procedure

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
]
# The database fields behind the columns, in the same order.
FIELDS = [
    "first_code",
    "school__short_name",
    "school__municipality__name",
    "year",
    "procedure",
    "subject__name",
    *EXPORT_COLUMNS[6:],
]
CONTENT_TYPES = {"csv": exporting.CSV_CONTENT_TYPE, "json": "application/json"}
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


def rows(queryset):
    """Dicts of EXPORT_COLUMNS, fetched in chunks so a whole region never sits in memory."""
    for values in queryset.values_list(*FIELDS).iterator(chunk_size=2000):
        row = dict(zip(EXPORT_COLUMNS, values, strict=True))
        if row["mean_score"] is not None:
            row["mean_score"] = round(row["mean_score"], 2)
        row.update(dict.fromkeys(NOT_APPLICABLE.get(row["procedure"], ())))
        yield row


def csv_chunks(queryset):
    """The CSV text in pieces: the byte order mark and a header line, then about a thousand
    rows at a time (a school's name, typed by people, never runs as a formula)."""
    values = ([row[column] for column in EXPORT_COLUMNS] for row in rows(queryset))
    return exporting.csv_chunks(itertools.chain([EXPORT_COLUMNS], values))


def json_chunks(queryset):
    """A JSON array of objects, one object a line, in pieces."""
    yield "["
    separator = "\n"
    for row in rows(queryset):
        yield separator + json.dumps(row, ensure_ascii=False)
        separator = ",\n"
    yield "\n]\n"


WRITERS = {"csv": csv_chunks, "json": json_chunks}
