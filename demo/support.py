"""Demo risk profiles and measures of the demo schools (``support``).

``load`` runs from ``manage.py load_demo`` after ``demo.schools`` and ``demo.practices``. Each
school with a status gets a profile for the school year running on the load day, drawn from its
section's theme (``demo.schools`` THEMES): the factors behind the theme's anti-risk programme at
«высокий» or «средний», the resource deficits that go with them and measures per urgent factor,
named by roles. Leader schools' profiles clear every factor, so they are recommended to the others.
Every profile is confirmed by the demo coordinator except two, left «на проверке» and
«черновик» to show the states on the map. It can run again: the profiles are rebuilt.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from practices.models import RiskFactor
from schools.models import SchoolCode
from site_cms import page_cache
from support.models import FactorAssessment, Level, Measure, MeasureStatus, RiskProfile, State

from . import timeline
from .schools import LEADER, SCHOOLS

COORDINATOR = "coordinator"
REVIEW_SCHOOL = "470105"  # its editors sent it for review: on the map, not yet on its page
DRAFT_SCHOOL = "660303"


@dataclass(frozen=True)
class Profile:
    levels: dict  # factor slug → level
    deficits: dict  # kind → note
    measures: list  # (factor slug, what, who)


H, M, L = Level.HIGH, Level.MEDIUM, Level.LOW
THEMES = {
    "math": Profile(
        {"kompetentnost-pedagogov": H, "riski-neuspeshnosti": M, "uchebnaya-motivatsiya": L},
        {"methodical": "Нет методического объединения учителей математики"},
        [
            (
                "kompetentnost-pedagogov",
                "Курсы по методике преподавания математики",
                "заместитель директора по УВР",
            ),
            (
                "kompetentnost-pedagogov",
                "Взаимопосещение уроков со школой-лидером",
                "руководитель ШМО",
            ),
            (
                "riski-neuspeshnosti",
                "Индивидуальные маршруты для отстающих в 5–6 классах",
                "учителя математики",
            ),
        ],
    ),
    "reading": Profile(
        {"riski-neuspeshnosti": H, "uchebnaya-motivatsiya": M, "yazykovoy-barer": L},
        {"information": "Школьная библиотека без электронного каталога и подписки"},
        [
            (
                "riski-neuspeshnosti",
                "Ежедневные 15 минут смыслового чтения",
                "учителя начальных классов",
            ),
            ("uchebnaya-motivatsiya", "Читательский клуб для 5–7 классов", "педагог-библиотекарь"),
        ],
    ),
    "distance": Profile(
        {"defitsit-kadrov": H, "nizkaya-osnashchennost": M},
        {
            "staffing": "Вакансии учителей физики и английского языка",
            "equipment": "Нет оборудованного кабинета для уроков по ВКС",
        },
        [
            ("defitsit-kadrov", "Уроки физики с сетевым учителем школы-лидера по ВКС", "директор"),
            (
                "nizkaya-osnashchennost",
                "Оснащение кабинета для дистанционных уроков",
                "заместитель директора по АХЧ",
            ),
        ],
    ),
    "objectivity": Profile(
        {"kompetentnost-pedagogov": M, "shkolnyy-klimat": L},
        {"methodical": "Нет единых критериев оценивания письменных работ"},
        [
            (
                "kompetentnost-pedagogov",
                "Семинар по единым критериям оценивания",
                "заместитель директора по УВР",
            ),
        ],
    ),
    "parents": Profile(
        {"vovlechennost-roditeley": H, "uchebnaya-motivatsiya": M},
        {},
        [
            (
                "vovlechennost-roditeley",
                "Родительский университет: встречи раз в четверть",
                "социальный педагог",
            ),
            (
                "uchebnaya-motivatsiya",
                "Проектная неделя с участием родителей",
                "классные руководители",
            ),
        ],
    ),
    "support": Profile(
        {"riski-neuspeshnosti": H, "dolya-ovz": M, "defitsit-kadrov": M},
        {"staffing": "Нет педагога-психолога и учителя-логопеда"},
        [
            (
                "riski-neuspeshnosti",
                "Психолого-педагогический консилиум по итогам четверти",
                "педагог-психолог",
            ),
            (
                "dolya-ovz",
                "Адаптированные программы для обучающихся с ОВЗ",
                "заместитель директора по УВР",
            ),
        ],
    ),
    "monitoring": Profile(
        {"riski-neuspeshnosti": M, "uchebnaya-motivatsiya": L},
        {},
        [("riski-neuspeshnosti", "Входная диагностика в 5 классах", "руководитель ШМО")],
    ),
}
# A leader school clears every factor: none is found in its self-diagnosis.
CLEAR = Profile({}, {}, [])


def load(stdout):
    factors = {factor.slug: factor for factor in RiskFactor.objects.all()}
    coordinator = get_user_model().objects.filter(username=COORDINATOR).first()
    today = timezone.localdate()
    schools = {code.number: code.school for code in SchoolCode.objects.select_related("school")}
    count = 0
    with transaction.atomic(), page_cache.invalidated_once():
        # A load on an earlier day made the profiles of another school year.
        demo_schools = [schools[spec.number] for spec in SCHOOLS if spec.number in schools]
        RiskProfile.objects.filter(school__in=demo_schools).exclude(
            school_year=timeline.SCHOOL_YEAR
        ).delete()
        for spec in SCHOOLS:
            school = schools.get(spec.number)
            if school is None or not spec.statuses:
                continue
            year = timeline.SCHOOL_YEAR
            leader = any(status["status"] == LEADER for status in spec.statuses)
            plan = CLEAR if leader else THEMES.get(spec.theme)
            if plan is None:
                continue
            state = {REVIEW_SCHOOL: State.REVIEW, DRAFT_SCHOOL: State.DRAFT}.get(
                spec.number, State.CONFIRMED
            )
            pupils = spec.context.get("pupils", 300)
            save_profile(school, year, plan, state, pupils, factors, coordinator, today)
            count += 1
    stdout.write(f"Рисковые профили школ: {count}")


def save_profile(school, year, plan, state, pupils, factors, coordinator, today):
    teachers = max(8, pupils // 9)
    diagnosed = teachers * 2 // 3
    with_deficits = diagnosed // 2
    profile, _ = RiskProfile.objects.update_or_create(
        school=school,
        school_year=year,
        defaults={
            "state": state,
            "confirmed_by": coordinator if state == State.CONFIRMED else None,
            # Confirmed in the autumn of the profile's school year, before its measures start
            # (or on the load day, early in September).
            "confirmed_at": (
                min(timezone.make_aware(datetime.datetime(year, 9, 25, 12)), timezone.now())
                if state == State.CONFIRMED
                else None
            ),
            "teachers_total": teachers,
            "teachers_diagnosed": diagnosed,
            "teachers_with_deficits": with_deficits,
            "teachers_on_route": max(0, with_deficits - 1),
            **{name: plan.deficits.get(kind, "") for kind, name in RiskProfile.DEFICIT_FIELDS},
        },
    )
    profile.assessments.all().delete()
    profile.measures.all().delete()
    levels = plan.levels or dict.fromkeys(factors, Level.NONE)
    FactorAssessment.objects.bulk_create(
        FactorAssessment(
            profile=profile,
            factor=factors[slug],
            level=level,
            source="coordinator" if level == Level.NONE else "self",
            basis="" if level == Level.NONE else "Самодиагностика школы и результаты ВПР",
            sort_order=index,
        )
        for index, (slug, level) in enumerate(levels.items())
    )
    starts = datetime.date(year, 10, 1)
    Measure.objects.bulk_create(
        Measure(
            profile=profile,
            factor=factors[slug],
            action=action,
            responsible=responsible,
            starts_on=starts,
            ends_on=datetime.date(year + 1, 5, 31),
            status=measure_status(starts, datetime.date(year + 1, 5, 31), today),
            sort_order=index,
        )
        for index, (slug, action, responsible) in enumerate(plan.measures)
    )
    if profile.latest_revision_id is None:
        profile.save_revision(user=coordinator)


def measure_status(starts, ends, today):
    if ends < today:
        return MeasureStatus.DONE
    return MeasureStatus.RUNNING if starts <= today else MeasureStatus.PLANNED
