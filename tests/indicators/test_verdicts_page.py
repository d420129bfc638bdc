"""Each subject's verdict on a school page, through HTTP; the sentences computed by hand.

Intervals are Newcombe's and Welch's (tests/indicators/test_dynamics_intervals.py), at 95 %.
"""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from curriculum.models import Subject
from indicators.models import ResultAggregate
from schools.provisioning import provision_school
from site_cms import page_cache
from tests.factories import SchoolFactory, school_index_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

NBSP = "\u00a0"


@pytest.fixture
def no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def index(home):
    return school_index_page(home)


def result(school, year, *, subject="Математика", procedure="VPR", grade=4, **counts):
    return ResultAggregate.objects.create(
        school=school,
        year=year,
        procedure=procedure,
        subject=Subject.objects.get(name=subject),
        grade=grade,
        **counts,
    )


def squares(count, mean, variance):
    """The sum of squares of ``count`` scores with this mean and sample variance."""
    return (count - 1) * variance + count * mean * mean


def text(element):
    return " ".join(element.get_text(" ").replace(NBSP, " ").split())


def verdicts_section(client, page, query=""):
    response = client.get(page.url + query)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    return html.find(id="school-verdicts-title")


def sentences(section):
    return [text(item.p) for item in section.parent.select(".school-verdicts__item")]


def table_rows(section, number):
    table = section.parent.select(".school-verdicts__item table")[number]
    return [[text(cell) for cell in row.find_all(["th", "td"])] for row in table.tbody("tr")]


@pytest.fixture
def improving_school(index):
    """Mathematics, grade 4, 200 pupils: 75 → 25 failing (37,5 % → 12,5 %), interval
    −32,9 … −16,7 points. Russian, grade 4, 8 pupils: 3 → 1 failing, the same shares, but
    under the public minimum of 10 and within chance (−58,5 … +17 points)."""
    school = SchoolFactory()
    page = provision_school(school, index)
    result(school, 2024, participants=200, mark2=75, mark3=125)
    result(school, 2025, participants=200, mark2=25, mark3=175)
    result(school, 2024, subject="Русский язык", participants=8, mark2=3, mark3=5)
    result(school, 2025, subject="Русский язык", participants=8, mark2=1, mark3=7)
    return school, page


def test_a_parent_reads_one_line_per_subject_and_the_figures_below(client, improving_school):
    _school, page = improving_school

    section = verdicts_section(client, page)

    assert text(section) == "Изменения к прошлому году"
    assert sentences(section) == [
        "Математика: результаты улучшились — доля «двоек» в ВПР 4 класса снизилась с 38 % до "
        "13 % (2024 → 2025), это больше, чем могло бы дать случайное колебание.",
        "Русский язык: без заметных изменений (в ВПР 4 класса: слишком мало участников, чтобы "
        "показывать доли).",
    ]
    assert table_rows(section, 0) == [
        [
            "ВПР, 4 класс",
            "200 → 200",
            "37,5 % → 12,5 %",
            "−25 п. п. (от −32,9 до −16,7 п. п.)",
            "—",
            "—",
            "улучшение",
        ]
    ]
    # Eight pupils: the verdict, no shares.
    assert table_rows(section, 1) == [
        [
            "ВПР, 4 класс",
            "8 → 8",
            "слишком мало участников, чтобы показывать доли",
            "—",
            "—",
            "—",
            "без заметных изменений",
        ]
    ]
    figures = section.parent.select("details.school-verdicts__figures")
    assert [text(item.summary) for item in figures] == [
        "Цифры за 2024 и 2025 годы: Математика",
        "Цифры за 2024 и 2025 годы: Русский язык",
    ]
    assert not any(item.has_attr("open") for item in figures)
    method = text(section.parent.select_one(".school-verdicts__method"))
    assert "доверительный интервал с вероятностью 95 %" in method
    assert "не меньше 5 участников в оба года" in method


def test_the_margin_method_judges_the_same_results_by_its_threshold(
    client, improving_school, settings
):
    settings.DYNAMICS_METHOD = "margin"
    _school, page = improving_school

    section = verdicts_section(client, page)

    assert sentences(section) == [
        "Математика: результаты улучшились — доля «двоек» в ВПР 4 класса снизилась с 38 % до "
        "13 % (2024 → 2025), это больше порога в 5 п. п.",
        "Русский язык: результаты улучшились (в ВПР 4 класса: слишком мало участников, чтобы "
        "показывать доли).",
    ]
    assert table_rows(section, 0)[0][3] == "−25 п. п."
    assert "больше чем на 5 п. п." in text(section.parent.select_one(".school-verdicts__method"))


def test_the_mean_has_an_interval_only_with_the_pupils_scores(client, index):
    """Failing 20 of 100 both years. ВПР grade 5 from a protocol: the mean 20 → 21,5 with
    variance 25: 1,5 ± 1,96·√0,5 = 0,1…2,9 — an improvement. ВПР grade 6 from a summary table:
    the same means, no sums of squares, no interval: nothing to judge it by."""
    school = SchoolFactory()
    page = provision_school(school, index)
    for grade, spread in ((5, True), (6, False)):
        for year, mean in ((2024, 20.0), (2025, 21.5)):
            result(
                school, year, grade=grade, participants=100, mark2=20, mark3=80,
                mean_score=mean, score_sum_squares=squares(100, mean, 25.0) if spread else None,
            )  # fmt: skip

    section = verdicts_section(client, page)

    assert sentences(section) == [
        "Математика: результаты улучшились — средний балл в ВПР 5 класса вырос с 20 до 21,5 "
        "(2024 → 2025), это больше, чем могло бы дать случайное колебание."
    ]
    grade5, grade6 = table_rows(section, 0)
    assert grade5[4:] == ["20 → 21,5", "+1,5 (от 0,1 до 2,9)", "улучшение"]
    assert grade6[4:] == [
        "20 → 21,5",
        "+1,5; интервал не вычислить: нет разброса баллов учеников",
        "без заметных изменений",
    ]


def test_worse_results_few_participants_and_nothing_to_compare_with(client, index):
    """Mathematics 40 → 80 of 200 failing: worse beyond chance. Russian: 4 pupils in 2024.
    Английский язык: only 2025."""
    school = SchoolFactory()
    page = provision_school(school, index)
    result(school, 2024, participants=200, mark2=40, mark3=160)
    result(school, 2025, participants=200, mark2=80, mark3=120)
    result(school, 2024, subject="Русский язык", participants=4, mark2=2, mark3=2)
    result(school, 2025, subject="Русский язык", participants=12, mark2=1, mark3=11)
    result(school, 2025, subject="Английский язык", grade=7, participants=20, mark3=20)

    section = verdicts_section(client, page)

    assert sentences(section) == [
        "Английский язык: результатов 2024 года нет, сравнивать 2025 год не с чем.",
        "Математика: результаты ухудшились — доля «двоек» в ВПР 4 класса выросла с 20 % до "
        "40 % (2024 → 2025), это больше, чем могло бы дать случайное колебание.",
        "Русский язык: мало участников, чтобы судить об изменениях — меньше 5 в 2024 или "
        "2025 году.",
    ]


def test_a_school_without_results_has_no_verdicts(client, index):
    page = provision_school(SchoolFactory(), index)
    assert verdicts_section(client, page) is None


def test_low_vision_opens_the_figures_and_the_verdicts_are_kept_until_an_import(
    client, improving_school, settings
):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 600
    school, page = improving_school
    assert len(sentences(verdicts_section(client, page, "?visit=1"))) == 2

    # A subject stored behind the importer's back: the kept verdicts are still shown...
    result(school, 2025, subject="Английский язык", grade=7, participants=20, mark3=20)
    assert len(sentences(verdicts_section(client, page, "?visit=2"))) == 2
    # ... until an import makes the page cache stale.
    page_cache.invalidate()
    assert len(sentences(verdicts_section(client, page, "?visit=3"))) == 3

    client.cookies[settings.LOW_VISION_COOKIE] = "scheme=wb"
    section = verdicts_section(client, page, "?visit=4")
    assert all(
        item.has_attr("open") for item in section.parent.select("details.school-verdicts__figures")
    )


def test_the_verdicts_come_before_the_result_charts(client, improving_school):
    _school, page = improving_school
    response = client.get(page.url)
    body = response.content.decode()
    assert body.index('id="school-verdicts-title"') < body.index('class="school-results"')


def test_the_school_page_queries_do_not_grow_with_subjects_and_works(
    client, index, django_assert_max_num_queries
):
    """The verdicts read the school's results in one query, however many subjects, grades and
    years; the page as a whole stays within the same bound with one work or twelve."""
    school = SchoolFactory()
    page = provision_school(school, index)
    result(school, 2024, participants=20, mark2=5, mark3=15)
    result(school, 2025, participants=20, mark2=2, mark3=18)

    def count():
        # Drawn as after an import: nothing kept by the results' state (charts.prepared).
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page.url).status_code == 200
        return len(queries)

    one_work = count()
    for subject in ("Математика", "Русский язык"):
        for grade in (5, 6, 7):
            for year in (2023, 2024, 2025):
                result(
                    school, year, subject=subject, grade=grade, participants=20, mark2=year - 2020,
                    mark3=20 - (year - 2020), mean_score=10.0,
                    score_sum_squares=squares(20, 10.0, 4.0),
                )  # fmt: skip
    assert count() == one_work
    with django_assert_max_num_queries(one_work):
        verdicts = verdicts_section(client, page)
    assert len(sentences(verdicts)) == 2
