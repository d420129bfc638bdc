"""Small numbers on every public door, through HTTP: a result of 9 pupils shows no shares, one of
10 does (``RESULTS_PUBLIC_MIN_PARTICIPANTS``) — the school page's result charts and its
«Умения по заданиям», the «Показатели» page's school chart and results table, and both files of
the open data. The institute's own export (``--private``) keeps everything."""

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from curriculum.models import Subject
from indicators.models import ResultAggregate, TaskResult
from schools.provisioning import provision_school
from tests.factories import (
    IndicatorPageFactory,
    MunicipalityFactory,
    SchoolFactory,
    SchoolIndexPageFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("minimum")]

NBSP = "\u00a0"
BOM = "\ufeff"
HIDDEN = "слишком мало участников, чтобы показывать доли"


@pytest.fixture
def minimum(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    settings.RESULTS_PUBLIC_MIN_PARTICIPANTS = 10
    settings.RESULTS_MIN_PARTICIPANTS = 5


def store(school, year, participants, mark2, mean_score, rates=()):
    """A ВПР mathematics result of the 4th grade and its tasks' success rates (one point each)."""
    result = ResultAggregate.objects.create(
        school=school,
        year=year,
        procedure="VPR",
        subject=Subject.objects.get(name="Математика"),
        grade=4,
        participants=participants,
        mark2=mark2,
        mark3=participants - mark2,
        mean_score=mean_score,
    )
    TaskResult.objects.bulk_create(
        TaskResult(
            result=result,
            task=str(position),
            position=position,
            max_points=1,
            participants=participants,
            points=participants * rate / 100,
            success_rate=rate,
        )
        for position, rate in enumerate(rates, start=1)
    )


@pytest.fixture
def schools(db):
    """In Озёрный район a school of 9 pupils in 2024 (12 in 2023) and one of 10; in Лесной
    район one of 20. Marks «2»: 3 of 9 (33 %), 3 of 10 (30 %), 6 of 12 in 2023 (50 %).
    Tasks 1 and 2: the small school 50 % and 50 %, the other 90 % and 30 %, the third 60 %
    and 60 %; the region: 65.4 % and 50 %."""
    lakes = MunicipalityFactory(name="Озёрный район")
    small = SchoolFactory(short_name="Малая школа", municipality=lakes, code__code="sch540009")
    enough = SchoolFactory(short_name="Школа десяти", municipality=lakes, code__code="sch540010")
    forest = MunicipalityFactory(name="Лесной район")
    third = SchoolFactory(short_name="Лесная школа", municipality=forest)
    store(small, 2023, 12, 6, 7.5)
    store(small, 2024, 9, 3, 8.5, rates=(50, 50))
    store(enough, 2024, 10, 3, 9.5, rates=(90, 30))
    store(third, 2024, 20, 2, 11.0, rates=(60, 60))
    return {"small": small, "enough": enough, "third": third}


@pytest.fixture
def pages(home, schools):
    index = SchoolIndexPageFactory(parent=home)
    return {name: provision_school(school, index) for name, school in schools.items()}


def text(element):
    return " ".join(element.get_text(" ").replace(NBSP, " ").split())


def get(client, url, **query):
    response = client.get(url, query)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def section(page, heading_id):
    return page.find(id=heading_id).parent


def table_rows(element):
    return [[text(cell) for cell in row.select("th, td")] for row in element.select("tbody tr")]


# --- the school page ----------------------------------------------------------------------------


def test_the_school_page_chart_leaves_out_a_year_of_nine_pupils_and_says_why(client, pages):
    results = get(client, pages["small"].url).select_one(".school-results")

    (figure,) = results.select("figure.chart")
    assert text(figure.figcaption) == (
        "Доля отметок «2» по математике (4 класс): 50 % (2023); данных для сравнения пока нет. "
        f"4 класс, 2024 год: {HIDDEN} (их меньше 10)."
    )
    assert table_rows(figure) == [["2023", "50 %"], ["2024", "—"]]
    assert "33 %" not in text(results)


def test_the_school_page_chart_shows_a_year_of_ten_pupils(client, pages):
    results = get(client, pages["enough"].url).select_one(".school-results")

    (figure,) = results.select("figure.chart")
    assert (
        text(figure.figcaption)
        == "Доля отметок «2» по математике (4 класс): 30 % (2024); данных для сравнения пока нет."
    )
    assert HIDDEN not in text(results)


def test_a_work_with_every_year_hidden_is_a_sentence_without_a_chart(client, pages, schools):
    ResultAggregate.objects.filter(school=schools["small"], year=2023).delete()

    results = get(client, pages["small"].url).select_one(".school-results")

    assert results.select("figure") == []
    assert text(results.select_one(".school-results__hidden")) == (
        f"Доля отметок «2» по математике, ВПР. 4 класс, 2024 год: {HIDDEN} (их меньше 10)."
    )


def test_the_skills_of_nine_pupils_are_not_shown(client, pages):
    skills = section(get(client, pages["small"].url), "task-skills-title")

    work = skills.find("h4", string="Математика, 4 класс").parent
    assert work.select("figure") == [] and work.find("h5") is None
    assert text(work.p).startswith(f"Работу писали 9 учеников: {HIDDEN}.")
    assert "%" not in text(work)


def test_the_skills_of_ten_pupils_are_shown_without_the_rate_of_a_small_rest(client, pages):
    skills = section(get(client, pages["enough"].url), "task-skills-title")

    work = skills.find("h4", string="Математика, 4 класс").parent
    rates = [text(p) for p in work.select(".task-skills__rates")]
    # The municipality is this school and the one of 9 pupils: its rate would give theirs.
    assert rates == [
        "В школе задание выполнено на 90 %, по региону — на 65 %.",
        "В школе задание выполнено на 30 %, по региону — на 50 %.",
    ]
    assert table_rows(work.select_one("figure")) == [["1", "90 %", "65 %"], ["2", "30 %", "50 %"]]


# --- the «Показатели» page ----------------------------------------------------------------------


def test_the_indicator_page_hides_the_shares_of_nine_pupils(client, home, pages):
    mathematics = Subject.objects.get(name="Математика").pk
    page = IndicatorPageFactory(
        parent=home,
        body=[
            {
                "type": "school_results",
                "value": {
                    "school_page": pages["small"].pk,
                    "procedure": "VPR",
                    "subject": mathematics,
                    "grade": 4,
                },
            },
            {
                "type": "results_table",
                "value": {"year": 2024, "procedure": "VPR", "subject": mathematics, "grade": 4},
            },
        ],
    )

    html = get(client, page.url)

    captions = [text(caption) for caption in html.select("figure.chart figcaption")]
    assert captions == [
        "Доля отметок «2» по математике (4 класс): 50 % (2023); данных для сравнения пока нет. "
        f"4 класс, 2024 год: {HIDDEN} (их меньше 10).",
        "Средний балл по математике (4 класс): 7,5 (2023); данных для сравнения пока нет. "
        f"4 класс, 2024 год: {HIDDEN} (их меньше 10).",
    ]
    rows = table_rows(html.select_one("table.results-table"))
    assert rows == [
        ["Лесная школа", "Лесной район", "20", "10 %", "90 %", "0 %", "0 %", "11"],
        ["Малая школа", "Озёрный район", "9", "Слишком мало участников, чтобы показывать доли"],
        ["Школа десяти", "Озёрный район", "10", "30 %", "70 %", "0 %", "0 %", "9,5"],
    ]
    assert "8,5" not in text(html) and "33 %" not in text(html)


# --- the open data ------------------------------------------------------------------------------


@pytest.fixture
def open_data(home):
    return IndicatorPageFactory(parent=home).url + "otkrytye-dannye/"


def download(client, url, **query):
    response = client.get(url, query)
    assert response.status_code == 200
    return b"".join(response.streaming_content).decode("utf-8")


def by_code(rows):
    return {row["school_code"]: row for row in rows}


def test_the_results_file_leaves_the_marks_and_mean_of_nine_pupils_empty(
    client, open_data, schools
):
    rows = by_code(json.loads(download(client, open_data, year="2024", format="json")))
    text = download(client, open_data, year="2024", format="csv")

    small, enough = rows["sch540009"], rows["sch540010"]
    assert (small["participants"], small["few_participants"]) == (9, True)
    marks = ["mark2", "mark3", "mark4", "mark5", "mean_score", "lowered", "confirmed", "raised"]
    assert {column: small[column] for column in marks} == dict.fromkeys(marks)
    assert (enough["mark2"], enough["mean_score"], enough["few_participants"]) == (3, 9.5, False)
    csv_rows = by_code(csv.DictReader(io.StringIO(text.removeprefix(BOM))))
    assert (csv_rows["sch540009"]["mark2"], csv_rows["sch540009"]["few_participants"]) == (
        "",
        "true",
    )
    assert (csv_rows["sch540010"]["mark2"], csv_rows["sch540010"]["few_participants"]) == (
        "3",
        "false",
    )


def test_the_task_results_file_leaves_the_rates_of_nine_pupils_empty(client, open_data, schools):
    query = {"dataset": "tasks", "format": "json"}
    schools_rows = json.loads(download(client, open_data, **query))
    municipalities = json.loads(download(client, open_data, level="municipality", **query))

    small = [row for row in schools_rows if row["school_code"] == "sch540009"]
    assert [(row["participants"], row["mean_points"], row["success_rate"]) for row in small] == [
        (9, None, None),
        (9, None, None),
    ]
    assert {row["few_participants"] for row in small} == {True}
    enough = [row for row in schools_rows if row["school_code"] == "sch540010"]
    assert [(row["mean_points"], row["success_rate"]) for row in enough] == [
        (0.9, 90.0),
        (0.3, 30.0),
    ]
    shown = {row["municipality"]: row["success_rate"] for row in municipalities}
    # Лесной район has no hidden school. Озёрный район's 19 pupils would give, less the school
    # of 10, the school of 9; the region, less every school shown, the same.
    assert shown == {"Лесной район": 60.0, "Озёрный район": None}
    assert {row["few_participants"] for row in municipalities} == {False, True}
    region = json.loads(download(client, open_data, level="region", **query))
    assert [(row["participants"], row["success_rate"]) for row in region] == [(39, None)] * 2


def test_hidden_schools_of_ten_pupils_together_leave_the_sums_shown(client, open_data, schools):
    lakes = schools["small"].municipality
    store(SchoolFactory(municipality=lakes, code__code="sch540005"), 2024, 5, 1, 9.0, (40, 40))
    query = {"dataset": "tasks", "format": "json"}

    municipalities = json.loads(download(client, open_data, level="municipality", **query))
    region = json.loads(download(client, open_data, level="region", **query))

    # Озёрный район: 9 + 5 hidden pupils, 10 shown; the rates weighed by the participants.
    shown = [
        (row["municipality"], row["participants"], row["success_rate"]) for row in municipalities
    ]
    assert shown == [
        ("Лесной район", 20, 60.0),
        ("Лесной район", 20, 60.0),
        ("Озёрный район", 24, round((50 * 9 + 90 * 10 + 40 * 5) / 24, 4)),
        ("Озёрный район", 24, round((50 * 9 + 30 * 10 + 40 * 5) / 24, 4)),
    ]
    assert [row["success_rate"] for row in region] == [
        round((50 * 9 + 90 * 10 + 40 * 5 + 60 * 20) / 44, 4),
        round((50 * 9 + 30 * 10 + 40 * 5 + 60 * 20) / 44, 4),
    ]


def test_the_private_exports_keep_everything(schools):
    results, tasks = io.StringIO(), io.StringIO()
    call_command("export_results", "--format=json", "--year=2024", "--private", stdout=results)
    call_command("export_task_results", "--format=json", "--private", stdout=tasks)

    small = by_code(json.loads(results.getvalue()))["sch540009"]
    assert (small["mark2"], small["mean_score"], small["few_participants"]) == (3, 8.5, True)
    small_tasks = [row for row in json.loads(tasks.getvalue()) if row["school_code"] == "sch540009"]
    assert [row["success_rate"] for row in small_tasks] == [50.0, 50.0]
