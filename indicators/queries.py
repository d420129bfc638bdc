"""Reading the stored results and statuses into the shapes the rules take.

``aggregates_frame`` gives the table of ``indicators.records`` (``AGGREGATE_COLUMNS``) from
``ResultAggregate`` in one query. Its ``school_code`` is the school's primary key as a string,
not a ФИС ОКО login: a school may have several logins (sch…, edu…), and the rules must see one
school as one school, whichever login its results came under.
"""

from itertools import islice

import pandas as pd

from schools.models import SchoolStatus

from .models import ResultAggregate
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
}


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
        .values_list(*(_FIELDS[column] for column in AGGREGATE_COLUMNS))
        .iterator(chunk_size=CHUNK_ROWS)
    )
    chunks = []
    while chunk := list(islice(rows, CHUNK_ROWS)):
        chunks.append(_typed(chunk))
    return pd.concat(chunks, ignore_index=True) if chunks else _typed([])


def _typed(rows):
    frame = pd.DataFrame.from_records(rows, columns=AGGREGATE_COLUMNS)
    frame["school_code"] = frame["school_code"].astype(str)
    # Each distinct text once: a school's name repeated on its thousand rows is one object.
    for column in TEXT_COLUMNS:
        frame[column] = pd.Categorical(frame[column]).astype(object)
    frame["mean_score"] = frame["mean_score"].astype(float)
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
