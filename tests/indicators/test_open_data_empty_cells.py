"""Open data: what a procedure does not have (ЕГЭ marks, the minimum score of ВПР, the journal
comparison of ОГЭ and ЕГЭ) is an empty cell, or null in JSON, never 0 — through
``manage.py export_results`` and the open-data page over HTTP."""

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup

from curriculum.models import Subject
from indicators.models import IndicatorPage, ResultAggregate
from tests.factories import SchoolFactory
from tests.indicators.test_open_data import BOM, command_output, download

pytestmark = pytest.mark.django_db

MARKS = {"mark2", "mark3", "mark4", "mark5"}
OBJECTIVITY = {"lowered", "confirmed", "raised"}
NOT_APPLICABLE = {
    "VPR": {"below_minimum"},
    "KDR": {"below_minimum"},
    "OGE": OBJECTIVITY,
    "EGE": MARKS | OBJECTIVITY,
}


@pytest.fixture
def open_data(home, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    page = IndicatorPage(title="Показатели", slug="pokazateli")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page.url + "otkrytye-dannye/"


@pytest.fixture
def stored(db):
    """One school's mathematics in each procedure, every count 0 but the participants."""
    school = SchoolFactory(code__code="sch490001")
    for procedure, grade in [("VPR", 4), ("KDR", 5), ("OGE", 9), ("EGE", 11)]:
        ResultAggregate.objects.create(
            school=school,
            year=2024,
            procedure=procedure,
            subject=Subject.objects.get(name="Математика"),
            grade=grade,
            participants=20,
            mean_score=10.0,
        )


def test_csv_leaves_what_a_procedure_does_not_have_empty(client, open_data, stored):
    _, text = download(client, open_data, format="csv")

    assert text == command_output("csv")
    rows = csv.DictReader(io.StringIO(text.removeprefix(BOM)))
    empty = {row["procedure"]: {key for key, value in row.items() if value == ""} for row in rows}
    assert empty == NOT_APPLICABLE


def test_json_says_null_for_it_and_keeps_the_zeros_that_are_counts(client, open_data, stored):
    _, text = download(client, open_data, format="json")

    assert text == command_output("json")
    for row in json.loads(text):
        nulls = {key for key, value in row.items() if value is None}
        assert nulls == NOT_APPLICABLE[row["procedure"]]
        assert all(row[key] == 0 for key in (MARKS | OBJECTIVITY | {"below_minimum"}) - nulls)


def test_the_page_says_when_a_column_is_empty(client, open_data):
    page = BeautifulSoup(client.get(open_data).content, "html.parser")

    table = page.find("caption", string="Столбцы файла").parent
    meanings = {
        row.th.get_text(strip=True): row.td.get_text(strip=True) for row in table.tbody("tr")
    }
    assert "пусто для ЕГЭ" in meanings["mark2"]
    assert "пусто для ВПР и КДР" in meanings["below_minimum"]
    assert "пусто для ОГЭ и ЕГЭ" in meanings["raised"]
    assert "в JSON — null" in page.get_text()
