"""WCAG 2.1 A/AA checks by axe-core on the home page and the richest text page of the demo,
in the ordinary version and in each colour scheme of the version for the visually impaired."""

import re
from urllib.parse import urlencode

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from site_cms.models import StandardPage

# django_db: the tests read the test database through the live server.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_TAGS},
    "resultTypes": ["violations"],
}
BLOCKING_IMPACTS = {"serious", "critical"}
RICH_BLOCKS = {"table", "image", "callout"}
TARGETS_SHOWN = 5


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture(scope="module")
def rich_page_path(demo_site):
    """The demo's richest text page: one with a table, an image and a callout."""
    candidates = []
    for standard_page in StandardPage.objects.live().public().specific():
        block_types = {block.block_type for block in standard_page.body}
        if RICH_BLOCKS.issubset(block_types):
            candidates.append((len(block_types), len(standard_page.body), standard_page))
    if not candidates:
        pytest.fail(f"the demo has no published StandardPage with blocks {sorted(RICH_BLOCKS)}")
    richest = max(candidates, key=lambda candidate: candidate[:2])[2]
    return richest.url


@pytest.fixture(params=["home", "standard"])
def path(request):
    if request.param == "home":
        return "/"
    return request.getfixturevalue("rich_page_path")


def open_in_version(page, path, scheme):
    """Open ``path`` in the ordinary version (scheme None) or with a low-vision scheme."""
    if scheme is None:
        page.goto(path)
        expect(page.locator("html")).not_to_have_class(re.compile(r"\blv\b"))
        return
    page.goto("/vision/?" + urlencode({"scheme": scheme, "next": path}))
    expect(page.locator("html")).to_have_class(re.compile(rf"\blv-scheme-{scheme}\b"))


def describe(violations):
    lines = []
    for violation in violations:
        targets = [" ".join(node["target"]) for node in violation["nodes"]]
        shown = "; ".join(targets[:TARGETS_SHOWN])
        more = f" (+{len(targets) - TARGETS_SHOWN} more)" if len(targets) > TARGETS_SHOWN else ""
        lines.append(
            f"- {violation['id']} [{violation['impact']}] {violation['help']}: {shown}{more}"
        )
        summary = violation["nodes"][0].get("failureSummary", "")
        if summary:
            lines.append("    " + summary.replace("\n", "\n    "))
    return "\n".join(lines)


def assert_accessible(page, axe=None):
    """axe-core finds no serious or critical WCAG 2.1 A/AA violation on the page as it stands."""
    violations = (axe or Axe()).run(page, options=AXE_OPTIONS).response["violations"]
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe on {page.url}:\n" + describe(blocking)


@pytest.mark.parametrize("scheme", [None, "bw", "wb", "blue"], ids=["ordinary", "bw", "wb", "blue"])
def test_no_serious_accessibility_violations(page, axe, path, scheme):
    open_in_version(page, path, scheme)
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    version = f"low-vision scheme {scheme!r}" if scheme else "the ordinary version"
    assert not blocking, (
        f"axe found serious/critical WCAG A/AA violations on {path} in {version}:\n"
        + describe(blocking)
    )
