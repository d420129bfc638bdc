"""The demo «Показатели» page: the shell's text about the indicators, then the result charts by
subject and the programme indicators by programme.

``body`` returns the StreamField value as a list of stored blocks, so more blocks can be added
to it. Every h2 heading opens a section of the page's contents list; the chart blocks read the
demo results when the page is shown, and each programme's table of all its indicators appears
before its first «Показатель и цель» chart.
"""

from indicators.results.records import Procedure
from schools.models import Municipality

from . import indicators_programme as p
from . import indicators_results as r
from . import stream as s
from .site import TEXT as SITE

INTRO = (
    "Как понять, помогает ли поддержка школам с низкими результатами: какие показатели "
    "считаются, откуда берутся данные и что показывают результаты ВПР демонстрационных школ "
    f"за {r.YEARS[0]}–{r.YEARS[-1]} годы."
)
RESULTS_HEADING = "Результаты в цифрах"
RESULTS_LEAD = (
    "Графики ниже строятся по результатам оценочных процедур, загруженным на портал, и "
    "обновляются после каждой загрузки; они собраны по предметам, а показатели программ — по "
    "программам. Под каждым графиком — таблица с теми же числами. Результаты демонстрационных "
    "школ вымышлены."
)
TABLE_YEAR = r.YEARS[-1]
TABLE_GRADE = 4


def shell_text():
    """The text the site shell's demo had on «Показатели»: definitions, sources, methods."""
    return [
        s.paragraph(SITE["indicators"]["lead"]),
        s.heading(SITE["indicators"]["definition_heading"]),
        s.paragraph(SITE["indicators"]["definition"]),
        s.callout(SITE["indicators"]["rules"], title=SITE["indicators"]["rules_title"]),
        s.heading("Показатели"),
        s.table(SITE["indicators"]["table"], SITE["indicators"]["table_caption"]),
        s.heading("Источники данных"),
        s.bullets(SITE["indicators"]["sources"]),
        s.heading("Методы и анализ"),
        s.paragraph(SITE["indicators"]["methods"]),
        s.callout(
            SITE["indicators"]["recommendations"], title=SITE["indicators"]["recommendations_title"]
        ),
        s.heading("Сетевые сообщества"),
        s.bullets(SITE["indicators"]["networks"]),
    ]


def subject_charts(subject, school_page):
    """A subject's section: how many ШНОР improved, the schools' results of one work and one
    school's results."""
    vpr = Procedure.VPR.value
    phrase = f"по {subject.dative}"
    return [
        s.heading(f"{subject.name}: результаты ВПР"),
        s.block(
            "shnor_dynamics",
            {
                "heading": f"Сколько ШНОР улучшили результаты ВПР {phrase}",
                "procedure": vpr,
                "subjects": [subject.pk],
                "year_from": None,
                "year_to": None,
            },
        ),
        s.block(
            "results_table",
            {
                "heading": f"Результаты ВПР {phrase} в {TABLE_GRADE} классе, {TABLE_YEAR} год",
                "year": TABLE_YEAR,
                "procedure": vpr,
                "subject": subject.pk,
                "grade": TABLE_GRADE,
                "municipality": "",
            },
        ),
        s.block(
            "school_results",
            {
                "heading": f"Пример школы: результаты ВПР {phrase}",
                "school_page": school_page.pk,
                "procedure": vpr,
                "subject": subject.pk,
                "grade": None,
            },
        ),
    ]


def charts(mathematics, russian, school_page):
    """The result blocks, a section per subject."""
    return [
        s.heading(RESULTS_HEADING),
        s.paragraph(RESULTS_LEAD),
        *subject_charts(mathematics, school_page),
        *subject_charts(russian, school_page),
    ]


PROGRAMME_HEADING = "Показатели программы и цели"
PROGRAMME_LEAD = (
    "Значения показателей раздела «Мониторинг» программы поддержки: одни вносят координаторы, "
    "другие портал считает сам по загруженным результатам и статусам школ. В таблице — все "
    "показатели программы, ниже — графики главных из них; пунктирная линия — цель на "
    f"{p.TARGET_YEAR} год. "
    "Надпись над графиком говорит, хватает ли нынешнего темпа, чтобы достичь цели в срок."
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
    """«Показатель и цель» blocks: the region's indicators, then the city's for ``municipality``,
    a section per programme."""

    def target(key, municipality_pk=""):
        return s.block(
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
