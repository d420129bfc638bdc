"""The coordinators' report «ШНОР и похожие школы» over HTTP: the ШНОР furthest below their
similar schools first, the filters, who may see it, the XLSX and a bounded number of queries."""

import io

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import SchoolContextFactory, SchoolFactory, SchoolStatusFactory
from tests.schools.test_similar_page import result

pytestmark = pytest.mark.django_db

URL = reverse("indicators_similar_schools")
NBSP = "\u00a0"
VILLAGES = "малое село, до 1 тыс. жителей; менее 100 учеников; доля учеников с ОВЗ менее 5 %"
# Six village schools of one group: (name, ШНОР, mathematics «2» of 20, Russian «2» of 20).
# For the first, the others' mathematics: 5, 10, 15, 20, 30 %; Russian: 0, 5, 5, 10, 10 %.
SCHOOLS = [
    ("=Рябиновая ООШ", True, 8, 6),  # 40 % (median of the others 15 %), 30 % (median 5 %)
    ("Кедровая ООШ", True, 4, 1),  # 20 %, 5 %
    ("Ельцовская ООШ", False, 1, 0),
    ("Сосновская ООШ", False, 2, 1),
    ("Дубовская ООШ", False, 3, 2),
    ("Липовая ООШ", False, 6, 2),
]


def add(name, shnor, mathematics, russian, *, context=True, school_year=2024):
    school = SchoolFactory(short_name=name)
    if context:
        SchoolContextFactory(school=school, pupils=80)
    result(school, 20, mathematics, 12.0)
    result(school, 20, russian, 20.0, subject="Русский язык")
    if shnor:
        SchoolStatusFactory(school=school, school_year=school_year)
    return school


@pytest.fixture
def region(db):
    schools = {row[0]: add(*row) for row in SCHOOLS}
    # A ШНОР without context data, and last year's list of one school.
    schools["alone"] = add("Школа без анкеты", True, 10, 10, context=False)
    SchoolStatusFactory(school=schools["Кедровая ООШ"], school_year=2023)
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
    rows = soup.select("table.similar-report tbody tr")
    return soup, [[text(row.th), *(text(cell) for cell in row.find_all("td"))] for row in rows]


def test_the_shnor_furthest_below_their_similar_schools_first(coordinator, region):
    soup, rows = report(coordinator)

    assert "ВПР 2024, ШНОР 2024/2025 учебного года" in text(soup)
    first, second, last = rows
    # Mathematics +25 p. p., Russian +25: a mean of 25; over the third quartile in both.
    assert first[:2] == [f"=Рябиновая ООШ {region['=Рябиновая ООШ'].municipality}", VILLAGES]
    assert first[2:4] == ["+25 п. п.", "2 из 2"]
    # Subjects in the curriculum's order.
    assert first[4] == (
        "Русский язык, 4 класс: 30 % при медиане похожих школ 5 % (половина — 5 % – 10 %), "
        "регион 15,7 % "
        "Математика, 4 класс: 40 % при медиане похожих школ 15 % (половина — 10 % – 20 %), "
        "регион 24,3 %"
    )
    # Mathematics 20 % against 15 %, Russian 5 % against 10 % (the others: 0, 5, 10, 10, 30 %).
    assert second[0].startswith("Кедровая ООШ") and second[2:4] == ["0 п. п.", "0 из 2"]
    assert last[0].startswith("Школа без анкеты")
    assert last[1:3] == ["Без группы: о школе нет контекстных данных ФИС ОКО", "—"]


def test_one_subject_and_last_years_list(coordinator, region):
    _soup, rows = report(coordinator, subject="Русский язык")
    assert [row[2] for row in rows] == ["+25 п. п.", "−5 п. п.", "—"]
    assert "Математика" not in rows[0][4]

    _soup, rows = report(coordinator, school_year=2023)
    assert [row[0].split(" ")[0] for row in rows] == ["Кедровая"]


def test_wrong_filters_fall_back_to_the_defaults(coordinator, region):
    soup, rows = report(coordinator, year=1999, subject="Астрономия")

    assert "Некоторые значения фильтров не подошли" in text(soup)
    assert "ВПР 2024" in text(soup) and len(rows) == 3


def test_the_xlsx_has_the_rows_of_the_page_and_escapes_formulas(coordinator, region):
    soup, _rows = report(coordinator, subject="Математика")
    link = soup.find("a", string="Скачать XLSX")["href"]
    assert "subject=" in link and "year=2024" in link

    response = coordinator.get(link)
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:6] == (
        "Школа",
        "Муниципалитет",
        "Группа похожих школ",
        "Работ сравнено",
        "Средний отрыв доли «2» от медианы похожих школ, п. п.",
        "Работ хуже трёх четвертей похожих школ",
    )
    assert [(row[0], row[3], row[4], row[5]) for row in rows[1:]] == [
        ("'=Рябиновая ООШ", 1, 25, 1),
        ("Кедровая ООШ", 1, 5, 0),
        ("Школа без анкеты", 0, None, 0),
    ]


def test_those_who_set_the_bands_find_them_from_the_report(admin_client, region):
    settings_url = reverse("wagtailsettings:edit", args=["schools", "similarschoolssettings"])
    soup, _rows = report(admin_client)
    assert soup.find("a", string="группы и их границы")["href"] == settings_url


def test_coordinators_get_no_link_to_bands_they_may_not_change(coordinator, region):
    soup, _rows = report(coordinator)
    assert soup.find("a", string="группы и их границы") is None


def test_a_school_editor_gets_403_and_no_menu_item(teacher, region):
    assert teacher.get(URL).status_code == 403
    assert teacher.get(URL, {"format": "xlsx"}).status_code == 403
    assert URL not in teacher.get(reverse("wagtailadmin_home")).content.decode()


def test_a_coordinator_finds_it_in_the_menu(coordinator, region):
    assert URL in coordinator.get(reverse("wagtailadmin_home")).content.decode()


def test_without_results_the_page_says_so(coordinator):
    soup, rows = report(coordinator)
    assert rows == [] and "Результатов ВПР ещё нет" in text(soup)


def test_the_queries_do_not_grow_with_the_schools(
    coordinator, region, django_assert_max_num_queries
):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert coordinator.get(URL).status_code == 200
        return len(queries)

    count()  # the first request makes the bands' row and fills what is kept across requests
    before = count()
    for number in range(8):
        add(f"Новая ООШ № {number}", number % 2 == 0, number, number)
    assert count() == before
    with django_assert_max_num_queries(20):
        assert coordinator.get(URL).status_code == 200
