"""The school's «Повышение качества образования» section shows «Фактор риска — меры» from its
newest confirmed risk profile only, in a bounded number of queries."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import PageViewRestriction

from curriculum.models import Subject
from events.models import Audience, EventIndexPage
from indicators.models import ResultAggregate, TaskResult
from schools.models import SchoolStatus
from site_cms import page_cache
from support.recommendations import EXPLANATION
from tests.factories import (
    DescribedTaskFactory,
    EventIndexPageFactory,
    EventPageFactory,
    NetworkPairFactory,
    PracticePageFactory,
    SchoolFactory,
    StandardPageFactory,
    TaskDescriptionFactory,
)
from tests.schools.sections import section_of
from tests.support.factories import FactorAssessmentFactory, MeasureFactory, RiskProfileFactory

pytestmark = pytest.mark.django_db

TITLE = "Фактор риска — меры"


def table_of(response):
    section = BeautifulSoup(response.content, "html.parser").find(id="faktory-riska")
    if section is None:
        return None
    return [
        [cell.get_text(" ", strip=True) for cell in row.find_all(["th", "td"])]
        for row in section.find("table").find_all("tr")
    ]


@pytest.fixture
def profile(own, factors):
    profile = RiskProfileFactory(
        school=own, state="confirmed", staffing_deficit="Нет учителя физики"
    )
    FactorAssessmentFactory(
        profile=profile, factor=factors["uchebnaya-motivatsiya"], level="medium", basis=""
    )
    FactorAssessmentFactory(
        profile=profile, factor=factors["defitsit-kadrov"], level="high", basis="Две вакансии"
    )
    MeasureFactory(
        profile=profile,
        factor=factors["defitsit-kadrov"],
        action="Привлечь выпускников педвуза",
        responsible="директор",
        starts_on=datetime.date(2025, 9, 1),
        ends_on=datetime.date(2026, 5, 31),
        status="running",
    )
    return profile


def test_the_confirmed_profile_is_shown_highest_level_first(client, own, profile):
    response = client.get(section_of(own).url)

    assert table_of(response) == [
        ["Фактор риска", "Уровень", "Мера", "Ответственный", "Сроки", "Состояние"],
        [
            "Дефицит педагогических кадров Две вакансии",
            "высокий",
            "Привлечь выпускников педвуза",
            "директор",
            "01.09.2025 — 31.05.2026",
            "выполняется",
        ],
        ["Низкая учебная мотивация обучающихся", "средний", "Меры не запланированы"],
    ]
    assert "Нет учителя физики" in response.content.decode()


@pytest.mark.parametrize("state", ["draft", "review"])
def test_an_unconfirmed_profile_is_not_shown(client, own, profile, state):
    profile.state = state
    profile.save()

    response = client.get(section_of(own).url)

    assert response.status_code == 200
    assert table_of(response) is None
    assert TITLE not in response.content.decode()


def test_a_confirmation_shows_at_once_on_the_cached_section(client, own, profile):
    profile.state = "review"
    profile.save()
    url = section_of(own).url
    assert table_of(client.get(url)) is None

    profile.state = "confirmed"
    profile.save()

    assert table_of(client.get(url))[1][0] == "Дефицит педагогических кадров Две вакансии"


def recommendations_of(response):
    section = BeautifulSoup(response.content, "html.parser").find(id="faktory-riska")
    return {
        heading.get_text(" ", strip=True): [
            " ".join(li.get_text().split()) for li in heading.find_next_sibling("ul").find_all("li")
        ]
        for heading in section.find_all("h4")
        if heading.find_next_sibling() and heading.find_next_sibling().name == "ul"
    }


@pytest.fixture
def candidates(own, factors, bank):
    staff = factors["defitsit-kadrov"]
    PracticePageFactory(parent=bank, title="Наставничество молодых учителей", risk_factors=[staff])
    PracticePageFactory(
        parent=bank,
        title="Сетевой учитель физики",
        risk_factors=[staff],
        expert_conclusion_date=datetime.date(2025, 3, 1),
    )
    PracticePageFactory(parent=bank, title="Про климат", risk_factors=[factors["shkolnyy-klimat"]])
    partner = SchoolFactory(short_name="Лицей № 1", municipality=own.municipality)
    NetworkPairFactory(supported_school=own, leader_school=partner)
    neighbour = SchoolFactory(short_name="Гимназия № 2", municipality=own.municipality)
    SchoolStatus.objects.create(school=neighbour, school_year=2025, status="leader")
    still_at_risk = SchoolFactory(short_name="СОШ № 3", municipality=own.municipality)
    SchoolStatus.objects.create(school=still_at_risk, school_year=2025, status="leader")
    for school, level in ((partner, "none"), (neighbour, "none"), (still_at_risk, "high")):
        leader_profile = RiskProfileFactory(school=school, state="confirmed")
        FactorAssessmentFactory(profile=leader_profile, factor=staff, level=level)


def test_recommendations_for_the_urgent_factors(client, own, profile, candidates):
    response = client.get(section_of(own).url)

    assert EXPLANATION in response.content.decode()
    assert recommendations_of(response) == {
        "Дефицит педагогических кадров — высокий уровень": [
            "Практика «Сетевой учитель физики» (рекомендована экспертами)",
            "Практика «Наставничество молодых учителей»",
            "Школа-лидер Лицей № 1 (сетевая пара): у неё этот фактор не выявлен",
            "Школа-лидер Гимназия № 2 (муниципалитет): у неё этот фактор не выявлен",
        ],
    }


def test_a_factor_shows_three_practices_recommended_first_then_by_title(
    client, own, profile, factors, bank
):
    """Chosen by the database from a bank that holds more: drafts and restricted ones never."""
    staff = factors["defitsit-kadrov"]
    for title in ("Г: четвёртая", "В: третья", "Б: вторая"):
        PracticePageFactory(parent=bank, title=title, risk_factors=[staff])
    PracticePageFactory(
        parent=bank,
        title="Я: рекомендованная",
        risk_factors=[staff],
        expert_conclusion_date=datetime.date(2025, 3, 1),
    )
    PracticePageFactory(
        parent=bank, title="А: черновик", risk_factors=[staff], live=False, publish=False
    )
    private = PracticePageFactory(parent=bank, title="А: для своих", risk_factors=[staff])
    PageViewRestriction.objects.create(page=private, restriction_type="login")

    found = recommendations_of(client.get(section_of(own).url))

    assert found["Дефицит педагогических кадров — высокий уровень"][:3] == [
        "Практика «Я: рекомендованная» (рекомендована экспертами)",
        "Практика «Б: вторая»",
        "Практика «В: третья»",
    ]


def test_the_kept_ranking_follows_the_bank_and_the_profile(
    client, own, profile, factors, bank, settings
):
    """The practices ranked for the factors are kept by the bank's own state, not by the
    publication counter: without the page cache a newly published, unpublished or restricted
    practice and a newly urgent factor show on the next visit."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    staff, climate = factors["defitsit-kadrov"], factors["shkolnyy-klimat"]
    mentoring = PracticePageFactory(parent=bank, title="Б: наставничество", risk_factors=[staff])
    PracticePageFactory(parent=bank, title="Про климат", risk_factors=[climate])
    private = StandardPageFactory(parent=bank.get_parent(), title="Для методистов")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    url = section_of(own).url
    staff_heading = "Дефицит педагогических кадров — высокий уровень"
    climate_heading = "Неблагоприятный школьный климат — высокий уровень"
    assert recommendations_of(client.get(url)) == {staff_heading: ["Практика «Б: наставничество»"]}

    network = PracticePageFactory(parent=bank, title="А: сетевой учитель", risk_factors=[staff])
    assert recommendations_of(client.get(url))[staff_heading] == [
        "Практика «А: сетевой учитель»",
        "Практика «Б: наставничество»",
    ]

    mentoring.unpublish()
    assert recommendations_of(client.get(url))[staff_heading] == ["Практика «А: сетевой учитель»"]

    # Moved under a section for signed-in users: the bank's own state is the same, yet the
    # link goes.
    network.move(private, pos="last-child")
    assert staff_heading not in recommendations_of(client.get(url))
    network.move(bank, pos="last-child")
    assert staff_heading in recommendations_of(client.get(url))

    PageViewRestriction.objects.create(page=network, restriction_type="login")
    assert staff_heading not in recommendations_of(client.get(url))

    FactorAssessmentFactory(profile=profile, factor=climate, level="high")
    assert recommendations_of(client.get(url)) == {climate_heading: ["Практика «Про климат»"]}


def test_the_section_query_count_does_not_grow_with_factors_and_measures(
    client,
    own,
    profile,
    factors,
    candidates,
    seminars,
    weak_skill,
    bank,
    settings,
    django_assert_max_num_queries,
):
    """Nor with the practices, seminars and their audiences it recommends."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    url = section_of(own).url
    client.get(url)
    # Both counts include matching the events to the factors and ranking the practices anew:
    # the second request comes after new practices, so it does not find the ranking kept.
    page_cache.invalidate()
    cache.clear()
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for slug in ("dolya-ovz", "shkolnyy-klimat", "yazykovoy-barer"):
        FactorAssessmentFactory(profile=profile, factor=factors[slug])
        MeasureFactory.create_batch(3, profile=profile, factor=factors[slug])
        PracticePageFactory(parent=bank, risk_factors=[factors["defitsit-kadrov"]])
    calendar = EventIndexPage.objects.get()
    audience = Audience.objects.create(name="учителя физики", slug="fizika")
    for month in (5, 6, 7):
        EventPageFactory(
            parent=calendar,
            title="Кадры для сельских школ",
            start=moscow(2099, month, 1),
            audiences=[audience],
        )

    with django_assert_max_num_queries(len(few)):
        response = client.get(url)
    assert len(table_of(response)) == 1 + 2 + 3 * 3
    assert (
        len(recommendations_of(response)["Дефицит педагогических кадров — высокий уровень"])
        == 3 + 3 + 2
    )


def moscow(*args):
    return timezone.make_aware(datetime.datetime(*args))


@pytest.fixture
def seminars(home, own):
    """Upcoming: a regional webinar on motivation, a seminar on staff for the school's
    municipality, one for psychologists (its audience fits nothing) and one on motivation
    that is over."""
    calendar = EventIndexPageFactory(parent=home)
    EventPageFactory(
        parent=calendar, title="Вебинар: как поднять мотивацию к учёбе", start=moscow(2099, 3, 3)
    )
    EventPageFactory(
        parent=calendar,
        title="Резерв района",
        summary="Где найти кадры: наставники для молодых учителей.",
        start=moscow(2099, 4, 1),
        municipality=own.municipality,
    )
    psychologists = Audience.objects.create(name="педагоги-психологи", slug="psihologi")
    EventPageFactory(parent=calendar, title="Супервизия", audiences=[psychologists])
    EventPageFactory(
        parent=calendar,
        title="Мотивация: итоги прошлого года",
        start=timezone.now() - datetime.timedelta(days=30),
        end=timezone.now() - datetime.timedelta(days=29),
    )


def test_upcoming_seminars_whose_words_fit_a_factor_join_it(client, own, profile, seminars):
    found = recommendations_of(client.get(section_of(own).url))

    assert found == {
        "Дефицит педагогических кадров — высокий уровень": [
            "Мероприятие «Резерв района», 1 апреля 2099 (для школы и её муниципалитета)"
        ],
        "Низкая учебная мотивация обучающихся — средний уровень": [
            "Мероприятие «Вебинар: как поднять мотивацию к учёбе», 3 марта 2099"
        ],
    }


@pytest.fixture
def weak_skill(own):
    """Mathematics, grade 5, 2025: the school solved task 2 at 20 %, the region's other
    school at 80 %; task 1 alike in both (70 %)."""
    description = TaskDescriptionFactory(grade=5, first_year=2025, last_year=2025)
    DescribedTaskFactory(description=description, number=1, skill="Умение сравнивать числа")
    DescribedTaskFactory(description=description, number=2, skill="Умение решать задачи")
    for school, rates in ((own, (70, 20)), (SchoolFactory(), (70, 80))):
        result = ResultAggregate.objects.create(
            school=school,
            year=2025,
            procedure="VPR",
            subject=Subject.objects.get(name="Математика"),
            grade=5,
            participants=20,
        )
        TaskResult.objects.bulk_create(
            TaskResult(
                result=result,
                task=str(position),
                position=position,
                max_points=1,
                participants=20,
                points=20 * rate / 100,
                success_rate=rate,
            )
            for position, rate in enumerate(rates, start=1)
        )


def test_the_skills_to_improve_join_the_recommendations(client, own, profile, weak_skill):
    found = recommendations_of(client.get(section_of(own).url))

    assert found["Умения, которые стоит подтянуть"] == [
        "«Умение решать задачи» — Математика, 5 класс, 2025 год. В школе задание выполнено на "
        "20 %, по муниципалитету — на 20 %, по региону — на 50 %."
    ]


def test_the_kept_block_follows_each_thing_it_shows(
    client, own, profile, factors, bank, home, settings
):
    """The block's HTML is kept by the state of what it shows, not by the publication
    counter: without the page cache a new measure, a changed assessment, a new practice, a
    new seminar and a new leader school show on the next visit."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    staff, motivation = factors["defitsit-kadrov"], factors["uchebnaya-motivatsiya"]
    url = section_of(own).url
    staff_heading = "Дефицит педагогических кадров — высокий уровень"
    assert recommendations_of(client.get(url)) == {}

    MeasureFactory(profile=profile, factor=staff, action="Целевое обучение")
    assert "Целевое обучение" in str(table_of(client.get(url)))

    # Edited in the admin, which logs the edit.
    assessment = profile.assessments.get(factor=motivation)
    assessment.level = "low"
    assessment.save()
    log(profile, "wagtail.edit")
    assert [row[1] for row in table_of(client.get(url)) if row[0].startswith("Низкая")] == [
        "низкий"
    ]

    PracticePageFactory(parent=bank, title="Наставничество", risk_factors=[staff])
    assert recommendations_of(client.get(url)) == {staff_heading: ["Практика «Наставничество»"]}

    calendar = EventIndexPageFactory(parent=home)
    EventPageFactory(parent=calendar, title="Где найти кадры", start=moscow(2099, 4, 1))
    assert recommendations_of(client.get(url))[staff_heading][-1] == (
        "Мероприятие «Где найти кадры», 1 апреля 2099"
    )

    partner = SchoolFactory(short_name="Лицей № 1", municipality=own.municipality)
    FactorAssessmentFactory(
        profile=RiskProfileFactory(school=partner, state="confirmed"), factor=staff, level="none"
    )
    assert len(recommendations_of(client.get(url))[staff_heading]) == 2
    NetworkPairFactory(supported_school=own, leader_school=partner)
    assert recommendations_of(client.get(url))[staff_heading][-1] == (
        "Школа-лидер Лицей № 1 (сетевая пара): у неё этот фактор не выявлен"
    )
