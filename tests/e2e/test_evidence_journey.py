"""The evidence bank in the browser, on the demo site.

The demo expert recommends the practice waiting in «Экспертиза практики» and sets its strength
of evidence in the same modal; a visitor then reads the level with its meaning on the card.
A visitor without JavaScript ticks practices in the bank and compares them in a table, which
axe-core finds free of serious WCAG 2.1 A/AA violations, like the practice's card.
"""

import pytest
from playwright.sync_api import expect

from demo.users import demo_user
from practices.models import PracticePage
from tests.e2e.test_accessibility import assert_accessible
from tests.e2e.test_school_editor import log_in
from tests.practices.test_evidence_pages import COMPARED_ROWS

# django_db: the tests read the test database through the live server.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

IN_REVIEW_SLUG = "uchebnye-pary-russkiy-yazyk"  # submitted by the demo school editor
CONCLUSION = "Практика проста и переносима; результаты пар сопоставлены с параллельным классом."
MEANING = "Изменения сравнили с похожими классами или школами без практики"


def test_expert_sets_the_strength_of_evidence_and_the_card_shows_it(page):
    draft = PracticePage.objects.get(slug=IN_REVIEW_SLUG)
    assert draft.workflow_in_progress and not draft.live

    expert = demo_user("expert")
    log_in(page, expert.username, expert.password)
    awaiting = page.get_by_role("region", name="В ожидании вашего отзыва")
    row = awaiting.locator("tr", has_text=draft.title)
    row.get_by_role("button", name="Действия").click()
    row.get_by_role("button", name="Рекомендовать с заключением").click()
    modal = page.locator(".modal-content")
    modal.locator("textarea[name=comment]").fill(CONCLUSION)
    modal.locator("select[name=evidence_level]").select_option("2")
    modal.get_by_role("button", name="Рекомендовать с заключением").click()
    expect(awaiting.locator("tr", has_text=draft.title)).to_have_count(0)

    draft.refresh_from_db()
    assert draft.live and draft.evidence_level == 2

    page.context.clear_cookies()
    page.goto(draft.url)
    marks = page.locator(".evidence-marks")
    expect(marks).to_contain_text("2 из 3")
    expect(marks).to_contain_text(MEANING)
    expect(page.locator(".practice-start ol li").first).to_be_visible()
    assert_accessible(page)


def test_visitor_without_javascript_compares_practices(no_js_page, page):
    visitor = no_js_page
    bank = PracticePage.objects.live().first().get_parent()
    visitor.goto(bank.url + "?sort=evidence")
    cards = visitor.locator(".practice-card")
    titles = [cards.nth(n).locator(".practice-card__title").inner_text() for n in range(3)]
    for n in range(3):
        cards.nth(n).get_by_label("Сравнить").check()
    visitor.get_by_role("button", name="Сравнить выбранные").click()

    table = visitor.locator("table.evidence-compare")
    expect(table).to_be_visible()
    expect(table.locator("thead th a")).to_have_text(titles)
    expect(table.locator("tbody th")).to_have_text(COMPARED_ROWS)
    # Sorted by evidence, the first practice has the demo's strongest level.
    expect(table.locator("tbody tr").nth(2).locator("td").first).to_contain_text("3 из 3")
    # axe runs as a script: the same comparison, in a page with JavaScript.
    page.goto(visitor.url)
    assert_accessible(page)
