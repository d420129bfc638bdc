"""The ВПР task results as open data, through HTTP: the second file of the «Показатели» page's
«Открытые данные» — the page's filters and the level, the very text ``export_task_results``
writes, the skill and level of a described work, formulas, bad input and bounded queries."""

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from curriculum.models import Subject
from indicators.models import ResultAggregate, TaskResult
from indicators.results.exporting import TASK_EXPORT_COLUMNS
from tests.factories import (
    DescribedTaskFactory,
    IndicatorPageFactory,
    MunicipalityFactory,
    SchoolFactory,
    TaskDescriptionFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("settings_for_tests")]

BOM = "\ufeff"
ADDING = "Умение складывать числа"


@pytest.fixture
def settings_for_tests(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    settings.RESULTS_PUBLIC_MIN_PARTICIPANTS = 10


@pytest.fixture
def open_data(home):
    return IndicatorPageFactory(parent=home).url + "otkrytye-dannye/"


def store(school, tasks, *, year=2024, subject="Математика", grade=4, participants=20):
    """A school's ВПР result with ``tasks``: [(label, max points, points)]; every pupil
    wrote every task."""
    result = ResultAggregate.objects.create(
        school=school,
        year=year,
        procedure="VPR",
        subject=Subject.objects.get(name=subject),
        grade=grade,
        participants=participants,
    )
    TaskResult.objects.bulk_create(
        TaskResult(
            result=result,
            task=label,
            position=position,
            max_points=maximum,
            participants=participants,
            points=points,
            success_rate=points / participants / maximum * 100,
        )
        for position, (label, maximum, points) in enumerate(tasks, start=1)
    )


def add_schools(count, start=0):
    """``count`` schools of one district with the 2024 mathematics of the 4th grade."""
    district = MunicipalityFactory(name=f"Район {start}")
    for number in range(start, start + count):
        school = SchoolFactory(municipality=district, code__code=f"sch52{number:04}")
        store(school, [("1", 1, 10), ("2", 2, 20)])


@pytest.fixture
def stored(db):
    """Two districts: Озёрный with two schools, Лесной with one, mathematics of the 4th grade
    (2024, and 2023 for the first school), and Russian of the 5th grade of 2024."""
    lakes = MunicipalityFactory(name="Озёрный район")
    forest = MunicipalityFactory(name="Лесной район")
    first = SchoolFactory(municipality=lakes, code__code="sch510001")
    second = SchoolFactory(municipality=lakes, code__code="sch510002")
    third = SchoolFactory(municipality=forest, code__code="sch510003")
    # Points per task: 12 pupils scoring 7 of 2 points is a mean of 0.5833 and 29.1667 %.
    store(first, [("1", 1, 9), ("2", 2, 7)], participants=12)
    store(second, [("1", 1, 20), ("2", 2, 40)], participants=20)
    store(third, [("1", 1, 5), ("2", 2, 30)], participants=30)
    store(first, [("1", 1, 10), ("2", 2, 10)], year=2023)
    store(third, [("1", 1, 5), ("2К1", 1, 10)], subject="Русский язык", grade=5)


def command_output(*options):
    out = io.StringIO()
    call_command("export_task_results", *options, stdout=out)
    return out.getvalue()


def download(client, url, **query):
    response = client.get(url, {"dataset": "tasks", **query})
    assert response.status_code == 200
    assert response.streaming
    return response, b"".join(response.streaming_content).decode("utf-8")


def html(response):
    return BeautifulSoup(response.content, "html.parser")


def test_the_page_offers_the_task_results_by_level_with_their_row_counts(client, open_data, stored):
    page = html(client.get(open_data, {"year": "2024", "subject": "matematika"}))

    level = page.find("select", attrs={"name": "level"})
    assert page.find("label", attrs={"for": level["id"]}).get_text(strip=True)
    assert [option["value"] for option in level("option")] == ["", "municipality", "region"]
    files = page.find("section", class_="open-data__files")
    titles = [h3.get_text(strip=True) for h3 in files("h3")]
    assert titles == ["Результаты школ", "Результаты заданий ВПР (по школам)"]
    tasks = files("h3")[1].find_next("p")
    assert tasks.get_text(strip=True) == "Строк в выборке: 6."  # three schools, two tasks
    links = {a.get_text(strip=True): a for a in files("h3")[1].find_next("ul")("a")}
    csv_link = links["Скачать CSV (Excel)"]
    assert csv_link["href"] == "?year=2024&subject=matematika&dataset=tasks&format=csv"
    assert csv_link["download"] == "rezultaty-zadaniy-2024-matematika-po-shkolam.csv"

    by_municipality = html(client.get(open_data, {"year": "2024", "level": "municipality"}))
    files = by_municipality.find("section", class_="open-data__files")
    assert files("h3")[1].get_text(strip=True) == "Результаты заданий ВПР (по муниципалитетам)"
    # Mathematics in two districts and Russian in one, two tasks each.
    assert files("h3")[1].find_next("p").get_text(strip=True) == "Строк в выборке: 6."
    link = files("h3")[1].find_next("ul").a
    assert link["href"] == "?year=2024&level=municipality&dataset=tasks&format=csv"


def test_the_page_explains_every_column_of_the_task_results(client, open_data):
    page = html(client.get(open_data))

    table = page.find("caption", string="Столбцы файла результатов заданий").parent
    meanings = {
        row.th.get_text(strip=True): row.td.get_text(strip=True) for row in table.tbody("tr")
    }
    assert list(meanings) == TASK_EXPORT_COLUMNS
    assert all(meanings.values())
    assert "пусто, если участников меньше 10" in meanings["success_rate"]
    assert "--level school|municipality|region" in page.get_text()


@pytest.mark.parametrize("format", ["csv", "json"])
@pytest.mark.parametrize(
    ("query", "options"),
    [
        ({}, []),
        ({"year": "2024", "level": "municipality"}, ["--year=2024", "--level=municipality"]),
        (
            {"subject": "matematika", "grade": "4", "level": "region"},
            ["--subject=Математика"] + ["--grade=4", "--level=region"],
        ),
        ({"procedure": "VPR", "year": "2023"}, ["--procedure=VPR", "--year=2023"]),
    ],
)
def test_the_file_is_what_export_task_results_writes(
    client, open_data, stored, format, query, options
):
    response, text = download(client, open_data, format=format, **query)

    assert text == command_output(f"--format={format}", *options)
    assert response["Content-Type"].startswith(
        {"csv": "text/csv", "json": "application/json"}[format]
    )


def test_the_csv_follows_the_contract_with_means_to_four_places(client, open_data, stored):
    response, text = download(client, open_data, format="csv", year="2024", subject="matematika")

    assert response["Content-Disposition"] == (
        'attachment; filename="rezultaty-zadaniy-2024-matematika-po-shkolam.csv"'
    )
    assert text.startswith(BOM + ",".join(TASK_EXPORT_COLUMNS) + "\n")
    rows = list(csv.reader(io.StringIO(text.removeprefix(BOM))))
    assert rows[1:3] == [
        ["sch510003", "Лесной район", "2024", "VPR", "Математика", "4", "1", "1", "30"]
        + ["0.1667", "16.6667", "", "", "false"],
        ["sch510003", "Лесной район", "2024", "VPR", "Математика", "4", "2", "2", "30"]
        + ["1.0", "50.0", "", "", "false"],
    ]
    assert [row[0] for row in rows[3:]] == ["sch510001"] * 2 + ["sch510002"] * 2
    assert rows[3][6:11] == ["1", "1", "12", "0.75", "75.0"]
    assert rows[4][6:11] == ["2", "2", "12", "0.5833", "29.1667"]


def test_municipalities_and_the_region_sum_their_schools(client, open_data, stored):
    _, municipalities = download(
        client, open_data, format="json", year="2024", subject="matematika", level="municipality"
    )
    _, region = download(
        client, open_data, format="json", year="2024", subject="matematika", level="region"
    )

    lakes = [row for row in json.loads(municipalities) if row["municipality"] == "Озёрный район"]
    # Task 2: (7 + 40) points of 32 pupils; the rate weighs 29.1667 % and 100 % by 12 and 20.
    assert [(row["task"], row["participants"], row["mean_points"]) for row in lakes] == [
        ("1", 32, round(29 / 32, 4)),
        ("2", 32, round(47 / 32, 4)),
    ]
    assert lakes[1]["success_rate"] == round((7 / 12 / 2 * 100 * 12 + 100 * 20) / 32, 4)
    assert {row["school_code"] for row in lakes} == {None}
    region = json.loads(region)
    assert [(row["municipality"], row["task"], row["participants"]) for row in region] == [
        (None, "1", 62),
        (None, "2", 62),
    ]
    assert region[0]["mean_points"] == round(34 / 62, 4)
    assert region[1]["mean_points"] == round(77 / 62, 4)


def test_a_described_work_gets_its_skills_and_levels(client, open_data, stored):
    description = TaskDescriptionFactory(grade=4, first_year=2024, last_year=2024)
    DescribedTaskFactory(description=description, number=1, skill=ADDING, level="Б")
    DescribedTaskFactory(description=description, number=2, skill="Умение решать задачи", level="П")

    _, text = download(client, open_data, format="json", level="region")

    rows = [
        (row["year"], row["subject"], row["task"], row["skill"], row["level"])
        for row in json.loads(text)
    ]
    assert rows == [
        (2023, "Математика", "1", None, None),  # the description is of 2024 only
        (2023, "Математика", "2", None, None),
        # Subjects in their order on the site: Russian first.
        (2024, "Русский язык", "1", None, None),
        (2024, "Русский язык", "2К1", None, None),
        (2024, "Математика", "1", ADDING, "Б"),
        (2024, "Математика", "2", "Умение решать задачи", "П"),
    ]


def test_texts_are_never_formulas_in_the_csv_and_untouched_in_json(client, open_data):
    district = MunicipalityFactory(name='=HYPERLINK("https://evil.example/")')
    store(SchoolFactory(municipality=district, code__code="sch530001"), [("1", 1, 10)])
    description = TaskDescriptionFactory(grade=4, first_year=2024, last_year=2024)
    DescribedTaskFactory(description=description, number=1, skill="@SUM(1+1)*cmd|' /C calc'!A0")

    _, text = download(client, open_data, format="csv")
    _, data = download(client, open_data, format="json")

    (row,) = csv.DictReader(io.StringIO(text.removeprefix(BOM)))
    assert row["municipality"] == '\'=HYPERLINK("https://evil.example/")'
    assert row["skill"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    (item,) = json.loads(data)
    assert (item["municipality"], item["skill"]) == (district.name, "@SUM(1+1)*cmd|' /C calc'!A0")


@pytest.mark.parametrize(
    ("query", "message"),
    [
        (
            {"level": "district"},
            "Уровня «district» нет: результаты заданий бывают по школам, "
            "по муниципалитетам и по региону.",
        ),
        ({"dataset": "pupils"}, "Файла «pupils» нет: есть результаты школ и результаты заданий."),
        ({"subject": "astronomiya"}, "Предмета «astronomiya» нет среди результатов."),
        ({"year": "99999999999999999999"}, "Результатов за год «99999999999999999999» нет"),
        ({"format": "xlsx"}, "Формата «xlsx» нет: файлы бывают в CSV и JSON."),
    ],
)
def test_bad_parameters_are_refused_in_russian(client, open_data, stored, query, message):
    page = client.get(open_data, {"dataset": "tasks", **query})
    file = client.get(open_data, {"dataset": "tasks", "format": "csv", **query})

    assert page.status_code == (400 if "format" in query else 200)
    assert file.status_code == 400
    for response in (page, file):
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


@pytest.mark.parametrize(
    ("query", "bound"),
    [
        ({"dataset": "tasks", "format": "csv"}, 16),
        # Above the school level a work's schools are read too: one query more per work.
        ({"dataset": "tasks", "format": "json", "level": "municipality"}, 19),
        ({"dataset": "tasks", "format": "json", "level": "region"}, 19),
        ({"level": "municipality"}, 15),
    ],
)
def test_queries_do_not_grow_with_the_schools(client, open_data, stored, query, bound):
    few = queries_of(client, open_data, **query)
    add_schools(40, start=100)

    many = queries_of(client, open_data, **query)

    # The site and the page (six), the filters' choices (four), the works and their tasks, the
    # descriptions (up to two) and one query per work (three): the same for three schools and
    # for forty-three.
    assert many == few
    assert few <= bound
