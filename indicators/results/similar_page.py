"""The school page's «Сравнение с похожими школами» (hook ``school_page_widgets``): for each
subject of the school's latest ВПР, its failing share and mean against its group of similar
schools and the region, with a sentence, a chart and a table, and «Школы, похожие на эту».

Reads the database in a fixed number of queries, however many schools and works: the bands, the
contexts, the results' state and the similar schools' pages. The comparison, which reads the
latest year, that year's results of every school and the subjects' order, is kept by the
results' state and the group (``charts.prepared.kept``); the HTML is cached until anything
published changes.
"""

from dataclasses import dataclass

from django.db.models import Max
from django.template.loader import render_to_string
from django.utils.text import slugify

from curriculum.models import Subject
from schools.models import SchoolPage
from schools.similar import members, nearest
from schools.similar_queries import bands_from_settings, placements
from site_cms import page_cache
from site_cms.low_vision import preferences_from_request

from ..charts.prepared import kept, results_state
from ..models import ResultAggregate
from .privacy import public_minimum
from .queries import aggregates_frame
from .records import Procedure
from .similar import compare, works
from .similar_text import failing_chart, subject_sentence, table_row

# The similar schools the page links to.
PEERS_SHOWN = 5


@dataclass(frozen=True)
class SubjectSection:
    subject: str
    anchor: str
    sentence: str
    rows: tuple
    chart: object  # similar_text.Chart or None


@dataclass(frozen=True)
class Peer:
    name: str
    municipality: str
    pupils: int
    url: str


def latest_vpr_year(school):
    return ResultAggregate.objects.filter(school=school, procedure=Procedure.VPR).aggregate(
        Max("year")
    )["year__max"]


def subject_order(names):
    """The subjects' sort order by name. One query."""
    order = dict(Subject.objects.filter(name__in=names).values_list("name", "sort_order"))
    return sorted(names, key=lambda name: (order.get(name, 0), name))


def similar_context(request, school, low_vision=False):
    """The template's context, or None when the school has no ВПР results."""
    bands = bands_from_settings()
    placed = placements([school.pk], bands)
    own = placed[school.pk]
    group = members(placed)[own.group] if own.group is not None else []
    minimum = public_minimum()
    # What reads every school's results is kept by their state and the group compared with;
    # the similar schools' pages (their publication) are read on every drawing.
    computed = kept(
        "school-similar",
        (
            results_state(request),
            school.pk,
            own.group,
            group,
            minimum,
            bands.min_group_size,
            low_vision,
        ),
        lambda: _compared(school, group, minimum, bands.min_group_size, low_vision),
    )
    if computed is None:
        return None
    year, sections_html = computed
    context = {"year": year, "procedure": Procedure.VPR.label, "placement": own}
    if own.group is None:
        return context
    # Only what a link needs: the group's pages are many, five are shown.
    pages = {
        page.school_id: page
        for page in SchoolPage.objects.live()
        .public()
        .filter(school_id__in=group)
        .select_related("school__municipality")
        .only("url_path", "school__short_name", "school__municipality__name")
    }
    peers = [
        Peer(
            pages[pk].school.short_name,
            pages[pk].school.municipality.name,
            placed[pk].context.pupils,
            pages[pk].get_url(request),
        )
        for pk in nearest(placed, school.pk, pages, PEERS_SHOWN)
    ]
    context.update(
        group_size=len(group),
        min_group_size=bands.min_group_size,
        public_minimum=minimum,
        sections_html=sections_html,
        peers=peers,
    )
    return context


def _compared(school, group, minimum, min_group_size, low_vision):
    """(the school's latest ВПР year, the HTML of its subjects against ``group``); None without
    ВПР results. Reads that year's results of every school (pandas)."""
    year = latest_vpr_year(school)
    if year is None:
        return None
    if not group:
        return year, ""
    found = works(aggregates_frame(year=year, procedure=Procedure.VPR))
    comparisons = [
        item
        for work in found.values()
        if (
            item := compare(
                work,
                school.pk,
                group,
                own_minimum=minimum,
                peer_minimum=minimum,
                min_group_size=min_group_size,
            )
        )
    ]
    sections = []
    for subject in subject_order({item.subject for item in comparisons}):
        items = sorted(
            (item for item in comparisons if item.subject == subject), key=lambda i: i.grade
        )
        sections.append(
            SubjectSection(
                subject,
                f"similar-{slugify(subject, allow_unicode=True)}",
                subject_sentence(subject, items),
                tuple(map(table_row, items)),
                failing_chart(items),
            )
        )
    html = render_to_string(
        "indicators/similar/sections.html",
        {
            "year": year,
            "procedure": Procedure.VPR.label,
            "sections": sections,
            "low_vision": low_vision,
        },
    )
    return year, html


def similar_html(request, school, *, low_vision=False):
    context = similar_context(request, school, low_vision)
    if context is None:
        return ""
    return render_to_string("indicators/similar/school.html", context)


def school_similar(request, school):
    """The ``school_page_widgets`` hook."""
    low_vision = bool(preferences_from_request(request))
    # The comparison reads every school's results: it changes only with what makes pages stale
    # (an import, the context data, the bands).
    return page_cache.cached_while_published(
        f"school-similar:{school.pk}:{low_vision}",
        lambda: similar_html(request, school, low_vision=low_vision),
    )
