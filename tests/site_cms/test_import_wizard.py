"""The shared import wizard (site_cms.importing.wizard) through the roadmap and registry screens:
the upload waits in private storage, not the session, for its own user, and only once."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from roadmaps.models import RoadmapItem
from roadmaps.views import SESSION_KEY
from site_cms.importing import wizard
from tests.factories import SchoolFactory
from tests.roadmaps.conftest import csv_bytes, item, make_roadmap

pytestmark = pytest.mark.django_db

ROWS = [["№", "Мероприятия", "Сроки"], ["1", "Новый семинар", "май 2024"]]
REGISTRY_FILE = (
    Path(__file__).resolve().parent.parent / "fixtures" / "schools" / "school-logins.csv"
)


@pytest.fixture
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path)
    return tmp_path


@pytest.fixture
def roadmap(home):
    return make_roadmap(home, [item("1", "Прежнее мероприятие")])


def _admin(name):
    return get_user_model().objects.create_superuser(name, f"{name}@example.org", "x")


def _preview(client, roadmap):
    response = client.post(
        reverse("roadmaps_import", args=[roadmap.pk]),
        {"file": SimpleUploadedFile("plan.csv", csv_bytes(ROWS))},
    )
    assert response.status_code == 200
    return client.session[SESSION_KEY]["token"]


def _confirm(client, roadmap, token):
    return client.post(reverse("roadmaps_import_confirm", args=[roadmap.pk]), {"token": token})


def _activities(roadmap):
    return list(RoadmapItem.objects.filter(page=roadmap).values_list("activity", flat=True))


def _stored(root):
    folder = root / wizard.FOLDER
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_the_session_keeps_only_the_token_and_the_file_waits_in_private_storage(
    client, roadmap, private_root
):
    client.force_login(_admin("admin"))
    rows = [ROWS[0], *([str(n), f"Семинар {n}", "май 2024"] for n in range(1, 301))]
    data = csv_bytes(rows)
    response = client.post(
        reverse("roadmaps_import", args=[roadmap.pk]),
        {"file": SimpleUploadedFile("plan.csv", data)},
    )
    assert "Будет загружено мероприятий: <b>300</b>" in response.content.decode()
    session = client.session
    token = session[SESSION_KEY]["token"]
    assert session[SESSION_KEY] == {"token": token}
    assert len(session.encode(dict(session.items()))) < len(data) / 4
    assert _stored(private_root) == [token]
    assert (private_root / wizard.FOLDER / token / wizard.UPLOAD / "plan.csv").read_bytes() == data


def test_confirm_imports_once_and_deletes_the_stored_upload(client, roadmap, private_root):
    client.force_login(_admin("admin"))
    token = _preview(client, roadmap)
    assert _confirm(client, roadmap, token).status_code == 302
    assert _activities(roadmap) == ["Новый семинар"]
    assert _stored(private_root) == []

    RoadmapItem.objects.filter(page=roadmap).update(activity="Изменено после импорта")
    response = _confirm(client, roadmap, token)
    assert response.url == reverse("roadmaps_import", args=[roadmap.pk])
    assert _activities(roadmap) == ["Изменено после импорта"]


def test_another_users_token_is_refused_and_left_to_its_owner(client, roadmap, private_root):
    owner, other = _admin("owner"), _admin("other")
    client.force_login(owner)
    token = _preview(client, roadmap)

    client.force_login(other)
    response = _confirm(client, roadmap, token)
    assert response.status_code == 302
    assert response.url == reverse("roadmaps_import", args=[roadmap.pk])
    assert _activities(roadmap) == ["Прежнее мероприятие"]
    assert _stored(private_root) == [token]

    client.force_login(owner)
    _confirm(client, roadmap, token)
    assert _activities(roadmap) == ["Новый семинар"]


def test_a_token_for_another_roadmap_is_refused(client, roadmap, home, private_root):
    client.force_login(_admin("admin"))
    token = _preview(client, roadmap)
    other = make_roadmap(home, [item("1", "Другое мероприятие")], slug="other")
    _confirm(client, other, token)
    assert _activities(other) == ["Другое мероприятие"]
    assert _stored(private_root) == [token]


def test_a_token_that_is_not_one_never_reaches_a_path(client, roadmap, private_root):
    client.force_login(_admin("admin"))
    response = _confirm(client, roadmap, "../../etc/passwd")
    assert response.status_code == 302


def test_a_new_upload_replaces_the_waiting_one_and_removes_stale_ones(
    client, roadmap, private_root
):
    client.force_login(_admin("admin"))
    _preview(client, roadmap)
    second = _preview(client, roadmap)
    assert _stored(private_root) == [second]

    # An upload never confirmed, from another session, once it is older than MAX_AGE.
    client.force_login(_admin("other"))
    _preview(client, roadmap)
    stale = private_root / wizard.FOLDER / second
    old = stale.stat().st_mtime - wizard.MAX_AGE_SECONDS - 60
    os.utime(stale, (old, old))
    third = _preview(client, roadmap)
    assert second not in _stored(private_root)
    assert third in _stored(private_root)


def test_the_registry_import_waits_in_storage_too(admin_client, private_root):
    response = admin_client.post(
        reverse("school:import"),
        {
            "file": SimpleUploadedFile(REGISTRY_FILE.name, REGISTRY_FILE.read_bytes()),
            "create_municipalities": "on",
        },
    )
    assert response.status_code == 200
    token = admin_client.session["schools_registry_import"]["token"]
    assert _stored(private_root) == [token]
    response = admin_client.post(reverse("school:import_confirm"), {"token": token})
    assert "Школ создано: <b>7</b>" in response.content.decode()
    assert _stored(private_root) == []


def test_the_results_import_waits_in_storage_under_the_uploaded_name(admin_client, private_root):
    SchoolFactory(code__code="sch220001")
    data = (
        "Код школы;Год;Процедура;Предмет;Участников;Отметка 2;Отметка 3;Отметка 4;Отметка 5\n"
        "edu220001;2023;ОГЭ;Математика;20;2;8;6;4\n"
    ).encode()
    response = admin_client.post(
        reverse("indicators_import"), {"file": SimpleUploadedFile("oge.csv", data)}
    )
    assert "Будет добавлено результатов: <b>1</b>" in response.content.decode()
    token = admin_client.session["indicators_results_import"]["token"]
    assert (private_root / wizard.FOLDER / token / wizard.UPLOAD / "oge.csv").read_bytes() == data
    response = admin_client.post(reverse("indicators_import_confirm"), {"token": token})
    assert "Добавлено результатов: <b>1</b>" in response.content.decode()
    assert _stored(private_root) == []


def test_a_refused_file_is_not_kept(client, roadmap, private_root):
    client.force_login(_admin("admin"))
    response = client.post(
        reverse("roadmaps_import", args=[roadmap.pk]),
        {"file": SimpleUploadedFile("plan.csv", csv_bytes([ROWS[0], ["1", "", "май 2024"]]))},
    )
    assert "Файл не импортирован, ничего не сохранено" in response.content.decode()
    assert SESSION_KEY not in client.session
    assert _stored(private_root) == []
