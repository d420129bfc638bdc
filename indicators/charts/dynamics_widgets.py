"""The verdicts' HTML: each subject's verdict on a school page, and the ШНОР behind the region's
«доля ШНОР с положительной динамикой» with a link and a verdict each.

The statistics and the sentences are pure (``rules.dynamics``, ``rules.verdicts``) and run when
the data is prepared (``charts.prepared``, ``charts.blocks``); this module takes what they give
as plain rows, reads the school pages' addresses and renders the templates, without pandas.
"""

from dataclasses import dataclass
from itertools import groupby

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from django.template.loader import render_to_string
from wagtail.models import Page, PageViewRestriction

from schools.models import SchoolPage, SchoolStatus

from ..rules.dynamics import NEGATIVE, POSITIVE, STABLE
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


def shnor_schools_html(verdicts, id_prefix, urls):
    """Per subject and year, newest first, the ШНОР of ``rules.dynamics.shnor_verdicts``'
    rows (dicts) with their pages' links (``urls`` by school pk) and verdicts: which of them
    make «5 из 11». ``id_prefix`` keeps the tables' ids apart from another block's (the
    chart's id). No queries."""
    if not verdicts:
        return ""
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


def shnor_by_year(request):
    """{results year: the pks (as text) of the schools that were ШНОР in the school year that
    ended with its spring}, read once for all the page's «Динамика ШНОР» blocks: one query."""
    memo = request.__dict__ if request is not None else {}
    if "_shnor_by_year" not in memo:
        statuses = SchoolStatus.objects.filter(status=SchoolStatus.Status.LOW_RESULTS)
        shnor = {}
        for school_year, school in statuses.values_list("school_year", "school_id"):
            shnor.setdefault(school_year + 1, []).append(str(school))
        memo["_shnor_by_year"] = shnor
    return memo["_shnor_by_year"]


def school_page_paths(request, school_ids):
    """(school pk, page path) of the schools' live public pages: what their addresses depend
    on, read once for all the page's «Динамика ШНОР» blocks, as rows, not pages. One query: a
    page is public when no view restriction is on it or on an ancestor (a path prefix)."""
    memo = request.__dict__.setdefault("_shnor_page_paths", {}) if request is not None else {}
    ids = frozenset(school_ids)
    if ids not in memo:
        restricted = PageViewRestriction.objects.filter(
            page__path=Substr(OuterRef("path"), 1, Length("page__path"))
        )
        pages = SchoolPage.objects.live().filter(school_id__in=ids).exclude(Exists(restricted))
        memo[ids] = list(pages.order_by("school_id", "pk").values_list("school_id", "url_path"))
    return memo[ids]


def page_urls(paths, request=None):
    """{school pk: address} of ``school_page_paths``' rows. No queries: an address depends
    only on the page's path and the sites (kept by Wagtail), so a page is not read for it."""
    return {school_id: Page(url_path=url_path).get_url(request) for school_id, url_path in paths}
