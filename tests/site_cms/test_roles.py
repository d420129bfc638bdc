"""The institute's roles, checked through the admin's own HTTP views."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from tests.factories import StandardPageFactory

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
