"""The relevance suite through the database backend, on whichever database the run uses."""

import pytest

from search.backends.base import Kind, SearchRequest
from search.backends.database import DatabaseBackend
from tests.search.relevance import (
    DOCUMENTS,
    QUERIES,
    RANKING_RULES,
    RECALL,
    recall_at_ten,
)


@pytest.fixture
def backend(db):
    backend = DatabaseBackend()
    backend.index(DOCUMENTS)
    return backend


def test_the_suite_is_big_enough():
    assert len(DOCUMENTS) >= 50
    assert len(QUERIES) >= 30
    assert len({document.key for document in DOCUMENTS}) == len(DOCUMENTS)


def test_recall_at_ten(backend):
    recall, misses = recall_at_ten(backend, [query for query in QUERIES if not query.typo])
    assert recall >= RECALL, misses


@pytest.mark.parametrize("rule", RANKING_RULES, ids=lambda rule: rule.__name__)
def test_ranking_rules(backend, rule):
    rule(backend)


def test_a_misspelling_is_answered_with_the_right_word(backend):
    response = backend.search(SearchRequest(query="оценивние"))
    assert response.total == 0
    assert response.suggestions[0] == "оценивание"


def test_kind_counts_ignore_the_kind_and_the_facets(backend):
    request = SearchRequest(query="оценивание", kind=Kind.PRACTICE, facets={"level": ["nachalnoe"]})
    response = backend.search(request)
    assert [hit.key for hit in response.hits] == ["p03"]
    assert response.total == 1
    assert response.kind_counts == {
        Kind.PRACTICE: 4,
        Kind.EVENT: 2,
        Kind.MATERIAL: 1,
        Kind.SCHOOL: 1,
        Kind.PAGE: 0,
    }
