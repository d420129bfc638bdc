"""Search in a browser: a teacher types a word in another form, picks a suggestion, narrows the
results to practices of one level, sees the matched words highlighted and opens a practice.
Then axe on the results page, in the ordinary and the low-vision version."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.e2e.test_accessibility import AXE_OPTIONS, BLOCKING_IMPACTS, describe, open_in_version

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

TITLE = "Формирующее оценивание на уроках математики: листы самопроверки и «светофор»"


def test_teacher_finds_a_practice_by_an_inflected_word(page):
    page.goto("/search/")
    box = page.get_by_role("combobox", name="Что найти")
    box.press_sequentially("оцениванию", delay=20)

    suggestions = page.get_by_role("listbox", name="Подсказки поиска")
    expect(suggestions).to_be_visible()
    suggestions.get_by_role(
        "option", name=re.compile("^Формирующее оценивание на уроках")
    ).first.click()

    expect(page).to_have_url(re.compile(r"/search/\?q="))
    expect(page.locator(".search-result").first).to_be_visible()

    page.get_by_role("link", name=re.compile(r"^Практики \(\d+\)")).click()
    page.get_by_role("checkbox", name=re.compile("^Основное общее образование")).check()
    page.get_by_role("button", name="Показать").click()

    expect(page).to_have_url(re.compile(r"level=ooo"))
    expect(page.locator(".search-result__snippet mark").first).to_be_visible()
    marked = [word.lower() for word in page.locator(".search-result mark").all_inner_texts()]
    assert any(word.startswith("оценива") for word in marked), marked

    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)


@pytest.mark.parametrize("scheme", [None, "wb"], ids=["ordinary", "wb"])
def test_no_serious_accessibility_violations_on_search_results(page, scheme):
    open_in_version(page, "/search/?q=оценивание&tab=practice", scheme)
    expect(page.locator(".search-result").first).to_be_visible()
    violations = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    assert not blocking, describe(blocking)
