"""What the bench measures. Later features append their scenarios to SCENARIOS.

A scenario's `path` is either a fixed string or a function that finds the URL in the bench
database at run time (returning None skips the scenario with its `skip_note`). `prepare`, when
given, adds data to the bench database before the server starts. Both functions run inside
Django, set up against the bench database, so they import models in their body.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Scenario:
    name: str
    path: str | Callable[[], str | None]
    target_p95_ms: float | None = None
    expected_status: int = 200
    # Append a different query string to every request, so the whole-page cache never hits.
    unique_query: bool = False
    prepare: Callable[[], None] | None = None
    skip_note: str = ""


def first_standard_page_path():
    from site_cms.models import StandardPage

    page = StandardPage.objects.live().public().order_by("path").first()
    if page is None:
        return None
    _site_id, _root_url, path = page.get_url_parts()
    return path


SCENARIOS = [
    Scenario("home page", "/", target_p95_ms=50),
    Scenario("home page, uncached", "/", target_p95_ms=300, unique_query=True),
    Scenario(
        "standard page",
        first_standard_page_path,
        target_p95_ms=50,
        skip_note="no live StandardPage in the bench database",
    ),
    Scenario("search", "/search/?q=школа", target_p95_ms=50),
    Scenario("search, uncached", "/search/?q=школа", target_p95_ms=300, unique_query=True),
    Scenario("404 page", "/bench-no-such-page/", target_p95_ms=100, expected_status=404),
]
