"""The Elasticsearch backend without a server: the index's settings and mappings, the JSON of
its requests and how it reads answers. With a server, test_elastic_relevance.py runs the
relevance suite."""

import json
from datetime import date

import pytest
from django.test import override_settings
from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node import NodeApiResponse
from elasticsearch import Elasticsearch

from search.backends import get_backend
from search.backends.base import PRACTICE_FACETS, SearchDocument, SearchRequest, SearchUnavailable
from search.backends.elastic import (
    MAX_QUERY,
    MAX_RESULT_WINDOW,
    MAX_WORDS,
    SNIPPET_LENGTH,
    ElasticsearchBackend,
    build_index,
    build_search,
    build_spelling,
    build_suggest,
    bulk_actions,
    parse_response,
    parse_spelling,
    source,
)


class NoServer:
    """A client that fails the test if the backend talks to it."""

    def __getattr__(self, name):
        raise AssertionError(f"the backend used the client: {name}")


def query_of(text, **options):
    return build_search(SearchRequest(text, **options), "test").to_dict()


def text_part(body):
    """The text query inside the function score that weighs materials down."""
    return body["query"]["function_score"]["query"]


def multi_matches(body):
    return [clause["multi_match"] for clause in text_part(body)["bool"]["should"]]


@pytest.fixture(scope="module")
def index():
    return build_index("test").to_dict()


def test_russian_analyzer_folds_yo_lowercases_drops_stop_words_and_stems(index):
    analysis = index["settings"]["analysis"]
    chain = analysis["analyzer"]["portal_russian"]
    assert chain["tokenizer"] == "standard"
    filters = [analysis["filter"].get(name, name) for name in chain["filter"]]
    assert filters == [
        "lowercase",
        {"type": "stop", "stopwords": "_russian_"},
        {"type": "stemmer", "language": "russian"},
    ]
    (yo,) = [analysis["char_filter"][name] for name in chain["char_filter"]]
    assert yo == {"type": "mapping", "mappings": ["ё => е", "Ё => Е"]}


def test_title_and_body_use_the_russian_analyzer_and_the_title_has_stem_prefixes(index):
    mapping = index["mappings"]
    fields = mapping["properties"]
    assert fields["title"]["analyzer"] == fields["body"]["analyzer"] == "portal_russian"
    prefix = fields["title"]["fields"]["prefix"]
    analysis = index["settings"]["analysis"]
    indexed = [
        analysis["filter"].get(name, name)
        for name in analysis["analyzer"][prefix["analyzer"]]["filter"]
    ]
    searched = analysis["analyzer"][prefix["search_analyzer"]]["filter"]
    assert {"type": "edge_ngram", "min_gram": 1, "max_gram": 20} in indexed
    assert {"type": "stemmer", "language": "russian"} in indexed
    assert "portal_prefixes" not in searched
    typed = fields["title"]["fields"]["typed"]
    typed_filters = analysis["analyzer"][typed["analyzer"]]["filter"]
    assert typed_filters == ["lowercase", "portal_prefixes"]
    assert analysis["analyzer"][typed["search_analyzer"]]["filter"] == ["lowercase"]
    assert mapping["dynamic"] == "strict"


def test_kind_date_and_every_practice_facet_are_exact_fields(index):
    fields = index["mappings"]["properties"]
    assert fields["kind"] == {"type": "keyword"}
    assert fields["key"] == {"type": "keyword"}
    assert fields["date"] == {"type": "date"}
    assert fields["facets"]["properties"] == dict.fromkeys(PRACTICE_FACETS, {"type": "keyword"})
    # Spelling suggestions come from unstemmed words of the title and the body.
    assert fields["title"]["copy_to"] == fields["body"]["copy_to"] == "spelling"
    assert fields["spelling"]["analyzer"] == "portal_plain"


def test_a_plain_query_searches_title_above_body_and_asks_for_kinds_and_highlights():
    body = query_of("оценивание")
    for clause in multi_matches(body):
        assert clause["query"] == "оценивание"
        title, other = clause["fields"]
        assert title.startswith("title^") and float(title.split("^")[1]) > 1
        assert other == "body"
    assert "post_filter" not in body
    assert body["aggs"]["kinds"] == {"terms": {"field": "kind", "size": 5}}
    assert (body["from"], body["size"]) == (0, 10)
    assert body["track_total_hits"] is True
    highlight = body["highlight"]
    assert highlight["encoder"] == "html"
    assert (highlight["pre_tags"], highlight["post_tags"]) == (["<mark>"], ["</mark>"])
    assert highlight["fields"]["body"]["fragment_size"] == SNIPPET_LENGTH


def test_a_multi_word_query_ranks_documents_with_every_word_first_and_forgives_typos():
    every_word, any_word = multi_matches(query_of("формирующее оценивание"))
    assert every_word["operator"] == "and"
    assert every_word["type"] == "cross_fields"  # the words may be split between title and body
    assert every_word["boost"] > 1
    assert "fuzziness" not in every_word
    assert any_word["operator"] == "or"
    assert any_word["fuzziness"] == "AUTO"
    assert text_part(query_of("формирующее оценивание"))["bool"]["minimum_should_match"] == 1


def test_materials_known_by_their_description_only_score_lower():
    score = query_of("оценивание")["query"]["function_score"]
    (weighing,) = score["functions"]
    assert weighing["filter"] == {"term": {"kind": "material"}}
    assert weighing["weight"] < 1
    assert score["boost_mode"] == "multiply"


def test_a_kind_narrows_the_hits_only_so_every_tab_keeps_its_count():
    body = query_of("школа", kind="event")
    assert body["post_filter"] == {"bool": {"filter": [{"term": {"kind": "event"}}]}}
    assert body["query"] == query_of("школа")["query"]
    assert "filter" not in body["aggs"]["kinds"]


def test_each_facet_counts_under_the_other_facets_choices_but_not_its_own():
    body = query_of(
        "математика", kind="practice", facets={"level": ["noo", "ooo"], "subject": ["math"]}
    )
    level = {"terms": {"facets.level": ["noo", "ooo"]}}
    subject = {"terms": {"facets.subject": ["math"]}}
    practice = {"term": {"kind": "practice"}}
    assert body["post_filter"]["bool"]["filter"] == [practice, level, subject]

    def filters(facet):
        aggregation = body["aggs"][f"facet_{facet}"]
        assert aggregation["aggs"]["values"]["terms"]["field"] == f"facets.{facet}"
        return aggregation["filter"]["bool"]["filter"]

    assert filters("level") == [practice, subject]
    assert filters("subject") == [practice, level]
    assert filters("kind") == filters("direction") == [practice, level, subject]


def test_page_three_and_pages_out_of_range():
    third = query_of("школа", page=3)
    assert (third["from"], third["size"]) == (20, 10)
    assert query_of("школа", page=0)["from"] == 0
    assert query_of("школа", page=-4)["from"] == 0
    far = query_of("школа", page=10**9)
    assert far["from"] + far["size"] <= MAX_RESULT_WINDOW
    assert query_of("школа", per_page=-3)["size"] == 1
    assert query_of("школа", per_page=10**6)["size"] == 100


@pytest.mark.parametrize(
    "text",
    [
        '"школа',
        "школ*",
        "NEAR(школа результат)",
        "школа AND NOT результат",
        "-оценивание +урок title:школа",
        "'; DROP TABLE search; --",
        "школа) OR (1=1",
        "{{suggestion}} <script>alert(1)</script>",
    ],
)
def test_query_syntax_is_sent_as_plain_text(text):
    body = query_of(text)
    for clause in multi_matches(body):
        assert clause["query"] == text
    dumped = json.dumps(body)
    assert "query_string" not in dumped and "simple_query_string" not in dumped


def test_a_very_long_query_is_cut():
    text = " ".join(["оценивание"] * 1000)
    for clause in multi_matches(query_of(text)):
        assert len(clause["query"]) <= MAX_QUERY
        assert len(clause["query"].split()) <= MAX_WORDS


@pytest.mark.parametrize("text", ["", "   ", "\t\n "])
def test_an_empty_query_sends_no_request(text):
    assert build_search(SearchRequest(text), "test") is None
    backend = ElasticsearchBackend(client=NoServer(), name="test")
    response = backend.search(SearchRequest(text, kind="practice", facets={"level": ["noo"]}))
    assert (response.total, response.hits, response.kind_counts) == (0, [], {})
    assert backend.suggest(text) == []


def test_unknown_kinds_and_facets_are_ignored():
    body = query_of("школа", kind="nonsense", facets={"colour": ["red"], "level": []})
    assert "post_filter" not in body
    assert "facet_colour" not in body["aggs"]


def test_suggest_matches_every_word_by_the_beginning_of_its_stem_or_of_the_word_as_typed():
    body = build_suggest("формирующ оцен !!", limit=5, name="test").to_dict()
    each_word = [clause["bool"]["should"] for clause in body["query"]["bool"]["must"]]
    assert each_word == [
        [{"match": {"title.prefix": word}}, {"match": {"title.typed": word}}]
        for word in ("формирующ", "оцен")
    ]
    assert body["size"] == 5
    assert body["_source"] == ["title", "url", "kind"]


@pytest.mark.parametrize("text", ["   ", '" * -', ")("])
def test_suggest_without_a_word_sends_no_request(text):
    assert build_suggest(text, name="test") is None
    assert ElasticsearchBackend(client=NoServer(), name="test").suggest(text) == []


def test_spelling_corrections_come_from_real_words_and_must_find_something():
    body = build_spelling("оцениванее", "test").to_dict()
    phrase = body["suggest"]["spelling"]["phrase"]
    assert body["suggest"]["spelling"]["text"] == "оцениванее"
    assert phrase["field"] == phrase["direct_generator"][0]["field"] == "spelling"
    assert phrase["collate"]["prune"] is False
    answer = {
        "suggest": {"spelling": [{"options": [{"text": "оценивание"}, {"text": "оценивание"}]}]}
    }
    assert parse_spelling(answer) == ["оценивание"]


def test_documents_are_indexed_by_their_key_with_the_practice_facets_only():
    document = SearchDocument(
        key="page:7",
        kind="practice",
        title="Формирующее оценивание",
        body="Слово " * 200,
        url="/praktiki/7/",
        date=date(2026, 3, 1),
        facets={"level": ["noo"], "subject": [], "colour": ["red"]},
    )
    (action,) = bulk_actions("test", [document])
    assert (action["_op_type"], action["_index"], action["_id"]) == ("index", "test", "page:7")
    source = action["_source"]
    assert source["facets"] == {"level": ["noo"]}
    assert source["date"] == "2026-03-01"
    assert len(source["summary"]) <= SNIPPET_LENGTH
    assert source["body"] == document.body


def test_an_answer_becomes_hits_with_safe_snippets_kind_counts_and_facet_counts():
    raw = {
        "hits": {
            "total": {"value": 12, "relation": "eq"},
            "hits": [
                {
                    "_id": "page:1",
                    "_source": {
                        "key": "page:1",
                        "kind": "practice",
                        "title": "Оценивание",
                        "url": "/p/1/",
                        "date": "2026-02-03",
                    },
                    "highlight": {"body": ["формирующее <mark>оценивание</mark> &lt;b&gt;"]},
                },
                {
                    "_id": "material:2",
                    "_source": {
                        "key": "material:2",
                        "kind": "material",
                        "title": "Оценивание",
                        "url": "/m/2/",
                        "summary": "<script>x</script>",
                    },
                },
            ],
        },
        "aggregations": {
            "kinds": {
                "buckets": [
                    {"key": "practice", "doc_count": 9},
                    {"key": "material", "doc_count": 3},
                ]
            },
            "facet_level": {
                "doc_count": 9,
                "values": {"buckets": [{"key": "noo", "doc_count": 4}]},
            },
        },
    }
    response = parse_response(raw)
    assert response.total == 12
    first, second = response.hits
    assert (first.key, first.kind, first.url, first.date) == (
        "page:1",
        "practice",
        "/p/1/",
        date(2026, 2, 3),
    )
    assert first.snippet == "формирующее <mark>оценивание</mark> &lt;b&gt;"
    assert second.snippet == "&lt;script&gt;x&lt;/script&gt;"
    assert second.date is None
    assert response.kind_counts == {
        "practice": 9,
        "event": 0,
        "material": 3,
        "school": 0,
        "page": 0,
    }
    assert response.facet_counts["level"] == {"noo": 4}
    assert response.facet_counts["subject"] == {}


def test_elasticsearch_url_picks_this_backend_without_connecting():
    with override_settings(
        PORTAL_SEARCH_BACKEND="search.backends.elastic.ElasticsearchBackend",
        ELASTICSEARCH_URL="http://127.0.0.1:8799",
        PORTAL_SEARCH_INDEX="portal-search-check",
    ):
        backend, again = get_backend(), get_backend()
    assert isinstance(backend, ElasticsearchBackend)
    assert backend.name == "portal-search-check"
    assert again.client is backend.client


class Stub:
    """Elasticsearch at the transport: the real client sends its real requests here and gets
    plausible answers. Keys ending in 404 were never indexed."""

    def __init__(self):
        self.calls = []
        self.indexes = set()
        self.search_answers = []

    def answer(self, method, path, body):
        self.calls.append((method, path, body))
        name = path.strip("/").split("/")[0]
        if path.endswith("/_bulk"):
            return 200, self.bulk([json.loads(line) for line in body.splitlines()])
        if method == "HEAD":
            return (200 if name in self.indexes else 404), {}
        if method in ("PUT", "DELETE"):
            (self.indexes.add if method == "PUT" else self.indexes.discard)(name)
            return 200, {"acknowledged": True}
        if name not in self.indexes:
            return 404, {"error": {"type": "index_not_found_exception"}, "status": 404}
        if path.endswith("/_search"):
            return 200, self.search_answers.pop(0)
        return 200, {}

    def bulk(self, lines):
        items = []
        for line in lines:
            operation, meta = next(iter(line.items()))
            if operation in ("index", "delete"):
                status = 404 if meta["_id"].endswith("404") else 200
                items.append({operation: {"_id": meta["_id"], "status": status}})
        errors = any(item[op]["status"] >= 300 for item in items for op in item)
        return {"took": 1, "errors": errors, "items": items}


@pytest.fixture
def stub():
    stub = Stub()

    class StubNode(BaseNode):
        def perform_request(self, method, target, body=None, headers=None, request_timeout=None):
            status, answer = stub.answer(method, target.split("?")[0], (body or b"").decode())
            headers = HttpHeaders(
                {"content-type": "application/json", "x-elastic-product": "Elasticsearch"}
            )
            meta = ApiResponseMeta(status, "1.1", headers, 0.0, self.config)
            return NodeApiResponse(meta, json.dumps(answer).encode())

    client = Elasticsearch("http://stub:9200", node_class=StubNode)
    stub.backend = ElasticsearchBackend(client=client, name="portal-test")
    return stub


def paths(stub):
    return [(method, path) for method, path, _ in stub.calls]


def practice(key):
    return SearchDocument(key, "practice", "Оценивание", "Формирующее оценивание", f"/p/{key}/")


def test_indexing_creates_the_index_with_its_mapping_then_sends_the_documents(stub):
    stub.backend.index([practice("page:1"), practice("page:2")])
    assert paths(stub) == [
        ("HEAD", "/portal-test"),
        ("PUT", "/portal-test"),
        ("PUT", "/_bulk"),
        ("POST", "/portal-test/_refresh"),
    ]
    assert json.loads(stub.calls[1][2]) == build_index("portal-test").to_dict()
    sent = [json.loads(line) for line in stub.calls[2][2].splitlines()]
    assert [line["index"]["_id"] for line in sent[::2]] == ["page:1", "page:2"]
    assert sent[1]["title"] == "Оценивание"
    stub.calls.clear()
    stub.backend.index([practice("page:3")])
    assert ("PUT", "/portal-test") not in paths(stub)


def test_removing_ignores_keys_never_indexed_and_a_missing_index(stub):
    stub.backend.remove(["page:404"])  # no index yet
    assert paths(stub) == [("HEAD", "/portal-test")]
    stub.backend.index([practice("page:1")])
    stub.backend.remove(["page:1", "page:404"])
    deletes = [json.loads(line) for line in stub.calls[-2][2].splitlines()]
    assert deletes == [
        {"delete": {"_index": "portal-test", "_id": "page:1"}},
        {"delete": {"_index": "portal-test", "_id": "page:404"}},
    ]


def test_clearing_deletes_and_recreates_the_index(stub):
    stub.backend.clear()
    assert paths(stub) == [("DELETE", "/portal-test"), ("PUT", "/portal-test")]


def test_a_search_before_anything_is_indexed_finds_nothing(stub):
    assert stub.backend.search(SearchRequest("школа")).total == 0
    assert stub.backend.suggest("шко") == []


def test_a_search_sends_its_query_and_asks_for_spelling_only_when_nothing_is_found(stub):
    stub.backend.clear()
    found = {
        "hits": {
            "total": {"value": 1},
            "hits": [{"_id": "page:1", "_source": source(practice("page:1"))}],
        },
        "aggregations": {"kinds": {"buckets": [{"key": "practice", "doc_count": 1}]}},
    }
    nothing = {
        "hits": {"total": {"value": 0}, "hits": []},
        "aggregations": {"kinds": {"buckets": []}},
    }
    spelling = {
        "suggest": {"spelling": [{"text": "оцениванее", "options": [{"text": "оценивание"}]}]}
    }
    stub.search_answers = [found, nothing, spelling]
    stub.calls.clear()

    response = stub.backend.search(SearchRequest("оценивание"))
    assert [hit.key for hit in response.hits] == ["page:1"]
    assert response.suggestions == []
    assert json.loads(stub.calls[0][2]) == query_of("оценивание")

    response = stub.backend.search(SearchRequest("оцениванее"))
    assert response.total == 0
    assert response.suggestions == ["оценивание"]
    assert "suggest" in json.loads(stub.calls[-1][2])
    assert paths(stub).count(("POST", "/portal-test/_search")) == 3

    # Nothing in this tab but something in another: the word was right.
    other_tab = {**found, "hits": {"total": {"value": 0}, "hits": []}}
    stub.search_answers = [other_tab]
    response = stub.backend.search(SearchRequest("оценивание", kind="event"))
    assert (response.total, response.suggestions) == (0, [])
    assert paths(stub).count(("POST", "/portal-test/_search")) == 4


def test_a_server_that_does_not_answer_makes_search_and_suggest_unavailable():
    # Nothing listens on port 1 of this machine: the connection is refused at once.
    client = Elasticsearch("http://127.0.0.1:1", request_timeout=1, max_retries=0)
    backend = ElasticsearchBackend(client=client, name="portal-test")
    with pytest.raises(SearchUnavailable):
        backend.search(SearchRequest(query="оценивание"))
    with pytest.raises(SearchUnavailable):
        backend.suggest("оцени")
