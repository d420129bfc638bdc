"""Checks of an uploaded document: its extension, its size, whether its content is what the
extension says, and that no part of it is a web page.

An extension alone proves nothing: an HTML page or an SVG with a script renamed to «.pdf» would be
served from the site's own address. So:

* the file must carry its format's signature: filetype's matchers for PDF, MP4 and OpenDocument
  (whose first member «mimetype» is stored uncompressed and names the kind); the OLE2 header for
  .doc and .ppt (filetype knows them only by the streams some programs write first); for Office
  Open XML a zip archive from its first byte whose central directory has «[Content_Types].xml»
  and the main part's folder (filetype looks at the first four members only);
* a zip archive is opened only when what it declares is sane (site_cms/importing/archives.py):
  a «zip bomb» is refused before anything is inflated;
* the file's bytes and every member of an archive, inflated in chunks, are searched for the tags
  that make a browser take bytes for a web page: a PDF, a video or a document that is HTML as
  well (a polyglot) is refused.
"""

import os
import re

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError

from site_cms.importing import archives
from site_cms.importing.limits import MEGABYTE, FileRefused, format_size

# filetype's matchers look at the first 8 KB.
SIGNATURE_BYTES = 8192
OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
LEGACY_OFFICE = {"doc", "ppt"}

# Office Open XML: the folder of the main part tells a document from a workbook or a deck.
OOXML_MAIN_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
OOXML_CONTENT_TYPES = "[Content_Types].xml"
OPENDOCUMENT = {"odt", "ods", "odp"}
ZIP_FORMATS = {*OOXML_MAIN_FOLDERS, *OPENDOCUMENT}

# The HTML signatures of the WHATWG MIME Sniffing standard that cannot turn up by chance in
# binary data or Office XML (where «<font>», «<table>», «<b/>» and SVG pictures are at home).
WEB_PAGE = re.compile(rb"<(!doctype\s+html|html|head|body|script|iframe)[\s/>]", re.IGNORECASE)
CHUNK = 4 * MEGABYTE
OVERLAP = 64


def allowed_extensions():
    return [extension.lower() for extension in settings.WAGTAILDOCS_EXTENSIONS]


def max_upload_size():
    """The size limit of one document in bytes (None: no limit)."""
    return settings.WAGTAILDOCS_MAX_UPLOAD_SIZE


def extension_of(name):
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def too_large_message(limit):
    return f"Файл слишком большой: можно загрузить не больше {format_size(limit)}."


def upload_hint(limit):
    """The help text under the file field: what may be uploaded."""
    formats = ", ".join(allowed_extensions())
    hint = f"Форматы: {formats}."
    if limit is not None:
        hint += f" Не больше {format_size(limit)}."
    return hint


def check_extension(name):
    extension = extension_of(name)
    allowed = allowed_extensions()
    if extension not in allowed:
        listed = ", ".join(allowed)
        shown = f"«.{extension}»" if extension else "без расширения"
        raise ValidationError(
            f"Файлы {shown} загружать нельзя. Можно: {listed}.", code="invalid_extension"
        )
    return extension


def check_size(size, limit):
    if limit is not None and size > limit:
        raise ValidationError(too_large_message(limit), code="file_too_large")


def content_matches(file, extension):
    """Whether the file's content has the signature of the format its extension names.

    Raises FileRefused for an archive that declares too much, before anything is inflated.
    """
    file.seek(0)
    head = file.read(SIGNATURE_BYTES)
    if extension in LEGACY_OFFICE:
        return head.startswith(OLE2_SIGNATURE)
    if extension in ZIP_FORMATS:
        names = _archive_names(file)
        if names is None:
            return False
        if extension in OOXML_MAIN_FOLDERS:
            folder = OOXML_MAIN_FOLDERS[extension]
            return (
                bool(filetype.get_type(ext="zip").match(head))
                and OOXML_CONTENT_TYPES in names
                and any(name.startswith(folder) for name in names)
            )
    kind = filetype.get_type(ext=extension)
    # An extension allowed in settings that filetype does not know is refused rather than let
    # through unchecked.
    return kind is not None and bool(kind.match(head))


def refuse_web_page(file, extension):
    """Raise FileRefused when the file's bytes, or a member of its archive, hold a web page."""
    file.seek(0)
    _search(iter(lambda: file.read(CHUNK), b""))
    if extension in ZIP_FORMATS:
        with archives.open_archive(file) as archive:
            for info in archive.infolist():
                _search(archives.member_chunks(archive, info))


def validate_upload(name, file, limit):
    """Refuse a document whose extension, size or content is not acceptable.

    Returns the extension; raises ValidationError with the message an editor sees.
    """
    extension = check_extension(name)
    check_size(file.size, limit)
    try:
        if not content_matches(file, extension):
            raise ValidationError(
                f"Содержимое файла не соответствует расширению .{extension}",
                code="content_mismatch",
            )
        refuse_web_page(file, extension)
    except FileRefused as refused:
        raise ValidationError(str(refused), code="unsafe_content") from refused
    finally:
        file.seek(0)
    return extension


def _archive_names(file):
    """The members' names of a zip archive, or None if the file is not one."""
    archive = archives.open_archive(file)
    if archive is None:
        return None
    with archive:
        return archive.namelist()


def _search(chunks):
    rest = b""
    for chunk in chunks:
        text = rest + chunk
        if found := WEB_PAGE.search(text):
            tag = found[1].decode("ascii").lower()
            raise FileRefused(
                f"Файл похож на веб-страницу: в нём есть тег «<{tag}>». Такие файлы загружать "
                "нельзя: браузер может выполнить их как страницу сайта."
            )
        rest = text[-OVERLAP:]
