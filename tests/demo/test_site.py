"""The demo content loader: idempotent, complete, valid, and the logins command needs no DB."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Site

from demo.media import COLLECTION_NAME as DEMO_COLLECTION
from demo.site import TEXT
from demo.users import DEMO_USERS
from site_cms.models import HomePage, InstituteSettings, NavigationSettings, StandardPage


@pytest.fixture
def demo(demo_loaded, db):
    return Site.objects.get(is_default_site=True).root_page.specific


def demo_pages(home):
    """Every page of the demo but drafts never published (demo.practices makes two on purpose)."""
    pages = home.get_descendants(inclusive=True).exclude(live=False, last_published_at=None)
    return [page.specific for page in pages]


def test_every_demo_page_is_live_and_published_through_a_revision(demo):
    pages = demo_pages(demo)
    # Apps add page types of their own (demo.schools: the school pages).
    assert {HomePage, StandardPage} <= {type(page) for page in pages}
    for page in pages:
        assert page.live, page.title
        assert page.last_published_at is not None, page.title
        assert page.live_revision_id is not None, page.title
        assert not page.has_unpublished_changes, page.title


def test_stream_fields_pass_block_validation(demo):
    for page in demo_pages(demo):
        for name in ("intro", "quick_links", "body"):
            value = getattr(page, name, None)
            if hasattr(value, "stream_block"):
                value.stream_block.clean(value)


def test_home_page_has_quick_links_to_live_sections(demo):
    assert demo.title == TEXT["home"]["title"]
    links = list(demo.quick_links)
    assert len(links) == len(TEXT["home"]["quick_links"])
    for link in links:
        assert link.value["page"].live
        assert link.value.href == link.value["page"].url


def test_menus_and_institute_details_are_filled(demo):
    site = Site.objects.get(is_default_site=True)
    menus = NavigationSettings.for_site(site)
    assert len(menus.main_menu) >= 6
    assert len(menus.footer_menu) >= 4
    for link in [*menus.main_menu, *menus.footer_menu]:
        assert link.value["page"] is not None and link.value["page"].live
    institute = InstituteSettings.for_site(site)
    assert institute.short_name == "РИРО"
    assert institute.phone == "+7 (800) 000-00-00"
    assert institute.email.endswith(".example")


def test_demo_users_have_their_roles_and_passwords(demo):
    for spec in DEMO_USERS:
        user = get_user_model().objects.get(username=spec.username)
        assert user.check_password(spec.password)
        assert user.is_superuser == spec.is_superuser
        if spec.made_by:
            continue  # its app's loader gives it a group made with the app's data; tested there
        assert [group.name for group in user.groups.all()] == ([spec.group] if spec.group else [])


def test_images_have_alt_text_and_documents_are_pdfs(demo):
    for image in get_image_model().objects.all():
        assert image.description
        if image.collection.name == DEMO_COLLECTION:
            assert (image.width, image.height) == (1200, 675)
    # Apps add documents in other formats (demo.practices: DOCX, PPTX, XLSX) and test them.
    for document in get_document_model().objects.filter(file__endswith=".pdf"):
        with document.open_file() as handle:
            data = handle.read()
        assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    captioned = [
        block.value
        for page in demo_pages(demo)
        for block in getattr(page, "body", [])
        if block.block_type == "image"
    ]
    assert captioned and all(value["image"].contextual_alt_text for value in captioned)


def test_demo_pages_render(demo, client):
    for page in demo_pages(demo):
        response = client.get(page.url)
        assert response.status_code == 200, page.url
    response = client.get("/")
    assert "Региональная программа" in response.content.decode()


def test_demo_logins_never_touches_the_database():
    # No `db` fixture: pytest-django fails any query made here.
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000/admin/" in text
    for spec in DEMO_USERS:
        assert spec.username in text and spec.password in text


def test_load_demo_refuses_production_settings(settings):
    settings.SETTINGS_MODULE = "config.settings.production"
    with pytest.raises(CommandError):
        call_command("load_demo", stdout=StringIO())
