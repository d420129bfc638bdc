"""The «Показатели» page through HTTP: its contents list and anchors, its sections by programme,
the progress badges beside the «Показатель и цель» charts and the table of a programme's
indicators, in a bounded number of queries and without JavaScript.

Expected sentences and categories are computed by hand (docs/progress-to-target.md):
3.2 went 46 → 68 → 81 % against 100 % by 2025: +17,5 p. p. a year since 2023 where
(100 − 46) / 2 = 27 were needed; 3.9 went 18 → 11 % against 0 % by 2025: −7 a year where
−9 are needed; the city's share went 33,3 → 50 % against 60 % by 2025: +16,7 a year where
13,35 are needed.
"""

import pytest
from bs4 import BeautifulSoup

from demo import timeline
from demo.indicators_programme import TARGET_YEAR
from indicators.models import IndicatorValue
from tests.factories import (
    IndicatorPageFactory,
    MunicipalityFactory,
    ProgrammeFactory,
    ProgrammeIndicatorFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("home", "no_page_cache")]

NBSP = "\u00a0"


@pytest.fixture
def no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


def text(element):
    return " ".join(element.get_text(" ").replace(NBSP, " ").split())


def values(indicator, *pairs, **scope):
    for year, value in pairs:
        IndicatorValue.objects.create(indicator=indicator, year=year, value=value, **scope)


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def target(indicator, municipality=None, heading=""):
    return {
        "type": "indicator_target",
        "value": {
            "heading": heading,
            "indicator": str(indicator.pk),
            "municipality": str(municipality.pk) if municipality else "",
        },
    }


@pytest.fixture
def town():
    return MunicipalityFactory(name="Город")


@pytest.fixture
def region_programme():
    programme = ProgrammeFactory(title="Программа поддержки ШНОР")
    prevention = ProgrammeIndicatorFactory(
        programme=programme,
        code="3.2",
        short_name="Доля школ с системой профилактики",
        target=100,
        target_year=2025,
        sort_order=1,
    )
    values(prevention, (2023, 46), (2024, 68), (2025, 81))
    without = ProgrammeIndicatorFactory(
        programme=programme,
        code="3.9",
        short_name="Доля школ без профилактики рисков",
        target=0,
        target_year=2025,
        higher_is_better=False,
        sort_order=2,
    )
    values(without, (2023, 18), (2024, 11))
    # No target, no chart on the page: still a row of the programme's table.
    risks = ProgrammeIndicatorFactory(
        programme=programme,
        code="3.8",
        short_name="Доля школ с рисками снижения результатов",
        higher_is_better=False,
        sort_order=3,
    )
    values(risks, (2024, 21), (2025, 17))
    # School indicators have a value per school: not a programme table's row.
    ProgrammeIndicatorFactory(programme=programme, code="3.20", level="school", sort_order=4)
    return programme


@pytest.fixture
def city_programme(town):
    programme = ProgrammeFactory(title="Муниципальная система работы со ШНОР")
    dynamics = ProgrammeIndicatorFactory(
        programme=programme,
        code="1",
        short_name="Доля ШНОР и ШНСУ с положительной динамикой",
        level="municipality",
        target=60,
        target_year=2025,
    )
    values(dynamics, (2023, 33.3), (2024, 50), municipality=town)
    return programme


def indicator(programme, code):
    return programme.indicators.get(code=code)


@pytest.fixture
def page(region_programme, city_programme, town):
    return IndicatorPageFactory(
        title="Показатели",
        intro="Помогает ли поддержка.",
        body=[
            paragraph("<p>Как читать показатели.</p>"),
            heading("Программа поддержки ШНОР"),
            paragraph("<p>Показатели региона.</p>"),
            target(indicator(region_programme, "3.2"), heading="Профилактика неуспешности"),
            heading("Риски", "h3"),
            target(indicator(region_programme, "3.9")),
            heading("Муниципальная система"),
            target(indicator(city_programme, "1"), town),
        ],
    )


def get(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_contents_list_links_every_section_and_subsection(client, page):
    html = get(client, page)
    toc = html.select_one("nav.toc")
    assert text(toc.h2) == "Содержание страницы"
    entries = [
        (text(item.a), [text(child) for child in item.select(":scope > ul a")])
        for item in toc.select(":scope > ul > li")
    ]
    assert entries == [
        (
            "Программа поддержки ШНОР",
            ["Все показатели программы", "Профилактика неуспешности", "Риски"],
        ),
        ("Муниципальная система", ["Все показатели программы"]),
    ]
    links = [a["href"] for a in toc.select("a")]
    assert links[:2] == ["#programma-podderzhki-shnor", "#vse-pokazateli-programmy"]
    # Every link leads to an element of the page; no id is used twice.
    ids = [element["id"] for element in html.select("[id]")]
    assert len(ids) == len(set(ids))
    assert all(link.removeprefix("#") in ids for link in links)
    # The subsections are h3 under their section's h2.
    assert html.find(id="profilaktika-neuspeshnosti").name == "h3"
    assert html.find(id="riski").name == "h3"


def test_charts_are_grouped_in_their_programmes_sections(client, page):
    html = get(client, page)
    sections = html.select("section.indicator-section")
    titles = [
        (text(section.h2), [text(caption) for caption in section.select("table caption")])
        for section in sections
    ]
    assert titles == [
        (
            "Программа поддержки ШНОР",
            [
                "Программа поддержки ШНОР",
                "3.2 Доля школ с системой профилактики",
                "3.9 Доля школ без профилактики рисков",
            ],
        ),
        (
            "Муниципальная система",
            [
                "Муниципальная система работы со ШНОР (Город)",
                "1 Доля ШНОР и ШНСУ с положительной динамикой (Город)",
            ],
        ),
    ]
    # Text before the first section heading stays above the contents' sections.
    assert text(html.select_one("article .stream")) == "Как читать показатели."


def test_each_chart_has_its_progress_badge_in_words(client, page):
    html = get(client, page)
    badges = [text(p) for p in html.select(".indicator-block .indicator-progress")]
    assert badges == [
        "Движение к цели, 2025: Нужно ускорение Срок цели 100 % — 2025 год — наступил, а в 2025 "
        "году — 81 %. Темп с 2023 по 2025 год — +17,5 п. п. в год, для цели в срок нужен был "
        "+27 п. п. в год.",
        "Движение к цели, 2024: Нужно ускорение Темп с 2023 по 2024 год — −7 п. п. в год; чтобы "
        "достичь цели 0 % к 2025 году, нужно −9 п. п. в год.",
        "Движение к цели, 2024: Идёт к цели Темп с 2023 по 2024 год — +16,7 п. п. в год; чтобы "
        "достичь цели 60 % к 2025 году, нужно +13,4 п. п. в год.",
    ]
    # The tone repeats the words: a class per category.
    tones = [badge["class"] for badge in html.select(".indicator-progress .status-badge")]
    assert [tone[-1] for tone in tones] == [
        "progress--accelerate",
        "progress--accelerate",
        "progress--on-track",
    ]
    # The badge comes before its chart, inside the same block.
    block = html.select_one(".indicator-progress").parent
    assert block.select_one("figure svg[role=img]")


def test_programme_table_lists_all_its_indicators(client, page):
    html = get(client, page)
    table = html.select_one("table.programme-table")
    assert [text(cell) for cell in table.select("thead th")] == [
        "Показатель",
        "2023",
        "2024",
        "2025",
        "Цель",
        "Движение к цели",
    ]
    assert [text(row) for row in table.select("tbody tr")] == [
        "3.2 Доля школ с системой профилактики 46 % 68 % 81 % 100 % к 2025 году "
        "Нужно ускорение 2025",
        "3.9 Доля школ без профилактики рисков 18 % 11 % — 0 % к 2025 году Нужно ускорение 2024",
        "3.8 Доля школ с рисками снижения результатов — 21 % 17 % — —",
    ]
    assert [th["scope"] for th in table.select("tbody th")] == ["row"] * 3


def test_target_line_runs_on_to_the_target_year(client, page):
    """3.9 has values for 2023 and 2024; its target line reaches 2025 on the time axis."""
    html = get(client, page)
    figure = html.find("caption", string="3.9 Доля школ без профилактики рисков")
    rows = [text(row) for row in figure.find_parent("table").select("tbody tr")]
    assert rows == ["2023 18 % 0 %", "2024 11 % 0 %", "2025 — 0 %"]


def test_the_page_needs_no_javascript(client, page):
    html = get(client, page)
    article = html.select_one("article")
    assert not article.select("script") and "onclick" not in str(article)
    # The numbers are in tables, not only in the pictures.
    assert len(article.select("figure table")) == 3


def test_queries_do_not_grow_with_the_charts(
    client, page, region_programme, django_assert_max_num_queries
):
    """The programme data is read once for the page (two queries), not per block."""
    with django_assert_max_num_queries(12) as small:
        get(client, page)
    blocks = list(page.body.raw_data)
    more = [target(item) for item in region_programme.indicators.exclude(level="school")] * 3
    page.body = blocks + more
    page.save_revision().publish()
    with django_assert_max_num_queries(len(small.captured_queries)):
        html = get(client, page)
    assert len(html.select("figure")) == 3 + 9  # 3.8 has no target, but values to chart


@pytest.mark.usefixtures("demo_loaded")
def test_demo_page_groups_by_subject_and_programme(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(25):
        response = client.get("/pokazateli/")
    html = BeautifulSoup(response.content, "html.parser")
    sections = [text(entry.a) for entry in html.select("nav.toc > ul > li")]
    assert sections[-4:] == [
        "Математика: результаты ВПР",
        "Русский язык: результаты ВПР",
        "Показатели программы и цели",
        "Муниципальная система: Каменск-Уральский городской округ",
    ]
    ids = [element["id"] for element in html.select("[id]")]
    assert len(ids) == len(set(ids))
    assert all(a["href"].removeprefix("#") in ids for a in html.select("nav.toc a"))
    # Every «Показатель и цель» chart has its badge; both programmes have their tables.
    badges = html.select(".indicator-progress .status-badge")
    assert len(badges) == 7
    assert {text(badge) for badge in badges} <= {
        "Цель достигнута",
        "Идёт к цели",
        "Нужно ускорение",
        "Нет продвижения",
        "Ухудшение",
    }
    tables = html.select("table.programme-table")
    assert [len(table.select("tbody tr")) for table in tables] == [13, 6]
    # 3.3 went 58 → 79 → 92 % against 100 % by the year after: +17 a year where +8 are needed;
    # the table's years begin with the first year of another indicator and end with the target's.
    row = next(row for row in tables[0].select("tbody tr") if text(row.th).startswith("3.3 "))
    target, last = TARGET_YEAR, timeline.year(2025)
    assert text(row) == (
        f"3.3 Доля неуспевающих учеников с ИОМ — 58 % 79 % 92 % — 100 % к {target} году "
        f"Идёт к цели {last}"
    )


def test_a_changed_programme_shows_on_the_next_visit(client, page, region_programme, town):
    """The tables and «Показатель и цель» blocks are kept by the rows they show, not by the
    publication: a new value, a changed target and renamed programme, indicator and
    municipality show on the next visit without a publication."""
    get(client, page)
    prevention = indicator(region_programme, "3.2")
    values(prevention, (2026, 90))
    prevention.target = 95
    prevention.short_name = "Доля школ с профилактикой"
    prevention.save()
    region_programme.title = "Программа помощи ШНОР"
    region_programme.save()
    town.name = "Городок"
    town.save()

    html = get(client, page)
    tables = html.select("table.programme-table")
    assert [text(table.caption) for table in tables] == [
        "Программа помощи ШНОР",
        "Муниципальная система работы со ШНОР (Городок)",
    ]
    assert [text(cell) for cell in tables[0].select("thead th")][4] == "2026"
    assert text(tables[0].select_one("tbody tr")) == (
        "3.2 Доля школ с профилактикой 46 % 68 % 81 % 90 % 95 % к 2025 году Нужно ускорение 2026"
    )
    figure = html.find("caption", string="3.2 Доля школ с профилактикой").find_parent("table")
    assert [text(row) for row in figure.select("tbody tr")][-1] == "2026 90 % 95 %"
    badge = html.select_one(".indicator-progress")
    assert "Движение к цели, 2026:" in text(badge) and "цели 95 %" in text(badge)
    assert html.find("caption", string="1 Доля ШНОР и ШНСУ с положительной динамикой (Городок)")


def test_a_changed_value_shows_on_the_next_visit(client, page, region_programme):
    get(client, page)
    IndicatorValue.objects.filter(indicator=indicator(region_programme, "3.9"), year=2024).update(
        value=9
    )
    html = get(client, page)
    table = html.select_one("table.programme-table")
    assert text(table.select("tbody tr")[1]).startswith(
        "3.9 Доля школ без профилактики рисков 18 % 9 %"
    )
    figure = html.find("caption", string="3.9 Доля школ без профилактики рисков")
    assert "2024 9 % 0 %" in [text(row) for row in figure.find_parent("table").select("tbody tr")]
