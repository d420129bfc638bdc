"""A roadmap's approved document and its items' evidence documents are the portal's documents
(practices.Material): chosen with the document chooser in the admin, linked on the public page."""

import importlib

import pytest
from bs4 import BeautifulSoup
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.documents.models import Document
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from roadmaps.models import RoadmapItem, RoadmapPage
from tests.factories import MaterialFactory

from .conftest import PERIOD, item, make_roadmap

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    editor = get_user_model().objects.create_user("editor", password="x")
    editor.groups.add(Group.objects.get(name="Редакторы института"))
    client.force_login(editor)
    return client


@pytest.fixture
def page(home):
    return make_roadmap(home, [item("1.1", "Установочный семинар")])


def edit_form(page, document, evidence_document):
    row = RoadmapItem.objects.get(page=page)
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "level": "region",
            "municipality": "",
            "school": "",
            "period_start": PERIOD[0].isoformat(),
            "period_end": PERIOD[1].isoformat(),
            "intro": "",
            "document": document,
            "items": inline_formset(
                [
                    {
                        "id": row.pk,
                        "section": "",
                        "number": row.number,
                        "activity": row.activity,
                        "deadline": row.deadline,
                        "starts_on": "",
                        "ends_on": "",
                        "responsible": "",
                        "participants": "",
                        "expected_result": "",
                        "status": "done",
                        "evidence_url": "",
                        "evidence_document": evidence_document,
                    }
                ],
                initial=1,
            ),
            "action-publish": "action-publish",
        }
    )


def test_the_edit_form_chooses_the_portals_documents(editor_client, page):
    response = editor_client.get(reverse("wagtailadmin_pages:edit", args=[page.pk]))
    assert response.status_code == 200
    html = BeautifulSoup(response.content, "html.parser")
    for field in ("document", "items-0-evidence_document"):
        assert html.select_one(f"#id_{field}-chooser.document-chooser"), field
        assert html.find("select", {"name": field}) is None, field


def test_saving_a_material_links_it_on_the_public_page(editor_client, client, page):
    approved = MaterialFactory(title="Приказ об утверждении дорожной карты", material_type="")
    report = MaterialFactory(title="Отчёт о семинаре", material_type="")

    response = editor_client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        edit_form(page, approved.pk, report.pk),
    )
    assert response.status_code == 302, response.context["form"].errors

    page = RoadmapPage.objects.get(pk=page.pk)
    assert page.document == approved
    assert RoadmapItem.objects.get(page=page).evidence_document == report
    public = BeautifulSoup(client.get(page.url).content, "html.parser")
    assert public.find("a", href=approved.url, string="Утверждённый документ (PDF)")
    assert public.find("a", href=report.url, class_="roadmap-table__evidence")


def test_the_migration_follows_old_documents_to_their_materials(page):
    """A reference to a wagtaildocs.Document becomes the Material with the same file content;
    one without such a Material is emptied, never left naming another Material."""
    material = MaterialFactory(title="Приказ")
    material.get_file_hash()  # as an upload through the admin stores it
    MaterialFactory(title="Другой материал", file__data=b"%PDF-1.4\n%%EOF\n")
    old = Document.objects.create(title="Приказ", file="documents/prikaz.pdf")
    Document.objects.filter(pk=old.pk).update(file_hash=material.file_hash)
    lost = Document.objects.create(title="Утерянный", file="documents/lost.pdf")
    Document.objects.filter(pk=lost.pk).update(file_hash="0" * 40)
    # The columns and the latest revision as they were before: wagtaildocs.Document ids.
    RoadmapPage.objects.filter(pk=page.pk).update(document_id=old.pk)
    RoadmapItem.objects.filter(page=page).update(evidence_document_id=lost.pk)
    revision = page.get_latest_revision()
    revision.content["document"] = old.pk
    revision.content["items"][0]["evidence_document"] = lost.pk
    revision.save()

    migration = importlib.import_module("roadmaps.migrations.0002_documents_are_materials")
    migration.point_to_materials(django_apps, None)

    page = RoadmapPage.objects.get(pk=page.pk)
    assert page.document_id == material.pk
    assert RoadmapItem.objects.get(page=page).evidence_document_id is None
    draft = page.get_latest_revision_as_object()
    assert draft.document == material
    assert draft.items.get().evidence_document is None
