"""The demo «Показатели» page: the shell's text about the indicators, then result charts.

``body`` returns the StreamField value as a list of stored blocks, so more blocks can be added
to it. The chart blocks read the demo results when the page is shown.
"""

import hashlib
import uuid

from schools.models import Municipality
from site_cms.demo import content as c
from site_cms.demo import stream as s

from . import demo_programme as p
from . import demo_results as r
from .records import Procedure

INTRO = (
    "Как понять, помогает ли поддержка школам с низкими результатами: какие показатели "
    "считаются, откуда берутся данные и что показывают результаты ВПР демонстрационных школ "
    f"за {r.YEARS[0]}–{r.YEARS[-1]} годы."
)
RESULTS_HEADING = "Результаты в цифрах"
RESULTS_LEAD = (
    "Графики ниже строятся по результатам оценочных процедур, загруженным на портал, и "
    "обновляются после каждой загрузки. Под каждым графиком — таблица с теми же числами. "
    "Результаты демонстрационных школ вымышлены."
)
DYNAMICS_HEADING = "Сколько ШНОР улучшили результаты ВПР"
TABLE_YEAR = r.YEARS[-1]
TABLE_GRADE = 4
TABLE_HEADING = f"Результаты ВПР по математике в {TABLE_GRADE} классе, {TABLE_YEAR} год"
SCHOOL_HEADING = "Пример школы: результаты ВПР по математике"


def _block(block_type, value):
    """A stream block with an id derived from its content, as site_cms.demo.stream makes them."""
    digest = hashlib.sha1(f"{block_type}:{value!r}".encode()).hexdigest()
    return {"type": block_type, "value": value, "id": str(uuid.UUID(digest[:32]))}


def shell_text():
    """The text the site shell's demo had on «Показатели»: definitions, sources, methods."""
    return [
        s.paragraph(c.INDICATORS_LEAD),
        s.heading(c.INDICATORS_DEFINITION_HEADING),
        s.paragraph(c.INDICATORS_DEFINITION),
        s.callout(c.INDICATORS_RULES, title=c.INDICATORS_RULES_TITLE),
        s.heading("Показатели"),
        s.table(c.INDICATORS_TABLE, c.INDICATORS_TABLE_CAPTION),
        s.heading("Источники данных"),
        s.bullets(c.INDICATORS_SOURCES),
        s.heading("Методы и анализ"),
        s.paragraph(c.INDICATORS_METHODS),
        s.callout(c.INDICATORS_RECOMMENDATIONS, title=c.INDICATORS_RECOMMENDATIONS_TITLE),
        s.heading("Сетевые сообщества"),
        s.bullets(c.INDICATORS_NETWORKS),
    ]


def charts(mathematics, russian, school_page):
    """The result blocks: ШНОР dynamics, a results table, one school's results."""
    vpr = Procedure.VPR.value
    return [
        s.heading(RESULTS_HEADING),
        s.paragraph(RESULTS_LEAD),
        _block(
            "shnor_dynamics",
            {
                "heading": DYNAMICS_HEADING,
                "procedure": vpr,
                "subjects": [mathematics.pk, russian.pk],
                "year_from": None,
                "year_to": None,
            },
        ),
        _block(
            "results_table",
            {
                "heading": TABLE_HEADING,
                "year": TABLE_YEAR,
                "procedure": vpr,
                "subject": mathematics.pk,
                "grade": TABLE_GRADE,
                "municipality": "",
            },
        ),
        _block(
            "school_results",
            {
                "heading": SCHOOL_HEADING,
                "school_page": school_page.pk,
                "procedure": vpr,
                "subject": mathematics.pk,
                "grade": None,
            },
        ),
    ]


PROGRAMME_HEADING = "Показатели программы и цели"
PROGRAMME_LEAD = (
    "Значения показателей раздела «Мониторинг» программы поддержки: одни вносят координаторы, "
    "другие портал считает сам по загруженным результатам и статусам школ. Пунктирная линия — "
    "цель на 2025 год."
)
# (programme slug, indicator code): computed ones first, then those a coordinator enters.
PROGRAMME_INDICATORS = [
    (p.REGION_SLUG, "3.6"),
    (p.REGION_SLUG, "3.1"),
    (p.REGION_SLUG, "3.7"),
    (p.REGION_SLUG, "3.3"),
    (p.REGION_SLUG, "3.9"),
]
CITY_HEADING = f"Муниципальная система: {p.CITY}"
CITY_INDICATORS = [(p.CITY_SLUG, "1"), (p.CITY_SLUG, "3")]


def programme_charts(indicators, municipality):
    """«Показатель и цель» blocks: the region's indicators, then the city's for ``municipality``."""

    def target(key, municipality_pk=""):
        return _block(
            "indicator_target",
            {"heading": "", "indicator": str(indicators[key].pk), "municipality": municipality_pk},
        )

    return [
        s.heading(PROGRAMME_HEADING),
        s.paragraph(PROGRAMME_LEAD),
        *(target(key) for key in PROGRAMME_INDICATORS),
        s.heading(CITY_HEADING),
        *(target(key, str(municipality.pk)) for key in CITY_INDICATORS),
    ]


def body(mathematics, russian, school_page, indicators):
    return [
        *shell_text(),
        *charts(mathematics, russian, school_page),
        *programme_charts(indicators, Municipality.objects.get(name=p.CITY)),
    ]
