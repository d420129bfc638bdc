"""The relevance suite through the database backend, on whichever database the run uses."""

import pytest

from search.backends.base import Kind, SearchRequest
from search.backends.database import DatabaseBackend
from tests.search.relevance import DOCUMENTS, QUERIES, RECALL, recall_at_ten, top_keys


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


def test_documents_with_every_word_come_first(backend):
    keys = top_keys(backend, "формативное оценивание")
    both = {"p01", "p03", "e01", "m01", "s05"}
    assert set(keys[: len(both)]) == both


def test_title_matches_rank_above_body_matches(backend):
    keys = top_keys(backend, "наставничество")
    # «Наставничество молодых учителей» has the word in its title, the other only in its body.
    assert keys.index("p09") < keys.index("p07")


def test_inflected_forms_and_yo_find_the_same_documents(backend):
    assert set(top_keys(backend, "школам")) == set(top_keys(backend, "школа"))
    assert top_keys(backend, "учёные") == top_keys(backend, "ученые") == top_keys(backend, "УЧЕНЫЕ")


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
