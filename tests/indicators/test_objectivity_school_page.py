"""The school page's «Объективность оценивания» through HTTP: the shares of the latest year's
works against the region's as a chart and its table, the signals in words, the public minimum of
pupils compared, and a bounded number of queries."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from curriculum.models import Subject
from indicators.models import ResultAggregate
from schools.provisioning import provision_school
from tests.factories import MunicipalityFactory, SchoolFactory, school_index_page

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

NBSP = "\u00a0"
# What the section adds to a school page's queries, however many works: the school's ВПР
# results and the region's counts of their year.
SECTION_QUERIES = 2

# Lowered, confirmed and raised pupils in 2024 of the page's school S and of T and U, in the
# 4th grade. Mathematics: S 2 + 12 + 6 = 20 → 10 %, 60 %, 30 % (raised ≥ 15 %: a signal);
# region 12 + 56 + 12 = 80 → 15 %, 70 %, 15 %. Russian: S 11 + 9 + 0 = 20 → 55 %, 45 %, 0 %
# (lowered ≥ 50 %: a signal); region 14 + 25 + 1 = 40 → 35 %, 62,5 %, 2,5 %.
MATHEMATICS = {"S": (2, 12, 6), "T": (4, 14, 2), "U": (6, 30, 4)}
RUSSIAN = {"S": (11, 9, 0), "T": (3, 16, 1)}


@pytest.fixture
def no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def index(home):
    return school_index_page(home)


@pytest.fixture
def schools(db):
    municipality = MunicipalityFactory()
    return {name: SchoolFactory(municipality=municipality) for name in "STU"}


def store(school, subject, counts, *, participants=None, year=2024, grade=4, procedure="VPR"):
    lowered, confirmed, raised = counts
    ResultAggregate.objects.create(
        school=school,
        year=year,
        procedure=procedure,
        subject=Subject.objects.get(name=subject),
        grade=grade,
        participants=participants or sum(counts),
        lowered=lowered,
        confirmed=confirmed,
        raised=raised,
    )


def store_works(schools):
    for name, counts in MATHEMATICS.items():
        store(schools[name], "Математика", counts, participants=22 if name == "S" else None)
    for name, counts in RUSSIAN.items():
        store(schools[name], "Русский язык", counts)


def text(element):
    return " ".join(element.get_text(" ").replace(NBSP, " ").split())


def section_of(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    heading = BeautifulSoup(response.content, "html.parser").find(id="objectivity-title")
    return heading.parent if heading else None


def works(section):
    return {text(work.h4): work for work in section.select("section.objectivity__work")}


def table_rows(work):
    return [[text(cell) for cell in row.select("th, td")] for row in work.select("tbody tr")]


def signals(work):
    return [text(p) for p in work.select(".objectivity__signal")]


def test_each_work_against_the_region_with_its_signal(client, index, schools):
    store_works(schools)
    # An older year and a school's ОГЭ (no journal marks there) stay off the section.
    store(schools["S"], "Математика", (0, 20, 0), year=2023)
    store(schools["S"], "Математика", (0, 0, 0), participants=30, procedure="OGE", grade=9)
    page = provision_school(schools["S"], index)

    section = section_of(client, page)

    assert text(section.h3) == "Объективность оценивания: ВПР 2024 года"
    found = works(section)
    assert list(found) == ["Русский язык, 4 класс", "Математика, 4 класс"]
    mathematics = found["Математика, 4 класс"]
    assert table_rows(mathematics) == [
        ["Ниже журнальной", "10 %", "15 %"],
        ["Совпала с журнальной", "60 %", "70 %"],
        ["Выше журнальной", "30 %", "15 %"],
    ]
    assert mathematics.select_one("figure.chart svg") is not None
    assert text(mathematics.figcaption) == (
        "Математика, 4 класс: отметка за ВПР совпала с журнальной у 60 % учеников "
        "(по региону — у 70 %), ниже журнальной — у 10 % (15 %), выше — у 30 % (15 %)."
    )
    assert text(mathematics.p) == (
        "Сравнены отметки 20 учеников из 22, писавших работу: у остальных нет отметки в журнале."
    )
    assert signals(mathematics) == [
        "Сигнал. У 30 % учеников отметка за ВПР выше журнальной (порог сигнала — 15 %, "
        "по региону — 15 %). Стоит посмотреть, как проводилась и проверялась работа."
    ]
    russian = found["Русский язык, 4 класс"]
    assert table_rows(russian) == [
        ["Ниже журнальной", "55 %", "35 %"],
        ["Совпала с журнальной", "45 %", "62,5 %"],
        ["Выше журнальной", "0 %", "2,5 %"],
    ]
    assert text(russian.p) == "Сравнены отметки всех 20 учеников, писавших работу."
    assert signals(russian) == [
        "Сигнал. У 55 % учеников отметка за ВПР ниже журнальной (порог сигнала — 50 %, "
        "по региону — 35 %). Стоит сверить, по каким требованиям ставятся текущие отметки."
    ]
    # The method is folded, and says what a signal is not.
    method = section.select_one("details.objectivity__method")
    assert "не вывод о работе учителей" in text(method)
    assert "не меньше 15 % учеников" in text(method)


def test_the_other_schools_show_no_signal_where_their_shares_are_below_the_thresholds(
    client, index, schools
):
    store_works(schools)
    page = provision_school(schools["T"], index)

    found = works(section_of(client, page))

    # T: mathematics 20 %, 70 %, 10 %; Russian 15 %, 80 %, 5 %.
    assert [signals(work) for work in found.values()] == [[], []]
    assert table_rows(found["Математика, 4 класс"])[2] == ["Выше журнальной", "10 %", "15 %"]


@pytest.mark.parametrize(
    ("compared", "shown"),
    [(9, False), (10, True)],
)
def test_under_the_public_minimum_no_shares_and_no_signal(
    client, index, schools, settings, compared, shown
):
    settings.RESULTS_PUBLIC_MIN_PARTICIPANTS = 10
    # Raised for most of them: a signal, had the shares been shown.
    store(schools["S"], "Математика", (0, 2, compared - 2), participants=12)
    page = provision_school(schools["S"], index)

    work = works(section_of(client, page))["Математика, 4 класс"]

    assert (work.select_one("figure") is not None) is shown
    assert bool(signals(work)) is shown
    assert ("%" in text(work)) is shown
    if not shown:
        assert text(work.p) == (
            "Отметки сравнены у 9 учеников: слишком мало участников, чтобы показывать доли."
        )


def test_without_marks_compared_there_is_no_section(client, index, schools):
    # A summary table without the journal comparison: participants, but nothing compared.
    store(schools["S"], "Математика", (0, 0, 0), participants=25)
    page = provision_school(schools["S"], index)

    assert section_of(client, page) is None


def test_the_section_adds_a_bounded_number_of_queries(
    client, index, schools, django_assert_max_num_queries
):
    # The same results without the comparison: the result charts cost the same.
    for school in (schools["T"], schools["U"]):
        store(school, "Математика", (0, 0, 0), participants=20)
        store(school, "Русский язык", (0, 0, 0), participants=20)
    without_page = provision_school(schools["T"], index)
    client.get(without_page.url)  # the first request fills what is kept across requests
    with CaptureQueriesContext(connection) as without:
        client.get(without_page.url)
    baseline = len(without)  # now: the next request empties the connection's log

    store_works({"S": schools["S"], "T": SchoolFactory(), "U": SchoolFactory()})
    for grade in (5, 6):  # more works cost no more queries
        store(schools["S"], "Математика", (1, 15, 4), grade=grade)
    page = provision_school(schools["S"], index)
    client.get(page.url)

    with django_assert_max_num_queries(baseline + SECTION_QUERIES):
        assert client.get(page.url).status_code == 200
    assert len(works(section_of(client, page))) == 4
