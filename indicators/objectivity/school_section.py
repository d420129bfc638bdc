"""The school page's «Объективность оценивания»: for each ВПР work of the school's latest year
with marks compared, the shares of pupils whose ВПР mark is below, equal to or above their
journal mark, against the region's, as a chart and its table, with the signals worded as signals.

Two queries, however many works: the school's results and the region's counts of that year.
Under the public minimum of pupils compared (``results.privacy``) a work shows no shares and no
signal.
"""

from dataclasses import dataclass

from django.template.loader import render_to_string

from site_cms import page_cache
from site_cms.low_vision import preferences_from_request
from site_cms.templatetags.russian_tags import ru_plural

from ..charts.prepared import kept, results_state
from ..charts.svg import ChartData, ChartKind, Series, render
from ..results.privacy import HIDDEN, public_minimum, shows_shares
from ..results.queries import aggregates_frame
from ..results.records import Procedure
from ..rules.objectivity import (
    COUNTS,
    region_objectivity,
    school_signals,
    thresholds_from_settings,
)
from ..rules.sentences import PERCENT
from .queries import region_counts, subject_orders
from .wording import percent, signal_sentences

LABELS = ["Ниже журнальной", "Совпала с журнальной", "Выше журнальной"]
PUPILS = "ученика,учеников,учеников"  # genitive: «у 21 ученика», «у 5 учеников»


@dataclass(frozen=True)
class WorkSection:
    title: str
    anchor: str
    compared: str  # whose marks were compared, in words
    shown: bool  # enough pupils compared to show shares publicly
    signals: tuple[str, ...]
    chart: ChartData | None
    svg: str


def chart_data(row, title):
    """The school's three shares against the region's, with a sentence giving them all."""
    shares = [row.share_lowered, row.share_confirmed, row.share_raised]
    region = [row.region_share_lowered, row.region_share_confirmed, row.region_share_raised]
    summary = (
        f"{title}: отметка за ВПР совпала с журнальной у {percent(shares[1])} учеников "
        f"(по региону — у {percent(region[1])}), ниже журнальной — у {percent(shares[0])} "
        f"({percent(region[0])}), выше — у {percent(shares[2])} ({percent(region[2])})."
    )
    return ChartData(
        f"Отметки за ВПР и в журнале: {title}",
        [
            Series("Школа", list(zip(LABELS, shares, strict=True))),
            Series("Регион", list(zip(LABELS, region, strict=True))),
        ],
        PERCENT,
        summary,
        label_heading="Отметка за ВПР",
    )


def compared_text(row, shown):
    compared, participants = int(row.compared), int(row.participants)
    if not shown:
        return f"Отметки сравнены у {compared} {ru_plural(compared, PUPILS)}: {HIDDEN}."
    whose = f"{compared} {ru_plural(compared, PUPILS)}"
    if compared == participants:
        return f"Сравнены отметки всех {whose}, писавших работу."
    return (
        f"Сравнены отметки {whose} из {participants}, писавших работу: у остальных нет "
        "отметки в журнале."
    )


def work_sections(table, orders, thresholds, public_min, low_vision=False):
    """[WorkSection] of ``school_signals``' table (one school, one year), subjects in their
    order (``orders``: {subject: sort order}), then grades."""
    rows = sorted(
        table.itertuples(index=False),
        key=lambda row: (orders.get(row.subject, 0), row.subject, row.grade),
    )
    sections = []
    for number, row in enumerate(rows, start=1):
        title = f"{row.subject}, {row.grade} класс"
        # The shares are of the pupils compared: they are the result's number here.
        shown = shows_shares(row.compared, public_min)
        chart = chart_data(row, title) if shown else None
        sections.append(
            WorkSection(
                title=title,
                anchor=f"obektivnost-{number}",
                compared=compared_text(row, shown),
                shown=shown,
                signals=signal_sentences(row, thresholds) if shown else (),
                chart=chart,
                svg=render(ChartKind.BAR, chart, low_vision=low_vision) if chart else "",
            )
        )
    return sections


def school_objectivity_html(school, *, low_vision=False):
    """The section's HTML; "" when no ВПР mark of the school was compared with the journal."""
    own = aggregates_frame(school_id=school.pk, procedure=Procedure.VPR)
    own = own[own[COUNTS].sum(axis=1) > 0]
    if own.empty:
        return ""
    year = int(own["year"].max())
    region = region_counts(year=year)
    thresholds = thresholds_from_settings()
    table = school_signals(own[own["year"] == year], region_objectivity(region), thresholds)
    public_min = public_minimum()
    return render_to_string(
        "indicators/objectivity/school_section.html",
        {
            "sections": work_sections(
                table, subject_orders(region), thresholds, public_min, low_vision
            ),
            "year": year,
            "raised": percent(thresholds.raised),
            "lowered": percent(thresholds.lowered),
            "min_compared": thresholds.min_compared,
            "public_min": public_min,
            "low_vision": low_vision,
        },
    )


def school_objectivity(request, school):
    """The ``school_page_widgets`` hook: kept until the next publication, as the result charts
    are, and by the results' state (it reads the region's results of the year, in pandas): a
    drawing after a publication only reads it."""
    low_vision = bool(preferences_from_request(request))
    return page_cache.cached_while_published(
        f"school-objectivity:{school.pk}:{low_vision}",
        lambda: kept(
            "school-objectivity",
            (
                results_state(request),
                school.pk,
                thresholds_from_settings(),
                public_minimum(),
                low_vision,
            ),
            lambda: school_objectivity_html(school, low_vision=low_vision),
        ),
    )
