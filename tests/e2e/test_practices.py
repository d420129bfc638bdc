"""The bank of practices in a browser: filters without JavaScript, axe on the bank and a card."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.test_accessibility import AXE_OPTIONS, BLOCKING_IMPACTS, describe, open_in_version

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

BANK = "/praktiki/"
DIRECTION = "formiruyushchee-otsenivanie"
PRACTICE = BANK + "formiruyushchee-otsenivanie-matematika/"


@pytest.fixture(scope="module")
def axe():
    return Axe()


def found_count(page):
    return int(
        re.search(r"Найдено: (\d+)", page.locator(".practice-results__count").inner_text())[1]
    )


def test_filters_work_without_javascript(no_js_page):
    page = no_js_page
    page.goto(BANK)
    everything = found_count(page)
    directions = page.get_by_role("group", name="Направление")
    directions.get_by_label(re.compile(r"^Формирующее оценивание")).check()
    page.get_by_role("group", name="Уровень образования").get_by_label(
        re.compile(r"^Основное общее")
    ).check()
    page.get_by_role("button", name="Показать").click()
    expect(page).to_have_url(re.compile(rf"direction={DIRECTION}"))
    expect(page).to_have_url(re.compile(r"level=ooo"))
    filtered = found_count(page)
    assert 0 < filtered < everything
    expect(directions.get_by_label(re.compile(r"^Формирующее оценивание"))).to_be_checked()
    chip = page.locator(".practice-chip", has_text="Направление: Формирующее оценивание")
    expect(chip).to_be_visible()
    chip.click()
    expect(page).not_to_have_url(re.compile("direction="))
    expect(page).to_have_url(re.compile(r"level=ooo"))
    page.get_by_role("link", name="Сбросить фильтры").first.click()
    assert found_count(page) == everything
    page.locator(".practice-card__title a").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()


@pytest.mark.parametrize("scheme", [None, "wb"], ids=["ordinary", "wb"])
@pytest.mark.parametrize(
    "path", [f"{BANK}?direction={DIRECTION}&level=ooo", PRACTICE], ids=["bank", "practice"]
)
def test_no_serious_accessibility_violations_on_bank_pages(page, axe, path, scheme):
    open_in_version(page, path, scheme)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe on {path} (scheme {scheme}):\n" + describe(blocking)
