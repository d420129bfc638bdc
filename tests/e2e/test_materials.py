"""The demo's bank of presentation materials in a browser: axe, filtering without JavaScript."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.test_accessibility import AXE_OPTIONS, BLOCKING_IMPACTS, describe, open_in_version

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

MATERIALS = "/materialy/"


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("scheme", [None, "wb"], ids=["ordinary", "wb"])
def test_materials_page_has_no_serious_accessibility_violations(page, axe, scheme):
    open_in_version(page, MATERIALS, scheme)
    expect(page.locator(".material-card").first).to_be_visible()
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe on {MATERIALS}:\n" + describe(blocking)


def test_filter_by_type_without_javascript(no_js_page):
    page = no_js_page
    page.goto(MATERIALS)
    page.get_by_label("Вид материала").select_option("presentation")
    page.get_by_role("button", name="Показать").click()

    expect(page).to_have_url(re.compile(r"[?&]type=presentation"))
    badges = page.locator(".material-card .status-badge")
    expect(badges.first).to_be_visible()
    assert set(badges.all_inner_texts()) == {"презентация"}
    expect(page.get_by_label("Вид материала")).to_have_value("presentation")


def test_material_shows_where_it_is_used(page):
    page.goto(MATERIALS)
    card = page.locator(".material-card", has=page.locator(".material-usage")).first
    expect(card).to_contain_text("Где используется:")
    document_href = card.locator(".material-card__download a").get_attribute("href")

    card.locator(".material-usage a").first.click()

    # The page the bank points to offers the same document.
    expect(page.locator(f'main a[href="{document_href}"]').first).to_be_visible()
