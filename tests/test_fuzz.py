"""No public address answers with a server error, whatever its query string says.

Every kind of public page of the demo is asked for with each query parameter its code reads set
to values that broken links, scanners and attackers bring: numbers beyond any database integer,
negative numbers, dates outside the calendar, junk text, empty values, repeated parameters,
percent-escapes that are not UTF-8, a NUL byte (PostgreSQL refuses it in a query) and very long
values. The parameter lists come from the forms and constants the views read, so a new filter
is fuzzed too. The site runs as in production (DEBUG off): an exception is a 500 response.
"""

from dataclasses import dataclass
from urllib.parse import quote

import pytest
from wagtail.models import Page

from events.filters import EventFilterForm
from events.models import EventIndexPage, EventPage
from indicators.models import IndicatorPage
from indicators.results.open_data import OpenDataForm
from practices.facets import FACETS
from practices.materials_listing import MaterialFilterForm, bank_materials
from practices.models import (
    MaterialsIndexPage,
    PracticeCollectionPage,
    PracticeIndexPage,
    PracticePage,
)
from roadmaps.models import RoadmapPage
from schools.models import QualitySectionPage, SchoolIndexPage, SchoolNewsPage, SchoolPage
from search.backends.base import PRACTICE_FACETS
from site_cms.low_vision import CHOICES
from site_cms.models import HomePage, StandardPage

# Values as they stand in a query string: percent-escapes are sent as they are.
VALUES = [
    "",
    "0",
    "-1",
    "-5",
    "99999999999999999999",
    "-99999999999999999999",
    "2147483648",
    "1e308",
    "NaN",
    "0001-01",
    "0002-01",
    "9998-12",
    "9999-12",
    "2024-13",
    "0001-01-01",
    quote("Школа № 1 <script>'\"; --"),
    "%FF%FE%FD",
    "%C3%28",
    "%00",
    "%0D%0A",
    "x" * 5000,
]


@dataclass(frozen=True)
class Target:
    """A public address: the first public page of ``model`` (or its route ``route``), or a
    fixed ``path``; the parameters its view reads; the query strings that switch its modes
    (the month grid, a file download, a search tab), each of which is fuzzed."""

    model: type | None = None
    route: str = ""
    path: str = ""
    params: tuple = ()
    modes: tuple = ("",)

    def address(self):
        if self.model is None:
            return self.path
        page = self.model.objects.live().public().order_by("path").first()
        assert page is not None, f"the demo has no public {self.model.__name__}"
        return page.url + (page.reverse_subpage(self.route) if self.route else "")


CALENDAR_FILTERS = tuple(EventFilterForm.base_fields)
TARGETS = {
    "home": Target(HomePage),
    "standard page": Target(StandardPage),
    "calendar": Target(
        EventIndexPage,
        params=(*CALENDAR_FILTERS, "page"),
        modes=("", "view=month"),
    ),
    "calendar ICS": Target(EventIndexPage, "ics", params=CALENDAR_FILTERS),
    "event": Target(EventPage, params=("registered",)),
    "event ICS": Target(EventPage, "ics"),
    "practices bank": Target(
        PracticeIndexPage, params=(*(spec.key for spec in FACETS), "sort", "page")
    ),
    "practice": Target(PracticePage),
    "collection": Target(PracticeCollectionPage),
    "collection PDF": Target(PracticeCollectionPage, "pdf"),
    "materials bank": Target(MaterialsIndexPage, params=(*MaterialFilterForm.base_fields, "page")),
    "schools": Target(SchoolIndexPage, params=("year", "municipality", "status", "kind")),
    "school": Target(SchoolPage),
    "school section": Target(QualitySectionPage, params=("page",)),
    "school news": Target(SchoolNewsPage),
    "roadmap": Target(RoadmapPage),
    "roadmap print": Target(RoadmapPage, "print"),
    "roadmap XLSX": Target(RoadmapPage, "xlsx"),
    "indicators": Target(IndicatorPage),
    "open data": Target(
        IndicatorPage,
        "open_data",
        params=tuple(OpenDataForm.base_fields),
        modes=("", "format=csv", "dataset=tasks&format=json"),
    ),
    "search": Target(
        path="/search/",
        params=("q", "tab", "page", *PRACTICE_FACETS),
        modes=("q=школа",),
    ),
    "suggest": Target(path="/search/suggest/", params=("q",), modes=("", "q=шк")),
    "low vision": Target(path="/vision/", params=("next", *CHOICES)),
    "low vision off": Target(path="/vision/off/", params=("next",)),
}


def _query_strings(target):
    """In each mode: each parameter alone with each value, repeated after a sane value, and
    every parameter at once with each value. Every address also gets a parameter it does not
    know."""
    params = [*target.params, "utm_source"]
    for mode in target.modes:
        prefix = f"{mode}&" if mode else ""
        for name in params:
            for value in VALUES:
                yield f"{prefix}{name}={value}"
            yield f"{prefix}{name}=1&{name}=99999999999999999999&{name}=%FF"
        for value in VALUES:
            yield prefix + "&".join(f"{name}={value}" for name in params)


@pytest.fixture
def visitor(client, settings, demo_loaded, db):
    """An anonymous visitor of the demo site; the server runs as in production."""
    settings.DEBUG = False
    client.raise_request_exception = False
    return client


def _server_errors(client, path, queries):
    failures = []
    for query in queries:
        address = f"{path}?{query}" if query else path
        status = client.get(address).status_code
        if status >= 500:
            failures.append((address[:300], status))
    return failures


def test_every_public_page_type_is_fuzzed(visitor):
    """A new kind of page joins TARGETS, with the parameters it reads."""
    public = Page.objects.live().public().filter(depth__gt=1).specific()
    assert {page.specific_class for page in public} <= {t.model for t in TARGETS.values()}


@pytest.mark.parametrize("name", TARGETS)
def test_no_server_error_whatever_the_query(visitor, name):
    target = TARGETS[name]
    path = target.address()
    assert visitor.get(path).status_code < 400, path
    assert not _server_errors(visitor, path, _query_strings(target))


def test_no_server_error_from_document_addresses(visitor):
    """Wagtail serves documents: junk after a real one, and addresses of none, are no 500."""
    document = bank_materials().order_by("pk").first()
    assert visitor.get(document.url).status_code == 200
    assert not _server_errors(visitor, document.url, _query_strings(Target()))
    for path in (
        "/documents/99999999999999999999/file.pdf",
        "/documents/0/file.pdf",
        f"/documents/{document.pk}/%FF%FE.pdf",
        f"/documents/{document.pk}/{'x' * 5000}.pdf",
    ):
        assert visitor.get(path).status_code == 404, path
