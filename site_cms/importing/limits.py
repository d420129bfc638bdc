"""The limits of an imported file, their messages, and reading a file no further than them.

The defaults come from the settings (``IMPORT_MAX_FILE_SIZE``, ``IMPORT_MAX_ROWS``,
``IMPORT_MAX_CELLS``; a results summary CSV, read in chunks, has its own
``IMPORT_MAX_SUMMARY_FILE_SIZE`` and ``IMPORT_MAX_SUMMARY_ROWS``). Every message names the limit.
"""

import os

from django.conf import settings

KILOBYTE = 1024
MEGABYTE = 1024 * KILOBYTE
GIGABYTE = 1024 * MEGABYTE
BLOCK = 4 * MEGABYTE


class FileRefused(Exception):
    """The file is refused as a whole; the message is for the user."""


def max_file_size():
    return settings.IMPORT_MAX_FILE_SIZE


def max_rows():
    return settings.IMPORT_MAX_ROWS


def max_cells():
    return settings.IMPORT_MAX_CELLS


def max_summary_file_size():
    return settings.IMPORT_MAX_SUMMARY_FILE_SIZE


def max_summary_rows():
    return settings.IMPORT_MAX_SUMMARY_ROWS


def format_size(size):
    """«50 МБ», «1,5 МБ», «200 КБ»: sizes as the messages and the materials list show them."""
    if size >= GIGABYTE:
        value, unit = size / GIGABYTE, "ГБ"
    elif size >= MEGABYTE:
        value, unit = size / MEGABYTE, "МБ"
    elif size >= KILOBYTE:
        value, unit = size / KILOBYTE, "КБ"
    else:
        return f"{size} Б"
    text = f"{value:.1f}".removesuffix(".0").replace(".", ",")
    return f"{text} {unit}"


def format_count(number):
    """«3 000 000»: thousands apart by no-break spaces, as Russian texts write them."""
    return f"{number:,}".replace(",", "\N{NO-BREAK SPACE}")


def check_size(size, limit=None):
    limit = max_file_size() if limit is None else limit
    if size > limit:
        raise FileRefused(
            f"Файл слишком большой ({format_size(size)}): импорт принимает файлы "
            f"не больше {format_size(limit)}."
        )


def check_rows(rows, limit=None):
    limit = max_rows() if limit is None else limit
    if rows > limit:
        raise FileRefused(
            f"В таблице больше {format_count(limit)} строк: столько импорт не принимает. "
            "Разделите таблицу на несколько файлов."
        )


def check_cells(cells, limit=None):
    limit = max_cells() if limit is None else limit
    if cells > limit:
        raise FileRefused(
            f"В таблице больше {format_count(limit)} ячеек (строки × столбцы, считая пустые "
            "между заполненными): столько импорт не принимает. Удалите лишние строки и "
            "столбцы или разделите таблицу на несколько файлов."
        )


def read_bytes(source, limit=None):
    """The content of a path or a binary file, refused unread when it is larger than ``limit``.

    A file object is read from where it stands and left there.
    """
    limit = max_file_size() if limit is None else limit
    if not hasattr(source, "read"):
        check_size(os.path.getsize(source), limit)
        with open(source, "rb") as file:
            return file.read(limit + 1)
    start = source.tell() if source.seekable() else None
    data = source.read(limit + 1)
    if start is not None:
        source.seek(start)
    check_size(len(data), limit)
    return data


def check_text(data, *, rows=None, cells=None):
    """Refuse CSV bytes with more lines or cells than the limits, before any parsing.

    Lines and separators are counted: quoted separators and line breaks make the count a little
    higher than the cells a CSV reader will find, never lower.
    """
    lines = data.count(b"\n", 0, len(data.rstrip(b"\r\n"))) + 1
    check_rows(lines - 1, rows)
    separators = max(data.count(separator) for separator in (b";", b",", b"\t"))
    check_cells(separators + lines, cells)


def check_text_file(path, *, rows):
    """Refuse a CSV file with more lines than ``rows`` (plus a header), reading it in blocks."""
    lines = 0
    with open(path, "rb") as file:
        while block := file.read(BLOCK):
            lines += block.count(b"\n")
            check_rows(lines - 1, rows)
