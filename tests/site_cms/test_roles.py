"""Every role's main journey through the admin's own HTTP views: what the institute's
editors, coordinators, experts and a school's editors can do, and what they cannot."""

import json

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from events.models import EventIndexPage
from indicators.models import Programme
from practices.models import PracticePage
from roadmaps.models import RoadmapItem
from schools.models import QualitySectionPage, SchoolNewsPage
from schools.provisioning import provision_school
from site_cms.models import StandardPage
from tests.factories import SchoolFactory, SchoolIndexPageFactory, StandardPageFactory
from tests.practices.test_review import CONCLUSION, TITLE, practice_form, submit_practice
from tests.roadmaps.conftest import csv_bytes, item, make_roadmap

pytestmark = pytest.mark.django_db

ROLES = ["Редакторы института", "Координаторы", "Эксперты"]


def _member(role):
    user = get_user_model().objects.create_user(f"user-{ROLES.index(role)}", password="x")
    user.groups.add(Group.objects.get(name=role))
    return user


def _edit_form(page, title, action):
    data = nested_form_data(
        {
            "title": title,
            "slug": page.slug,
            "intro": page.intro,
            "body": streamfield([]),
            "comments": inline_formset([]),
        }
    )
    if action:
        data[action] = action
    return data


def test_only_the_institute_roles_exist():
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(ROLES)


def test_admin_speaks_russian(client):
    client.force_login(_member("Редакторы института"))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "<title>Панель управления" in response.content.decode()


def test_admin_has_no_form_submissions_screen(admin_client):
    # The site has no form pages, so Wagtail's form builder is not installed.
    assert admin_client.get("/admin/forms/").status_code == 404


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_institute_editor_publishes(client, home):
    page = StandardPageFactory(title="Старое название")
    client.force_login(_member("Редакторы института"))
    response = client.post(
        f"/admin/pages/{page.pk}/edit/", _edit_form(page, "Новое название", "action-publish")
    )
    assert response.status_code == 302
    assert Page.objects.get(pk=page.pk).title == "Новое название"


def test_coordinator_edits_but_cannot_publish(client, home):
    page = StandardPageFactory(title="Опубликованный текст")
    client.force_login(_member("Координаторы"))
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200

    client.post(f"/admin/pages/{page.pk}/edit/", _edit_form(page, "Правка", "action-publish"))
    page.refresh_from_db()
    assert page.title == "Опубликованный текст"
    assert page.get_latest_revision().content["title"] == "Правка"


def test_expert_cannot_edit_pages(client, home):
    page = StandardPageFactory(title="Неприкосновенная страница")
    client.force_login(_member("Эксперты"))
    response = client.get(f"/admin/pages/{page.pk}/edit/")
    assert response.status_code in (302, 403)

    client.post(f"/admin/pages/{page.pk}/edit/", _edit_form(page, "Взлом", "action-publish"))
    page.refresh_from_db()
    assert page.title == "Неприкосновенная страница"
    assert page.get_latest_revision().content["title"] == "Неприкосновенная страница"


def test_only_institute_editors_change_site_settings(client, home):
    url = f"/admin/settings/site_cms/institutesettings/{home.get_site().pk}/"
    client.force_login(_member("Координаторы"))
    assert client.get(url).status_code in (302, 403)
    client.force_login(_member("Редакторы института"))
    assert client.get(url).status_code == 200


# --- Shared steps ----------------------------------------------------------------------------


def _standard_page_form(title, action="action-publish"):
    return nested_form_data(
        {
            "title": title,
            "slug": "o-proekte",
            "intro": "",
            "body": streamfield([]),
            "comments": inline_formset([]),
            action: action,
        }
    )


@pytest.fixture
def school(home, bank):
    school = SchoolFactory(short_name="МОУ «Джатиевская ООШ»")
    provision_school(school, SchoolIndexPageFactory(parent=home))
    school.refresh_from_db()
    return school


@pytest.fixture
def roadmap(home):
    return make_roadmap(home, [item("1", "Прежнее мероприятие")])


def _import_roadmap(client, roadmap):
    """Upload a file and confirm it, as in the admin; return the preview's text."""
    data = csv_bytes([["№", "Мероприятия", "Сроки"], ["1", "Новый семинар", "май 2024"]])
    preview = client.post(
        reverse("roadmaps_import", args=[roadmap.pk]),
        {"file": SimpleUploadedFile("plan.csv", data)},
    )
    assert preview.status_code == 200
    token = client.session["roadmaps_import"]["token"]
    confirm = client.post(reverse("roadmaps_import_confirm", args=[roadmap.pk]), {"token": token})
    assert confirm.status_code == 302
    return preview.content.decode()


def _live_activities(roadmap):
    return list(RoadmapItem.objects.filter(page=roadmap).values_list("activity", flat=True))


def _draft_activities(roadmap):
    roadmap.refresh_from_db()
    return [i.activity for i in roadmap.get_latest_revision_as_object().items.all()]


def _add_programme(client):
    return client.post(
        reverse("programme:add"),
        {"title": "Программа поддержки ШНОР", "slug": "shnor", "territory": "Регион"},
    )


DRAFT_NOTE = "будут сохранены в черновике страницы"


# --- Institute editors -----------------------------------------------------------------------


def test_institute_editor_creates_and_publishes_a_page(client, home):
    client.force_login(_member("Редакторы института"))
    url = f"/admin/pages/add/site_cms/standardpage/{home.pk}/"
    assert client.post(url, _standard_page_form("О проекте")).status_code == 302
    page = StandardPage.objects.get(title="О проекте")
    assert page.live
    client.logout()
    assert client.get(page.url).status_code == 200


def test_institute_editors_roadmap_import_is_published(client, roadmap):
    client.force_login(_member("Редакторы института"))
    preview = _import_roadmap(client, roadmap)
    assert DRAFT_NOTE not in preview
    assert _live_activities(roadmap) == ["Новый семинар"]
    roadmap.refresh_from_db()
    assert not roadmap.has_unpublished_changes


def test_institute_editor_keeps_programmes(client, home):
    client.force_login(_member("Редакторы института"))
    assert _add_programme(client).status_code == 302
    assert Programme.objects.filter(slug="shnor").exists()


# --- Coordinators ----------------------------------------------------------------------------


def test_coordinators_roadmap_import_waits_as_a_draft(client, roadmap):
    client.force_login(_member("Координаторы"))
    preview = _import_roadmap(client, roadmap)

    assert DRAFT_NOTE in preview
    assert _live_activities(roadmap) == ["Прежнее мероприятие"]
    assert _draft_activities(roadmap) == ["Новый семинар"]
    assert roadmap.has_unpublished_changes
    messages = [str(m) for m in client.get(f"/admin/pages/{roadmap.pk}/edit/").context["messages"]]
    assert any("страницу опубликует редактор" in m for m in messages)

    # The draft is what an editor publishes.
    roadmap.get_latest_revision().publish()
    assert _live_activities(roadmap) == ["Новый семинар"]


def test_coordinator_creates_a_page_as_a_draft(client, home):
    client.force_login(_member("Координаторы"))
    url = f"/admin/pages/add/site_cms/standardpage/{home.pk}/"
    client.post(url, _standard_page_form("Новости проекта"))
    page = StandardPage.objects.get(title="Новости проекта")
    assert not page.live


def test_coordinator_keeps_programmes(client, home):
    client.force_login(_member("Координаторы"))
    assert _add_programme(client).status_code == 302
    assert Programme.objects.filter(slug="shnor").exists()


# --- Experts ---------------------------------------------------------------------------------


@pytest.fixture
def submitted(client, bank, school):
    editor = get_user_model().objects.create_user("school-editor", password="x")
    editor.groups.add(school.editors_group)
    client.force_login(editor)
    page = submit_practice(client, bank, school)
    client.logout()
    return page


def test_expert_saves_a_correction_in_the_page_editor(client, submitted, school):
    client.force_login(_member("Эксперты"))
    data = practice_form(school, "action-save", problem="Уточнено экспертом.")
    response = client.post(f"/admin/pages/{submitted.pk}/edit/", data)

    assert response.status_code == 302
    draft = PracticePage.objects.get(pk=submitted.pk).get_latest_revision_as_object()
    assert draft.problem == "Уточнено экспертом." and draft.school == school


def test_expert_approves_in_the_page_editor(client, submitted, school):
    client.force_login(_member("Эксперты"))
    data = practice_form(
        school,
        "action-workflow-action",
        **{
            "workflow-action-name": "approve",
            "workflow-action-extra-data": json.dumps({"comment": CONCLUSION}),
        },
    )
    response = client.post(f"/admin/pages/{submitted.pk}/edit/", data)

    assert response.status_code == 302
    page = PracticePage.objects.get(pk=submitted.pk)
    assert page.live and page.title == TITLE
    assert page.expert_conclusion == CONCLUSION and page.school == school


def test_expert_keeps_no_programmes(client, home):
    client.force_login(_member("Эксперты"))
    assert _add_programme(client).status_code in (302, 403)
    assert not Programme.objects.exists()


# --- A school's editors ----------------------------------------------------------------------


@pytest.fixture
def school_editor(client, school):
    user = get_user_model().objects.create_user("school-editor", password="x")
    user.groups.add(school.editors_group)
    client.force_login(user)
    return user


def test_school_editor_publishes_news_in_the_own_section(client, school, school_editor):
    section = QualitySectionPage.objects.child_of(school.page).get()
    data = nested_form_data(
        {
            "title": "Итоги полугодия",
            "slug": "itogi",
            "date": "2026-01-20",
            "intro": "Коротко об итогах.",
            "body": streamfield([("paragraph", rich_text("<p>Итоги.</p>"))]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )
    url = f"/admin/pages/add/schools/schoolnewspage/{section.pk}/"
    assert client.post(url, data).status_code == 302
    assert SchoolNewsPage.objects.get(title="Итоги полугодия").live


def test_school_editor_submits_a_practice_but_cannot_publish_it(
    client, bank, school, school_editor
):
    page = submit_practice(client, bank, school)
    assert not page.live
    assert page.current_workflow_task is not None


def test_school_editor_cannot_add_an_event_calendar_in_the_section(client, school, school_editor):
    section = QualitySectionPage.objects.child_of(school.page).get()
    text_page = StandardPageFactory(
        parent=section, title="Другие материалы", slug="drugie", intro="", publish=False
    )
    assert client.get(f"/admin/pages/add/site_cms/standardpage/{section.pk}/").status_code == 200

    url = f"/admin/pages/add/events/eventindexpage/{text_page.pk}/"
    assert client.get(url).status_code in (302, 403)
    data = {"title": "Календарь школы", "slug": "kalendar", "action-publish": "action-publish"}
    assert client.post(url, data).status_code in (302, 403)
    assert not EventIndexPage.objects.exists()


def test_school_editor_keeps_no_programmes_nor_settings(client, home, school_editor):
    assert _add_programme(client).status_code in (302, 403)
    assert not Programme.objects.exists()
    url = f"/admin/settings/site_cms/institutesettings/{home.get_site().pk}/"
    assert client.get(url).status_code in (302, 403)
