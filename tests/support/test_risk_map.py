"""The coordinators' «Карта рисков»: the pure table against a hand-made one, then the admin
screen: filters, totals, the XLSX (formula-safe), who may open it and its query count."""

import io
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from schools.models import SchoolStatus
from support.risk_map import MapProfile, build_map
from tests.factories import MunicipalityFactory, SchoolFactory
from tests.support.factories import FactorAssessmentFactory, RiskProfileFactory

URL = "/admin/risk-map/"


def test_the_map_of_a_hand_made_table():
    a, b, c = (SimpleNamespace(pk=pk, name=name) for pk, name in ((1, "А"), (2, "Б"), (3, "В")))
    profiles = [
        MapProfile(10, "Школа 1", "Район", "подтверждён", frozenset({"staffing"})),
        MapProfile(11, "Школа 2", "Район", "черновик", frozenset({"staffing", "methodical"})),
        MapProfile(12, "Школа 3", "Город", "на проверке", frozenset()),
    ]
    assessments = [
        (10, 1, "high"),
        (10, 2, "none"),
        (11, 1, "high"),
        (11, 3, "medium"),
        (12, 1, "low"),
        (99, 1, "high"),  # another profile's row is not counted
    ]

    risk_map = build_map(profiles, [a, b, c], assessments)

    assert [[cell.label for cell in row.cells] for row in risk_map.rows] == [
        ["высокий", "не выявлен", "не оценён"],
        ["высокий", "не оценён", "средний"],
        ["низкий", "не оценён", "не оценён"],
    ]
    assert [(t.label, t.counts) for t in risk_map.totals] == [
        ("высокий", (2, 0, 0)),
        ("средний", (0, 0, 1)),
        ("низкий", (1, 0, 0)),
        ("не выявлен", (0, 1, 0)),
    ]
    assert [row.deficits for row in risk_map.rows] == [
        (True, False, False, False),
        (True, False, False, True),
        (False, False, False, False),
    ]
    assert risk_map.deficit_totals == (2, 0, 0, 1)


# --- The admin screen -------------------------------------------------------------------------


@pytest.fixture
def region(db, factors):
    north, south = (
        MunicipalityFactory(name="Северный район"),
        MunicipalityFactory(name="Южный район"),
    )
    profiles = {}
    for name, municipality, state, levels in (
        ('=HYPERLINK("x")', north, "confirmed", {"defitsit-kadrov": "high"}),
        ("МОУ «Лесная СОШ»", north, "review", {"defitsit-kadrov": "medium", "dolya-ovz": "none"}),
        ("МОУ «Южная СОШ»", south, "confirmed", {"defitsit-kadrov": "high"}),
    ):
        school = SchoolFactory(short_name=name, municipality=municipality)
        profile = RiskProfileFactory(
            school=school, state=state, school_year=2025, methodical_deficit="Нет методиста"
        )
        for slug, level in levels.items():
            FactorAssessmentFactory(profile=profile, factor=factors[slug], level=level)
        profiles[name] = profile
    SchoolStatus.objects.create(
        school=profiles["МОУ «Южная СОШ»"].school, school_year=2025, status="shnor"
    )
    # Another year's profile is not on the 2025 map.
    RiskProfileFactory(school=profiles["МОУ «Южная СОШ»"].school, school_year=2024)
    return {"north": north, "south": south, "profiles": profiles}


def table(response):
    soup = BeautifulSoup(response.content, "html.parser").find("table", class_="risk-map")
    return {
        row.find("th").get_text(strip=True): [c.get_text(strip=True) for c in row.find_all("td")]
        for row in soup.find_all("tr")[1:]
    }


def column(response, name):
    soup = BeautifulSoup(response.content, "html.parser").find("table", class_="risk-map")
    headers = [th.get_text(strip=True) for th in soup.find("thead").find_all("th")]
    return headers.index(name) - 1  # the row's header cell is not a td


@pytest.mark.django_db
def test_a_coordinator_sees_the_years_map_with_totals(client, coordinator, region):
    client.force_login(coordinator)

    response = client.get(URL)

    rows = table(response)
    staffing = column(response, "Дефицит педагогических кадров")
    assert {
        name: cells[staffing] for name, cells in rows.items() if not name.startswith("Итого")
    } == {
        '=HYPERLINK("x")': "высокий",
        "МОУ «Лесная СОШ»": "средний",
        "МОУ «Южная СОШ»": "высокий",
    }
    assert rows["Итого: высокий"][staffing - 2] == "2"
    assert rows["Итого: средний"][staffing - 2] == "1"
    assert rows["Итого: есть дефицит"][-1] == "3"
    assert "Профилей: 3." in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("query", "schools"),
    [
        ("state=confirmed", {'=HYPERLINK("x")', "МОУ «Южная СОШ»"}),
        ("status=shnor", {"МОУ «Южная СОШ»"}),
        ("year=2024", {"МОУ «Южная СОШ»"}),
    ],
)
def test_the_filters(client, coordinator, region, query, schools):
    client.force_login(coordinator)

    rows = table(client.get(f"{URL}?{query}"))

    assert {name for name in rows if not name.startswith("Итого")} == schools


@pytest.mark.django_db
def test_the_municipality_filter(client, coordinator, region):
    client.force_login(coordinator)

    rows = table(client.get(f"{URL}?municipality={region['south'].pk}"))

    assert {name for name in rows if not name.startswith("Итого")} == {"МОУ «Южная СОШ»"}


@pytest.mark.django_db
def test_the_xlsx_is_the_same_table_and_formula_safe(client, coordinator, region):
    client.force_login(coordinator)

    response = client.get(f"{URL}?state=confirmed&format=xlsx")

    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:4] == [
        "Школа",
        "Муниципалитет",
        "Состояние профиля",
        "Низкая оснащённость школы",
    ]
    assert [row[0] for row in rows[1:3]] == ['\'=HYPERLINK("x")', "МОУ «Южная СОШ»"]
    assert rows[3][0] == "Итого: высокий"
    assert "karta-riskov-2025.xlsx" in response["Content-Disposition"]


@pytest.mark.django_db
def test_a_school_editor_cannot_open_the_map(client, editor, region):
    client.force_login(editor)

    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}?format=xlsx").status_code == 403
    assert "Карта рисков" not in client.get("/admin/").content.decode()


@pytest.mark.django_db
def test_the_map_query_count_does_not_grow_with_schools(
    client, coordinator, region, factors, django_assert_max_num_queries
):
    client.force_login(coordinator)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(10):
        profile = RiskProfileFactory(school_year=2025)
        FactorAssessmentFactory(profile=profile, factor=factors["shkolnyy-klimat"])

    with django_assert_max_num_queries(len(few)):
        response = client.get(URL)
    assert "Профилей: 13." in response.content.decode()
