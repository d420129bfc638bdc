"""Russian text for the search: normalized words, their Snowball stems, safe query terms and
highlighted snippets. Pure functions, shared by every backend."""

import re
from functools import lru_cache

import snowballstemmer
from django.utils.html import escape
from django.utils.safestring import mark_safe

# Letters and digits; a hyphen, an apostrophe or any other sign splits words.
WORD = re.compile(r"[^\W_]+")
CYRILLIC = re.compile(r"[а-я]")
LATIN = re.compile(r"[a-z]")
# Words of the two scripts the site writes in: safe inside any prefix query syntax.
PLAIN_WORD = re.compile(r"[a-zа-я0-9]+")

# A query is cut to this many terms of at most this many letters: anything longer is noise
# or an attack on the index.
MAX_TERMS = 10
MAX_TERM_LENGTH = 40

# Words too common to tell documents apart; the query ignores them, the index keeps them off.
STOP_WORDS = frozenset(
    [
        "а",
        "без",
        "в",
        "во",
        "да",
        "для",
        "до",
        "же",
        "за",
        "и",
        "из",
        "или",
        "к",
        "ко",
        "ли",
        "на",
        "над",
        "не",
        "ни",
        "но",
        "о",
        "об",
        "обо",
        "от",
        "по",
        "под",
        "при",
        "про",
        "с",
        "со",
        "у",
        "что",
        "это",
        "как",
        "так",
        "то",
        "the",
        "a",
        "an",
        "and",
        "or",
        "of",
        "in",
        "on",
        "to",
        "for",
        "is",
    ]
)

_russian = snowballstemmer.stemmer("russian")
_english = snowballstemmer.stemmer("english")


def normalize(text: str) -> str:
    """Lower case in any script, «ё» read as «е»."""
    return text.casefold().replace("ё", "е")


def words(text: str) -> list[str]:
    """The normalized words of a text, in order."""
    return WORD.findall(normalize(text))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball stem of a normalized word: Russian for Cyrillic, English for Latin."""
    if CYRILLIC.search(word):
        return _russian.stemWord(word)
    if LATIN.search(word):
        return _english.stemWord(word)
    return word


def stems(text: str) -> list[str]:
    """The stems of a text's words, stop words left out: what the index stores."""
    return [stem(word) for word in words(text) if word not in STOP_WORDS]


def query_words(query: str) -> list[str]:
    """The distinct meaningful words of a query, capped in number and length.

    Only letters and digits survive, so no FTS5 or tsquery syntax and no SQL reach a backend.
    """
    found = []
    for word in words(query or ""):
        word = word[:MAX_TERM_LENGTH]
        if word not in STOP_WORDS and word not in found:
            found.append(word)
        if len(found) == MAX_TERMS:
            break
    return found


def query_terms(query: str) -> list[str]:
    """The distinct stems of a query's words (see ``query_words``)."""
    terms = []
    for word in query_words(query):
        term = stem(word)
        if term not in terms:
            terms.append(term)
    return terms


def highlight(text: str, terms, length: int = 240) -> str:
    """A snippet of ``text`` around its first matches as safe HTML, matched words in ``<mark>``.

    ``terms`` are stems; a word matches when its stem is one of them. Without a match the
    snippet is the text's start. Cut ends are marked with «…».
    """
    terms = set(terms)
    text = " ".join(text.split())
    spans = [
        match.span() for match in WORD.finditer(text) if stem(normalize(match.group())) in terms
    ]
    start = 0
    if spans and len(text) > length:
        # A little of what precedes the first match, cut at a word boundary.
        start = max(0, spans[0][0] - length // 4)
        if start:
            space = text.find(" ", start)
            start = space + 1 if 0 <= space < spans[0][0] else spans[0][0]
    end = min(len(text), start + length)
    if end < len(text):
        space = text.rfind(" ", start, end)
        if space > start:
            end = space
    parts = ["…"] if start else []
    position = start
    for span_start, span_end in spans:
        if span_start < start or span_end > end:
            continue
        parts.append(escape(text[position:span_start]))
        parts.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    parts.append(escape(text[position:end]))
    if end < len(text):
        parts.append("…")
    return mark_safe("".join(parts))
