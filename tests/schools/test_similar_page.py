"""The school page's «Сравнение с похожими школами» through HTTP: the group, a sentence, chart
and table per subject, «Школы, похожие на эту», the reasons for no comparison, the public
minimum, the cache, and a bounded number of queries."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from curriculum.models import Subject
from indicators.models import ResultAggregate
from indicators.results.similar_page import school_similar, similar_html
from schools.models import SimilarSchoolsSettings
from tests.factories import (
    MunicipalityFactory,
    SchoolContextFactory,
    SchoolFactory,
    SchoolIndexPageFactory,
    SchoolPageFactory,
)

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"
GROUP_LABEL = "малое село, до 1 тыс. жителей; менее 100 учеников; доля учеников с ОВЗ менее 5 %"
# Mathematics, 4th grade, 2024: (name, pupils in the school, participants, «2», mean).
# The first is the school looked at; «Ельцовская» has no page; «Школа № 2 города» is a town school.
SCHOOLS = [
    ("Берёзовская ООШ", 80, 25, 8, 9.5),  # 32 %
    ("Кедровая ООШ", 75, 20, 2, 12.0),  # 10 %
    ("Сосновская ООШ", 90, 20, 4, 10.0),  # 20 %
    ("Ельцовская ООШ", 82, 20, 1, 14.0),  # 5 %
    ("Дубовская ООШ", 60, 20, 6, 8.0),  # 30 %
    ("Липовая ООШ", 99, 20, 3, 11.0),  # 15 %
]


def result(school, participants, mark2, mean, subject="Математика", grade=4, year=2024):
    return ResultAggregate.objects.create(
        school=school,
        year=year,
        procedure="VPR",
        subject=Subject.objects.get(name=subject),
        grade=grade,
        participants=participants,
        mark2=mark2,
        mean_score=mean,
    )


@pytest.fixture
def no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def index(home):
    return SchoolIndexPageFactory(parent=home)


def add_school(index, name, pupils, participants, mark2, mean, *, page=True, **context):
    school = SchoolFactory(short_name=name, municipality=MunicipalityFactory(name=f"{name} район"))
    SchoolContextFactory(school=school, pupils=pupils, **context)
    result(school, participants, mark2, mean)
    result(school, participants, 0, mean + 2, subject="Русский язык")
    return SchoolPageFactory(parent=index, school=school) if page else school


@pytest.fixture
def region(index):
    """The six village schools of one group, a town school, and a page for all but one."""
    pages = {
        name: add_school(index, *row, page=name != "Ельцовская ООШ")
        for name, *row in [(row[0], *row) for row in SCHOOLS]
    }
    pages["town"] = add_school(
        index, "Школа № 2 города", 900, 60, 3, 13.0, settlement_kind="city", population_from=10
    )
    # An older year is not compared.
    result(pages["Берёзовская ООШ"].school, 25, 20, 5.0, year=2023)
    return pages


def section(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    heading = html.find(id="similar-schools-title")
    return heading.parent if heading else None


def text(element):
    return " ".join(element.get_text(" ").replace(NBSP, " ").split())


@pytest.mark.usefixtures("no_page_cache")
def test_a_school_against_its_similar_schools(client, region):
    found = section(client, region["Берёзовская ООШ"])

    intro = text(found.p)
    assert f"Похожие школы — те, что работают в похожих условиях: {GROUP_LABEL}" in intro
    assert "(по контекстным данным ФИС ОКО 2024/2025 учебного года)" in intro
    assert "Таких школ в регионе 6" in intro and "результаты ВПР 2024 года" in intro
    mathematics = found.find(id="similar-математика").parent
    assert text(mathematics.figcaption) == (
        "Математика: доля отметок «2» в 4 классе — 32 %, больше, чем у трёх четвертей похожих школ."
    )
    svg = mathematics.find("svg")
    assert svg["role"] == "img"
    # 32 % on a scale to 40 %, drawn from x = 90 to 616; coordinates never take a decimal comma.
    assert float(svg.find("circle")["cx"]) == pytest.approx(90 + 0.32 / 0.4 * 526, abs=0.1)
    assert float(svg.find("rect")["x"]) == pytest.approx(90 + 0.1 / 0.4 * 526, abs=0.1)
    assert "4 класс: школа — 32 %, медиана похожих школ — 15 %" in text(svg.find("desc"))
    row = [text(cell) for cell in mathematics.select("tbody tr")[0].find_all(["th", "td"])]
    # The region, the town school too: 27 «2» of 185 participants; the mean weighted by them,
    # (25 × 9,5 + 20 × (12 + 10 + 14 + 8 + 11) + 60 × 13) / 185.
    assert row == [
        "4 класс, 25 участников",
        "32 %",
        "15 %",
        "10 % – 20 %",
        "14,6 %",
        "9,5",
        "11",
        "10 – 12",
        "11,4",
    ]
    russian = found.find(id="similar-русский-язык").parent
    assert "в 4 классе — 0 %, в обычных для похожих школ пределах" in text(russian.figcaption)


@pytest.mark.usefixtures("no_page_cache")
def test_the_similar_schools_nearest_by_pupils_with_their_pages(client, region):
    found = section(client, region["Берёзовская ООШ"])

    peers = found.select(".similar-schools__peers li")
    # 80 pupils: 75 (5 away), 90 (10), 60 (20), 99 (19 → before 60); «Ельцовская» (82) has no
    # page, the town school is of another group.
    assert [text(peer) for peer in peers] == [
        "Кедровая ООШ — Кедровая ООШ район, 75 учеников",
        "Сосновская ООШ — Сосновская ООШ район, 90 учеников",
        "Липовая ООШ — Липовая ООШ район, 99 учеников",
        "Дубовская ООШ — Дубовская ООШ район, 60 учеников",
    ]
    assert peers[0].a["href"] == region["Кедровая ООШ"].url


@pytest.mark.usefixtures("no_page_cache")
def test_a_school_without_context_is_told_why(client, region, index):
    school = SchoolFactory(short_name="Школа без анкеты")
    result(school, 20, 2, 12.0)
    page = SchoolPageFactory(parent=index, school=school)

    found = section(client, page)

    assert text(found.p) == (
        "Сравнить результаты школы с похожими школами нельзя: о школе нет контекстных данных "
        "ФИС ОКО."
    )
    # No results: nothing to compare, and nothing said.
    quiet = SchoolPageFactory(parent=index, school=SchoolFactory())
    assert section(client, quiet) is None


@pytest.mark.usefixtures("no_page_cache")
def test_a_small_class_shows_no_shares_and_a_small_group_no_medians(client, region, index):
    small = add_school(index, "Малая ООШ", 85, 8, 3, 7.0)
    town = region["town"]

    found = section(client, small)

    mathematics = found.find(id="similar-математика").parent
    caption = text(mathematics.figcaption)
    assert "в 4 классе работу писали 8 учеников: слишком мало участников" in caption
    assert mathematics.find("circle") is None
    cells = [text(cell) for cell in mathematics.select("tbody td")]
    assert cells[0] == "слишком мало участников, чтобы показывать доли" and "37,5 %" not in cells
    # The town school is alone in its group.
    found = section(client, town)
    assert "похожих школ с этой работой слишком мало для сравнения" in text(found)
    assert "В группе меньше 5 школ" in text(found)


def queries_of(client, url):
    client.get(url)  # the first request fills what is kept across requests (sites, menus)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


@pytest.mark.usefixtures("no_page_cache")
def test_the_queries_do_not_grow_with_the_group(
    client, region, index, django_assert_max_num_queries
):
    page = region["Берёзовская ООШ"]
    before = queries_of(client, page.url)
    for number in range(6):
        add_school(index, f"Новая ООШ № {number}", 70 + number, 20, number, 11.0)

    assert queries_of(client, page.url) == before
    request = RequestFactory().get(page.url)
    # The year, the bands, the contexts, the year's results, the subjects, the pages' view
    # restrictions and the pages, and the sites (kept on a request the site has served).
    with django_assert_max_num_queries(8):
        similar_html(request, page.school)


def test_the_comparison_is_kept_until_something_published_changes(settings, region):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    setting = SimilarSchoolsSettings.load()
    school = region["Берёзовская ООШ"].school
    request = RequestFactory().get("/")
    first = school_similar(request, school)

    with CaptureQueriesContext(connection) as kept:
        assert school_similar(request, school) == first
    assert len(kept) <= 1  # the cache's generation

    # Editors save the bands: the groups change at once.
    setting.pupil_bounds = "50"
    setting.save()
    assert "50 и больше учеников" in school_similar(request, school)


@pytest.mark.usefixtures("no_page_cache")
def test_drawing_the_page_with_the_default_bands_saves_nothing(client, region):
    """Reading bands that editors never saved uses their defaults and creates no row, which
    would make every cached page stale."""
    found = section(client, region["Берёзовская ООШ"])

    assert GROUP_LABEL in text(found.p).replace(NBSP, " ")
    assert not SimilarSchoolsSettings.objects.exists()
