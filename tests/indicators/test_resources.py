"""The django-import-export resource that ``make bench`` compares the import service with."""

import tablib

from indicators.models import ResultAggregate
from indicators.results.resources import ResultAggregateResource
from tests.factories import SchoolFactory

from .test_commands import HEADER, summary_rows


def test_resource_imports_a_summary_table(db):
    for number in (1, 2, 3):
        SchoolFactory(code__code=f"sch47000{number}")
    text = ";".join(HEADER) + "\n"
    for row in summary_rows("sch470001", "sch470002", "sch470003"):
        text += ";".join(map(str, row)) + "\n"
    dataset = tablib.Dataset().load(text, format="csv", delimiter=";")

    result = ResultAggregateResource().import_data(dataset, dry_run=False)

    assert not result.has_errors() and not result.has_validation_errors()
    assert result.totals["new"] == 3
    stored = ResultAggregate.objects.order_by("school__codes__code")
    assert [(r.school.codes.get().code, r.procedure, r.subject.name) for r in stored] == [
        (f"sch47000{number}", "OGE", "Математика") for number in (1, 2, 3)
    ]
    assert {(r.participants, r.mark2, r.mark5, r.mean_score) for r in stored} == {(20, 2, 4, 3.6)}

    again = ResultAggregateResource().import_data(dataset, dry_run=False)
    assert again.totals["update"] == 3
    assert ResultAggregate.objects.count() == 3
