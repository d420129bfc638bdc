"""The relevance suite and the bad inputs against a real Elasticsearch (``ELASTICSEARCH_URL``).
Each run uses indexes of its own and deletes them."""

import os
import uuid

import pytest

from search.backends.base import Kind, SearchDocument, SearchRequest
from tests.search.relevance import (
    DOCUMENTS,
    QUERIES,
    RANKING_RULES,
    RECALL,
    recall_at_ten,
    top_keys,
)

pytestmark = pytest.mark.skipif(
    not os.environ.get("ELASTICSEARCH_URL"),
    reason="ELASTICSEARCH_URL не задан: тесты на сервере Elasticsearch пропущены",
)


def make_backend():
    from search.backends.elastic import ElasticsearchBackend

    return ElasticsearchBackend(name=f"portal-search-test-{uuid.uuid4().hex[:12]}")


@pytest.fixture(scope="module")
def backend():
    backend = make_backend()
    backend.clear()
    backend.index(DOCUMENTS)
    yield backend
    backend.client.indices.delete(index=backend.name, ignore_unavailable=True)


@pytest.fixture
def empty_backend():
    backend = make_backend()
    yield backend
    backend.client.indices.delete(index=backend.name, ignore_unavailable=True)


def test_recall_at_ten_typos_included(backend):
    recall, misses = recall_at_ten(backend, QUERIES)
    assert recall >= RECALL, misses


@pytest.mark.parametrize("rule", RANKING_RULES, ids=lambda rule: rule.__name__)
def test_ranking_rules(backend, rule):
    rule(backend)


def test_kind_and_facets_narrow_the_hits_but_not_the_kind_counts(backend):
    everything = backend.search(SearchRequest("оценивание"))
    narrowed = backend.search(
        SearchRequest("оценивание", kind=Kind.PRACTICE, facets={"level": ["nachalnoe"]})
    )
    assert narrowed.kind_counts == everything.kind_counts
    assert narrowed.hits and {hit.kind for hit in narrowed.hits} == {Kind.PRACTICE}
    levels = {d.key: d.facets.get("level") for d in DOCUMENTS}
    assert all(levels[hit.key] == ["nachalnoe"] for hit in narrowed.hits)
    assert narrowed.total == len(narrowed.hits) < everything.total
    # The level facet still counts its other values: OR within a facet.
    assert len(narrowed.facet_counts["level"]) > 1


def test_snippets_mark_the_matched_words(backend):
    hits = backend.search(SearchRequest("самооценки")).hits
    assert any("<mark>" in hit.snippet for hit in hits)


def test_suggest_finds_titles_by_the_beginnings_of_their_words(backend):
    titles = [item.title for item in backend.suggest("формативн оцен")]
    assert "Формативное оценивание на уроках математики" in titles


@pytest.mark.parametrize(
    "text",
    ['"школа', "школ*", "NEAR(школа", "школа AND -результат", "'; DROP TABLE x; --", "я " * 300],
)
def test_bad_input_never_fails(backend, text):
    backend.search(SearchRequest(text, kind="nonsense", facets={"level": ["нет"]}, page=10**6))
    backend.suggest(text)


def test_remove_and_clear(empty_backend):
    assert empty_backend.search(SearchRequest("школа")).total == 0  # no index yet
    empty_backend.remove(["page:404"])
    empty_backend.index(
        [
            SearchDocument("page:1", Kind.PAGE, "Школа", "Первая", "/1/"),
            SearchDocument("page:2", Kind.PAGE, "Школы", "Вторая", "/2/"),
        ]
    )
    empty_backend.remove(["page:1", "page:404"])
    assert top_keys(empty_backend, "школа") == ["page:2"]
    empty_backend.clear()
    assert top_keys(empty_backend, "школа") == []
