"""The school page's strong and weak skills by task, through HTTP: the lists with the three
rates, the practices next to a skill to work on, the chart, the minimum of participants, and a
bounded number of queries."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from curriculum.models import Subject
from indicators.models import ResultAggregate, TaskResult
from practices.bank_index import bank_index
from schools.provisioning import provision_school
from skills.deficits import MAX_LISTED
from skills.models import SkillPractice
from skills.tasks import match_skills
from tests.factories import (
    DescribedTaskFactory,
    MunicipalityFactory,
    PracticePageFactory,
    SchoolFactory,
    TaskDescriptionFactory,
    school_index_page,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

NBSP = "\u00a0"
# What the section adds to a school page's queries, however many works and skills it shows:
# beyond the school's own task results (read on every school page), the municipality's and the
# region's, the subjects, the descriptions (two), the levels, the practices of all the skills.
SECTION_QUERIES = 7
# A whole school page with five works of five weak skills each, nothing kept.
COLD_PAGE_QUERIES = 40

# Success rates per task: the school's, the other school of its municipality's, the region's
# third school's; each school has 20 pupils, so the municipality is the mean of the first two
# and the region the mean of all three.
MATHEMATICS = {
    "1": (90, 70, 50),  # school 90, municipality 80, region 70: +20 strong
    "2": (30, 60, 60),  # school 30, municipality 45, region 50: −20 weak
    "3": (60, 60, 60),  # level with the region
}
RUSSIAN = {"1": (20, 80, 80), "2": (70, 70, 70)}  # 1: 20 against 60, weak
MOTION = "Умение решать текстовые задачи на движение"


@pytest.fixture
def no_page_cache(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def index(home):
    return school_index_page(home)


def store(school, subject, rates, participants=20, grade=5, year=2024):
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


def store_works(schools, works, participants=20):
    """``works``: {subject: {task: (rate of schools[0], of schools[1], of schools[2])}}."""
    for subject, tasks in works.items():
        for number, school in enumerate(schools):
            rates = {label: triple[number] for label, triple in tasks.items()}
            store(school, subject, rates, participants if number == 0 else 20)


@pytest.fixture
def schools(db):
    municipality = MunicipalityFactory(name="Приозерский муниципальный район")
    return [
        SchoolFactory(short_name="МОУ «Школа № 1»", municipality=municipality),
        SchoolFactory(municipality=municipality),
        SchoolFactory(),
    ]


@pytest.fixture
def described(db):
    description = TaskDescriptionFactory(grade=5, first_year=2024, last_year=2024)
    DescribedTaskFactory(description=description, number=1, skill="Умение сравнивать числа")
    DescribedTaskFactory(description=description, number=2, skill=MOTION)
    DescribedTaskFactory(description=description, number=3, skill="Умение читать таблицы")
    return description


@pytest.fixture
def practices(bank, terms, described):
    """Three practices, and the task worker's search for the described skills' practices."""

    def practice(title, subject="matematika", **fields):
        return PracticePageFactory(
            parent=bank,
            title=title,
            annotation="Текстовые задачи на движение: решаем с помощью схем.",
            subjects=[terms["subjects"][subject]],
            levels=[terms["levels"]["ooo"]],
            **fields,
        )

    made = {
        "plain": practice("Схемы к задачам на движение"),
        "recommended": practice(
            "Задачи на движение без страха", expert_conclusion_date=datetime.date(2026, 3, 1)
        ),
        "physics": practice("Движение на уроках физики", subject="fizika"),
    }
    match_skills.enqueue()
    return made


def text(element):
    return " ".join(element.get_text(" ").replace(NBSP, " ").split())


def skills_section(client, page):
    response = client.get(page.url)
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    heading = html.find(id="task-skills-title")
    return heading.parent if heading else None


def work(section, title):
    heading = section.find("h4", string=title)
    assert heading is not None, title
    return heading.parent


def skill_list(work_section, title):
    return work_section.find("h5", string=title).parent


def test_both_lists_with_the_three_rates_and_practices_next_to_a_weak_skill(
    client, index, schools, described, practices
):
    store_works(schools, {"Математика": MATHEMATICS, "Русский язык": RUSSIAN})
    page = provision_school(schools[0], index)

    section = skills_section(client, page)

    assert text(section.h3) == "Умения по заданиям ВПР 2024 года"
    mathematics = work(section, "Математика, 5 класс")
    strong = skill_list(mathematics, "Что получается")
    assert [text(p) for p in strong.select(".task-skills__skill")] == ["Умение сравнивать числа"]
    assert text(strong.select_one(".task-skills__rates")) == (
        "Задание 1. В школе задание выполнено на 90 %, по муниципалитету — на 80 %, "
        "по региону — на 70 %."
    )
    weak = skill_list(mathematics, "Что стоит подтянуть")
    assert [text(p) for p in weak.select(".task-skills__skill")] == [MOTION]
    # The recommended practice first, the physics one never.
    links = [(text(a), a["href"]) for a in weak.select(".task-skills__practices a")]
    assert links == [
        ("Задачи на движение без страха", practices["recommended"].url),
        ("Схемы к задачам на движение", practices["plain"].url),
    ]
    russian = work(section, "Русский язык, 5 класс")
    weak = skill_list(russian, "Что стоит подтянуть")
    # No description of Russian: the task's label stands for its skill, with no practices.
    assert [text(p) for p in weak.select(".task-skills__skill")] == ["Задание 1"]
    assert weak.select(".task-skills__practices") == []
    assert "нет" in text(skill_list(russian, "Что получается"))


def test_a_chart_per_work_with_its_table_and_sentence(client, index, schools, described):
    store_works(schools, {"Математика": MATHEMATICS})
    page = provision_school(schools[0], index)

    mathematics = work(skills_section(client, page), "Математика, 5 класс")

    figure = mathematics.select_one("figure.chart")
    assert figure.select_one("svg") is not None
    assert text(figure.figcaption) == (
        "Математика, 5 класс: школа выполнила лучше, чем в среднем по региону, "
        "1 задание из 3, хуже — 1."
    )
    rows = [[text(cell) for cell in row.select("th, td")] for row in figure.select("tbody tr")]
    assert rows == [["1", "90 %", "70 %"], ["2", "30 %", "50 %"], ["3", "60 %", "60 %"]]


def test_below_the_minimum_of_participants_the_page_says_why(client, index, schools, settings):
    settings.RESULTS_MIN_PARTICIPANTS = 5
    store_works(schools, {"Математика": MATHEMATICS}, participants=4)
    page = provision_school(schools[0], index)

    mathematics = work(skills_section(client, page), "Математика, 5 класс")

    assert mathematics.find("h5") is None
    assert mathematics.select("figure") == []
    assert text(mathematics.p) == (
        "Работу писали 4 ученика: слишком мало участников, чтобы показывать доли. Проценты "
        "выполнения и выводы об умениях показываются, когда участников не меньше 10: по "
        "результатам нескольких учеников они были бы случайными, а отметки отдельных детей — "
        "узнаваемыми."
    )


def test_what_is_kept_between_requests_follows_new_results_and_descriptions(
    client, index, schools, described
):
    """The works are kept in the cache by a fingerprint of the task results and descriptions:
    a new import (the task rows replaced) and an edited skill show on the next request."""
    store_works(schools, {"Математика": MATHEMATICS})
    page = provision_school(schools[0], index)
    weak = skill_list(
        work(skills_section(client, page), "Математика, 5 класс"), "Что стоит подтянуть"
    )
    assert [text(p) for p in weak.select(".task-skills__skill")] == [MOTION]

    ResultAggregate.objects.filter(school=schools[0]).delete()  # re-imported: all tasks weak
    store(schools[0], "Математика", dict.fromkeys(MATHEMATICS, 10))
    task = described.tasks.get(number=1)
    task.skill = "Умение сравнивать дроби"
    task.save()
    described.save()  # the admin saves the description with its tasks
    weak = skill_list(
        work(skills_section(client, page), "Математика, 5 класс"), "Что стоит подтянуть"
    )
    skills = [text(p) for p in weak.select(".task-skills__skill")]
    assert "Умение сравнивать дроби" in skills and MOTION in skills


def test_the_kept_section_follows_the_practices_found_and_their_pages(
    client, index, schools, described, practices, bank
):
    """The HTML is kept by the state of what it shows: a practice renamed or unpublished, and
    the worker's new findings, show on the next request."""
    bank_index(bank)  # prepared, as any visit to the bank or the home page does
    store_works(schools, {"Математика": MATHEMATICS})
    page = provision_school(schools[0], index)

    def links():
        weak = skill_list(
            work(skills_section(client, page), "Математика, 5 класс"), "Что стоит подтянуть"
        )
        return [text(a) for a in weak.select(".task-skills__practices a")]

    assert links() == ["Задачи на движение без страха", "Схемы к задачам на движение"]

    renamed = practices["plain"]
    renamed.title = "Схемы и таблицы к задачам"
    renamed.save_revision().publish()
    assert links() == ["Задачи на движение без страха", "Схемы и таблицы к задачам"]

    practices["recommended"].unpublish()
    assert links() == ["Схемы и таблицы к задачам"]

    SkillPractice.objects.filter(practice=renamed).delete()  # the worker found none
    assert links() == []


def test_without_task_results_there_is_no_section(client, index, schools):
    page = provision_school(schools[0], index)

    assert skills_section(client, page) is None


def queries_of(client, url):
    client.get(url)  # the first request fills what is kept across requests (sites, searches)
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_the_section_adds_a_bounded_number_of_queries(client, index, schools, described, practices):
    # A school with the same results but no task results: the result charts cost the same.
    other = SchoolFactory(municipality=schools[0].municipality)
    for subject in ("Математика", "Русский язык"):
        ResultAggregate.objects.create(
            school=other,
            year=2024,
            procedure="VPR",
            subject=Subject.objects.get(name=subject),
            grade=5,
            participants=20,
        )
    without = queries_of(client, provision_school(other, index).url)

    store_works(schools, {"Математика": MATHEMATICS, "Русский язык": RUSSIAN})
    page = provision_school(schools[0], index)

    assert queries_of(client, page.url) <= without + SECTION_QUERIES


WORKS = ["Математика", "Русский язык", "История", "Биология", "География"]


def cold_page(client, url):
    """The page's response and queries with nothing kept: no page cache (this module's
    fixture), no site root paths, no kept sections."""
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(context)


def test_a_cold_page_reads_the_practices_of_any_number_of_skills_at_once(
    client, index, schools, bank, terms, django_assert_max_num_queries
):
    for subject in Subject.objects.filter(name__in=WORKS):
        description = TaskDescriptionFactory(
            subject=subject, grade=5, first_year=2024, last_year=2024
        )
        for number in range(1, MAX_LISTED + 1):
            DescribedTaskFactory(
                description=description, number=number, skill=f"Умение решать задачи {number}"
            )
        PracticePageFactory(
            parent=bank,
            title=f"Решаем задачи: {subject.name}",
            annotation="Как научить решать задачи: схемы и таблицы.",
            subjects=[subject],
            levels=[terms["levels"]["ooo"]],
        )
        # The first school is weak in one task of each work, the second in every task (as
        # many as the lists show): five skills against twenty-five.
        store(schools[0], subject.name, {"1": 30})
        store(schools[1], subject.name, dict.fromkeys(map(str, range(1, MAX_LISTED + 1)), 30))
        store(schools[2], subject.name, dict.fromkeys(map(str, range(1, MAX_LISTED + 1)), 80))
    match_skills.enqueue()
    few, many, other = (provision_school(school, index) for school in schools)

    # What the first school page ever viewed creates (the settings' rows) is made.
    cold_page(client, other.url)
    _response, few_queries = cold_page(client, few.url)
    with django_assert_max_num_queries(COLD_PAGE_QUERIES):
        response, many_queries = cold_page(client, many.url)

    html = BeautifulSoup(response.content, "html.parser")
    assert len(html.select(".task-skills__practices a")) == len(WORKS) * MAX_LISTED
    assert many_queries == few_queries
