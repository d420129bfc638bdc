"""Demo programme indicators: the region's monitoring indicators 3.1–3.13 and a municipal set.

The definitions follow the monitoring section of a regional support programme and a city's
system of work with ШНОР, told in the demo's own words. Indicators the results answer are
computed from the demo results (``demo.indicators`` loads them first); the others get three
years of values typed by a coordinator. ``load_programmes`` runs from ``demo.indicators.load``
after the results and statuses, and can run again: it updates what it made before.
"""

from dataclasses import dataclass, field

from indicators.models import IndicatorValue, Programme, ProgrammeIndicator
from indicators.programme.computing import refresh_computed_values
from schools.models import Municipality

from . import timeline

REGION_SLUG = "programma-podderzhki-shnor"
CITY_SLUG = "kamensk-uralsky-sistema-shnor"
CITY = "Каменск-Уральский городской округ"

Computation = ProgrammeIndicator.Computation
COUNT = ProgrammeIndicator.Unit.COUNT
MUNICIPALITY = ProgrammeIndicator.Level.MUNICIPALITY


@dataclass(frozen=True)
class Spec:
    code: str
    name: str
    short_name: str
    target: float | None = None
    computation: str = ""
    higher_is_better: bool = True
    unit: str = ProgrammeIndicator.Unit.PERCENT
    level: str = ProgrammeIndicator.Level.REGION
    definition: str = ""
    values: dict = field(default_factory=dict)  # authored year (demo.timeline) → value


# The programmes' values run over the demo's three results years (demo.timeline); their targets
# are set for the school year after the latest values.
TARGET_YEAR = timeline.year(2025) + 1
PERIOD = f"{timeline.year(2023)}–{TARGET_YEAR}"
PROGRAMMES = {
    REGION_SLUG: {
        "title": "Программа поддержки школ с низкими образовательными результатами",
        "territory": "Регион",
        "period": PERIOD,
        "description": (
            "Раздел «Мониторинг» программы: по этим показателям институт и министерство видят, "
            "помогает ли поддержка школам с низкими результатами."
        ),
    },
    CITY_SLUG: {
        "title": "Муниципальная система работы со школами с низкими результатами обучения",
        "territory": CITY,
        "period": PERIOD,
        "description": (
            "Показатели городской системы работы со школами с низкими результатами обучения и "
            "школами, работающими в неблагоприятных социальных условиях."
        ),
    },
}

REGION_INDICATORS = [
    Spec(
        "3.1",
        "Доля школ с низкими образовательными результатами, включённых сетевыми партнёрами в "
        "программы и проекты школ с высокими результатами",
        "Доля ШНОР в сетевых парах со школами-лидерами",
        target=100,
        computation=Computation.NETWORK_SHARE,
        definition="По реестру сетевых пар: пара действовала хотя бы день учебного года.",
    ),
    Spec(
        "3.2",
        "Доля школ региона, в которых выстроена внутришкольная система профилактики учебной "
        "неуспешности",
        "Доля школ с системой профилактики неуспешности",
        target=100,
        definition="По отчётам школ о внутришкольной системе профилактики.",
        values={2023: 46, 2024: 68, 2025: 81},
    ),
    Spec(
        "3.3",
        "Доля слабоуспевающих и неуспевающих обучающихся, для которых составлен "
        "индивидуальный образовательный маршрут",
        "Доля неуспевающих учеников с ИОМ",
        target=100,
        values={2023: 58, 2024: 79, 2025: 92},
    ),
    Spec(
        "3.4",
        "Доля неуспевающих обучающихся, которые посещают дополнительные занятия, чтобы "
        "ликвидировать отставание",
        "Доля неуспевающих на дополнительных занятиях",
        target=100,
        values={2023: 71, 2024: 84, 2025: 90},
    ),
    Spec(
        "3.5",
        "Доля школ, где не менее 30 % участников не преодолели минимальный порог по русскому "
        "языку или математике в двух процедурах одного года или два года подряд в одной",
        "Доля школ, отвечающих критерию ШНОР",
        computation=Computation.SHNOR_SHARE,
        higher_is_better=False,
    ),
    Spec(
        "3.6",
        "Доля ШНОР, показавших положительную динамику результатов по русскому языку и "
        "математике (ВПР, ОГЭ, ЕГЭ)",
        "Доля ШНОР с положительной динамикой",
        target=50,
        computation=Computation.POSITIVE_DYNAMICS,
    ),
    Spec(
        "3.7",
        "Доля обучающихся, подтвердивших текущую успеваемость результатами оценочных процедур",
        "Доля подтвердивших отметку на ВПР",
        target=100,
        computation=Computation.CONFIRMED_SHARE,
    ),
    Spec(
        "3.8",
        "Доля школ региона, в которых выявлены риски снижения образовательных результатов",
        "Доля школ с рисками снижения результатов",
        higher_is_better=False,
        values={2023: 24, 2024: 21, 2025: 17},
    ),
    Spec(
        "3.9",
        "Доля школ, в которых не организована профилактика рисков снижения образовательных "
        "результатов",
        "Доля школ без профилактики рисков",
        target=0,
        higher_is_better=False,
        values={2023: 18, 2024: 11, 2025: 6},
    ),
    Spec(
        "3.10",
        "Доля школ региона, в которых выявлены ресурсные дефициты",
        "Доля школ с ресурсными дефицитами",
        higher_is_better=False,
        values={2023: 31, 2024: 27, 2025: 22},
    ),
    Spec(
        "3.11",
        "Доля ШНОР, показавших положительную динамику результатов по русскому языку и "
        "математике по итогам ВПР",
        "Доля ШНОР с положительной динамикой на ВПР",
        target=50,
        computation=Computation.POSITIVE_DYNAMICS_VPR,
    ),
    Spec(
        "3.12",
        "Доля ШНОР, управленческие команды которых прошли стажировку по управлению качеством "
        "образования",
        "Доля ШНОР, прошедших стажировку управленческих команд",
        target=100,
        values={2024: 45, 2025: 80},
    ),
    Spec(
        "3.13",
        "Доля ШНОР, педагоги которых прошли повышение квалификации по профилактике учебной "
        "неуспешности",
        "Доля ШНОР с обученными педагогами",
        target=100,
        values={2024: 60, 2025: 85},
    ),
]

CITY_INDICATORS = [
    Spec(
        "1",
        "Доля ШНОР и ШНСУ, ежегодно показывающих положительную динамику образовательных "
        "результатов",
        "Доля ШНОР и ШНСУ с положительной динамикой",
        target=60,
        level=MUNICIPALITY,
        values={2023: 33.3, 2024: 50, 2025: 66.7},
    ),
    Spec(
        "2",
        "Доля педагогов ШНОР и ШНСУ, прошедших диагностику профессиональных дефицитов",
        "Доля педагогов ШНОР, прошедших диагностику",
        target=100,
        level=MUNICIPALITY,
        values={2023: 40, 2024: 72, 2025: 95},
    ),
    Spec(
        "3",
        "Количество ШНОР и ШНСУ, охваченных методическим сопровождением центра",
        "Количество ШНОР с методическим сопровождением",
        target=6,
        unit=COUNT,
        level=MUNICIPALITY,
        values={2023: 3, 2024: 5, 2025: 6},
    ),
    Spec(
        "4",
        "Количество ШНОР и ШНСУ, вовлечённых в сетевое взаимодействие со школами-лидерами",
        "Количество ШНОР в сетевом взаимодействии",
        target=6,
        unit=COUNT,
        level=MUNICIPALITY,
        values={2023: 2, 2024: 4, 2025: 5},
    ),
    Spec(
        "5",
        "Количество ШНОР и ШНСУ, получивших адресную методическую помощь",
        "Количество ШНОР с адресной помощью",
        unit=COUNT,
        level=MUNICIPALITY,
        values={2023: 4, 2024: 6, 2025: 6},
    ),
    Spec(
        "6",
        "Количество ШНОР и ШНСУ, участвовавших в круглых столах и семинарах города и региона",
        "Количество ШНОР на семинарах",
        unit=COUNT,
        level=MUNICIPALITY,
        values={2023: 3, 2024: 6, 2025: 6},
    ),
]


def load_programmes():
    """The demo programmes, their indicators and values; returns the indicators by
    (programme slug, code) and the number of computed values."""
    programmes = {
        slug: Programme.objects.update_or_create(slug=slug, defaults=fields)[0]
        for slug, fields in PROGRAMMES.items()
    }
    city = Municipality.objects.get(name=CITY)
    indicators = {}
    values = []
    for slug, specs, municipality in (
        (REGION_SLUG, REGION_INDICATORS, None),
        (CITY_SLUG, CITY_INDICATORS, city),
    ):
        for order, spec in enumerate(specs):
            indicator = _indicator(programmes[slug], spec, order)
            indicators[slug, spec.code] = indicator
            values += [
                IndicatorValue(
                    indicator=indicator,
                    year=timeline.year(year),
                    municipality=municipality,
                    value=value,
                    source=IndicatorValue.Source.ENTERED,
                )
                for year, value in spec.values.items()
            ]
    # All the programmes' values are the demo's: a load on an earlier day had other years.
    IndicatorValue.objects.filter(indicator__programme__in=programmes.values()).delete()
    IndicatorValue.objects.bulk_create(values)
    return indicators, refresh_computed_values()


def _indicator(programme, spec, order):
    indicator, _ = ProgrammeIndicator.objects.update_or_create(
        programme=programme,
        code=spec.code,
        defaults={
            "name": spec.name,
            "short_name": spec.short_name,
            "unit": spec.unit,
            "level": spec.level,
            "target": spec.target,
            "target_year": TARGET_YEAR if spec.target is not None else None,
            "higher_is_better": spec.higher_is_better,
            "computation": spec.computation,
            "definition": spec.definition,
            "sort_order": order,
        },
    )
    return indicator
