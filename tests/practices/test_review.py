"""Submission by school editors and the expert workflow «Экспертиза практики», through the
admin's HTTP views."""

import importlib
import json

import pytest
from bs4 import BeautifulSoup
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone
from wagtail.models import GroupPagePermission, WorkflowPage, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from practices.models import PracticePage
from practices.workflow import REVIEW_WORKFLOW_NAME
from schools.provisioning import provision_school
from tests.factories import PracticePageFactory, SchoolFactory, SchoolIndexPageFactory

pytestmark = pytest.mark.django_db

TITLE = "Формирующее оценивание на уроках математики"
CONCLUSION = "Практика результативна и переносима в другие школы; рекомендуется к распространению."
NO_CONCLUSION = "Напишите экспертное заключение"
BROKEN = "Данные действия повреждены"
CHANGES = "Добавьте, пожалуйста, данные ВПР за два года, которые подтверждают результат."
# «Как начать», complete: what a recommended practice must have.
START_GUIDE = {
    "first_steps": "Договориться с учителями о листах самооценки\nПровести пробный урок",
    "difficulties": "Учителя боялись лишней работы: листы сделали на полстраницы.",
    "contact": "Заместитель директора по УР, zavuch@example.ru",
    "contact_consent": "on",
}
NO_START_GUIDE = dict.fromkeys(("first_steps", "difficulties", "contact", "contact_consent"), "")
NO_GUIDE_ERROR = "Рекомендовать можно практику с разделом «Как начать»"


@pytest.fixture
def school_index(home):
    return SchoolIndexPageFactory(parent=home)


@pytest.fixture
def own(school_index, bank):
    school = SchoolFactory(short_name="МОУ «Джатиевская ООШ»")
    provision_school(school, school_index)
    return school


@pytest.fixture
def other(school_index, bank):
    school = SchoolFactory(short_name="МОУ «Запорожская ООШ»")
    provision_school(school, school_index)
    return school


def _user(username, *groups):
    user = get_user_model().objects.create_user(username, password="x")
    user.groups.add(*groups)
    return user


@pytest.fixture
def school_editor(own):
    return _user("school-editor", own.editors_group)


@pytest.fixture
def expert(db):
    return _user("expert", Group.objects.get(name="Эксперты"))


def practice_form(school, action, title=TITLE, **fields):
    return nested_form_data(
        {
            "title": title,
            "slug": "formiruyushchee-otsenivanie",
            "annotation": "Учителя математики проверяют понимание на каждом уроке.",
            "kind": "pedagogical",
            "school": school.pk,
            "authors": inline_formset([]),
            "grade_from": "5",
            "grade_to": "9",
            "problem": "Ученики не понимают, за что получают отметки.",
            "description": streamfield(
                [("paragraph", rich_text("<p>Листы самооценки на каждом уроке.</p>"))]
            ),
            "results": streamfield([]),
            "resources": "",
            "materials": inline_formset([]),
            "comments": inline_formset([]),
            "results_after": "",
            "results_after_unit": "months",
            **START_GUIDE,
            action: action,
            **fields,
        }
    )


def add_url(bank):
    return f"/admin/pages/add/practices/practicepage/{bank.pk}/"


def submit_practice(client, bank, school):
    """The school editor's draft, created and submitted to the workflow in one request."""
    response = client.post(add_url(bank), practice_form(school, "action-submit"))
    assert response.status_code == 302, response.context["form"].errors
    return PracticePage.objects.get(title=TITLE)


def school_choices(response):
    """The schools offered in the practice form: {pk: selected}."""
    select = BeautifulSoup(response.content, "html.parser").find("select", {"name": "school"})
    return {
        option["value"]: option.has_attr("selected")
        for option in select.find_all("option")
        if option["value"]
    }


def workflow_action(client, page, action, comment, **fields):
    task_state = page.current_workflow_task_state
    return client.post(
        f"/admin/pages/workflow/action/{page.pk}/{action}/{task_state.pk}/",
        {"comment": comment, **fields},
    )


# --- School editors --------------------------------------------------------------------------


def test_school_editor_submits_a_draft_to_expert_review(client, bank, own, school_editor):
    client.force_login(school_editor)
    # The only school the editor works for is chosen for them.
    assert school_choices(client.get(add_url(bank))) == {str(own.pk): True}

    page = submit_practice(client, bank, own)

    assert not page.live
    assert page.owner == school_editor
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.workflow.name == REVIEW_WORKFLOW_NAME
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert page.current_workflow_task.name == "Экспертиза практики"
    assert client.get(page.url).status_code == 404


def test_school_editor_cannot_publish(client, bank, own, school_editor):
    client.force_login(school_editor)
    client.post(add_url(bank), practice_form(own, "action-publish"))
    page = PracticePage.objects.get(title=TITLE)
    assert not page.live

    edit_url = f"/admin/pages/{page.pk}/edit/"
    assert client.get(edit_url).status_code == 200
    client.post(edit_url, practice_form(own, "action-publish", title=TITLE))
    page.refresh_from_db()
    assert not page.live and page.first_published_at is None
    assert client.get(page.url).status_code == 404


def test_school_editor_cannot_edit_another_schools_practice(client, bank, other, school_editor):
    practice = PracticePageFactory(parent=bank, school=other, title="Чужая практика")
    client.force_login(school_editor)
    edit_url = f"/admin/pages/{practice.pk}/edit/"
    assert client.get(edit_url).status_code in (302, 403)

    client.post(edit_url, practice_form(other, "action-submit", title="Переписано"))
    practice.refresh_from_db()
    assert practice.title == "Чужая практика"
    assert practice.get_latest_revision().content["title"] == "Чужая практика"
    assert not WorkflowState.objects.filter(object_id=str(practice.pk)).exists()


def test_school_editor_cannot_pick_another_school(client, bank, own, other, school_editor):
    client.force_login(school_editor)
    assert str(other.pk) not in school_choices(client.get(add_url(bank)))

    response = client.post(add_url(bank), practice_form(other, "action-submit"))
    assert response.status_code == 200
    assert "school" in response.context["form"].errors
    assert not PracticePage.objects.exists()


def test_school_editor_cannot_write_the_expert_conclusion(client, bank, own, school_editor):
    client.force_login(school_editor)
    form = client.get(add_url(bank)).content.decode()
    assert 'name="expert_conclusion"' not in form
    assert 'name="expert_conclusion_date"' not in form

    forged = practice_form(
        own,
        "action-submit",
        expert_conclusion="Рекомендуем сами себя",
        expert_conclusion_date="2026-01-01",
    )
    assert client.post(add_url(bank), forged).status_code == 302
    page = PracticePage.objects.get(title=TITLE)
    draft = page.get_latest_revision_as_object()
    assert draft.expert_conclusion == "" and draft.expert_conclusion_date is None


def test_a_newly_provisioned_school_can_add_practices(client, bank, school_index):
    school = SchoolFactory(short_name="МОУ «Новая школа»")
    provision_school(school, school_index)
    school.refresh_from_db()
    client.force_login(_user("new-editor", school.editors_group))
    assert client.get(add_url(bank)).status_code == 200
    page = submit_practice(client, bank, school)
    assert page.school == school


def test_schools_provisioned_before_the_bank_can_add_practices(client, home, school_index):
    from tests.factories import PracticeIndexPageFactory

    school = SchoolFactory(short_name="МОУ «Ранняя школа»")
    provision_school(school, school_index)
    school.refresh_from_db()
    bank = PracticeIndexPageFactory(parent=home)
    client.force_login(_user("early-editor", school.editors_group))
    page = submit_practice(client, bank, school)
    assert page.current_workflow_task is not None


def test_institute_editor_names_any_school(client, bank, own, other):
    client.force_login(_user("editor", Group.objects.get(name="Редакторы института")))
    response = client.get(add_url(bank))
    assert school_choices(response) == {str(own.pk): False, str(other.pk): False}
    assert 'name="expert_conclusion"' in response.content.decode()


# --- Experts ---------------------------------------------------------------------------------


@pytest.fixture
def submitted(client, bank, own, school_editor):
    client.force_login(school_editor)
    page = submit_practice(client, bank, own)
    client.logout()
    return page


def test_expert_approves_with_a_conclusion(client, submitted, expert):
    client.force_login(expert)
    dashboard = client.get("/admin/").content.decode()
    assert TITLE in dashboard
    editor_view = client.get(f"/admin/pages/{submitted.pk}/edit/")
    assert editor_view.status_code == 200
    assert 'name="expert_conclusion"' in editor_view.content.decode()
    preview = client.get(f"/admin/pages/{submitted.pk}/view_draft/")
    assert preview.status_code == 200 and TITLE in preview.content.decode()

    response = workflow_action(client, submitted, "approve", CONCLUSION)
    assert response.status_code == 302

    page = PracticePage.objects.get(pk=submitted.pk)
    assert page.live and not page.has_unpublished_changes
    assert page.expert_conclusion == CONCLUSION
    assert page.expert_conclusion_date == timezone.localdate()
    assert page.owner.username == "school-editor"
    # Out of review, the practice is out of the expert's reach again.
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code in (302, 403)
    client.logout()
    public = client.get(page.url).content.decode()
    assert "Рекомендована экспертным советом" in public
    assert CONCLUSION in public


def assert_not_approved(submitted):
    page = PracticePage.objects.get(pk=submitted.pk)
    assert not page.live and page.expert_conclusion_date is None
    draft = page.get_latest_revision_as_object()
    assert draft.expert_conclusion_date is None
    assert page.current_workflow_task_state.status == "in_progress"


def test_approval_needs_a_conclusion(client, submitted, expert):
    client.force_login(expert)
    workflow_action(client, submitted, "approve", "  ")
    assert_not_approved(submitted)


def test_the_task_modal_asks_for_the_conclusion(client, submitted, expert):
    # The dashboard's «Рекомендовать с заключением» opens this modal; it answers with its form.
    client.force_login(expert)
    task_state = submitted.current_workflow_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{submitted.pk}/approve/{task_state.pk}/",
        {"comment": ""},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    assert NO_CONCLUSION in response.json()["html"]
    assert_not_approved(submitted)


@pytest.mark.parametrize(
    "extra_data, error",
    [
        (None, NO_CONCLUSION),
        (json.dumps({}), NO_CONCLUSION),
        (json.dumps({"comment": " "}), NO_CONCLUSION),
        ("{нет", BROKEN),
        (json.dumps(["comment"]), BROKEN),
    ],
    ids=["no-data", "no-comment", "blank-comment", "broken-json", "not-an-object"],
)
def test_page_editor_approval_needs_a_conclusion(client, submitted, own, expert, extra_data, error):
    # A hand-made POST of the page editor's «Рекомендовать с заключением» without the modal.
    client.force_login(expert)
    fields = {"workflow-action-name": "approve"}
    if extra_data is not None:
        fields["workflow-action-extra-data"] = extra_data
    data = practice_form(own, "action-workflow-action", **fields)
    response = client.post(f"/admin/pages/{submitted.pk}/edit/", data)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert_not_approved(submitted)
    client.logout()
    assert client.get(submitted.url).status_code == 404


def test_expert_sends_back_with_comments(client, submitted, expert, school_editor):
    client.force_login(expert)
    assert workflow_action(client, submitted, "reject", CHANGES).status_code == 302

    page = PracticePage.objects.get(pk=submitted.pk)
    assert not page.live and page.expert_conclusion_date is None
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES

    client.force_login(school_editor)
    editor_view = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert CHANGES in editor_view

    # The editor reworks the practice and sends it to the experts again.
    resubmitted = practice_form(page.school, "action-submit", problem="Уточнённая проблема.")
    assert client.post(f"/admin/pages/{page.pk}/edit/", resubmitted).status_code == 302
    state.refresh_from_db()
    assert state.status == WorkflowState.STATUS_IN_PROGRESS


def test_expert_cannot_publish_other_pages(client, expert, home, submitted):
    from tests.factories import StandardPageFactory

    page = StandardPageFactory(title="Календарь семинаров")
    client.force_login(expert)
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code in (302, 403)
    assert client.get(f"/admin/pages/add/site_cms/standardpage/{home.pk}/").status_code in (
        302,
        403,
    )


def test_only_experts_review(client, submitted, own):
    outsider = _user("outsider", own.editors_group)
    client.force_login(outsider)
    assert workflow_action(client, submitted, "approve", CONCLUSION).status_code in (302, 403)
    assert not PracticePage.objects.get(pk=submitted.pk).live


def test_the_workflow_moderates_the_bank(bank):
    assert bank.get_workflow().name == REVIEW_WORKFLOW_NAME
    task = bank.get_workflow().tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == ["Эксперты"]


def test_reviewers_have_the_review_permission(db):
    for name in ("Эксперты", "Редакторы института", "Координаторы"):
        group = Group.objects.get(name=name)
        codenames = group.permissions.values_list("codename", flat=True)
        assert "review_practice" in codenames, name


def test_school_editor_cannot_compose_a_collection(client, bank, school_editor):
    client.force_login(school_editor)
    url = f"/admin/pages/add/practices/practicecollectionpage/{bank.pk}/"
    assert client.get(url).status_code in (302, 403)


def test_migration_sets_up_a_bank_that_already_exists(bank, own):
    # A site that had its bank before this app's review migration.
    WorkflowPage.objects.filter(page=bank).delete()
    GroupPagePermission.objects.filter(page=bank).delete()
    migration = importlib.import_module("practices.migrations.0005_review_workflow")
    migration.create_workflow(django_apps, None)
    assert bank.get_workflow().name == REVIEW_WORKFLOW_NAME
    assert GroupPagePermission.objects.filter(
        page=bank, group=own.editors_group, permission__codename="add_page"
    ).exists()


# --- Strength of evidence and «Как начать» ----------------------------------------------------


def test_school_editor_cannot_set_the_strength_of_evidence(client, bank, own, school_editor):
    client.force_login(school_editor)
    assert 'name="evidence_level"' not in client.get(add_url(bank)).content.decode()
    forged = practice_form(own, "action-submit", evidence_level="3")
    assert client.post(add_url(bank), forged).status_code == 302
    page = PracticePage.objects.get(title=TITLE)
    assert page.evidence_level is None
    assert page.get_latest_revision_as_object().evidence_level is None


def test_expert_sets_the_strength_of_evidence_and_the_card_shows_it(client, submitted, expert):
    client.force_login(expert)
    modal = client.get(
        f"/admin/pages/workflow/action/{submitted.pk}/approve/"
        f"{submitted.current_workflow_task_state.pk}/",
        headers={"x-requested-with": "XMLHttpRequest"},
    ).json()["html"]
    assert 'name="evidence_level"' in modal
    assert "результаты сопоставлены с похожими классами или школами" in modal

    assert (
        workflow_action(client, submitted, "approve", CONCLUSION, evidence_level="2").status_code
        == 302
    )
    page = PracticePage.objects.get(pk=submitted.pk)
    assert page.live and page.evidence_level == 2
    client.logout()
    card = BeautifulSoup(client.get(page.url).content, "html.parser")
    marks = " ".join(card.select_one(".evidence-marks").get_text(" ").split())
    assert "Сила доказательств 2 из 3 — Изменения сравнили с похожими классами" in marks
    steps = [li.get_text() for li in card.select(".practice-start__steps li")]
    assert steps == ["Договориться с учителями о листах самооценки", "Провести пробный урок"]
    assert "zavuch@example.ru" in card.select_one(".practice-start").get_text()


def test_an_expert_without_a_level_recommends_a_description_of_experience(
    client, submitted, expert
):
    client.force_login(expert)
    workflow_action(client, submitted, "approve", CONCLUSION)
    assert PracticePage.objects.get(pk=submitted.pk).evidence_level == 0


@pytest.fixture
def submitted_without_guide(client, bank, own, school_editor):
    client.force_login(school_editor)
    response = client.post(add_url(bank), practice_form(own, "action-submit", **NO_START_GUIDE))
    assert response.status_code == 302
    client.logout()
    return PracticePage.objects.get(title=TITLE)


def test_a_practice_without_how_to_start_cannot_be_recommended(
    client, submitted_without_guide, expert
):
    page = submitted_without_guide
    client.force_login(expert)
    # Only «send back» is offered; a forged approval is refused.
    task_state = page.current_workflow_task_state
    approve_url = f"/admin/pages/workflow/action/{page.pk}/approve/{task_state.pk}/"
    assert client.post(approve_url, {"comment": CONCLUSION}).status_code in (302, 403)
    assert "Рекомендовать с заключением" not in client.get("/admin/").content.decode()
    assert_not_approved(page)


def test_the_expert_cannot_empty_how_to_start_while_recommending(client, submitted, own, expert):
    client.force_login(expert)
    fields = {
        "workflow-action-name": "approve",
        "workflow-action-extra-data": json.dumps({"comment": CONCLUSION, "evidence_level": "1"}),
        **NO_START_GUIDE,
        "contact": "Директор, school@example.ru",
    }
    response = client.post(
        f"/admin/pages/{submitted.pk}/edit/", practice_form(own, "action-workflow-action", **fields)
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert NO_GUIDE_ERROR in body
    assert "первые шаги, трудности и как их преодолели, контакт школы с её согласием" in body
    assert_not_approved(submitted)


def test_the_expert_recommends_in_the_page_editor_with_a_level(client, submitted, own, expert):
    client.force_login(expert)
    fields = {
        "workflow-action-name": "approve",
        "workflow-action-extra-data": json.dumps({"comment": CONCLUSION, "evidence_level": "3"}),
    }
    response = client.post(
        f"/admin/pages/{submitted.pk}/edit/", practice_form(own, "action-workflow-action", **fields)
    )
    assert response.status_code == 302
    page = PracticePage.objects.get(pk=submitted.pk)
    assert page.live and page.evidence_level == 3
