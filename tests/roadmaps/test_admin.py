"""The admin import (upload → preview → confirm), the export and who may use them."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from roadmaps.models import RoadmapItem
from roadmaps.views import SESSION_KEY

from .conftest import csv_bytes, item, make_roadmap, xlsx_bytes
from .test_importing import AMUR_ROWS, BROKEN_ROWS


@pytest.fixture
def editor_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("admin", "a@example.org", "x"))
    return client


@pytest.fixture
def page(home):
    return make_roadmap(home, [item("9.9", "Прежнее мероприятие")])


def upload(client, page, name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse("roadmaps_import", args=[page.pk]), {"file": SimpleUploadedFile(name, data)}
    )


def activities(page):
    return list(RoadmapItem.objects.filter(page=page).values_list("activity", flat=True))


def test_the_edit_page_offers_import_and_export(editor_client, page):
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("roadmaps_import", args=[page.pk]) in content
    assert reverse("roadmaps_export", args=[page.pk]) in content
    assert "Импорт из файла" in content


def test_the_page_listing_offers_import_in_the_more_menu(editor_client, page):
    response = editor_client.get(reverse("wagtailadmin_explore", args=[page.get_parent().pk]))
    assert reverse("roadmaps_import", args=[page.pk]) in response.content.decode()


def test_preview_then_confirm_replaces_the_items(editor_client, page):
    response = upload(editor_client, page, "amur.xlsx", xlsx_bytes(AMUR_ROWS))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Будет загружено мероприятий: <b>34</b>, разделов: <b>4</b>" in content
    assert "Установочный семинар для школ с низкими результатами обучения" in content
    assert activities(page) == ["Прежнее мероприятие"]  # nothing saved before confirming

    token = editor_client.session[SESSION_KEY]["token"]
    confirm = reverse("roadmaps_import_confirm", args=[page.pk])
    response = editor_client.post(confirm, {"token": token})
    assert response.status_code == 302
    assert response.url == reverse("wagtailadmin_pages:edit", args=[page.pk])
    assert len(activities(page)) == 34
    assert "Прежнее мероприятие" not in activities(page)
    page.refresh_from_db()
    assert not page.has_unpublished_changes


def test_a_broken_file_shows_row_errors_and_cannot_be_confirmed(editor_client, page):
    response = upload(editor_client, page, "broken.xlsx", xlsx_bytes(BROKEN_ROWS))
    content = response.content.decode()
    assert "Файл не импортирован, ничего не сохранено" in content
    assert "Строка 4: окончание раньше начала." in content
    assert "Строка 6: не заполнено мероприятие." in content
    assert SESSION_KEY not in editor_client.session
    confirm = reverse("roadmaps_import_confirm", args=[page.pk])
    response = editor_client.post(confirm, {"token": "x"})
    assert response.status_code == 302
    assert activities(page) == ["Прежнее мероприятие"]


def test_a_file_of_another_type_is_refused_by_the_form(editor_client, page):
    response = upload(editor_client, page, "plan.pdf", b"%PDF")
    assert "Загрузите файл XLSX или CSV." in response.content.decode()


def test_admin_export_downloads_xlsx(editor_client, page):
    response = editor_client.get(reverse("roadmaps_export", args=[page.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")


@pytest.fixture
def admin_without_page_rights(client, django_user_model):
    user = django_user_model.objects.create_user("viewer", "v@example.org", "x")
    group = Group.objects.create(name="Только вход в админку")
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    user.groups.add(group)
    client.force_login(user)
    return client


@pytest.mark.parametrize("name", ["roadmaps_import", "roadmaps_export"])
def test_a_user_who_cannot_edit_the_page_gets_403(admin_without_page_rights, page, name):
    response = admin_without_page_rights.get(reverse(name, args=[page.pk]))
    assert response.status_code == 403


def test_a_user_who_cannot_edit_the_page_cannot_confirm_an_import(admin_without_page_rights, page):
    data = csv_bytes([["№", "Мероприятия", "Сроки"], ["1", "Семинар", "май 2024"]])
    assert upload(admin_without_page_rights, page, "plan.csv", data).status_code == 403
    response = admin_without_page_rights.post(
        reverse("roadmaps_import_confirm", args=[page.pk]), {"token": "x"}
    )
    assert response.status_code == 403
    assert activities(page) == ["Прежнее мероприятие"]


def test_anonymous_visitors_are_sent_to_the_login(client, page):
    response = client.get(reverse("roadmaps_import", args=[page.pk]))
    assert response.status_code == 302
    assert "/login/" in response.url


HEADER = ["№", "Мероприятия", "Сроки", "Ответственные"]


def preview_rows(content):
    """The preview table's rows as lists of their cells' text."""
    import re

    body = content.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<td>(.*?)</td>", row, re.S)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def test_the_preview_labels_new_items_and_deadlines_outside_the_period(editor_client, page):
    # The roadmap's period is 01.06.2023 — 31.12.2024; it holds item 9.9.
    rows = [
        HEADER,
        ["9.9", "Прежнее мероприятие", "2 кв. 2024", "ИРО"],
        ["1.1", "Семинар", "II полугодие 2024", "ИРО"],
        ["1.2", "Конференция", "2 кв. 2027", "ИРО"],
        ["1.3", "Отчёт", "до 15.03.2023", "ИРО"],
    ]
    content = upload(editor_client, page, "plan.xlsx", xlsx_bytes(rows)).content.decode()
    assert preview_rows(content) == [
        ["", "9.9", "Прежнее мероприятие", "2 кв. 2024", "30.06.2024", "ИРО", "Без изменений"],
        ["", "1.1", "новое Семинар", "II полугодие 2024", "31.12.2024", "ИРО", "Запланировано"],
        [
            "",
            "1.2",
            "новое Конференция",
            "2 кв. 2027",
            "30.06.2027 вне периода",
            "ИРО",
            "Запланировано",
        ],
        [
            "",
            "1.3",
            "новое Отчёт",
            "до 15.03.2023",
            "15.03.2023 вне периода",
            "ИРО",
            "Запланировано",
        ],
    ]
    assert "Новых мероприятий (их номеров нет в дорожной карте): <b>3</b>" in content
    assert "2 мероприятия со сроком вне периода дорожной карты (01.06.2023 — 31.12.2024)" in content
