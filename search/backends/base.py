"""What every search backend takes and returns.

The site indexes ``SearchDocument``s (``search.documents`` builds them from pages and
materials) and asks ``SearchRequest``s; a backend answers with a ``SearchResponse``: the hits
of one page with highlighted snippets, the number of hits of each kind and the facet counts of
the practices. Snippets are safe HTML: the text escaped, matched words in ``<mark>``.
"""

import datetime
from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    PRACTICE = "practice", _("Практики")
    EVENT = "event", _("События")
    MATERIAL = "material", _("Материалы")
    SCHOOL = "school", _("Школы")
    PAGE = "page", _("Страницы")


# Facets of the practices, in the order the page shows them (names of PracticePage's terms).
PRACTICE_FACETS = ("kind", "level", "subject", "direction")
# Materials are indexed by their title and description only: no text is extracted from their
# files. Among results that match a query as well, they come after those whose text was searched.
DESCRIBED_ONLY = Kind.MATERIAL


@dataclass(frozen=True)
class SearchDocument:
    key: str  # unique across kinds: "page:42", "material:7"
    kind: str  # a Kind value
    title: str
    body: str  # plain text, no HTML
    url: str
    date: datetime.date | None = None
    facets: dict[str, list[str]] = field(default_factory=dict)  # facet name → value slugs
    # Whose or where it is, shown under the title: «Школы › МАОУ «СОШ № 37»», the practice's
    # school, the material's event. Many pages share a title (each school's sections).
    context: str = ""


@dataclass(frozen=True)
class SearchRequest:
    query: str
    kind: str | None = None  # None: all kinds
    facets: dict[str, list[str]] = field(default_factory=dict)  # several values: any of them
    page: int = 1
    per_page: int = 10


@dataclass(frozen=True)
class Hit:
    key: str
    kind: str
    title: str
    url: str
    snippet: str  # safe HTML
    date: datetime.date | None = None
    context: str = ""


@dataclass
class SearchResponse:
    total: int = 0  # hits of the requested kind and facets
    hits: list[Hit] = field(default_factory=list)
    kind_counts: dict[str, int] = field(default_factory=dict)  # every kind, facets ignored
    # Filled when practices are asked for (their kind or a facet); a backend may skip it otherwise.
    facet_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestions: list[str] = field(default_factory=list)  # «возможно, вы искали»


@dataclass(frozen=True)
class Suggestion:
    title: str
    url: str
    kind: str


class SearchUnavailable(Exception):
    """The search engine did not answer (down, unreachable, timed out, failing)."""


class SearchBackend:
    """The interface; see ``search.backends.database`` and ``search.backends.elastic``."""

    def index(self, documents: list[SearchDocument]) -> None:
        """Add or replace these documents."""
        raise NotImplementedError

    def remove(self, keys: list[str]) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        """Remove everything (before a rebuild)."""
        raise NotImplementedError

    def search(self, request: SearchRequest) -> SearchResponse:
        raise NotImplementedError

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        """Titles for the search box's autocomplete: words of the title starting with the
        prefix's words, in any form."""
        raise NotImplementedError
