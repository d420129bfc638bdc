"""A demo roadmap in the browser: axe finds no serious/critical WCAG A/AA violations in the
ordinary version and a low-vision scheme, and the table reads without JavaScript."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from roadmaps.models import RoadmapPage

from .test_accessibility import AXE_OPTIONS, BLOCKING_IMPACTS, describe, open_in_version

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]


@pytest.fixture(scope="module")
def roadmap_path(demo_site):
    return RoadmapPage.objects.get(slug="amurskaya-oblast-2023-2024").url


@pytest.mark.parametrize("scheme", [None, "wb"], ids=["ordinary", "wb"])
@pytest.mark.parametrize("printable", [False, True], ids=["page", "print"])
def test_roadmap_has_no_serious_accessibility_violations(page, roadmap_path, scheme, printable):
    path = roadmap_path + ("pechat/" if printable else "")
    open_in_version(page, path, scheme)
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe on {path} (scheme {scheme}):\n" + describe(blocking)


def test_roadmap_table_and_progress_work_without_javascript(no_js_page, roadmap_path):
    no_js_page.goto(roadmap_path)
    expect(no_js_page.locator("tr.roadmap-row")).to_have_count(34)
    expect(no_js_page.locator("th[scope=colgroup]")).to_have_count(4)
    expect(no_js_page.locator(".roadmap-progress__summary")).to_contain_text("из 34 мероприятий")
    no_js_page.get_by_role("link", name="Версия для печати").click()
    expect(no_js_page.locator("h1")).to_contain_text("Амурская область")
    expect(no_js_page.locator("tr.roadmap-row")).to_have_count(34)
