"""Result widgets: the school page's charts (through HTTP), the StreamField blocks, sentences.

The expected sentences are computed by hand from the results each test stores.
"""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from curriculum.models import Subject
from indicators.charts import blocks
from indicators.models import IndicatorPage, ResultAggregate
from schools.models import SchoolStatus
from schools.provisioning import provision_school
from site_cms import page_cache
from tests.factories import MunicipalityFactory, SchoolFactory, school_index_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

NBSP = "\u00a0"


@pytest.fixture
def no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def index(home):
    return school_index_page(home)


def subject(name):
    return Subject.objects.get(name=name)


def result(school, year, *, subject_name="Математика", procedure="VPR", grade=4, **counts):
    counts.setdefault("participants", 10)
    return ResultAggregate.objects.create(
        school=school,
        year=year,
        procedure=procedure,
        subject=subject(subject_name),
        grade=grade,
        **counts,
    )


def text(element):
    return " ".join(element.get_text(" ").replace(NBSP, " ").split())


def results_section(client, page, query=""):
    response = client.get(page.url + query)
    assert response.status_code == 200
    assert b"<script" not in response.content.split(b'id="results-title"')[1].split(b"</section")[0]
    return BeautifulSoup(response.content, "html.parser").find(id="results-title").parent


# --- The school page ------------------------------------------------------------------------


def test_school_page_shows_a_failing_share_chart_per_procedure_and_subject(client, index):
    school = SchoolFactory()
    page = provision_school(school, index)
    result(school, 2023, mark2=4)  # 40 %
    result(school, 2024, participants=20, mark2=4)  # 20 %
    result(school, 2024, subject_name="Русский язык", mark2=3)
    result(school, 2024, procedure="OGE", grade=9, subject_name="Математика", below_minimum=1)

    section = results_section(client, page)

    figures = section.select("figure.chart")
    assert len(figures) == 3
    captions = [text(figure.figcaption) for figure in figures]
    assert captions[0] == (
        "Доля отметок «2» по математике (4 класс) снизилась с 40 % до 20 % (2023 → 2024)."
    )
    assert captions[1] == (
        "Доля отметок «2» по русскому языку (4 класс): 30 % (2024); данных для сравнения пока нет."
    )
    # ОГЭ fails below the minimum score, not with mark 2.
    assert captions[2].startswith("Доля результатов ниже минимального балла")
    assert "10 %" in captions[2]
    assert all(figure.select_one("svg[role=img]") for figure in figures)
    rows = [[text(cell) for cell in row.find_all(["th", "td"])] for row in figures[0].tbody("tr")]
    assert rows == [["2023", "40 %"], ["2024", "20 %"]]


def test_school_page_low_vision_version_opens_the_numbers(client, index, settings):
    school = SchoolFactory()
    page = provision_school(school, index)
    result(school, 2024, mark2=1)
    client.cookies[settings.LOW_VISION_COOKIE] = "scheme=wb"

    section = results_section(client, page)

    assert section.select_one("details.chart__data").has_attr("open")
    # The series is drawn in the page colour, not a palette colour.
    assert section.select_one("svg [stroke='currentColor']")


def test_school_page_charts_are_kept_until_the_next_import(client, index, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    school = SchoolFactory()
    page = provision_school(school, index)
    result(school, 2024, mark2=4)

    def years(query, **cookies):
        client.cookies.load(cookies)
        section = results_section(client, page, query)
        return [text(row.th) for row in section.select_one("figure.chart").tbody("tr")]

    assert years("?visit=1") == ["2024"]
    # A row stored behind the importer's back: the kept charts are still shown...
    result(school, 2025, mark2=1)
    assert years("?visit=2") == ["2024"]
    # ... until an import (every import makes the page cache stale).
    page_cache.invalidate()
    assert years("?visit=3") == ["2024", "2025"]
    # The low-vision version is drawn and kept apart.
    assert years("?visit=4", **{settings.LOW_VISION_COOKIE: "scheme=wb"}) == ["2024", "2025"]


def test_school_page_without_results_keeps_the_plain_sentence(client, index):
    page = provision_school(SchoolFactory(), index)
    other = SchoolFactory()
    result(other, 2024, mark2=3)

    section = results_section(client, page)

    assert not section.select("figure")
    assert "Результаты оценочных процедур появятся после загрузки данных." in text(section)


def test_school_page_queries_do_not_grow_with_results(client, index):
    school = SchoolFactory()
    page = provision_school(school, index)
    result(school, 2024, mark2=1)

    def count():
        # Drawn as after an import: nothing kept by the results' state (charts.prepared).
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.url).status_code == 200
        return len(queries)

    few = count()
    for year in (2021, 2022, 2023):
        for name in ("Русский язык", "Математика", "Окружающий мир"):
            result(school, year, subject_name=name, mark2=2)
            result(school, year, subject_name=name, grade=5, mark2=2)
    assert count() == few


# --- Blocks ---------------------------------------------------------------------------------


def render(block, raw, context=None):
    html = block.render(block.to_python(raw), context or {})
    assert "<script" not in html
    return BeautifulSoup(html, "html.parser")


@pytest.fixture
def shnor_results():
    """Two ШНОР in 2022/23 and 2023/24 and a school that is not one.

    Mathematics, ВПР, 4th grade (10 participants each year), marks «2»:
    first ШНОР 5 → 4 → 1 (fell by 10 and 30 points: positive in 2023 and 2024),
    second ШНОР 2 → 2 → 0 (stable in 2023, positive in 2024), the other school 6 → 1 → 0.
    The share of ШНОР with positive dynamics: 1 of 2 in 2023, 2 of 2 in 2024.
    """
    first, second, other = SchoolFactory(), SchoolFactory(), SchoolFactory()
    for school in (first, second):
        for school_year in (2022, 2023):
            SchoolStatus.objects.create(
                school=school, school_year=school_year, status=SchoolStatus.Status.LOW_RESULTS
            )
    for school, marks in ((first, (5, 4, 1)), (second, (2, 2, 0)), (other, (6, 1, 0))):
        for year, mark2 in zip((2022, 2023, 2024), marks, strict=True):
            result(school, year, mark2=mark2)


@pytest.mark.usefixtures("shnor_results")
def test_shnor_dynamics_block_tells_the_share_and_its_rule(settings, django_assert_max_num_queries):
    settings.RESULTS_MIN_PARTICIPANTS = 5
    settings.DYNAMICS_NOISE_MARGIN = 0.05
    settings.DYNAMICS_METHOD = "margin"  # the interval method: tests/indicators/test_verdicts_*
    block = blocks.ShnorDynamicsBlock()
    raw = {"heading": "Динамика", "procedure": "VPR", "subjects": [subject("Математика").pk]}

    # The statuses, the results, the subjects, the subject's dative, the ШНОР's pages.
    with django_assert_max_num_queries(5):
        page = render(block, raw)

    assert text(page.figcaption) == (
        "Доля ШНОР с положительной динамикой по математике выросла с 50 % до 100 % (2023 → 2024)."
    )
    assert page.select_one("svg[role=img]")
    notes = [text(item) for item in page.select(".indicator-chart__notes li")]
    assert notes[0] == "Математика: 2023: 1 из 2; 2024: 2 из 2."
    assert "больше чем на 5 п. п." in notes[1] and "не меньше 5 участников" in notes[1]


def result_queries(block, raw):
    """The rendered block and how many of its queries read the results' rows."""
    with CaptureQueriesContext(connection) as queries:
        page = render(block, raw)
    sql = [query["sql"] for query in queries.captured_queries]
    return page, sum("indicators_resultaggregate" in q and "MAX(" not in q for q in sql)


@pytest.mark.usefixtures("shnor_results")
def test_shnor_dynamics_block_is_drawn_again_only_when_its_data_changes(settings):
    settings.DYNAMICS_METHOD = "margin"
    block = blocks.ShnorDynamicsBlock()
    raw = {"procedure": "VPR", "subjects": [subject("Математика").pk]}
    first, read = result_queries(block, raw)
    assert read == 1

    # A publication changes no results: the drawing is reused, the results are not read.
    page_cache.invalidate()
    again, read = result_queries(block, raw)
    assert (read, str(again)) == (0, str(first))

    # A new import: its year is drawn.
    first_shnor = SchoolStatus.objects.order_by("pk").first().school
    result(first_shnor, 2025, mark2=0)
    SchoolStatus.objects.create(
        school=first_shnor, school_year=2024, status=SchoolStatus.Status.LOW_RESULTS
    )
    imported, read = result_queries(block, raw)
    assert read == 1
    assert "2025: 1 из 1" in text(imported.select_one(".indicator-chart__notes"))

    # A status withdrawn: the school no longer counts.
    SchoolStatus.objects.filter(school_year=2024).delete()
    withdrawn, read = result_queries(block, raw)
    assert "2025" not in text(withdrawn.select_one(".indicator-chart__notes"))


def test_school_results_block_draws_a_new_import(index):
    school = SchoolFactory()
    school_page = provision_school(school, index)
    result(school, 2023, mark2=5)
    block = blocks.SchoolResultsBlock()
    raw = {"school_page": school_page.pk, "procedure": "VPR", "subject": subject("Математика").pk}
    first, read = result_queries(block, raw)
    assert read == 1 and "2024" not in text(first)
    again, read = result_queries(block, raw)
    assert (read, str(again)) == (0, str(first))

    result(school, 2024, mark2=2)
    imported, read = result_queries(block, raw)
    assert read == 1
    assert "снизилась с 50 % до 20 % (2023 → 2024)" in text(imported.figcaption)


@pytest.mark.usefixtures("shnor_results")
def test_shnor_dynamics_block_limits_the_years(settings):
    settings.DYNAMICS_METHOD = "margin"
    block = blocks.ShnorDynamicsBlock()
    raw = {"procedure": "VPR", "subjects": [subject("Математика").pk], "year_from": 2024}

    page = render(block, raw)

    assert text(page.figcaption) == (
        "Доля ШНОР с положительной динамикой по математике: 100 % (2024); "
        "данных для сравнения пока нет."
    )


def test_shnor_dynamics_block_without_data_says_so(db):
    block = blocks.ShnorDynamicsBlock()
    page = render(block, {"procedure": "VPR", "subjects": [subject("Математика").pk]})
    assert text(page) == "Данных для сравнения по годам пока нет."


def test_school_results_block_shows_failing_share_and_mean(index):
    school = SchoolFactory()
    school_page = provision_school(school, index)
    result(school, 2023, mark2=5, mean_score=9.5)
    result(school, 2024, mark2=2, mean_score=12.25)
    result(school, 2024, grade=5, mark2=1, mean_score=20)
    block = blocks.SchoolResultsBlock()
    raw = {"school_page": school_page.pk, "procedure": "VPR", "subject": subject("Математика").pk}

    page = render(block, {**raw, "grade": 4})

    captions = [text(caption) for caption in page.select("figcaption")]
    assert captions == [
        "Доля отметок «2» по математике (4 класс) снизилась с 50 % до 20 % (2023 → 2024).",
        "Средний балл по математике (4 класс) вырос с 9,5 до 12,3 (2023 → 2024).",
    ]
    every_grade = render(block, {**raw, "grade": None})
    assert "(5 класс): 10 % (2024)" in text(every_grade.figcaption)


def test_results_table_block_lists_schools_with_mark_shares(monkeypatch):
    north, south = (
        MunicipalityFactory(name="Северный район"),
        MunicipalityFactory(name="Южный район"),
    )
    first = SchoolFactory(short_name="Школа № 1", municipality=north)
    second = SchoolFactory(short_name="Школа № 2", municipality=south)
    third = SchoolFactory(short_name="Школа № 3", municipality=south)
    result(first, 2024, participants=20, mark2=2, mark3=8, mark4=6, mark5=4, mean_score=14.5)
    result(second, 2024, mark2=5, mark3=5)
    result(third, 2024, mark3=10)
    result(first, 2023, mark2=10)  # another year: not in the table
    block = blocks.ResultsTableBlock()
    raw = {"year": 2024, "procedure": "VPR", "subject": subject("Математика").pk, "grade": 4}

    page = render(block, raw)

    assert text(page.caption) == "ВПР 2024, Математика, 4 класс"
    rows = [[text(cell) for cell in row.find_all(["th", "td"])] for row in page.tbody("tr")]
    assert rows[0] == ["Школа № 1", "Северный район", "20", "10 %", "40 %", "30 %", "20 %", "14,5"]
    assert rows[1][:4] == ["Школа № 2", "Южный район", "10", "50 %"]
    assert rows[1][-1] == "—"
    assert len(rows) == 3

    only_south = render(block, {**raw, "municipality": str(south.pk)})
    assert [row.th.get_text() for row in only_south.tbody("tr")] == ["Школа № 2", "Школа № 3"]

    monkeypatch.setattr(blocks, "TABLE_ROWS", 2)
    page = render(block, raw)
    assert len(page.tbody("tr")) == 2
    assert "Показано школ: 2 из 3." in text(page)


def test_results_table_block_queries_are_bounded(django_assert_max_num_queries):
    for number in range(30):
        result(SchoolFactory(), 2024, mark2=number % 10)
    block = blocks.ResultsTableBlock()
    raw = {"year": 2024, "procedure": "VPR", "subject": subject("Математика").pk, "grade": 4}
    # The subject and the rows: a table shorter than its limit is not counted.
    with django_assert_max_num_queries(2):
        page = render(block, raw)
    assert len(page.tbody("tr")) == 30


@pytest.mark.usefixtures("shnor_results")
def test_indicator_page_shows_its_charts_to_visitors(client, home, settings):
    settings.DYNAMICS_METHOD = "margin"  # the sentences of the margin rule's shares
    page = IndicatorPage(
        title="Показатели",
        slug="pokazateli-programmy",
        intro="Как меняются результаты школ.",
        body=[
            {
                "type": "shnor_dynamics",
                "value": {
                    "heading": "Динамика",
                    "procedure": "VPR",
                    "subjects": [subject("Математика").pk],
                },
            }
        ],
    )
    home.add_child(instance=page)
    page.save_revision().publish()

    html = BeautifulSoup(client.get(page.url).content, "html.parser")

    assert text(html.h1) == "Показатели"
    assert text(html.select_one("figure figcaption")).startswith(
        "Доля ШНОР с положительной динамикой по математике выросла"
    )
    assert html.select_one("figure svg[role=img]") and not html.select("figure script")
