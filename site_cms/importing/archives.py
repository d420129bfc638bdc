"""Zip archives (XLSX, DOCX, PPTX, ODF) opened only when what they declare is sane.

A zip archive declares its members' sizes in its central directory. A «zip bomb» declares (or
hides) far more than it weighs: a 1 MB .odt whose «mimetype» inflates to 1 GB. So before any
member is inflated the archive is refused when it declares too many members, more than
``ARCHIVE_MAX_UNCOMPRESSED_SIZE`` in all, or a member compressed more than ``MAX_RATIO`` times.
A member is then read in chunks, and never beyond its declared size: zipfile (and calamine's
zip reader) stop there and refuse a member that inflates to more.
"""

import os
import struct
import zipfile
import zlib

from django.conf import settings

from .limits import MEGABYTE, FileRefused, format_count, format_size

# Office files have tens of members, a big presentation a few thousand.
MAX_MEMBERS = 10_000
# Apache POI's default: XML compresses 5–20 times, only a crafted member a hundred times and more.
MAX_RATIO = 100
# Members smaller than this cannot be a bomb, however well they compress.
RATIO_GRACE = MEGABYTE
CHUNK = 4 * MEGABYTE

# The end of central directory record: signature, disk numbers, entries on this disk, entries
# in all, directory size and offset, comment length.
END_RECORD = struct.Struct("<4s4H2LH")
END_SIGNATURE = b"PK\x05\x06"
MAX_COMMENT = 0xFFFF

BROKEN = (zipfile.BadZipFile, zlib.error, EOFError, RuntimeError, NotImplementedError, OSError)


def max_uncompressed_size():
    return settings.ARCHIVE_MAX_UNCOMPRESSED_SIZE


def open_archive(file):
    """The file as a ZipFile whose declarations pass, or None when it is not a zip archive.

    ``file`` is a path or a seekable binary file. Raises FileRefused for an archive that
    declares too much.
    """
    if not hasattr(file, "read"):
        with open(file, "rb") as opened:
            members = _declared_members(opened)
    else:
        members = _declared_members(file)
    if members is None:
        return None
    if members > MAX_MEMBERS:
        raise FileRefused(
            f"Файл — архив из {format_count(members)} частей: так много не бывает в документах "
            f"и таблицах (допустимо не больше {format_count(MAX_MEMBERS)})."
        )
    try:
        archive = zipfile.ZipFile(file)
    except BROKEN:
        return None
    try:
        _check_sizes(archive.infolist())
    except FileRefused:
        archive.close()
        raise
    return archive


def member_chunks(archive, info):
    """The member's content in chunks, never more than its declared size."""
    try:
        with archive.open(info) as stream:
            while chunk := stream.read(CHUNK):
                yield chunk
    except BROKEN as error:
        raise FileRefused(
            f"Файл повреждён: часть архива «{info.filename}» не удалось распаковать."
        ) from error


def _declared_members(file):
    """The member count the archive's last record declares, read before zipfile reads the
    directory into an object per member (a directory of a million members fits in 50 MB)."""
    file.seek(0, os.SEEK_END)
    size = file.tell()
    length = min(size, END_RECORD.size + MAX_COMMENT)
    file.seek(size - length)
    tail = file.read(length)
    file.seek(0)
    at = tail.rfind(END_SIGNATURE)
    if at < 0 or len(tail) - at < END_RECORD.size:
        return None
    return END_RECORD.unpack_from(tail, at)[4]


def _check_sizes(members):
    limit = max_uncompressed_size()
    total = sum(info.file_size for info in members)
    if total > limit:
        raise FileRefused(
            f"Файл — архив, который распаковывается в {format_size(total)}: это больше "
            f"допустимых {format_size(limit)}. Такие файлы («zip-бомбы») не принимаются."
        )
    for info in members:
        if info.file_size > RATIO_GRACE and info.file_size > MAX_RATIO * info.compress_size:
            ratio = info.file_size // max(info.compress_size, 1)
            raise FileRefused(
                f"Часть архива «{info.filename}» сжата в {format_count(ratio)} раз: так сжимают "
                f"только «zip-бомбы» (допустимо не больше чем в {MAX_RATIO} раз)."
            )
