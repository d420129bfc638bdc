"""Who lists a document in the bank of materials: the institute's editors set «Вид материала»
and the event; a school's editors (and coordinators) upload and edit documents without them,
through the admin's upload and edit forms."""

import datetime
import zoneinfo

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from fpdf import FPDF

from practices.models import Material
from schools.provisioning import provision_school
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    MaterialFactory,
    MaterialsIndexPageFactory,
    SchoolFactory,
    SchoolIndexPageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


@pytest.fixture
def bank_of_materials(home):
    return MaterialsIndexPageFactory(parent=home)


@pytest.fixture
def event(home):
    start = datetime.datetime(2026, 3, 12, 10, tzinfo=zoneinfo.ZoneInfo("Europe/Moscow"))
    return EventPageFactory(
        parent=EventIndexPageFactory(parent=home),
        title="Августовское совещание",
        start=start,
        end=start + datetime.timedelta(hours=2),
    )


@pytest.fixture
def school(home):
    school = SchoolFactory(short_name="МОУ «Джатиевская ООШ»")
    provision_school(school, SchoolIndexPageFactory(parent=home))
    school.refresh_from_db()
    return school


def _login(client, username, group):
    user = get_user_model().objects.create_user(username, password="x")
    user.groups.add(group)
    client.force_login(user)
    return user


@pytest.fixture
def school_editor(client, school):
    return _login(client, "school-editor", school.editors_group)


def _pdf():
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Lesson plan")
    return SimpleUploadedFile("plan.pdf", bytes(pdf.output()), "application/pdf")


def _listing(event, title="Презентация школы"):
    return {"title": title, "material_type": "presentation", "event": event.pk, "year": "2026"}


def _listed_titles(client):
    client.logout()
    return client.get("/materialy/").content.decode()


def test_school_editor_is_not_offered_the_listing_fields(client, school_editor):
    form = client.get("/admin/documents/add/").content.decode()
    assert 'name="title"' in form
    assert 'name="material_type"' not in form
    assert 'name="event"' not in form


def test_school_editors_forged_upload_stays_out_of_the_bank(
    client, school_editor, bank_of_materials, event
):
    response = client.post("/admin/documents/add/", {**_listing(event), "file": _pdf()})

    assert response.status_code == 302
    material = Material.objects.get(title="Презентация школы")
    assert material.material_type == "" and material.event is None
    assert "Презентация школы" not in _listed_titles(client)


def test_school_editors_forged_edit_stays_out_of_the_bank(
    client, school, school_editor, bank_of_materials, event
):
    material = MaterialFactory(title="План урока", material_type="", collection=school.collection)
    url = f"/admin/documents/edit/{material.pk}/"
    form = client.get(url).content.decode()
    assert 'name="material_type"' not in form and 'name="event"' not in form

    response = client.post(url, _listing(event, title="План урока"))

    assert response.status_code == 302
    material.refresh_from_db()
    assert material.material_type == "" and material.event is None
    assert "План урока" not in _listed_titles(client)


def test_a_school_editors_change_withdraws_a_listed_material(
    client, school, school_editor, bank_of_materials, event
):
    # An institute editor listed the school's presentation; the school then changes it.
    material = MaterialFactory(
        title="Открытый урок", collection=school.collection, event=event, year=2026
    )
    url = f"/admin/documents/edit/{material.pk}/"
    assert "снят из банка" in client.get(url).content.decode()

    response = client.post(url, {"title": "Совсем другой текст", "year": "2026"})

    assert response.status_code == 302
    material.refresh_from_db()
    assert material.material_type == "" and material.event is None
    assert "Совсем другой текст" not in _listed_titles(client)


def test_coordinators_upload_without_listing(client, bank_of_materials, event):
    _login(client, "coordinator", Group.objects.get(name="Координаторы"))
    assert 'name="material_type"' not in client.get("/admin/documents/add/").content.decode()
    client.post("/admin/documents/add/", {**_listing(event), "file": _pdf()})
    assert Material.objects.get().material_type == ""


def test_institute_editor_lists_a_material(client, bank_of_materials, event):
    _login(client, "institute-editor", Group.objects.get(name="Редакторы института"))
    form = client.get("/admin/documents/add/").content.decode()
    assert 'name="material_type"' in form and 'name="event"' in form

    response = client.post("/admin/documents/add/", {**_listing(event), "file": _pdf()})

    assert response.status_code == 302
    material = Material.objects.get()
    assert material.material_type == "presentation" and material.event == event
    assert "Презентация школы" in _listed_titles(client)
