"""Documents are private: their files are nowhere under the public media folder, only Wagtail's
permission-checked view hands them out, itself or through the proxy. Over HTTP, as visitors
and editors reach them."""

import re
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import Collection, CollectionViewRestriction
from wagtail.utils.sendfile import _get_sendfile

from practices.models import Material

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
STORED_NAME = "Программа_развития.pdf"  # what Django makes of «Программа развития.pdf»


@pytest.fixture(autouse=True)
def folders(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = settings.SENDFILE_ROOT = str(tmp_path / "private")
    return tmp_path


@pytest.fixture
def use_sendfile_backend(settings):
    """Wagtail loads SENDFILE_BACKEND once per process: have it load the test's."""

    def use(backend):
        settings.SENDFILE_BACKEND = backend
        _get_sendfile.clear()

    yield use
    _get_sendfile.clear()


def restricted_collection(restriction_type, **fields):
    collection = Collection.get_first_root_node().add_child(name="Для управлений образования")
    CollectionViewRestriction.objects.create(
        collection=collection, restriction_type=restriction_type, **fields
    )
    return collection


def upload(admin_client, collection):
    response = admin_client.post(
        "/admin/documents/add/",
        {
            "title": "Программа развития",
            "file": SimpleUploadedFile("Программа развития.pdf", PDF, "application/pdf"),
            "collection": collection.pk,
        },
    )
    assert response.status_code == 302
    return Material.objects.get(title="Программа развития")


@pytest.fixture
def document(admin_client):
    return upload(admin_client, restricted_collection(CollectionViewRestriction.LOGIN))


@pytest.mark.urls("tests.practices.media_proxy_urls")
def test_the_file_is_at_no_media_address(client, document, folders):
    assert [path for path in (folders / "media").rglob("*") if path.is_file()] == []
    # Stored under a random folder of its own, not by its name alone.
    assert re.fullmatch(rf"documents/[\w-]{{16}}/{STORED_NAME}", document.file.name)
    guesses = [
        f"/media/{document.file.name}",
        f"/media/documents/{STORED_NAME}",
        f"/media/documents/{document.filename}",
        f"/media/{STORED_NAME}",
    ]
    for url in guesses:
        assert client.get(url).status_code == 404, url
    with pytest.raises(NotImplementedError):
        document.file.url  # noqa: B018 — the storage gives private files no address


def test_a_visitor_without_permission_gets_the_login_page(client, document):
    response = client.get(document.url)
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_a_visitor_without_the_password_gets_the_password_form(client, admin_client):
    collection = restricted_collection(CollectionViewRestriction.PASSWORD, password="секрет")
    document = upload(admin_client, collection)

    response = client.get(document.url)

    assert response.status_code == 200
    assert 'name="password"' in response.content.decode()
    assert PDF not in response.content


def test_a_permitted_user_gets_the_file_under_its_readable_name(admin_client, document):
    assert document.url == f"/documents/{document.pk}/{quote(STORED_NAME)}"

    response = admin_client.get(document.url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert f"filename*=UTF-8''{quote(STORED_NAME)}" in response["Content-Disposition"]
    assert response["Content-Security-Policy"] == "default-src 'none'"


def test_behind_nginx_the_view_sends_an_internal_redirect(
    admin_client, document, settings, use_sendfile_backend
):
    settings.SENDFILE_URL = "/_private"
    use_sendfile_backend("django_sendfile.backends.nginx")

    response = admin_client.get(document.url)

    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/_private/{quote(document.file.name)}"
    assert response.content == b""
    assert f"filename*=UTF-8''{quote(STORED_NAME)}" in response["Content-Disposition"]


def test_behind_nginx_a_visitor_without_permission_gets_no_redirect(
    client, document, use_sendfile_backend
):
    use_sendfile_backend("django_sendfile.backends.nginx")

    response = client.get(document.url)

    assert response.status_code == 302
    assert "X-Accel-Redirect" not in response


def test_deleting_a_document_removes_its_file_and_folder(
    admin_client, document, folders, django_capture_on_commit_callbacks
):
    folder = Path(document.file.path).parent
    with django_capture_on_commit_callbacks(execute=True):  # Wagtail deletes files on commit
        response = admin_client.post(f"/admin/documents/delete/{document.pk}/")
    assert response.status_code == 302
    assert not folder.exists()
    assert (folders / "private" / "documents").is_dir()
