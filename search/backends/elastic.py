"""The Elasticsearch backend, through ``elasticsearch.dsl``; used when ``ELASTICSEARCH_URL`` is set.

One index holds every kind. Its ``russian`` analyzer folds «ё» into «е», lowercases, drops
Russian stop words and applies the Snowball Russian stemmer, so inflected forms find each other.
The request is built by pure functions (``build_search``, ``build_suggest``,
``build_spelling``) so their JSON can be checked without a server.
"""

from datetime import date
from functools import cache

from django.conf import settings
from django.utils.html import escape
from elasticsearch import ApiError, Elasticsearch, NotFoundError, TransportError, helpers
from elasticsearch.dsl import (
    Date,
    Document,
    Index,
    Keyword,
    MetaField,
    Object,
    Q,
    Search,
    Text,
    analyzer,
    char_filter,
    token_filter,
)

from .base import (
    DESCRIBED_ONLY,
    PRACTICE_FACETS,
    Hit,
    Kind,
    SearchBackend,
    SearchDocument,
    SearchRequest,
    SearchResponse,
    SearchUnavailable,
    Suggestion,
)

DEFAULT_INDEX = "portal-search"
MAX_QUERY = 200
# Each word becomes a fuzzy clause: a pasted paragraph must not expand into thousands of terms.
MAX_WORDS = 16
MAX_PER_PAGE = 100
# Elasticsearch refuses from + size beyond index.max_result_window.
MAX_RESULT_WINDOW = 10_000
TITLE_BOOST = 3
# Documents with every word get this much on top of the any-word, typo-tolerant match.
ALL_WORDS_BOOST = 5
# Materials' scores are multiplied by this: known by their description only, they come after
# pages that match as well (search.backends.base.DESCRIBED_ONLY).
DESCRIBED_ONLY_WEIGHT = 0.5
SNIPPET_LENGTH = 180
FACET_SIZE = 200
BULK_CHUNK = 500

yo_to_ye = char_filter("portal_yo", type="mapping", mappings=["ё => е", "Ё => Е"])
russian_stop = token_filter("portal_russian_stop", type="stop", stopwords="_russian_")
russian_stemmer = token_filter("portal_russian_stemmer", type="stemmer", language="russian")
title_prefixes = token_filter("portal_prefixes", type="edge_ngram", min_gram=1, max_gram=20)

russian = analyzer(
    "portal_russian",
    tokenizer="standard",
    char_filter=[yo_to_ye],
    filter=["lowercase", russian_stop, russian_stemmer],
)
# Prefixes of stems: «школам» typed in the box finds «Школа …», «резул» finds «Результаты …».
russian_prefix = analyzer(
    "portal_russian_prefix",
    tokenizer="standard",
    char_filter=[yo_to_ye],
    filter=["lowercase", russian_stemmer, title_prefixes],
)
russian_prefix_query = analyzer(
    "portal_russian_prefix_query",
    tokenizer="standard",
    char_filter=[yo_to_ye],
    filter=["lowercase", russian_stemmer],
)
# Unstemmed words for «возможно, вы искали»: suggestions must be real words, not stems.
plain = analyzer("portal_plain", tokenizer="standard", char_filter=[yo_to_ye], filter=["lowercase"])
# Prefixes of the words as written: a half-typed word may stem to no prefix of its stem
# («формирующ» → «формирующ», the word's stem is «формир»).
plain_prefix = analyzer(
    "portal_plain_prefix",
    tokenizer="standard",
    char_filter=[yo_to_ye],
    filter=["lowercase", title_prefixes],
)


class PortalDocument(Document):
    key = Keyword()
    kind = Keyword()
    title = Text(
        analyzer=russian,
        copy_to="spelling",
        fields={
            "prefix": Text(analyzer=russian_prefix, search_analyzer=russian_prefix_query),
            "typed": Text(analyzer=plain_prefix, search_analyzer=plain),
        },
    )
    body = Text(analyzer=russian, copy_to="spelling")
    spelling = Text(analyzer=plain)
    summary = Keyword(index=False, doc_values=False)
    url = Keyword(index=False, doc_values=False)
    context = Keyword(index=False, doc_values=False)
    date = Date()
    facets = Object(properties={name: Keyword() for name in PRACTICE_FACETS})

    class Meta:
        dynamic = MetaField("strict")


def index_name():
    return getattr(settings, "PORTAL_SEARCH_INDEX", DEFAULT_INDEX)


def build_index(name):
    index = Index(name)
    index.settings(number_of_shards=1, number_of_replicas=0)
    index.document(PortalDocument)
    return index


def clean_query(text):
    words = (text or "").split()[:MAX_WORDS]
    return " ".join(words)[:MAX_QUERY]


def source(document: SearchDocument):
    """The indexed form of a document."""
    summary = " ".join(document.body.split()[:60])[:SNIPPET_LENGTH]
    return {
        "key": document.key,
        "kind": document.kind,
        "title": document.title,
        "body": document.body,
        "summary": summary,
        "url": document.url,
        "context": document.context,
        "date": document.date.isoformat() if document.date else None,
        "facets": {
            name: list(values)
            for name, values in document.facets.items()
            if name in PRACTICE_FACETS and values
        },
    }


def bulk_actions(name, documents):
    for document in documents:
        yield {
            "_op_type": "index",
            "_index": name,
            "_id": document.key,
            "_source": source(document),
        }


def text_query(text):
    """Documents with all the words (in any form, in title or body together) first, then any
    word with typos forgiven. The text goes to ``multi_match`` as is: no query syntax."""
    fields = [f"title^{TITLE_BOOST}", "body"]
    return Q(
        "bool",
        should=[
            Q(
                "multi_match",
                query=text,
                fields=fields,
                type="cross_fields",
                operator="and",
                boost=ALL_WORDS_BOOST,
            ),
            Q(
                "multi_match",
                query=text,
                fields=fields,
                type="best_fields",
                operator="or",
                fuzziness="AUTO",
            ),
        ],
        minimum_should_match=1,
    )


def facet_filter(name, values):
    return Q("terms", **{f"facets.{name}": list(values)})


def requested_facets(request):
    return {
        name: list(dict.fromkeys(request.facets.get(name) or ()))
        for name in PRACTICE_FACETS
        if request.facets.get(name)
    }


def page_window(request):
    size = min(max(int(request.per_page or 10), 1), MAX_PER_PAGE)
    start = (max(int(request.page or 1), 1) - 1) * size
    return min(start, MAX_RESULT_WINDOW - size), size


def build_search(request: SearchRequest, name=None):
    """The search for a request, or None when there is nothing to look for."""
    text = clean_query(request.query)
    if not text:
        return None
    facets = requested_facets(request)
    query = Q(
        "function_score",
        query=text_query(text),
        functions=[
            {"filter": Q("term", kind=DESCRIBED_ONLY.value), "weight": DESCRIBED_ONLY_WEIGHT}
        ],
        boost_mode="multiply",
    )
    search = Search(index=name or index_name()).query(query)
    # Kind and facets narrow the hits only (post_filter): the tabs count every kind.
    narrowing = [facet_filter(facet, values) for facet, values in facets.items()]
    if request.kind in Kind.values:
        narrowing.insert(0, Q("term", kind=request.kind))
    if narrowing:
        search = search.post_filter(Q("bool", filter=narrowing))
    search.aggs.bucket("kinds", "terms", field="kind", size=len(Kind.values))
    # Each facet counts its values under the other facets' choices, so picking one value
    # of a facet leaves its siblings visible (OR within a facet, AND across facets).
    for facet in PRACTICE_FACETS:
        others = [Q("term", kind=Kind.PRACTICE.value)]
        others += [
            facet_filter(other, values) for other, values in facets.items() if other != facet
        ]
        search.aggs.bucket(f"facet_{facet}", "filter", filter=Q("bool", filter=others)).bucket(
            "values", "terms", field=f"facets.{facet}", size=FACET_SIZE
        )
    start, size = page_window(request)
    search = search.extra(track_total_hits=True)
    search = search.source(["key", "kind", "title", "url", "date", "summary", "context"])
    search = search.highlight_options(
        encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"], type="unified"
    )
    search = search.highlight("body", fragment_size=SNIPPET_LENGTH, number_of_fragments=1)
    return search[start : start + size]


def build_spelling(text, name=None):
    """«Возможно, вы искали»: corrections of the whole query, kept only if they find something."""
    field = "spelling"
    return (
        Search(index=name or index_name())
        .extra(size=0)
        .suggest(
            "spelling",
            text,
            phrase={
                "field": field,
                "size": 3,
                "gram_size": 1,
                "max_errors": 2,
                "direct_generator": [
                    {"field": field, "suggest_mode": "always", "min_word_length": 3}
                ],
                "collate": {
                    "query": {
                        "source": {"match": {field: {"query": "{{suggestion}}", "operator": "and"}}}
                    },
                    "prune": False,
                },
            },
        )
    )


def build_suggest(prefix, limit=8, name=None):
    """Titles whose words start with the prefix's words, the words in any form."""
    # Punctuation alone analyzes to nothing and would match no title.
    words = [word for word in clean_query(prefix).split() if any(c.isalnum() for c in word)]
    if not words:
        return None
    text = " ".join(words)
    each_word = [
        Q(
            "bool",
            should=[Q("match", **{"title.prefix": word}), Q("match", **{"title.typed": word})],
            minimum_should_match=1,
        )
        for word in words
    ]
    query = Q("bool", must=each_word, should=[Q("match", title={"query": text, "operator": "and"})])
    size = min(max(int(limit), 1), MAX_PER_PAGE)
    return Search(index=name or index_name()).query(query).source(["title", "url", "kind"])[:size]


def parse_date(value):
    return date.fromisoformat(value[:10]) if value else None


def parse_hit(raw):
    fields = raw.get("_source", {})
    highlight = raw.get("highlight", {})
    snippet = " … ".join(highlight.get("body", []))
    if not snippet:
        snippet = escape(fields.get("summary", ""))
    return Hit(
        key=fields.get("key", raw.get("_id", "")),
        kind=fields.get("kind", ""),
        title=fields.get("title", ""),
        url=fields.get("url", ""),
        snippet=snippet,
        date=parse_date(fields.get("date")),
        context=fields.get("context", ""),
    )


def parse_response(raw):
    """A ``SearchResponse`` from the JSON Elasticsearch answered ``build_search`` with."""
    hits = raw.get("hits", {})
    total = hits.get("total", 0)
    aggregations = raw.get("aggregations", {})
    kind_counts = dict.fromkeys(Kind.values, 0)
    for bucket in aggregations.get("kinds", {}).get("buckets", []):
        kind_counts[bucket["key"]] = bucket["doc_count"]
    facet_counts = {
        facet: {
            bucket["key"]: bucket["doc_count"]
            for bucket in aggregations.get(f"facet_{facet}", {})
            .get("values", {})
            .get("buckets", [])
        }
        for facet in PRACTICE_FACETS
    }
    return SearchResponse(
        total=total["value"] if isinstance(total, dict) else int(total),
        hits=[parse_hit(item) for item in hits.get("hits", [])],
        kind_counts=kind_counts,
        facet_counts=facet_counts,
    )


def parse_spelling(raw):
    options = []
    for entry in raw.get("suggest", {}).get("spelling", []):
        options += [option["text"] for option in entry.get("options", [])]
    return list(dict.fromkeys(options))


@cache
def shared_client(url):
    # get_backend() runs on every request: one client keeps its pool of connections.
    return Elasticsearch(url, request_timeout=10)


class ElasticsearchBackend(SearchBackend):
    def __init__(self, client=None, name=None):
        self.client = client or shared_client(settings.ELASTICSEARCH_URL)
        self.name = name or index_name()

    def _ensure_index(self):
        if not self.client.indices.exists(index=self.name):
            build_index(self.name).create(using=self.client)

    def index(self, documents):
        if not documents:
            return
        self._ensure_index()
        helpers.bulk(self.client, bulk_actions(self.name, documents), chunk_size=BULK_CHUNK)
        # Published pages should be findable at once, not after the next periodic refresh.
        self.client.indices.refresh(index=self.name)

    def remove(self, keys):
        # Without the index there is nothing to remove, and a bulk request must not create
        # one with a guessed mapping.
        if not keys or not self.client.indices.exists(index=self.name):
            return
        actions = ({"_op_type": "delete", "_index": self.name, "_id": key} for key in keys)
        # A key that was never indexed (a draft deleted) is not an error.
        helpers.bulk(self.client, actions, chunk_size=BULK_CHUNK, ignore_status=(404,))
        self.client.indices.refresh(index=self.name)

    def clear(self):
        self.client.indices.delete(index=self.name, ignore_unavailable=True)
        build_index(self.name).create(using=self.client)

    def search(self, request):
        search = build_search(request, self.name)
        if search is None:
            return SearchResponse()
        try:
            response = parse_response(search.using(self.client).execute().to_dict())
            if response.total == 0 and not any(response.kind_counts.values()):
                spelling = build_spelling(clean_query(request.query), self.name)
                raw = spelling.using(self.client).execute().to_dict()
                response.suggestions = parse_spelling(raw)
        except NotFoundError:  # nothing indexed yet
            return SearchResponse()
        except (ApiError, TransportError) as error:
            raise SearchUnavailable(str(error)) from error
        return response

    def suggest(self, prefix, limit=8):
        search = build_suggest(prefix, limit, self.name)
        if search is None:
            return []
        try:
            hits = search.using(self.client).execute().to_dict()["hits"]["hits"]
        except NotFoundError:
            return []
        except (ApiError, TransportError) as error:
            raise SearchUnavailable(str(error)) from error
        return [
            Suggestion(
                title=hit["_source"]["title"],
                url=hit["_source"]["url"],
                kind=hit["_source"]["kind"],
            )
            for hit in hits
        ]
