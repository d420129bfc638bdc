"""The open-data download of the «Показатели» page through HTTP: the filters, the files (the
very text ``manage.py export_results`` writes), bad input and the bounded queries."""

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from curriculum.models import Subject
from indicators.models import IndicatorPage, ResultAggregate
from indicators.results.exporting import EXPORT_COLUMNS
from tests.factories import MunicipalityFactory, SchoolFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

BOM = "\ufeff"


@pytest.fixture
def no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def page(home):
    page = IndicatorPage(title="Показатели", slug="pokazateli")
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


@pytest.fixture
def open_data(page):
    return page.url + "otkrytye-dannye/"


def store(school, year, procedure, subject, grade, **counts):
    counts.setdefault("participants", 20)
    return ResultAggregate.objects.create(
        school=school,
        year=year,
        procedure=procedure,
        subject=Subject.objects.get(name=subject),
        grade=grade,
        **counts,
    )


def add_schools(count, start=0):
    """``count`` schools with ВПР mathematics in the 4th grade of 2024 and 2023."""
    district = MunicipalityFactory(name=f"Район {start}")
    for number in range(start, start + count):
        school = SchoolFactory(municipality=district, code__code=f"sch47{number:04}")
        store(school, 2024, "VPR", "Математика", 4, mark2=2, mark5=18, mean_score=14.333)
        store(school, 2023, "VPR", "Математика", 4, mark2=5, mark3=15)


@pytest.fixture
def stored(db):
    """Three schools' ВПР mathematics (2023, 2024), one school's ОГЭ Russian and ВПР
    mathematics in the 5th grade (2024)."""
    add_schools(3)
    school = SchoolFactory(code__code="sch480001")
    store(school, 2024, "OGE", "Русский язык", 9, below_minimum=1, lowered=2, confirmed=15)
    store(school, 2024, "VPR", "Математика", 5, mark2=1, raised=3)


def command_output(format, **filters):
    out = io.StringIO()
    options = [f"--{name}={value}" for name, value in filters.items()]
    call_command("export_results", f"--format={format}", *options, stdout=out)
    return out.getvalue()


def download(client, url, **query):
    response = client.get(url, query)
    assert response.status_code == 200
    assert response.streaming
    return response, b"".join(response.streaming_content).decode("utf-8")


def html(response):
    return BeautifulSoup(response.content, "html.parser")


def options(form, name):
    return [option["value"] for option in form.find("select", attrs={"name": name})("option")]


def test_the_indicator_page_links_to_its_open_data(client, page, open_data):
    link = html(client.get(page.url)).find("a", string="скачать файлом CSV или JSON")

    assert link["href"] == open_data


def test_the_page_offers_what_is_stored_with_a_label_for_each_field(client, open_data, stored):
    response = client.get(open_data)

    assert response.status_code == 200
    form = html(response).find("form", class_="filter-panel")
    assert form["method"] == "get"
    assert options(form, "year") == ["", "2024", "2023"]
    assert options(form, "procedure") == ["", "VPR", "OGE"]
    assert options(form, "subject") == ["", "russkiy-yazyk", "matematika"]
    assert options(form, "grade") == ["", "4", "5", "9"]
    for select in form("select"):
        assert form.find("label", attrs={"for": select["id"]}).get_text(strip=True)


def test_the_page_explains_every_column_in_order(client, open_data):
    table = html(client.get(open_data)).find("caption", string="Столбцы файла").parent

    rows = [row("th")[0].get_text(strip=True) for row in table.tbody("tr")]
    assert rows == EXPORT_COLUMNS
    assert all(row.td.get_text(strip=True) for row in table.tbody("tr"))


def test_the_page_links_the_files_of_the_chosen_filters(client, open_data, stored):
    page = html(client.get(open_data, {"year": "2024", "procedure": "VPR"}))

    files = page.find("section", class_="open-data__files")
    assert "Строк в выборке: 4." in files.get_text()
    # The schools' results first, then the task results.
    links = {a.get_text(strip=True): a for a in files.find("ul")("a")}
    assert links["Скачать CSV (Excel)"]["href"] == "?year=2024&procedure=VPR&format=csv"
    assert links["Скачать CSV (Excel)"]["download"] == "rezultaty-2024-VPR.csv"
    assert links["Скачать JSON"]["href"] == "?year=2024&procedure=VPR&format=json"


@pytest.mark.parametrize("format", ["csv", "json"])
@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"year": "2024"},
        {"procedure": "VPR", "grade": "4"},
        {"year": "2024", "procedure": "OGE", "subject": "russkiy-yazyk", "grade": "9"},
    ],
)
def test_the_file_is_what_export_results_writes(client, open_data, stored, format, filters):
    named = {**filters}
    if "subject" in filters:
        named["subject"] = Subject.objects.get(slug=filters["subject"]).name

    response, text = download(client, open_data, format=format, **filters)

    assert text == command_output(format, **named)
    assert response["Content-Type"].startswith(
        {"csv": "text/csv", "json": "application/json"}[format]
    )


def test_the_csv_opens_in_excel_and_is_named_after_the_filters(client, open_data, stored):
    response, text = download(
        client, open_data, year="2024", procedure="VPR", subject="matematika", format="csv"
    )

    assert response["Content-Disposition"] == (
        'attachment; filename="rezultaty-2024-VPR-matematika.csv"'
    )
    assert text.startswith(BOM + ",".join(EXPORT_COLUMNS) + "\n")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix(BOM))))
    assert [(row["school_code"], row["grade"]) for row in rows] == [
        ("sch470000", "4"),
        ("sch470001", "4"),
        ("sch470002", "4"),
        ("sch480001", "5"),
    ]
    assert rows[0]["mean_score"] == "14.33"
    assert rows[3]["raised"] == "3"


def test_filters_narrow_the_file(client, open_data, stored):
    _, everything = download(client, open_data, format="json")
    _, oge = download(client, open_data, format="json", procedure="OGE")
    _, grade_5 = download(client, open_data, format="json", grade="5", year="2024")

    assert len(json.loads(everything)) == 8
    (row,) = json.loads(oge)
    assert (row["school_code"], row["subject"], row["below_minimum"]) == (
        "sch480001",
        "Русский язык",
        1,
    )
    assert [(row["procedure"], row["grade"]) for row in json.loads(grade_5)] == [("VPR", 5)]


def test_texts_are_never_formulas_in_the_csv_and_untouched_in_json(client, open_data):
    district = MunicipalityFactory(name="@SUM(1+1)*cmd|' /C calc'!A0")
    school = SchoolFactory(short_name='=HYPERLINK("https://evil.example/")', municipality=district)
    store(school, 2024, "VPR", "Математика", 4, mark2=2, mean_score=-1.5)

    _, text = download(client, open_data, format="csv")
    _, data = download(client, open_data, format="json")

    (row,) = csv.DictReader(io.StringIO(text.removeprefix(BOM)))
    assert row["school"] == '\'=HYPERLINK("https://evil.example/")'
    assert row["municipality"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    # A number is a number, its sign included.
    assert (row["mark2"], row["mean_score"]) == ("2", "-1.5")
    (item,) = json.loads(data)
    assert (item["school"], item["mean_score"]) == (school.short_name, -1.5)


def test_a_selection_without_rows_still_has_the_header(client, open_data, stored):
    query = {"year": "2023", "procedure": "OGE"}
    assert "Строк в выборке: 0." in html(client.get(open_data, query)).get_text()

    _, text = download(client, open_data, format="csv", **query)
    _, data = download(client, open_data, format="json", **query)

    assert text == BOM + ",".join(EXPORT_COLUMNS) + "\n"
    assert json.loads(data) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "abc"}, "Результатов за год «abc» нет: выберите год."),
        ({"year": "1999"}, "Результатов за год «1999» нет: выберите год."),
        ({"procedure": "XYZ"}, "Процедуры «XYZ» нет среди результатов."),
        ({"procedure": "EGE"}, "Процедуры «EGE» нет среди результатов."),
        ({"subject": "astronomiya"}, "Предмета «astronomiya» нет среди результатов."),
        ({"grade": "99"}, "Результатов за класс «99» нет: выберите класс."),
        ({"format": "xml"}, "Формата «xml» нет: файлы бывают в CSV и JSON."),
    ],
)
def test_unknown_filters_are_told_in_russian(client, open_data, stored, query, message):
    page = client.get(open_data, query)
    download = client.get(open_data, {**query, "format": query.get("format", "csv")})

    assert page.status_code == (400 if "format" in query else 200)
    assert download.status_code == 400
    for response in (page, download):
        errors = html(response).find(id="open-data-errors")
        assert errors["role"] == "alert"
        assert message in errors.get_text()
    assert not html(page).find("section", class_="open-data__files")


def queries_of(client, url, **query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("query", [{"format": "csv"}, {"format": "json"}, {"year": "2024"}])
def test_queries_do_not_grow_with_the_rows(client, open_data, stored, query):
    few = queries_of(client, open_data, **query)
    add_schools(40, start=100)

    many = queries_of(client, open_data, **query)

    assert many == few
    assert few <= 15
