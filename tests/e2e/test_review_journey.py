"""The review of a practice end to end in the browser, on the demo site.

The demo school editor reworks a draft of the own school and submits it to «Экспертиза
практики»; the demo expert finds it on the dashboard and recommends it with a conclusion; an
anonymous visitor then opens the published practice and sees its badge and the conclusion.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from wagtail.models import WorkflowState

from demo.users import demo_user
from practices.models import PracticePage
from tests.e2e.test_school_editor import log_in

# django_db: the tests read the test database through the live server.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

DRAFT_SLUG = "utrenniy-krug"  # a demo draft of the school editor, not yet submitted
ANNOTATION = (
    "Каждый день начинается с пятнадцатиминутного круга всех учеников школы: новости, планы, "
    "благодарности. За год конфликтов на переменах стало вдвое меньше."
)
CONCLUSION = "Практика проста, не требует затрат и подходит любой малокомплектной школе."
BADGE = "Рекомендована экспертным советом"


def test_school_editor_submits_expert_approves_visitor_sees_the_badge(page):
    draft = PracticePage.objects.get(slug=DRAFT_SLUG)
    assert not draft.live and not draft.workflow_in_progress

    editor = demo_user("school-editor")
    log_in(page, editor.username, editor.password)
    page.goto(f"/admin/pages/{draft.pk}/edit/")
    expect(page.locator("#id_annotation")).to_be_visible()
    # The conclusion is the experts' to write: school editors do not get the field.
    expect(page.locator("[name=expert_conclusion]")).to_have_count(0)
    page.fill("#id_annotation", ANNOTATION)
    page.locator("footer [data-w-dropdown-target='toggle']").click()
    page.get_by_role("button", name=re.compile("Отправить в")).click()
    expect(page.locator(".messages")).to_be_visible()
    state = WorkflowState.objects.get(object_id=str(draft.pk), status="in_progress")
    assert state.workflow.name == "Экспертиза практики"
    draft.refresh_from_db()
    assert not draft.live

    page.context.clear_cookies()
    expert = demo_user("expert")
    log_in(page, expert.username, expert.password)
    awaiting = page.get_by_role("region", name="В ожидании вашего отзыва")
    row = awaiting.locator("tr", has_text=draft.title)
    expect(row).to_be_visible()
    row.get_by_role("button", name="Действия").click()
    row.get_by_role("button", name="Рекомендовать с заключением").click()
    modal = page.locator(".modal-content")
    modal.locator("textarea[name=comment]").fill(CONCLUSION)
    modal.get_by_role("button", name="Рекомендовать с заключением").click()
    expect(awaiting.locator("tr", has_text=draft.title)).to_have_count(0)

    draft.refresh_from_db()
    assert draft.live and draft.expert_conclusion == CONCLUSION
    assert draft.expert_conclusion_date == timezone.localdate()

    page.context.clear_cookies()
    page.goto(draft.url)
    expect(page.locator("h1")).to_have_text(draft.title)
    expect(page.locator(".lead")).to_have_text(ANNOTATION)
    expect(page.locator("main").get_by_text(BADGE).first).to_be_visible()
    expect(page.locator("main")).to_contain_text(CONCLUSION)
