"""Reading what the objectivity section and report need, each in one query."""

import pandas as pd
from django.db.models import Q, Sum

from ..models import ResultAggregate
from ..results.records import Procedure
from ..rules.objectivity import COUNTS

SUMMED = ["participants", *COUNTS]
_REGION_FIELDS = {
    "year": "year",
    "procedure": "procedure",
    "subject": "subject__name",
    "subject_order": "subject__sort_order",
    "grade": "grade",
}
COMPARED = Q(lowered__gt=0) | Q(confirmed__gt=0) | Q(raised__gt=0)


def region_counts(**filters):
    """The ВПР counts of all schools summed per work (``ResultAggregate`` lookups in
    ``filters``): REGION_KEYS, ``subject_order``, ``participants`` and the counts, for
    ``region_objectivity``. One query, a row per work however many schools."""
    rows = (
        ResultAggregate.objects.filter(procedure=Procedure.VPR, **filters)
        .order_by()
        .values_list(*_REGION_FIELDS.values())
        .annotate(*(Sum(column) for column in SUMMED))
    )
    columns = [*_REGION_FIELDS, *SUMMED]
    frame = pd.DataFrame.from_records(list(rows), columns=columns)
    return frame.astype(dict.fromkeys(["year", "grade", *SUMMED], int))


def subject_orders(region):
    """{subject: its sort order} from ``region_counts``' table."""
    return dict(zip(region["subject"], region["subject_order"], strict=True))


def compared_years():
    """The years of ВПР results with marks compared with the journal, newest first. One
    query."""
    years = ResultAggregate.objects.filter(COMPARED, procedure=Procedure.VPR)
    return list(years.order_by("-year").values_list("year", flat=True).distinct())
