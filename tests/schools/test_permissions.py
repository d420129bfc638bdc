"""A school's editors work in their own section and nowhere else: checked through admin HTTP."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Page

from schools.models import Municipality, QualitySectionPage, School, SchoolCode, SchoolPage
from schools.provisioning import provision_school
from tests.factories import SchoolIndexPageFactory, StandardPageFactory
from tests.schools.sections import section_form, section_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_index(home):
    return SchoolIndexPageFactory(parent=home)


def _school(name, index):
    municipality, _ = Municipality.objects.get_or_create(name="Приозерский район")
    school = School.objects.create(short_name=name, municipality=municipality)
    SchoolCode.objects.create(school=school, code=f"sch47{School.objects.count():04d}")
    provision_school(school, index)
    school.refresh_from_db()
    return school


@pytest.fixture
def own(school_index):
    return _school("МОУ «Джатиевская ООШ»", school_index)


@pytest.fixture
def other(school_index):
    return _school("МОУ «Запорожская ООШ»", school_index)


@pytest.fixture
def editor(client, own):
    user = get_user_model().objects.create_user("school-editor", password="x")
    user.groups.add(own.editors_group)
    client.force_login(user)
    return user


def test_provisioning_is_complete_and_repeatable(own, school_index):
    pages_before = Page.objects.count()
    provision_school(own, school_index)
    assert Page.objects.count() == pages_before
    assert own.page.live and section_of(own).live
    code = own.codes.get().code
    assert own.editors_group.name == f"Школа: МОУ «Джатиевская ООШ» (Приозерский район, {code})"
    assert own.collection.name == own.editors_group.name


def test_editor_publishes_in_the_own_section(client, editor, own):
    section = section_of(own)
    response = client.post(
        f"/admin/pages/{section.pk}/edit/", section_form(section, intro="Наш план на год")
    )
    assert response.status_code == 302
    assert QualitySectionPage.objects.get(pk=section.pk).intro == "Наш план на год"
    assert "Наш план на год" in client.get(section.url).content.decode()


def test_editor_adds_news_under_the_own_section(client, editor, own):
    section = section_of(own)
    response = client.get(f"/admin/pages/add/schools/schoolnewspage/{section.pk}/")
    assert response.status_code == 200


def test_editor_cannot_touch_another_school(client, editor, other):
    section = section_of(other)
    edit_url = f"/admin/pages/{section.pk}/edit/"
    assert client.get(edit_url).status_code in (302, 403)
    client.post(edit_url, section_form(section, intro="Чужая правка"))
    section.refresh_from_db()
    assert section.intro == ""
    assert section.get_latest_revision().content["intro"] == ""
    add_url = f"/admin/pages/add/schools/schoolnewspage/{section.pk}/"
    assert client.get(add_url).status_code in (302, 403)


def test_editor_cannot_relink_the_school_page(client, editor, own, other):
    response = client.get(f"/admin/pages/{own.page.pk}/edit/")
    assert response.status_code == 200
    assert 'name="school"' not in response.content.decode()


def test_editor_cannot_edit_pages_outside_schools(client, editor, home):
    page = StandardPageFactory(title="Календарь семинаров")
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code in (302, 403)
    assert client.get(f"/admin/pages/add/site_cms/standardpage/{home.pk}/").status_code in (
        302,
        403,
    )


def test_editor_cannot_open_the_registry(client, editor, own):
    edit_url = reverse("school:edit", args=[own.pk])
    for url in (reverse("school:index"), edit_url):
        assert client.get(url).status_code in (302, 403)
    client.post(edit_url, {"short_name": "Переименована"})
    own.refresh_from_db()
    assert own.short_name == "МОУ «Джатиевская ООШ»"


def test_uploads_go_only_into_the_own_collection(client, editor, own, other):
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    form = BeautifulSoup(client.get("/admin/documents/add/").content, "html.parser")
    # With one permitted collection Wagtail shows no choice at all; never the other school's.
    offered = [option["value"] for option in form.select('[name="collection"] option')]
    assert str(other.collection.pk) not in offered

    # Even a forged request naming another school's collection lands in the editor's own.
    response = client.post(
        "/admin/documents/add/",
        {
            "title": "Программа школы",
            "file": SimpleUploadedFile("programma.pdf", pdf, "application/pdf"),
            "collection": other.collection.pk,
        },
    )
    assert response.status_code == 302
    document = get_document_model().objects.get(title="Программа школы")
    assert document.collection == own.collection
    assert not get_document_model().objects.filter(collection=other.collection).exists()


def test_editor_sees_only_the_own_collection_in_the_library(client, editor, own, other):
    get_document_model().objects.create(
        title="Чужой отчёт", collection=other.collection, file=SimpleUploadedFile("a.pdf", b"%PDF")
    )
    assert "Чужой отчёт" not in client.get("/admin/documents/").content.decode()


def test_schools_with_the_same_long_name_get_their_own_groups(school_index):
    name = "Краевое государственное бюджетное общеобразовательное учреждение " * 3
    first, second = _school(name, school_index), _school(name, school_index)
    assert first.editors_group != second.editors_group
    assert len(first.editors_group.name) <= 150


def test_school_page_is_linked_to_the_registry(own):
    assert SchoolPage.objects.get(school=own).title == own.short_name
