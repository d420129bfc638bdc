"""The coordinators' «Сигналы объективности» over HTTP: the schools' works with a signal, the
region's shares, the filters, bad values, who may see it, the XLSX and a bounded number of
queries."""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from curriculum.models import Subject
from indicators.models import ResultAggregate
from tests.factories import MunicipalityFactory, SchoolFactory, SchoolStatusFactory

pytestmark = pytest.mark.django_db

URL = reverse("indicators_objectivity")
NBSP = "\u00a0"
EVIL = '=HYPERLINK("http://evil")'


def store(school, counts, *, year=2024, subject="Математика", grade=4):
    lowered, confirmed, raised = counts
    ResultAggregate.objects.create(
        school=school,
        year=year,
        procedure="VPR",
        subject=Subject.objects.get(name=subject),
        grade=grade,
        participants=sum(counts),
        lowered=lowered,
        confirmed=confirmed,
        raised=raised,
    )


@pytest.fixture
def schools(db):
    """Lowered, confirmed and raised pupils, 4th grade, 2024. Mathematics: А 2 + 12 + 6 (raised
    30 %: a signal), В 1 + 3 + 2 (raised 33,3 % of 6: a signal, however small), Г 4 + 14 + 2
    (no signal), Д 0 + 1 + 3 (4 compared: too few for a signal); the region 7 + 30 + 13 = 50 →
    14 %, 60 %, 26 %. Russian: EVIL 11 + 9 + 0 (lowered 55 %: a signal), the region alone."""
    north = MunicipalityFactory(name="Северный район")
    south = MunicipalityFactory(name="Южный район")
    found = {
        "А": SchoolFactory(short_name="Школа А", municipality=north),
        "Б": SchoolFactory(short_name=EVIL, municipality=north),
        "В": SchoolFactory(short_name="Школа В", municipality=south),
        "Г": SchoolFactory(short_name="Школа Г", municipality=south),
        "Д": SchoolFactory(short_name="Школа Д", municipality=south),
    }
    store(found["А"], (2, 12, 6))
    store(found["В"], (1, 3, 2))
    store(found["Г"], (4, 14, 2))
    store(found["Д"], (0, 1, 3))
    store(found["Б"], (11, 9, 0), subject="Русский язык")
    # An older year: В's mathematics then, with a lowered signal of its own.
    store(found["В"], (15, 5, 0), year=2023)
    # В is a ШНОР in 2023/2024, the school year its pupils wrote the 2024 work in.
    SchoolStatusFactory(school=found["В"], school_year=2023, status="shnor")
    SchoolStatusFactory(school=found["А"], school_year=2024, status="shnor")
    return found


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
    rows = [
        [text(row.th), *(text(cell) for cell in row.find_all("td"))]
        for row in soup.select("table.objectivity-report tbody tr")
    ]
    return soup, rows


def works(soup):
    return [
        [text(cell) for cell in row.select("th, td")]
        for row in soup.select("table.objectivity-works tbody tr")
    ]


def test_the_latest_year_lists_the_works_with_a_signal_by_municipality(coordinator, schools):
    soup, rows = report(coordinator)

    assert "ВПР 2024" in text(soup.find(id="objectivity-year"))
    assert rows == [
        [
            EVIL,
            "Северный район",
            "нет",
            "Русский язык, 4 класс",
            "20 из 20",
            "55 % по региону 55 %",
            "45 % по региону 45 %",
            "0 % по региону 0 %",
            "понизили 55 % (порог 50 %)",
        ],
        [
            "Школа А",
            "Северный район",
            "нет",  # its status is for 2024/2025, after the work
            "Математика, 4 класс",
            "20 из 20",
            "10 % по региону 14 %",
            "60 % по региону 60 %",
            "30 % по региону 26 %",
            "повысили 30 % (порог 15 %)",
        ],
        [
            "Школа В",
            "Южный район",
            "да",
            "Математика, 4 класс",
            "6 из 6",
            "16,7 % по региону 14 %",
            "50 % по региону 60 %",
            "33,3 % по региону 26 %",
            "повысили 33,3 % (порог 15 %)",
        ],
    ]
    assert "3 школы с сигналами, 3 работы" in text(soup)
    assert "не оценка работы учителей" in text(soup)
    # Russian comes first, as the subjects are ordered; А, В and Д compared mathematics marks.
    assert works(soup) == [
        ["Русский язык, 4 класс", "20", "55 %", "45 %", "0 %", "1 из 1"],
        ["Математика, 4 класс", "50", "14 %", "60 %", "26 %", "2 из 4"],
    ]


def test_a_municipality_and_a_year(coordinator, schools):
    south = schools["В"].municipality

    soup, rows = report(coordinator, municipality=south.pk)
    assert [row[0] for row in rows] == ["Школа В"]
    # The region's shares stay the region's; the count is the municipality's schools.
    assert works(soup) == [["Математика, 4 класс", "50", "14 %", "60 %", "26 %", "1 из 3"]]

    _soup, rows = report(coordinator, year=2023)
    assert [(row[0], row[-1]) for row in rows] == [("Школа В", "понизили 75 % (порог 50 %)")]


def test_the_thresholds_come_from_the_settings(coordinator, schools, settings):
    settings.OBJECTIVITY_RAISED_SHARE = 0.3
    settings.RESULTS_MIN_PARTICIPANTS = 4

    _soup, rows = report(coordinator)

    # А's 30 % and В's 33,3 % still count; Д's 75 % of 4 compared now does.
    assert [row[0] for row in rows if row[-1].startswith("повысили")] == [
        "Школа А",
        "Школа В",
        "Школа Д",
    ]


def test_bad_filters_fall_back_to_the_defaults_and_say_so(coordinator, schools):
    soup, rows = report(coordinator, year="1999", municipality="юг")

    assert "ВПР 2024" in text(soup.find(id="objectivity-year"))
    assert len(rows) == 3
    assert "не подошли" in text(soup.select_one(".help-warning"))


def test_without_marks_compared_the_page_says_so(coordinator):
    soup, rows = report(coordinator)
    assert rows == [] and "отметками из журнала ещё нет" in text(soup)


def test_a_school_editor_gets_403_and_no_menu_item(teacher, schools):
    assert teacher.get(URL).status_code == 403
    assert teacher.get(URL, {"format": "xlsx"}).status_code == 403
    assert URL not in teacher.get(reverse("wagtailadmin_home")).content.decode()


def test_anonymous_visitors_are_sent_to_the_login(client, schools):
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]


def test_a_coordinator_finds_it_in_the_menu(coordinator, schools):
    assert URL in coordinator.get(reverse("wagtailadmin_home")).content.decode()


def test_the_xlsx_has_the_rows_of_the_page_and_escapes_formulas(coordinator, schools):
    soup, _rows = report(coordinator, municipality=schools["А"].municipality.pk)
    link = soup.find("a", string="Скачать XLSX")["href"]
    assert f"municipality={schools['А'].municipality.pk}" in link and "year=2024" in link

    response = coordinator.get(link)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert "signaly-obektivnosti-2024.xlsx" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0] == (
        "Школа",
        "Муниципалитет",
        "ШНОР",
        "Предмет",
        "Класс",
        "Участников",
        "Сравнено отметок",
        "Ниже журнальной, %",
        "Совпала с журнальной, %",
        "Выше журнальной, %",
        "Ниже журнальной по региону, %",
        "Совпала с журнальной по региону, %",
        "Выше журнальной по региону, %",
        "Сигнал",
    )
    assert rows[1:] == [
        (
            "'" + EVIL,
            "Северный район",
            "нет",
            "Русский язык",
            4,
            20,
            20,
            55,
            45,
            0,
            55,
            45,
            0,
            f"понизили 55{NBSP}% (порог 50{NBSP}%)",
        ),
        (
            "Школа А",
            "Северный район",
            "нет",
            "Математика",
            4,
            20,
            20,
            10,
            60,
            30,
            14,
            60,
            26,
            f"повысили 30{NBSP}% (порог 15{NBSP}%)",
        ),
    ]


def test_the_queries_do_not_grow_with_the_schools(
    coordinator, schools, django_assert_max_num_queries
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert coordinator.get(URL).status_code == 200
        return len(queries)

    before = count()
    for number in range(10):
        school = SchoolFactory(municipality=MunicipalityFactory(name=f"Район {number}"))
        store(school, (1, 10, 9))  # raised 45 %: a signal each
        store(school, (9, 10, 1), subject="Русский язык")  # lowered 45 %: none
    assert count() == before
    # Eleven of the admin's own (session, user, permissions, the menu, which asks whether the
    # user edits a school for «Собеседования») and five of the report's.
    with django_assert_max_num_queries(16):
        assert coordinator.get(URL).status_code == 200
    with django_assert_max_num_queries(16):
        assert coordinator.get(URL, {"format": "xlsx"}).status_code == 200
