"""The admin shows an editor only the documents of the collections they may use: its API (which
Wagtail opens to every editor), the document chooser and the listing. Over HTTP, as a school's
editor."""

import pytest
from django.contrib.auth import get_user_model

from practices.models import Material
from schools.provisioning import provision_school
from tests.factories import MaterialFactory, SchoolFactory, SchoolIndexPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def schools(home):
    index = SchoolIndexPageFactory(parent=home)
    own, other = SchoolFactory(), SchoolFactory()
    for school in (own, other):
        provision_school(school, index)
        school.refresh_from_db()
    return own, other


@pytest.fixture
def school_editor(client, schools):
    own, other = schools
    user = get_user_model().objects.create_user("school-editor", password="x")
    user.groups.add(own.editors_group)
    client.force_login(user)
    MaterialFactory(title="Программа нашей школы", collection=own.collection)
    MaterialFactory(title="Отчёт соседней школы", collection=other.collection)
    MaterialFactory(title="Приказ института")  # the root collection: the institute's
    return user


def test_the_admin_api_lists_only_the_editors_collections(client, school_editor):
    listing = client.get("/admin/api/main/documents/", {"fields": "title"})
    assert listing.status_code == 200
    assert [item["title"] for item in listing.json()["items"]] == ["Программа нашей школы"]

    foreign = Material.objects.get(title="Отчёт соседней школы")
    assert client.get(f"/admin/api/main/documents/{foreign.pk}/").status_code == 404
    found = client.get("/admin/api/main/documents/", {"search": "Отчёт"}).json()["items"]
    assert found == []


def test_the_chooser_and_listing_offer_only_the_editors_collections(client, school_editor):
    chooser = client.get("/admin/documents/chooser/").json()["html"]
    listing = client.get("/admin/documents/").content.decode()
    for html in (chooser, listing):
        assert "Программа нашей школы" in html
        assert "Отчёт соседней школы" not in html
        assert "Приказ института" not in html
