"""The search page's state and what it shows: parsed from the URL, turned into the backend's
request, and the backend's response turned into tabs, facets and pages.

Everything lives in the URL (``q``, ``tab`` — the kind of results, the practice facets, ``page``;
``kind`` is the practices' facet, as in the bank's URLs), so a search can be
bookmarked and works without JavaScript. Anything the URL may hold is accepted: unknown kinds
and facet values are ignored, page numbers are clamped, the query is cut to ``MAX_QUERY``.
"""

import math
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings

from practices.facets import FACETS_BY_KEY, SLUG, TERM_ORDER
from practices.models import Kind as PracticeKind
from site_cms import page_cache
from site_cms.facets import FacetValue, facet_values

from . import text
from .backends import get_backend
from .backends.base import PRACTICE_FACETS, Kind, SearchRequest

MAX_QUERY = 200
PER_PAGE = 10
# Deeper pages are clamped: nobody reads a hundred pages, and each costs a longer OFFSET.
MAX_PAGE = 100


@dataclass(frozen=True)
class SearchState:
    query: str = ""
    kind: str | None = None
    facets: dict = field(default_factory=dict)  # facet → tuple of values
    page: int = 1

    def request(self):
        return SearchRequest(
            query=self.query,
            kind=self.kind,
            facets={name: list(values) for name, values in self.facets.items() if values},
            page=self.page,
            per_page=PER_PAGE,
        )

    def response(self):
        """The backend's answer, kept until the next publication (the page cache's rule) for at
        most ``SEARCH_RESULTS_CACHE_SECONDS``.

        Kept by the query's words, so the same search typed in another case, with «ё» or
        with extra spaces and punctuation, or with other parameters in the URL, is answered
        without searching again.
        """
        facets = sorted((name, sorted(values)) for name, values in self.facets.items())
        name = f"search:{text.query_words(self.query)}:{self.kind}:{facets}:{self.page}"
        return page_cache.cached_while_published(
            name,
            lambda: get_backend().search(self.request()),
            seconds=settings.SEARCH_RESULTS_CACHE_SECONDS,
        )

    def url_query(self, **changes):
        """The query string of this state with ``changes`` (page back to 1 unless given)."""
        state = {"q": self.query, "tab": self.kind, **self.facets, "page": 1, **changes}
        pairs = []
        for key, value in state.items():
            if key == "page" and value == 1:
                continue
            values = value if isinstance(value, (list, tuple)) else [value]
            pairs += [(key, item) for item in values if item not in (None, "")]
        return urlencode(pairs)


def parse(params):
    """The state a query string (a QueryDict) asks for."""
    query = " ".join(params.get("q", "").split())[:MAX_QUERY]
    kind = params.get("tab")
    kind = kind if kind in Kind.values else None
    facets = {
        name: tuple(dict.fromkeys(v for v in params.getlist(name) if SLUG.match(v)))
        for name in PRACTICE_FACETS
    }
    facets = {name: values for name, values in facets.items() if values}
    if facets:
        kind = Kind.PRACTICE  # the facets are the practices'
    try:
        page = int(params.get("page", 1))
    except (TypeError, ValueError):
        page = 1
    return SearchState(query, kind, facets, min(max(page, 1), MAX_PAGE))


@dataclass(frozen=True)
class Tab:
    label: str
    count: int
    query: str
    current: bool


@dataclass(frozen=True)
class FacetGroup:
    name: str
    label: str
    options: list[FacetValue]


@dataclass(frozen=True)
class ResultPages:
    """What ``includes/pagination.html`` reads, from the backend's total."""

    number: int
    num_pages: int

    @property
    def paginator(self):
        return self

    def has_other_pages(self):
        return self.num_pages > 1

    def has_previous(self):
        return self.number > 1

    def has_next(self):
        return self.number < self.num_pages

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1

    @property
    def start_index(self):
        return (self.number - 1) * PER_PAGE + 1


def tabs(state, response):
    total = sum(response.kind_counts.values())
    items = [Tab("Все", total, state.url_query(tab=None, **_no_facets()), state.kind is None)]
    for kind in Kind:
        items.append(
            Tab(
                str(kind.label),
                response.kind_counts.get(kind.value, 0),
                state.url_query(tab=kind.value, **({} if kind == Kind.PRACTICE else _no_facets())),
                state.kind == kind.value,
            )
        )
    return items


def _no_facets():
    return dict.fromkeys(PRACTICE_FACETS, ())


def facet_labels():
    """Each practice facet's values and their labels, in the bank's order of the terms."""
    labels = {"kind": {value: str(label) for value, label in PracticeKind.choices}}
    for name in PRACTICE_FACETS:
        spec = FACETS_BY_KEY[name]
        if spec.term_model is not None:
            terms = spec.term_model.objects.order_by(*TERM_ORDER[name])
            labels[name] = dict(terms.values_list(spec.term_field, "name"))
    return labels


def facet_groups(state, response):
    """The practices' facets with their values' labels and counts. The labels are kept until
    the next publication or change of a term."""
    labels = page_cache.shared_while_published("search:facet-labels", facet_labels)
    groups = []
    for name in PRACTICE_FACETS:
        counts = response.facet_counts.get(name, {})
        rows = [(value, label, counts.get(value, 0)) for value, label in labels[name].items()]
        options = facet_values(rows, state.facets.get(name, ()))
        if options:
            groups.append(FacetGroup(name, FACETS_BY_KEY[name].label, options))
    return groups


def result_pages(state, response):
    num_pages = max(1, math.ceil(response.total / PER_PAGE))
    return ResultPages(min(state.page, num_pages), num_pages)
