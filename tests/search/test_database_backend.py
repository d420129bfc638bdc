"""The database backend: indexing, filters, facet counts, pages, suggestions, bad input."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from search.backends.base import Kind, SearchDocument, SearchRequest
from search.backends.database import DatabaseBackend
from search.models import SearchEntry, SearchFacet

# Counts by kind, total under facets, the page, its rows, four facets.
MAX_STATEMENTS = 8


def practice(key, title, body="", **facets):
    return SearchDocument(
        key=key,
        kind=Kind.PRACTICE,
        title=title,
        body=body,
        url=f"/praktiki/{key}/",
        date=datetime.date(2026, 3, 1),
        facets={name: [value] for name, value in facets.items()},
    )


@pytest.fixture
def backend(db):
    backend = DatabaseBackend()
    backend.index(
        [
            practice("p1", "Оценивание на уроке", level="nachalnoe", subject="math"),
            practice("p2", "Оценивания критерии", level="osnovnoe", subject="math"),
            practice("p3", "Оцениванию учатся", level="osnovnoe", subject="russian"),
            practice("p4", "Чтение", "Оценивание чтения", level="srednee", subject="reading"),
            SearchDocument("e1", Kind.EVENT, "Семинар по оцениванию", "", "/e1/"),
            SearchDocument("m1", Kind.MATERIAL, "Памятка", "Приёмы оценивания.", "/m1/"),
        ]
    )
    return backend


def search(backend, query="оценивание", **options):
    return backend.search(SearchRequest(query=query, **options))


def test_index_replaces_by_key_and_remove_and_clear(backend):
    backend.index([practice("p1", "Наставничество", level="srednee")])
    assert SearchEntry.objects.get(key="p1").title == "Наставничество"
    assert list(SearchFacet.objects.filter(entry__key="p1").values_list("value", flat=True)) == [
        "srednee"
    ]
    assert search(backend, "наставничества").total == 1
    assert search(backend).total == 5

    backend.remove(["p2", "nope"])
    assert search(backend).total == 4
    backend.clear()
    assert SearchEntry.objects.count() == SearchFacet.objects.count() == 0
    assert search(backend).total == 0


def test_hits_carry_highlighted_snippets_and_dates(backend):
    hits = {hit.key: hit for hit in search(backend).hits}
    assert hits["p4"].snippet == "<mark>Оценивание</mark> чтения"
    assert hits["m1"].snippet == "Приёмы <mark>оценивания</mark>."
    assert hits["p1"].date == datetime.date(2026, 3, 1)
    assert hits["p1"].url == "/praktiki/p1/"


def test_kind_filter_and_kind_counts(backend):
    response = search(backend, kind=Kind.EVENT)
    assert [hit.key for hit in response.hits] == ["e1"]
    assert response.total == 1
    assert response.kind_counts == {
        Kind.PRACTICE: 4,
        Kind.EVENT: 1,
        Kind.MATERIAL: 1,
        Kind.SCHOOL: 0,
        Kind.PAGE: 0,
    }


def test_facets_or_within_and_across_with_counts_under_the_others(backend):
    facets = {"level": ["osnovnoe", "srednee"], "subject": ["math"]}
    response = search(backend, kind=Kind.PRACTICE, facets=facets)
    assert [hit.key for hit in response.hits] == ["p2"]
    assert response.total == 1
    assert response.kind_counts[Kind.PRACTICE] == 4
    # Each facet counts under the other facets' choices, never its own.
    assert response.facet_counts["level"] == {"nachalnoe": 1, "osnovnoe": 1}
    assert response.facet_counts["subject"] == {"math": 1, "russian": 1, "reading": 1}
    assert response.facet_counts["kind"] == {}


def test_title_matches_rank_first_and_pages_clamp(backend):
    keys = [hit.key for hit in search(backend, per_page=3).hits]
    assert set(keys) <= {"p1", "p2", "p3", "e1"}
    last = search(backend, page=99, per_page=4)
    # Out of range: the last page, the two body matches.
    assert {hit.key for hit in last.hits} == {"m1", "p4"}
    assert [hit.key for hit in search(backend, page=-3, per_page=3).hits] == keys


def test_facets_are_counted_only_when_practices_are_asked_for(backend):
    assert search(backend).facet_counts == {}
    assert search(backend, kind=Kind.EVENT).facet_counts == {}
    counted = search(backend, kind=Kind.PRACTICE).facet_counts
    assert counted["level"] == {"nachalnoe": 1, "osnovnoe": 2, "srednee": 1}


def test_pages_within_the_entries_with_every_word_keep_the_order_of_all_matches(backend):
    backend.index(
        [
            practice("p5", "Урок оценивания"),
            SearchDocument("e2", Kind.EVENT, "Семинар", "Оценивание на уроке.", "/e2/"),
        ]
    )
    query = "оценивание урок"
    whole = [hit.key for hit in search(backend, query, per_page=50).hits]
    # Both words: in the title (p1, p5), then in the body (e2); then one word.
    assert whole[2] == "e2" and set(whole[:2]) == {"p1", "p5"}
    assert len(whole) == 8
    # Page 1 ranks only the three entries with both words; later pages rank every match.
    pages = [search(backend, query, page=page, per_page=2).hits for page in range(1, 5)]
    assert [hit.key for hits in pages for hit in hits] == whole


def test_a_search_runs_a_fixed_number_of_statements(backend):
    with CaptureQueriesContext(connection) as queries:
        search(backend, "оценивание урок чтение критерии", facets={"level": ["osnovnoe"]})
    assert len(queries) <= MAX_STATEMENTS
    with CaptureQueriesContext(connection) as queries:
        search(backend, "оценивние")
    assert len(queries) == 2


def test_suggestions_when_nothing_is_found(backend):
    response = search(backend, "оценивние")
    assert response.hits == [] and response.total == 0
    assert response.suggestions == ["оценивание"]
    assert search(backend, "оценивание").suggestions == []
    assert search(backend, "ъъъъъъ").suggestions == []


def test_suggest_titles_by_word_prefixes_in_any_form(backend):
    assert {s.title for s in backend.suggest("оцени")} == {
        "Оценивание на уроке",
        "Оценивания критерии",
        "Оцениванию учатся",
        "Семинар по оцениванию",
    }
    assert [s.url for s in backend.suggest("Оценивания крит")] == ["/praktiki/p2/"]
    assert [s.kind for s in backend.suggest("семинары")] == [Kind.EVENT]
    assert len(backend.suggest("оцени", limit=1)) == 1
    assert backend.suggest('" * NEAR( -') == []


BAD_QUERIES = [
    "оценивание " * 2000,
    "ы" * 10000,
    '"',
    '"оценивание',
    "*",
    "оцен*",
    "NEAR(",
    "NEAR(оценивание урок, 2)",
    "AND",
    "оценивание AND OR NOT урок",
    "-",
    "-оценивание",
    "^оценивание",
    "title_terms: оценивание",
    "{title_terms}: урок",
    "'; DROP TABLE search_searchentry; --",
    "1 OR 1=1",
    "%_%",
    "\\",
    "",
    "   ",
    "\t\n",
    "\x00",
    "😀 ٣ ß",
]


@pytest.mark.parametrize("query", BAD_QUERIES)
def test_bad_input_never_raises(backend, query):
    response = search(backend, query)
    assert response.total >= 0
    assert len(response.hits) <= 10
    backend.suggest(query)


@pytest.mark.parametrize(
    "options",
    [
        {"facets": {"level": ["no-such-level"]}},
        {"facets": {"colour": ["red"], "level": []}},
        {"facets": {"level": ["x" * 1000] * 500}},
        {"kind": "no-such-kind"},
        {"page": 10**9},
        {"page": -(10**9)},
        {"page": 0, "per_page": 0},
        {"per_page": 10**6},
    ],
)
def test_bad_options_never_raise(backend, options):
    response = search(backend, **options)
    assert response.total >= 0
    assert len(response.hits) <= 50
