"""Uploads to the document and image libraries are checked: extension, content, size, pixels.

Everything goes through the admin's own upload views: the single upload, the multiple uploader
and the chooser's upload tab. A refused file leaves no row and no file behind.
"""

import io
import struct
import zipfile
import zlib

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from fpdf import FPDF
from wagtail.images import get_image_model
from wagtail.models import Collection

from practices import uploads
from practices.models import Material
from schools.provisioning import provision_school
from tests.factories import SchoolFactory, SchoolIndexPageFactory

pytestmark = pytest.mark.django_db

HTML = b"<!doctype html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
    b"<script>alert(1)</script></svg>"
)
MISMATCH = "Содержимое файла не соответствует расширению"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Each test uploads into its own folders (public and private, for documents), so «nothing
    stored» can be checked exactly."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")
    return tmp_path


@pytest.fixture
def admin(client, django_user_model, home):
    user = django_user_model.objects.create_superuser("admin", "admin@example.org", "x")
    client.force_login(user)
    return user


def stored_files(media):
    return [path for path in media.rglob("*") if path.is_file()]


def pdf_bytes():
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Formative assessment")
    return bytes(pdf.output())


def xlsx_bytes():
    workbook = openpyxl.Workbook()
    workbook.active.append(["Школа", "Балл"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def zip_bytes(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def docx_bytes():
    """The smallest document Word opens: content types, the package relation, the body."""
    return zip_bytes(
        {
            "[Content_Types].xml": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                '<Default Extension="rels" '
                'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                '<Default Extension="xml" ContentType="application/xml"/>'
                '<Override PartName="/word/document.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                "</Types>"
            ),
            "_rels/.rels": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.'
                'openxmlformats.org/officeDocument/2006/relationships/officeDocument"/>'
                "</Relationships>"
            ),
            "word/document.xml": (
                '<?xml version="1.0" encoding="UTF-8"?>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                "<w:body><w:p><w:r><w:t>Методические рекомендации</w:t></w:r></w:p></w:body>"
                "</w:document>"
            ),
        }
    )


def png_declaring(width, height):
    """A PNG whose header claims ``width`` × ``height`` pixels: a decompression bomb's header."""

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def upload_one(client, name, content, title="Материал"):
    return client.post(
        reverse("wagtaildocs:add"),
        {
            "title": title,
            "file": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


def upload_multiple(client, name, content):
    return client.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "files[]": SimpleUploadedFile(name, content),
            "collection": Collection.get_first_root_node().pk,
        },
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("prezentaciya.pdf", pdf_bytes()),
        ("rekomendacii.docx", docx_bytes()),
        ("rezultaty.xlsx", xlsx_bytes()),
    ],
)
def test_real_documents_are_accepted(client, admin, media, name, content):
    response = upload_one(client, name, content, title=f"Загружен {name}")
    assert response.status_code == 302
    material = Material.objects.get(title=f"Загружен {name}")
    assert material.file_size == len(content)
    assert len(stored_files(media)) == 1


def test_multiple_upload_accepts_a_real_pdf(client, admin, media):
    response = upload_multiple(client, "doklad.pdf", pdf_bytes())
    assert response.json()["success"] is True
    assert Material.objects.count() == 1


REFUSED = [
    ("html renamed pdf", "otchet.pdf", HTML, f"{MISMATCH} .pdf"),
    ("zip renamed docx", "plan.docx", zip_bytes({"notes.txt": "не документ"}), f"{MISMATCH} .docx"),
    ("workbook renamed docx", "plan.docx", xlsx_bytes(), f"{MISMATCH} .docx"),
    ("svg renamed pdf", "shema.pdf", SVG, f"{MISMATCH} .pdf"),
    ("html renamed doc", "staryi.doc", HTML, f"{MISMATCH} .doc"),
    ("script renamed mp4", "zapis.mp4", b"#!/bin/sh\nrm -rf /\n", f"{MISMATCH} .mp4"),
    ("text renamed odt", "tekst.odt", "просто текст".encode(), f"{MISMATCH} .odt"),
    ("svg", "shema.svg", SVG, "Файлы «.svg» загружать нельзя"),
    ("html", "stranica.html", HTML, "Файлы «.html» загружать нельзя"),
    ("exe", "setup.exe", b"MZ\x90\x00" + b"\x00" * 60, "Файлы «.exe» загружать нельзя"),
]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_disguised_or_forbidden_documents_are_refused(client, admin, media, name, content, message):
    response = upload_one(client, name, content)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Material.objects.exists()
    assert stored_files(media) == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [case[1:] for case in REFUSED],
    ids=[case[0] for case in REFUSED],
)
def test_multiple_upload_refuses_the_same_files(client, admin, media, name, content, message):
    data = upload_multiple(client, name, content).json()
    assert data["success"] is False
    assert message in data["error_message"]
    assert "\n" not in data["error_message"], "one clear message, not Wagtail's repeated"
    assert not Material.objects.exists()
    assert stored_files(media) == []


def test_chooser_upload_refuses_a_disguised_file(client, admin, media):
    response = client.post(
        reverse("wagtaildocs_chooser:create"),
        {
            "document-chooser-upload-title": "Отчёт",
            "document-chooser-upload-file": SimpleUploadedFile("otchet.pdf", HTML),
            "document-chooser-upload-collection": Collection.get_first_root_node().pk,
        },
    )
    data = response.json()
    assert data["step"] == "reshow_creation_form"
    assert f"{MISMATCH} .pdf" in data["htmlFragment"]
    assert not Material.objects.exists()
    assert stored_files(media) == []


def test_replacing_a_file_is_checked_too(client, admin, media):
    upload_one(client, "plan.pdf", pdf_bytes(), title="План")
    material = Material.objects.get()
    original = material.file.name

    response = client.post(
        reverse("wagtaildocs:edit", args=[material.pk]),
        {
            "title": "План",
            "file": SimpleUploadedFile("plan.pdf", HTML),
            "collection": material.collection_id,
        },
    )

    assert f"{MISMATCH} .pdf" in response.content.decode()
    material.refresh_from_db()
    assert material.file.name == original
    assert len(stored_files(media)) == 1


def test_oversize_document_is_refused_with_the_limit(client, admin, media, settings):
    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 2 * 1024
    content = b"%PDF-1.4\n" + b"0" * 4096
    page = client.get(reverse("wagtaildocs:add")).content.decode()
    assert "Форматы: pdf, pptx, ppt, docx, doc, xlsx, odp, odt, ods, mp4. Не больше 2 КБ." in page

    response = upload_one(client, "bolshoi.pdf", content)
    assert "Файл слишком большой: можно загрузить не больше 2 КБ." in response.content.decode()
    data = upload_multiple(client, "bolshoi.pdf", content).json()
    assert data["error_message"] == "Файл слишком большой: можно загрузить не больше 2 КБ."
    assert not Material.objects.exists()
    assert stored_files(media) == []


def test_svg_image_is_refused(client, admin, media):
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Схема",
            "file": SimpleUploadedFile("shema.svg", SVG),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200
    assert "GIF, JPG, JPEG, PNG, WEBP" in response.content.decode()
    assert not get_image_model().objects.exists()
    assert stored_files(media) == []


def test_image_declaring_too_many_pixels_is_refused(client, admin, media, settings):
    assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 64_000_000
    response = client.post(
        reverse("wagtailimages:add"),
        {
            "title": "Бомба",
            "file": SimpleUploadedFile("bomba.png", png_declaring(30_000, 30_000)),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.status_code == 200
    assert "64000000" in response.content.decode()
    assert not get_image_model().objects.exists()
    assert stored_files(media) == []


def test_school_editor_upload_is_checked_and_stays_in_the_own_collection(client, home, media):
    index = SchoolIndexPageFactory(parent=home)
    own, other = SchoolFactory(), SchoolFactory()
    for school in (own, other):
        provision_school(school, index)
        school.refresh_from_db()
    user = get_user_model().objects.create_user("school-editor", password="x")
    user.groups.add(own.editors_group)
    client.force_login(user)

    refused = client.post(
        reverse("wagtaildocs:add"),
        {"title": "Отчёт", "file": SimpleUploadedFile("otchet.pdf", HTML)},
    )
    assert f"{MISMATCH} .pdf" in refused.content.decode()
    assert stored_files(media) == []

    accepted = client.post(
        reverse("wagtaildocs:add"),
        {
            "title": "Программа школы",
            "file": SimpleUploadedFile("programma.pdf", pdf_bytes()),
            "collection": other.collection.pk,
        },
    )
    assert accepted.status_code == 302
    assert Material.objects.get().collection == own.collection


@pytest.mark.parametrize(
    ("size", "text"),
    [(50 * 1024 * 1024, "50 МБ"), (1536 * 1024, "1,5 МБ"), (200 * 1024, "200 КБ"), (10, "10 Б")],
)
def test_sizes_are_written_the_russian_way(size, text):
    assert uploads.format_size(size) == text


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("a.odt", zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text"})),
        ("a.ods", zip_bytes({"mimetype": "application/vnd.oasis.opendocument.spreadsheet"})),
        ("a.odp", zip_bytes({"mimetype": "application/vnd.oasis.opendocument.presentation"})),
        ("a.ppt", bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504),
        ("a.mp4", b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 16),
        ("a.pptx", zip_bytes({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"})),
    ],
)
def test_each_format_is_recognised_by_its_signature(name, content):
    file = SimpleUploadedFile(name, content)
    assert uploads.validate_upload(name, file, None) == name.rsplit(".", 1)[1]


def test_opendocument_of_another_kind_is_refused():
    text = zip_bytes({"mimetype": "application/vnd.oasis.opendocument.text"})
    file = SimpleUploadedFile("tablica.ods", text)
    with pytest.raises(ValidationError, match=f"{MISMATCH} .ods"):
        uploads.validate_upload(file.name, file, None)
