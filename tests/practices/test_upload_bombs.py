"""Uploads cost what they weigh, and a document is never a web page as well.

Through the admin's upload view: an archive of a few megabytes that inflates to a gigabyte is
refused before anything inflates it (the check once took 2 GB for such an .odt), and a PDF, a
video or a Word document that carries a web page (a polyglot) is refused wherever it is.
"""

import pytest
from django.utils.html import escape

from practices.models import Material
from tests.bombs import MEGABYTE, deflated, measure, repeated, stored, zip_archive

from .test_uploads import admin, docx_bytes, media, pdf_bytes, stored_files, upload_one

pytestmark = pytest.mark.django_db
__all__ = ["admin", "media"]  # the fixtures of test_uploads, used here by name

BOMB_MESSAGE = "Такие файлы («zip-бомбы») не принимаются."
WEB_PAGE = "Файл похож на веб-страницу: в нём есть тег «<{}>»"
PAGE = b"<html><body><script>fetch('/admin/').then(r => r.text())</script></body></html>"
ODT = "application/vnd.oasis.opendocument.text"
DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="xml" ContentType="application/xml"/></Types>'
)


def odt_bomb():
    """The file of the issue: an .odt whose «mimetype» inflates to a gigabyte."""
    return zip_archive(repeated("mimetype", b"\0" * MEGABYTE, 1024))


def docx_bomb():
    text = "Методические рекомендации. ".encode() * 25_000  # over a megabyte
    return zip_archive(
        stored("[Content_Types].xml", DOCX_TYPES),
        repeated("word/document.xml", text[:MEGABYTE], 1024, head=b"<w:document><w:p><w:t>"),
    )


@pytest.mark.parametrize(("name", "build"), [("plan.odt", odt_bomb), ("plan.docx", docx_bomb)])
def test_a_zip_bomb_is_refused_without_being_inflated(client, admin, media, name, build):
    bomb = build()
    assert len(bomb) < 4 * MEGABYTE

    responses = []
    peak, seconds = measure(lambda: responses.append(upload_one(client, name, bomb)))

    assert peak < 100 * MEGABYTE  # 2 GB before, for the .odt
    assert seconds < 5
    content = responses[-1].content.decode()
    assert "Файл — архив, который распаковывается в 1 ГБ: это больше допустимых 256 МБ" in content
    assert BOMB_MESSAGE in content
    assert not Material.objects.exists()
    assert stored_files(media) == []


def polyglot_pdf():
    """A real PDF with a page in an uncompressed stream: browsers that sniff see HTML."""
    pdf = pdf_bytes()
    body = pdf.index(b"endobj") + len(b"endobj")
    page = b"\n99 0 obj\n<< /Length %d >>\nstream\n%s\nendstream\nendobj" % (len(PAGE), PAGE)
    return pdf[:body] + page + pdf[body:]


def polyglot_mp4():
    video = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 1024
    return video + b"\x00\x00\x00\x60free" + PAGE


def docx_with_a_page():
    """A Word document whose «picture» is a web page, compressed: only inflating finds it."""
    return zip_archive(
        deflated("[Content_Types].xml", DOCX_TYPES.encode()),
        deflated("word/document.xml", b"<w:document/>"),
        deflated("word/media/image1.png", PAGE),
    )


@pytest.mark.parametrize(
    ("name", "build", "tag"),
    [
        ("doklad.pdf", polyglot_pdf, "html"),
        ("zapis.mp4", polyglot_mp4, "html"),
        ("plan.docx", docx_with_a_page, "html"),
        ("plan.docx", lambda: docx_bytes() + b"\n<!DOCTYPE html>" + PAGE, "!doctype html"),
    ],
    ids=["pdf with a page", "mp4 with a page", "docx with an html member", "html after a docx"],
)
def test_a_document_that_is_also_a_web_page_is_refused(client, admin, media, name, build, tag):
    response = upload_one(client, name, build())

    assert response.status_code == 200
    assert escape(WEB_PAGE.format(tag)) in response.content.decode()
    assert not Material.objects.exists()
    assert stored_files(media) == []


def test_documents_without_pages_are_still_accepted(client, admin, media):
    video = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom" + b"\x00" * 4096
    for name, content in (("doklad.pdf", pdf_bytes()), ("zapis.mp4", video)):
        assert upload_one(client, name, content, title=name).status_code == 302
    assert Material.objects.count() == 2


def test_an_archive_of_too_many_members_is_refused_before_its_directory_is_read(
    client, admin, media
):
    members = [stored(f"word/part{number}.xml", "") for number in range(10_001)]
    archive = zip_archive(stored("[Content_Types].xml", DOCX_TYPES), *members)

    response = upload_one(client, "plan.docx", archive)

    assert "Файл — архив из 10\N{NO-BREAK SPACE}002 частей" in response.content.decode()
    assert not Material.objects.exists()
