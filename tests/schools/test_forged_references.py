"""A school editor cannot attach what the choosers would not offer them by typing its id into
the admin's edit forms: another school's documents and images, in a field, an inline row, a
StreamField block or a rich-text link. Nor can their roadmap name another school."""

import pytest
import wagtail_factories
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from practices.models import PracticePage
from roadmaps.models import RoadmapPage
from schools.models import QualitySectionPage, SchoolNewsPage, SchoolPage
from schools.permissions import section_page_types
from schools.provisioning import provision_school
from site_cms.forms import ScopedChoosersMixin
from tests.factories import MaterialFactory, SchoolFactory, SchoolIndexPageFactory
from tests.schools.sections import section_form, section_of

pytestmark = pytest.mark.django_db

REFUSED_DOCUMENT = "Документ № {} вам недоступен: выберите документ из своих коллекций."
REFUSED_IMAGE = "Изображение № {} вам недоступно: выберите изображение из своих коллекций."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)


def _school(index, name):
    school = SchoolFactory(short_name=name)
    provision_school(school, index)
    school.refresh_from_db()
    return school


@pytest.fixture
def index(home):
    return SchoolIndexPageFactory(parent=home)


@pytest.fixture
def own(index):
    return _school(index, "МОУ «Джатиевская ООШ»")


@pytest.fixture
def other(index):
    return _school(index, "МОУ «Запорожская ООШ»")


@pytest.fixture
def editor(client, own):
    user = get_user_model().objects.create_user("school-editor", password="x")
    user.groups.add(own.editors_group)
    client.force_login(user)
    return user


def _document(school, title):
    return MaterialFactory(title=title, material_type="", collection=school.collection)


def _edit(client, page, data):
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def _errors(response, field):
    """The messages of a field's errors, a StreamField's included."""
    errors = response.context["form"].errors.get(field)
    return [
        str(message)
        for error in (errors.as_data() if errors else [])
        for message in getattr(error, "non_block_errors", error.messages)
    ]


def test_another_schools_document_in_a_block_is_refused(client, editor, own, other):
    section = section_of(own)
    secret = _document(other, "Приказ о кадрах (черновик)")

    response = _edit(client, section, section_form(section, [secret]))

    assert response.status_code == 200
    assert _errors(response, "programme_documents") == [REFUSED_DOCUMENT.format(secret.pk)]
    section.refresh_from_db()
    assert not section.programme_documents
    assert not section.get_latest_revision_as_object().programme_documents


def test_the_own_document_is_accepted(client, editor, own):
    section = section_of(own)
    programme = _document(own, "Программа перехода")

    response = _edit(client, section, section_form(section, [programme]))

    assert response.status_code == 302
    section.refresh_from_db()
    assert section.programme_documents[0].value["document"] == programme


def test_a_document_placed_by_the_institute_stays(client, editor, own):
    # An institute editor attached the region's order to the school's section.
    order = MaterialFactory(title="Приказ министерства", material_type="")
    section = section_of(own)
    section.programme_documents = [
        ("document", {"kind": "order", "title": "Приказ", "document": order})
    ]
    section.save_revision().publish()

    response = _edit(client, section, section_form(section, [order], intro="Новый план"))

    assert response.status_code == 302
    assert QualitySectionPage.objects.get(pk=section.pk).intro == "Новый план"


def test_a_forged_rich_text_link_is_refused(client, editor, own, other):
    section = section_of(own)
    secret = _document(other, "Характеристики учеников")
    paragraph = f'<p><a linktype="document" id="{secret.pk}">отчёт</a></p>'
    data = nested_form_data(
        {
            "title": "Итоги полугодия",
            "slug": "itogi",
            "date": "2026-01-20",
            "intro": "Коротко об итогах.",
            "body": streamfield(
                [("paragraph", rich_text(paragraph, features=["link", "document-link"]))]
            ),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )

    response = client.post(f"/admin/pages/add/schools/schoolnewspage/{section.pk}/", data)

    assert response.status_code == 200
    assert _errors(response, "body") == [REFUSED_DOCUMENT.format(secret.pk)]
    assert not SchoolNewsPage.objects.exists()


def test_another_schools_image_is_refused(client, editor, own, other):
    photo = wagtail_factories.ImageFactory(title="Чужое фото", collection=other.collection)
    page = own.page
    data = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "summary": "",
            "photo": photo.pk,
            "body": streamfield([]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
        }
    )

    response = _edit(client, page, data)

    assert response.status_code == 200
    assert _errors(response, "photo") == [REFUSED_IMAGE.format(photo.pk)]
    assert SchoolPage.objects.get(pk=page.pk).photo is None


def test_another_schools_material_in_a_practice_row_is_refused(client, editor, own, other, bank):
    secret = _document(other, "Конспекты уроков другой школы")
    data = nested_form_data(
        {
            "title": "Листы самооценки",
            "slug": "listy",
            "annotation": "Ученики оценивают себя на каждом уроке.",
            "kind": "pedagogical",
            "school": own.pk,
            "authors": inline_formset([]),
            "problem": "Ученики не понимают отметок.",
            "description": streamfield([("paragraph", rich_text("<p>Как это устроено.</p>"))]),
            "results": streamfield([]),
            "resources": "",
            "materials": inline_formset([{"material": secret.pk}]),
            "comments": inline_formset([]),
            "action-submit": "action-submit",
        }
    )

    response = client.post(f"/admin/pages/add/practices/practicepage/{bank.pk}/", data)

    assert response.status_code == 200
    row = response.context["form"].formsets["materials"].forms[0]
    assert row.errors["material"] == [REFUSED_DOCUMENT.format(secret.pk)]
    assert not PracticePage.objects.exists()


def _roadmap_form(**fields):
    return nested_form_data(
        {
            "title": "Дорожная карта школы",
            "slug": "dorozhnaya-karta",
            "level": "school",
            "period_start": "2025-09-01",
            "period_end": "2026-06-30",
            "intro": "",
            "items": inline_formset([]),
            "comments": inline_formset([]),
            "action-publish": "action-publish",
            **fields,
        }
    )


def test_a_school_roadmap_names_only_the_own_school(client, editor, own, other):
    url = f"/admin/pages/add/roadmaps/roadmappage/{section_of(own).pk}/"
    form = client.get(url).context["form"]
    assert list(form.fields["school"].queryset) == [own]
    assert form.initial["school"] == own.pk
    assert [value for value, _ in form.fields["level"].choices] == ["school"]

    forged = [
        _roadmap_form(school=other.pk),
        _roadmap_form(level="municipality", municipality=other.municipality.pk),
    ]
    for data in forged:
        response = client.post(url, data)
        assert response.status_code == 200
        assert response.context["form"].errors
    assert not RoadmapPage.objects.exists()

    assert client.post(url, _roadmap_form(school=own.pk)).status_code == 302
    assert RoadmapPage.objects.get().school == own


def test_institute_editors_name_any_school(client, own, other):
    user = get_user_model().objects.create_user("institute-editor", password="x")
    user.groups.add(Group.objects.get(name="Редакторы института"))
    client.force_login(user)
    url = f"/admin/pages/add/roadmaps/roadmappage/{section_of(other).pk}/"
    form = client.get(url).context["form"]
    assert {own, other} <= set(form.fields["school"].queryset)
    assert client.post(url, _roadmap_form(school=other.pk)).status_code == 302


def test_every_page_type_of_school_editors_checks_the_choosers():
    # What a school's editors edit and add (tests/site_cms/test_roles.py: nothing else).
    page_types = {SchoolPage, QualitySectionPage, *section_page_types(), PracticePage}
    assert RoadmapPage in page_types
    for model in page_types:
        form_class = model.get_edit_handler().get_form_class()
        assert issubclass(form_class, ScopedChoosersMixin), model.__name__
