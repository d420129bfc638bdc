"""The region's «доля ШНОР с положительной динамикой» on the «Показатели» page, through HTTP:
the share by the interval method, and the ШНОР it counts, each with its page and verdict."""

import pytest
from bs4 import BeautifulSoup

from curriculum.models import Subject
from indicators.models import IndicatorPage, ResultAggregate
from schools.models import SchoolStatus
from schools.provisioning import provision_school
from tests.factories import SchoolFactory, school_index_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

NBSP = "\u00a0"


@pytest.fixture
def no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


def mathematics():
    return Subject.objects.get(name="Математика")


def result(school, year, participants, failing):
    ResultAggregate.objects.create(
        school=school,
        year=year,
        procedure="VPR",
        subject=mathematics(),
        grade=4,
        participants=participants,
        mark2=failing,
        mark3=participants - failing,
    )


def text(element):
    return " ".join(element.get_text(" ").replace(NBSP, " ").split())


@pytest.fixture
def shnor(home):
    """ШНОР of 2024/2025 (their results of 2025 count):
    large: 200 pupils, 75 → 25 failing — better beyond chance (−32,9 … −16,7 points);
    small: 8 pupils, 3 → 1 — the same shares, within chance (−58,5 … +17 points);
    tiny: 4 pupils in 2024 — too few; new: results of 2025 only.
    Not a ШНОР: other, which improves too. The share: 1 of 2."""
    index = school_index_page(home)
    schools = {
        name: SchoolFactory(short_name=f"Школа «{name}»")
        for name in ("large", "small", "tiny", "new", "other")
    }
    for name in ("large", "small", "tiny", "new"):
        SchoolStatus.objects.create(
            school=schools[name], school_year=2024, status=SchoolStatus.Status.LOW_RESULTS
        )
    pages = {name: provision_school(schools[name], index) for name in ("large", "tiny")}
    for name, before, after in (
        ("large", (200, 75), (200, 25)),
        ("small", (8, 3), (8, 1)),
        ("tiny", (4, 2), (12, 1)),
        ("other", (200, 75), (200, 25)),
    ):
        result(schools[name], 2024, *before)
        result(schools[name], 2025, *after)
    result(schools["new"], 2025, 20, 2)
    return pages


def indicator_page(home):
    page = IndicatorPage(
        title="Показатели",
        slug="pokazateli",
        body=[
            {
                "type": "shnor_dynamics",
                "value": {
                    "heading": "Динамика ШНОР",
                    "procedure": "VPR",
                    "subjects": [mathematics().pk],
                },
            }
        ],
    )
    home.add_child(instance=page)
    page.save_revision().publish()
    return page


def test_the_region_figure_lists_its_schools_with_links_and_verdicts(
    client, home, shnor, django_assert_max_num_queries
):
    page = indicator_page(home)
    client.get(page.url)  # the first request fills the site's caches

    # The block's own, its drawing kept: the statuses, the results' state, the subjects, the
    # ШНОР's public pages — one each, however many schools.
    with django_assert_max_num_queries(13):
        response = client.get(page.url)
    html = BeautifulSoup(response.content, "html.parser")

    assert text(html.select_one("figure figcaption")) == (
        "Доля ШНОР с положительной динамикой по математике: 50 % (2025); "
        "данных для сравнения пока нет."
    )
    notes = [text(item) for item in html.select(".indicator-chart__notes li")]
    assert notes[0] == "Математика: 2025: 1 из 2, мало участников у 2."
    assert "доверительный интервал с вероятностью 95 %" in notes[1]

    years = html.select("details.shnor-schools__year")
    assert len(years) == 1 and years[0].has_attr("open")
    assert text(years[0].summary) == (
        "Математика, 2025: положительная динамика у 1 из 2 ШНОР — какие это школы"
    )
    rows = [[text(cell) for cell in row.find_all(["th", "td"])] for row in years[0].tbody("tr")]
    assert rows == [
        ["Школа «large»", "улучшение", "в числителе и знаменателе"],
        ["Школа «new»", "нет результатов прошлого года", "не учтена"],
        ["Школа «small»", "без заметных изменений", "в знаменателе"],
        ["Школа «tiny»", "мало участников", "не учтена"],
    ]
    links = {link.get_text(): link["href"] for link in years[0].select("a")}
    # Schools with a live page are linked to it; the others are named.
    assert links == {"Школа «large»": shnor["large"].url, "Школа «tiny»": shnor["tiny"].url}


def test_by_the_margin_both_schools_of_the_same_shares_count(client, home, shnor, settings):
    settings.DYNAMICS_METHOD = "margin"
    page = indicator_page(home)

    html = BeautifulSoup(client.get(page.url).content, "html.parser")

    year = html.select_one("details.shnor-schools__year")
    assert text(year.summary).startswith("Математика, 2025: положительная динамика у 2 из 2 ШНОР")
    verdicts = {text(row.th): text(row.td) for row in year.tbody("tr")}
    assert verdicts["Школа «small»"] == "улучшение"
    notes = [text(item) for item in html.select(".indicator-chart__notes li")]
    assert "больше чем на 5 п. п." in notes[1]
