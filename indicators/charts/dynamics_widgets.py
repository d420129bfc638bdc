"""The verdicts' HTML: each subject's verdict on a school page, and the ШНОР behind the region's
«доля ШНОР с положительной динамикой» with a link and a verdict each.

The statistics and the sentences are pure (``rules.dynamics``, ``rules.verdicts``) and run when
the data is prepared (``charts.prepared``, ``charts.blocks``); this module takes what they give
as plain rows, reads the school pages' addresses and renders the templates, without pandas.
"""

from dataclasses import dataclass
from itertools import groupby

from django.template.loader import render_to_string

from schools.models import SchoolPage
from site_cms import page_cache
from site_cms.low_vision import preferences_from_request

from ..rules.dynamics import NEGATIVE, POSITIVE, STABLE, method_from_settings
from ..rules.verdicts import LABELS
from . import prepared

# How a ШНОР counts in «5 из 11»: the numerator counts positive verdicts, the denominator
# every school with a comparison of enough participants.
COUNTED = {
    POSITIVE: "в числителе и знаменателе",
    STABLE: "в знаменателе",
    NEGATIVE: "в знаменателе",
}
NOT_COUNTED = "не учтена"
NO_YEAR_BEFORE = "нет результатов прошлого года"


def school_verdicts_widget(request, school):
    """The ``school_page_widgets`` hook: the school's verdicts, prepared from its results
    (``charts.prepared``) and kept like its result charts until the next publication."""
    low_vision = bool(preferences_from_request(request))
    method = method_from_settings()
    return page_cache.cached_while_published(
        f"school-verdicts:{school.pk}:{method.key}:{low_vision}",
        lambda: school_verdicts_html(prepared.for_request(request, school.pk), low_vision),
    )


def school_verdicts_html(data, low_vision=False):
    """Each subject's verdict from the school's prepared data; empty without results. No
    queries."""
    if not data or not data["verdicts"]:
        return ""
    return render_to_string(
        "indicators/includes/school_verdicts.html",
        {
            "verdicts": prepared.verdicts_from_json(data["verdicts"]),
            "method_note": data["method_note"],
            "low_vision": low_vision,
        },
    )


@dataclass(frozen=True)
class SchoolLine:
    name: str
    url: str
    verdict: str
    counted: str


@dataclass(frozen=True)
class YearSchools:
    """The ШНОР judged in one subject and year, and how many count in the region's share."""

    subject: str
    year: int
    numerator: int
    denominator: int
    schools: tuple[SchoolLine, ...]
    element_id: str
    latest: bool  # the subject's latest year: shown open


def shnor_schools_html(verdicts, id_prefix, request=None):
    """Per subject and year, newest first, the ШНОР of ``rules.dynamics.shnor_verdicts``'
    rows (dicts) with their pages' links and verdicts: which of them make «5 из 11».
    ``id_prefix`` keeps the tables' ids apart from another block's (the chart's id). Two
    queries."""
    if not verdicts:
        return ""
    urls = school_page_urls({int(row["school_code"]) for row in verdicts}, request)
    groups = []
    ordered = sorted(verdicts, key=lambda row: (row["subject"], -row["year"]))
    for index, ((subject, year), rows) in enumerate(
        groupby(ordered, key=lambda row: (row["subject"], row["year"])), start=1
    ):
        rows = list(rows)
        latest = not groups or groups[-1].subject != subject
        lines = sorted(
            (_line(row, urls) for row in rows),
            key=lambda line: (line.counted != COUNTED[POSITIVE], line.name),
        )
        groups.append(
            YearSchools(
                subject=subject,
                year=int(year),
                numerator=sum(row["status"] == POSITIVE for row in rows),
                denominator=sum(bool(row["sufficient"]) for row in rows),
                schools=tuple(lines),
                element_id=f"{id_prefix}-schools-{index}",
                latest=latest,
            )
        )
    return render_to_string("indicators/includes/shnor_dynamics_schools.html", {"groups": groups})


def _line(row, urls):
    if row["sufficient"]:
        verdict, counted = LABELS[row["status"]], COUNTED[row["status"]]
    else:
        verdict = LABELS[row["status"]] if row["compared"] else NO_YEAR_BEFORE
        counted = NOT_COUNTED
    return SchoolLine(row["school_name"], urls.get(int(row["school_code"]), ""), verdict, counted)


def school_page_urls(school_ids, request=None):
    """The addresses of the schools' live public pages, by school pk: the pages and the view
    restrictions, two queries."""
    pages = SchoolPage.objects.live().public().filter(school_id__in=school_ids)
    # Only what an address needs: a page's other fields (its body) cost more than the address.
    pages = pages.only("url_path", "school_id")
    return {page.school_id: page.get_url(request) for page in pages}
