"""The default backend: the site's own database, with Russian Snowball stemming.

Every searchable thing is a ``SearchEntry`` row; its practice facets are ``SearchFacet`` rows
counted with one GROUP BY per facet. Matching is per vendor (``search_fts``, FTS5 over the
stems, on SQLite; the ``russian`` tsvector on PostgreSQL, see migration 0002) and answers
the same question: which entries match any query word, how many of the words each matches,
how many of them in the title, and a rank. Results come ordered by those three, so documents
with all the words come first and title matches above body matches; between the last two,
materials (known by their description only) come after pages.

A search runs a fixed number of statements: the counts by kind, the total under the facets
(only when facets are chosen), the page, its rows, one per practice facet (only when practices
are asked for), and the vocabulary when nothing is found. Facet rows are kept for practices only.
"""

import difflib
import math

from django.db import connection, transaction

from search import text
from search.models import SearchEntry, SearchFacet, SearchWord

from .base import (
    DESCRIBED_ONLY,
    PRACTICE_FACETS,
    Hit,
    Kind,
    SearchBackend,
    SearchDocument,
    SearchRequest,
    SearchResponse,
    Suggestion,
)

BATCH = 500
MAX_PER_PAGE = 50
MAX_FACET_VALUES = 20
MAX_SUGGESTIONS = 3
# Vocabulary words closer than this (difflib's ratio) to a query word are offered instead.
CLOSE_WORD = 0.75
MAX_CANDIDATES = 5000
TITLE_WEIGHT = 10.0


def _sqlite_phrase(term):
    # Terms hold only letters and digits (``text.query_terms``), so quoting is all FTS5 needs.
    return f'"{term}"'


class _Sqlite:
    """FTS5 over the stems; bm25 with the title weighted well above the body."""

    def __init__(self, query):
        self.terms = text.query_terms(query)

    def match(self, every=False):
        """Rank, words matched and words matched in the title of each entry that has any
        query word, or (``every``) all of them."""
        per_term = " + ".join(
            "(rowid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s))"
            for _ in self.terms
        )
        # With one term, or with all of them required, the count of words is known.
        counted = len(self.terms) > 1 and not every
        matched = per_term if counted else str(len(self.terms))
        sql = (
            f"SELECT rowid AS id, bm25(search_fts, {TITLE_WEIGHT}, 1.0) AS rank, "
            f"{matched} AS matched, {per_term} AS title_matched "
            "FROM search_fts WHERE search_fts MATCH %s"
        )
        params = [_sqlite_phrase(term) for term in self.terms] if counted else []
        params += [f"title_terms : {_sqlite_phrase(term)}" for term in self.terms]
        return sql, [*params, self._expression(every)]

    def ids(self, every=False):
        sql = "SELECT rowid AS id FROM search_fts WHERE search_fts MATCH %s"
        return sql, [self._expression(every)]

    def _expression(self, every):
        operator = " AND " if every else " OR "
        return operator.join(_sqlite_phrase(term) for term in self.terms)

    @staticmethod
    def prefix(stems):
        sql = (
            "SELECT e.title, e.url, e.kind FROM search_fts "
            "JOIN search_searchentry e ON e.id = search_fts.rowid "
            "WHERE search_fts MATCH %s ORDER BY bm25(search_fts), length(e.title) LIMIT %s"
        )
        expression = " AND ".join(f"title_terms : {_sqlite_phrase(stem)}*" for stem in stems)
        return sql, [expression]


class _Postgresql:
    """The ``russian`` configuration over the text itself; ts_rank_cd with weights A ≫ B."""

    def __init__(self, query):
        self.words = text.query_words(query)
        self.terms = text.query_terms(query)

    def match(self, every=False):
        matched = " + ".join(
            "(e.search_vector @@ plainto_tsquery('russian', %s))::int" for _ in self.words
        )
        title_matched = " + ".join(
            "(ts_filter(e.search_vector, '{a}') @@ plainto_tsquery('russian', %s))::int"
            for _ in self.words
        )
        # The rank is over any word; the condition over all of them when ``every``.
        any_sql, any_params = self._query()
        condition_sql, condition_params = self._query(every)
        sql = (
            "SELECT e.id, -ts_rank_cd('{0.05, 0.05, 0.1, 1.0}', e.search_vector, q.query) AS rank, "
            f"{matched} AS matched, {title_matched} AS title_matched "
            f"FROM search_searchentry e, (SELECT {any_sql} AS query) q "
            f"WHERE e.search_vector @@ ({condition_sql})"
        )
        return sql, [*any_params, *self.words, *self.words, *condition_params]

    def ids(self, every=False):
        query_sql, query_params = self._query(every)
        return (
            f"SELECT id FROM search_searchentry WHERE search_vector @@ ({query_sql})",
            query_params,
        )

    def _query(self, every=False):
        # tsquery's ``||`` is OR and ``&&`` AND; plainto_tsquery takes any text without a
        # syntax error.
        operator = " && " if every else " || "
        return operator.join("plainto_tsquery('russian', %s)" for _ in self.words), self.words

    @staticmethod
    def prefix(stems):
        sql = (
            "SELECT title, url, kind FROM search_searchentry "
            "WHERE search_vector @@ to_tsquery('simple', %s) ORDER BY length(title), id LIMIT %s"
        )
        return sql, [" & ".join(f"{stem}:*A" for stem in stems)]


VENDORS = {"sqlite": _Sqlite, "postgresql": _Postgresql}


def _filters(column, kind=None, facets=None, skip=None):
    """SQL conditions (and parameters) on an entry id ``column``: of this kind, having any
    chosen value of every chosen facet (facet ``skip`` aside).

    Conditions are ``IN`` sets rather than joins: SQLite then reads the narrow indexes, never
    the wide rows of the entries.
    """
    clauses, params = [], []
    if kind:
        clauses.append(f"{column} IN (SELECT id FROM search_searchentry WHERE kind = %s)")
        params.append(str(kind))
    for name in PRACTICE_FACETS:
        values = [str(value)[:100] for value in (facets or {}).get(name, [])][:MAX_FACET_VALUES]
        if name == skip or not values:
            continue
        marks = ", ".join(["%s"] * len(values))
        clauses.append(
            f"{column} IN (SELECT entry_id FROM search_searchfacet "
            f"WHERE name = %s AND value IN ({marks}))"
        )
        params += [name, *values]
    return clauses, params


def _where(clauses):
    return " WHERE " + " AND ".join(clauses) if clauses else ""


def _and(clauses):
    return "".join(f" AND {clause}" for clause in clauses)


def _page_number(page, pages):
    try:
        page = int(page)
    except (TypeError, ValueError):
        page = 1
    return min(max(page, 1), pages)


class DatabaseBackend(SearchBackend):
    def __init__(self):
        self.vendor = VENDORS[connection.vendor]

    def index(self, documents: list[SearchDocument]) -> None:
        documents = list({document.key: document for document in documents}.values())
        with transaction.atomic():
            for start in range(0, len(documents), BATCH):
                self._index_batch(documents[start : start + BATCH])

    def _index_batch(self, documents):
        SearchEntry.objects.filter(key__in=[document.key for document in documents]).delete()
        entries = SearchEntry.objects.bulk_create(
            SearchEntry(
                key=document.key,
                kind=document.kind,
                title=document.title,
                body=document.body,
                url=document.url,
                date=document.date,
                context=document.context,
                title_terms=" ".join(text.stems(document.title)),
                body_terms=" ".join(text.stems(document.body)),
            )
            for document in documents
        )
        SearchFacet.objects.bulk_create(
            (
                SearchFacet(entry=entry, name=name[:30], value=value[:100])
                for entry, document in zip(entries, documents, strict=True)
                if document.kind == Kind.PRACTICE
                for name, values in document.facets.items()
                for value in dict.fromkeys(values)
            ),
            batch_size=BATCH,
        )
        vocabulary = {
            word
            for document in documents
            for word in text.words(f"{document.title} {document.body}")
            if 3 <= len(word) <= 40 and not word.isdigit() and word not in text.STOP_WORDS
        }
        SearchWord.objects.bulk_create(
            (SearchWord(word=word, length=len(word)) for word in sorted(vocabulary)),
            batch_size=BATCH,
            ignore_conflicts=True,
        )

    def remove(self, keys: list[str]) -> None:
        with transaction.atomic():
            for start in range(0, len(keys), BATCH):
                SearchEntry.objects.filter(key__in=keys[start : start + BATCH]).delete()

    def clear(self) -> None:
        with transaction.atomic():
            SearchFacet.objects.all().delete()
            SearchEntry.objects.all().delete()
            SearchWord.objects.all().delete()

    def search(self, request: SearchRequest) -> SearchResponse:
        response = SearchResponse(kind_counts=dict.fromkeys(Kind.values, 0))
        vendor = self.vendor(request.query)
        if not vendor.terms:
            return response
        facets = {name: values for name, values in (request.facets or {}).items() if values}
        # Several words: how many entries have them all is counted along, for ``_page``.
        if len(vendor.terms) > 1:
            every_sql, every_params = vendor.ids(every=True)
            every_count = f"COUNT(*) FILTER (WHERE id IN ({every_sql}))"
        else:
            every_count, every_params = "COUNT(*)", []
        with connection.cursor() as cursor:
            ids_sql, ids_params = vendor.ids()
            # ``+id`` keeps SQLite off the primary key: it scans the narrow index on kind.
            cursor.execute(
                f"SELECT kind, COUNT(*), {every_count} FROM search_searchentry "
                f"WHERE +id IN ({ids_sql}) GROUP BY kind",
                [*every_params, *ids_params],
            )
            rows = cursor.fetchall()
            response.kind_counts.update({kind: count for kind, count, _every in rows})
            every_by_kind = {kind: every or 0 for kind, _count, every in rows}
            if not any(response.kind_counts.values()):
                response.suggestions = self._suggestions(cursor, request.query)
                return response

            # Facets belong to practices: choosing one keeps only practices.
            kind = request.kind or (Kind.PRACTICE if facets else None)
            if facets:
                clauses, params = _filters("+id", kind, facets)
                cursor.execute(
                    f"SELECT COUNT(*), {every_count} FROM search_searchentry "
                    f"WHERE +id IN ({ids_sql}){_and(clauses)}",
                    [*every_params, *ids_params, *params],
                )
                response.total, every = cursor.fetchone()
            elif kind:
                response.total = response.kind_counts.get(kind, 0)
                every = every_by_kind.get(kind, 0)
            else:
                response.total = sum(response.kind_counts.values())
                every = sum(every_by_kind.values())

            if response.total:
                clauses, params = _filters("m.id", kind, facets)
                response.hits = self._page(
                    cursor, vendor, request, (clauses, params), response.total, every or 0
                )
            # The page shows the facets on the practices' tab only: elsewhere they cost four
            # counts for nothing.
            if kind == Kind.PRACTICE and response.kind_counts.get(Kind.PRACTICE):
                response.facet_counts = self._facet_counts(cursor, ids_sql, ids_params, facets)
        return response

    def _page(self, cursor, vendor, request, filters, total, every):
        """The page's hits. Entries with all the words come first, so a page within the first
        ``every`` ranks only those: far fewer rows than all that have any word."""
        try:
            per_page = min(max(int(request.per_page), 1), MAX_PER_PAGE)
        except (TypeError, ValueError):
            per_page = 10
        page = _page_number(request.page, math.ceil(total / per_page))
        clauses, params = filters
        match_sql, match_params = vendor.match(every=page * per_page <= every)
        cursor.execute(
            f"WITH m AS MATERIALIZED ({match_sql}) SELECT m.id FROM m{_where(clauses)} "
            "ORDER BY m.matched DESC, m.title_matched DESC, "
            "m.id IN (SELECT id FROM search_searchentry WHERE kind = %s), m.rank, m.id "
            "LIMIT %s OFFSET %s",
            [*match_params, *params, str(DESCRIBED_ONLY), per_page, (page - 1) * per_page],
        )
        ids = [row[0] for row in cursor.fetchall()]
        entries = SearchEntry.objects.in_bulk(ids)
        return [
            Hit(
                key=entry.key,
                kind=entry.kind,
                title=entry.title,
                url=entry.url,
                snippet=text.highlight(entry.body, vendor.terms),
                date=entry.date,
                context=entry.context,
            )
            for entry in (entries[pk] for pk in ids)
        ]

    def _facet_counts(self, cursor, ids_sql, ids_params, facets):
        counts = {}
        for name in PRACTICE_FACETS:
            clauses, params = _filters("+f.entry_id", facets=facets, skip=name)
            cursor.execute(
                "SELECT f.value, COUNT(*) FROM search_searchfacet f "
                f"WHERE f.name = %s AND +f.entry_id IN ({ids_sql}){_and(clauses)} "
                "GROUP BY f.value",
                [name, *ids_params, *params],
            )
            counts[name] = dict(cursor.fetchall())
        return counts

    def _suggestions(self, cursor, query):
        """Queries with each unknown word replaced by close words of the index's vocabulary."""
        words = [word for word in text.query_words(query) if len(word) >= 3]
        if not words:
            return []
        conditions = " OR ".join(
            "(length BETWEEN %s AND %s AND substr(word, 1, 1) = %s)" for _ in words
        )
        params = [value for word in words for value in (len(word) - 2, len(word) + 2, word[0])]
        cursor.execute(
            f"SELECT word FROM search_searchword WHERE {conditions} LIMIT %s",
            [*params, MAX_CANDIDATES],
        )
        vocabulary = [row[0] for row in cursor.fetchall()]
        close = {}
        for word in words:
            # One form of each close word: «оценивание», not also «оценивания» and «оцениванию».
            forms = {}
            for match in difflib.get_close_matches(word, vocabulary, n=10, cutoff=CLOSE_WORD):
                forms.setdefault(text.stem(match), match)
            close[word] = list(forms.values())[:MAX_SUGGESTIONS]
        suggestions = []
        for rank in range(MAX_SUGGESTIONS):
            suggestion = " ".join(
                close[word][min(rank, len(close[word]) - 1)] if close.get(word) else word
                for word in text.query_words(query)
            )
            if suggestion not in suggestions and suggestion != " ".join(text.query_words(query)):
                suggestions.append(suggestion)
        return suggestions

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        # Only plain Cyrillic or Latin letters and digits reach FTS5's and tsquery's prefix syntax.
        stems = [
            text.stem(word) for word in text.query_words(prefix) if text.PLAIN_WORD.fullmatch(word)
        ]
        if not stems:
            return []
        sql, params = self.vendor.prefix(stems)
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, min(max(int(limit), 1), 50)])
            return [Suggestion(title=title, url=url, kind=kind) for title, url, kind in cursor]
