"""Checks of an uploaded document: its extension, its size and whether its content is what the
extension says.

An extension alone proves nothing: an HTML page or an SVG with a script renamed to «.pdf» would be
served from the site's own address. So the first bytes (or, for zip-based formats, the archive's
members) must carry the format's own signature.
"""

import os
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError

MEGABYTE = 1024 * 1024
KILOBYTE = 1024

PDF_SIGNATURE = b"%PDF-"
OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
MP4_BOX_TYPE = b"ftyp"

# Office Open XML: the folder of the main part tells a document from a workbook or a deck.
OOXML_MAIN_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
OOXML_CONTENT_TYPES = "[Content_Types].xml"

# OpenDocument: the first member «mimetype» names the kind of document.
OPENDOCUMENT_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
LEGACY_OFFICE = {"doc", "ppt"}


def allowed_extensions():
    return [extension.lower() for extension in settings.WAGTAILDOCS_EXTENSIONS]


def max_upload_size():
    """The size limit of one document in bytes (None: no limit)."""
    return settings.WAGTAILDOCS_MAX_UPLOAD_SIZE


def extension_of(name):
    return os.path.splitext(name or "")[1].lower().lstrip(".")


def format_size(size):
    """«50 МБ», «1,5 МБ», «200 КБ»: sizes as the messages and the materials list show them."""
    if size >= MEGABYTE:
        value, unit = size / MEGABYTE, "МБ"
    elif size >= KILOBYTE:
        value, unit = size / KILOBYTE, "КБ"
    else:
        return f"{size} Б"
    text = f"{value:.1f}".removesuffix(".0").replace(".", ",")
    return f"{text} {unit}"


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


def _head(file, length):
    file.seek(0)
    head = file.read(length)
    file.seek(0)
    return head


def _zip_members(file):
    """The members' names of a zip archive, or None if the file is not one."""
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        return None
    finally:
        file.seek(0)


def _is_ooxml(file, extension):
    names = _zip_members(file)
    if names is None or OOXML_CONTENT_TYPES not in names:
        return False
    folder = OOXML_MAIN_FOLDERS[extension]
    return any(name.startswith(folder) for name in names)


def _is_opendocument(file, extension):
    try:
        file.seek(0)
        with zipfile.ZipFile(file) as archive:
            mimetype = archive.read("mimetype")
    except (zipfile.BadZipFile, KeyError, OSError, EOFError, ValueError):
        return False
    finally:
        file.seek(0)
    return mimetype.strip() == OPENDOCUMENT_MIMETYPES[extension]


def content_matches(file, extension):
    """Whether the file's content has the signature of the format its extension names."""
    if extension == "pdf":
        return _head(file, len(PDF_SIGNATURE)) == PDF_SIGNATURE
    if extension in LEGACY_OFFICE:
        return _head(file, len(OLE2_SIGNATURE)) == OLE2_SIGNATURE
    if extension == "mp4":
        return _head(file, 8)[4:8] == MP4_BOX_TYPE
    if extension in OOXML_MAIN_FOLDERS:
        return _is_ooxml(file, extension)
    if extension in OPENDOCUMENT_MIMETYPES:
        return _is_opendocument(file, extension)
    # An extension allowed in settings that this module has no signature for is refused rather
    # than let through unchecked.
    return False


def validate_upload(name, file, limit):
    """Refuse a document whose extension, size or content is not acceptable.

    Returns the extension; raises ValidationError with the message an editor sees.
    """
    extension = check_extension(name)
    check_size(file.size, limit)
    if not content_matches(file, extension):
        raise ValidationError(
            f"Содержимое файла не соответствует расширению .{extension}",
            code="content_mismatch",
        )
    return extension
