"""The coordinators' report «Дефицитные умения» over HTTP: the tasks, the filters, bad values,
who may see it, the XLSX and a bounded number of queries."""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from curriculum.models import Subject
from indicators.models import ResultAggregate, TaskResult
from skills.tasks import match_skills
from tests.factories import (
    DescribedTaskFactory,
    MunicipalityFactory,
    PracticePageFactory,
    SchoolFactory,
    SchoolStatusFactory,
    TaskDescriptionFactory,
)

pytestmark = pytest.mark.django_db

URL = reverse("skills_report")
NBSP = "\u00a0"
MOTION = "Умение решать текстовые задачи на движение"
# Success rates of tasks 1–3 in schools A, B (north) and C (south, ШНОР), 20 pupils each:
# the region is their mean. Task 2 is the weakest, 30 %; task 1 the strongest.
RATES = {"1": (90, 70, 50), "2": (40, 30, 20), "3": (60, 20, 70)}


def store(school, rates, *, year=2024, subject="Математика", grade=5, participants=20):
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
            max_points=1,
            participants=participants,
            points=participants * rate / 100,
            success_rate=rate,
        )
        for position, (label, rate) in enumerate(rates.items(), start=1)
    )


@pytest.fixture
def schools(db):
    north = MunicipalityFactory(name="Северный район")
    south = MunicipalityFactory(name="Южный район")
    schools = [
        SchoolFactory(short_name="Школа А", municipality=north),
        SchoolFactory(short_name='=HYPERLINK("http://evil")', municipality=north),
        SchoolFactory(short_name="Школа В", municipality=south),
    ]
    for number, school in enumerate(schools):
        store(school, {task: rates[number] for task, rates in RATES.items()})
    # An older year and another subject, to be chosen by the filters.
    store(schools[0], {"1": 10, "2": 95}, year=2023)
    store(schools[0], {"1": 55}, subject="Окружающий мир", grade=4)
    SchoolStatusFactory(school=schools[2], school_year=2024, status="shnor")
    description = TaskDescriptionFactory(grade=5, first_year=2024, last_year=2024)
    DescribedTaskFactory(description=description, number=2, skill=MOTION, level="П")
    return schools


def member(django_user_model, username, group):
    user = django_user_model.objects.create_user(username, password="x")
    user.groups.add(group)
    return user


@pytest.fixture
def coordinator(client, django_user_model):
    client.force_login(
        member(django_user_model, "coordinator", Group.objects.get(name="Координаторы"))
    )
    return client


@pytest.fixture
def teacher(client, django_user_model):
    """A school's editor: in the admin, but not a coordinator."""
    school_editors = Group.objects.create(name="Редакторы школы")
    school_editors.permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(member(django_user_model, "teacher", school_editors))
    return client


def text(element):
    return " ".join(element.get_text(" ").replace(NBSP, " ").split())


def report(client, **params):
    response = client.get(URL, params)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    rows = soup.select("table.skill-report tbody tr")
    return soup, {
        row.th.get_text(strip=True): [text(cell) for cell in row.find_all("td")] for row in rows
    }


def test_the_latest_work_weakest_task_first_with_those_below_the_region(coordinator, schools):
    soup, rows = report(coordinator)

    assert "ВПР 2024: Математика, 5 класс" in text(soup)
    assert list(rows) == ["2", "3", "1"]
    skill, region, count, municipalities, below = rows["2"]
    assert skill.startswith(f"Дефицит. {MOTION}") and "Уровень: П" in skill
    assert (region, count) == ("30 %", "3")
    assert municipalities == "Южный район: 20 %, на 10 п. п. ниже региона"
    assert below == "Школа В: 20 %, на 10 п. п. ниже региона (Южный район)"
    # Task 3: 50 %, not a deficit; task 1 reads as the protocol names it.
    assert rows["3"][0].startswith("Задание 3") and "Дефицит" not in rows["3"][0]
    assert rows["3"][4].startswith("=HYPERLINK") and "на 30 п. п. ниже" in rows["3"][4]


def test_a_deficit_skill_links_to_the_calendar_and_the_bank_search(coordinator, schools):
    soup, _rows = report(coordinator)

    links = {link.get_text(strip=True): link["href"] for link in soup.select("table a")}
    calendar = links["Мероприятия в календаре"]
    bank = links["Практики в банке"]
    assert calendar.startswith(reverse("search") + "?") and "tab=event" in calendar
    assert "tab=practice" in bank and "subject=matematika" in bank and "level=ooo" in bank
    # The search finds by these words: the address opens a page of results.
    assert coordinator.get(calendar).status_code == 200
    assert "q=%D0%A3%D0%BC%D0%B5%D0%BD%D0%B8%D0%B5" in calendar  # «Умение…»


def test_the_practices_matching_a_deficit_skill(coordinator, schools, bank, terms):
    PracticePageFactory(
        parent=bank,
        title="Схемы к задачам на движение",
        annotation="Текстовые задачи на движение: решаем с помощью схем.",
        subjects=[terms["subjects"]["matematika"]],
        levels=[terms["levels"]["ooo"]],
    )
    match_skills.enqueue()  # as the worker does after the publication
    soup, rows = report(coordinator)

    assert "Схемы к задачам на движение" in rows["2"][0]
    assert "Схемы к задачам на движение" not in rows["3"][0]


def test_filters_by_municipality_and_by_shnor_status(coordinator, schools):
    north = schools[0].municipality
    soup, rows = report(coordinator, municipality=north.pk)
    # The north's rates (35, 40, 80 %) order the tasks; the region's stay beside them.
    assert list(rows) == ["2", "3", "1"]
    assert rows["2"][1:3] == ["30 %", "35 %"]
    assert "Школа В" not in text(soup.table)

    _soup, rows = report(coordinator, status="shnor")
    assert rows["3"][1:3] == ["50 %", "70 %"]
    assert list(rows) == ["2", "1", "3"]  # Школа В alone: 20, 50, 70 %

    soup, rows = report(coordinator, status="others")
    assert "Школа В" not in text(soup.table) and rows["2"][2] == "35 %"


def test_other_years_and_works_are_chosen(coordinator, schools):
    _soup, rows = report(coordinator, year=2023)
    assert list(rows) == ["1", "2"] and rows["1"][1] == "10 %"

    soup, rows = report(coordinator, subject=Subject.objects.get(name="Окружающий мир").pk)
    assert "Окружающий мир, 4 класс" in text(soup) and list(rows) == ["1"]

    # Grade 4 exists, but not in mathematics: said, not a 500.
    soup, rows = report(coordinator, grade=4)
    assert rows == {} and "нет результатов по заданиям этого предмета и класса" in text(soup)


@pytest.mark.parametrize(
    "params",
    [
        {"year": "абв", "grade": "99", "municipality": "zzz", "status": "x", "subject": "-1"},
        {"year": "1999", "procedure": "EGE"},
        {"year": "2024" * 20, "grade": ""},
    ],
)
def test_bad_values_show_the_defaults_and_say_so(coordinator, schools, params):
    soup, rows = report(coordinator, **params)

    assert list(rows) == ["2", "3", "1"]
    assert "ВПР 2024: Математика, 5 класс" in text(soup)
    assert "значения фильтров не подошли" in text(soup)


def test_without_task_results_the_page_says_so(coordinator):
    soup, rows = report(coordinator)
    assert rows == {} and "Результатов по заданиям ещё нет" in text(soup)


def test_a_school_editor_gets_403_and_no_menu_item(teacher, schools):
    assert teacher.get(URL).status_code == 403
    assert teacher.get(URL, {"format": "xlsx"}).status_code == 403
    assert URL not in teacher.get(reverse("wagtailadmin_home")).content.decode()


def test_a_coordinator_finds_it_in_the_menu(coordinator, schools):
    assert URL in coordinator.get(reverse("wagtailadmin_home")).content.decode()


def test_the_xlsx_has_the_rows_of_the_page_and_escapes_formulas(coordinator, schools):
    soup, _rows = report(coordinator, municipality=schools[0].municipality.pk)
    link = soup.find("a", string="Скачать XLSX")["href"]
    assert f"municipality={schools[0].municipality.pk}" in link

    response = coordinator.get(link)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:6] == (
        "Задание",
        "Умение",
        "Уровень",
        "Максимальный балл",
        "Процент выполнения по региону",
        "Процент выполнения по выбранным школам",
    )
    assert [(row[0], row[4], row[5], row[8]) for row in rows[1:]] == [
        ("2", 30, 35, "да"),
        ("3", 50, 40, "да"),
        ("1", 70, 80, "нет"),
    ]
    assert rows[1][1] == MOTION
    below = rows[2][10]
    assert below.startswith("'=HYPERLINK") and "на 30 п. п. ниже" in below.replace(NBSP, " ")


def test_the_queries_do_not_grow_with_the_schools(
    coordinator, schools, django_assert_max_num_queries
):
    def count():

        with CaptureQueriesContext(connection) as queries:
            assert coordinator.get(URL, {"status": "shnor"}).status_code == 200
        return len(queries)

    before = count()
    for number in range(10):
        school = SchoolFactory(municipality=MunicipalityFactory(name=f"Район {number}"))
        store(school, {"1": 10, "2": 10, "3": 10})
    assert count() == before
    with django_assert_max_num_queries(25):
        assert coordinator.get(URL, {"status": "shnor"}).status_code == 200
