"""Downloads: every export of the site writes its cells through here and is sent by ``download``.

A spreadsheet takes a cell whose text starts with = + - @ (or a tab, a carriage return, a NUL)
for a formula: =HYPERLINK(…) that sends the table's data away, or DDE that starts a program
(«CSV injection»). Visitors type some of the exported texts (a registration's name), editors and
imported files the others, so ``safe_cell`` puts an apostrophe in front of such a text, as
OWASP and ASVS recommend, in CSV and XLSX alike. Only text changes: a number, a date or an empty
cell is written as it is, so the number -5 stays a number and the text «-5» becomes «'-5».
"""

import csv
import io

from django.http import HttpResponse
from django.utils.http import content_disposition_header

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")
# Excel reads a UTF-8 CSV file with its Cyrillic intact only after a byte order mark.
BYTE_ORDER_MARK = "\ufeff"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_cell(value):
    """``value`` as a spreadsheet may show it: a text it would run as a formula gets an
    apostrophe in front; anything else is returned as it is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unescaped_cell(text):
    """The text ``safe_cell`` was given back, so that an exported table imports back unchanged."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


def xlsx_cell(value):
    """``safe_cell`` for XLSX, whose cells cannot hold control characters (openpyxl refuses
    them): they are dropped first, so that none hides a formula behind it."""
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return safe_cell(value)


def download(content, content_type, filename):
    """A response the browser saves as ``filename``. Django writes the header, so a Cyrillic
    name (a page's slug) arrives intact in RFC 6266's ``filename*``."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


# --- CSV ----------------------------------------------------------------------------------------


def csv_chunks(rows, *, delimiter=",", rows_per_chunk=1000):
    """The CSV text of ``rows`` (sequences of cells) after a byte order mark, in pieces of
    ``rows_per_chunk`` rows: a long export is streamed, never held whole."""
    buffer = io.StringIO()
    buffer.write(BYTE_ORDER_MARK)
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    for number, row in enumerate(rows, start=1):
        writer.writerow([safe_cell(value) for value in row])
        if number % rows_per_chunk == 0:
            yield _take(buffer)
    yield _take(buffer)


def csv_text(rows, *, delimiter=","):
    """The whole CSV text of ``rows``, for a short export."""
    return "".join(csv_chunks(rows, delimiter=delimiter))


def _take(buffer):
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


# --- XLSX ---------------------------------------------------------------------------------------


def xlsx_sheet(title):
    """A new workbook and its only sheet, named ``title``, to fill with ``append_row``."""
    # openpyxl is imported when used here and below: it takes a fifth of a second, and every
    # process (a management command too) loads this module through the apps' models.
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title
    return workbook, sheet


def append_row(sheet, values):
    """Add a row of ``values`` below the last one of ``sheet``."""
    sheet.append([xlsx_cell(value) for value in values])


def xlsx_bytes(workbook):
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def xlsx_table(rows, *, title):
    """The bytes of a workbook of one sheet: ``rows``, the first one a bold header that stays in
    view while scrolling."""
    workbook, sheet = xlsx_sheet(title)
    for row in rows:
        append_row(sheet, row)
    from openpyxl.styles import Font

    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    return xlsx_bytes(workbook)


# --- Wagtail's listings -------------------------------------------------------------------------


class SafeSpreadsheetExportMixin:
    """For a Wagtail view with ``list_export`` (before Wagtail's own export mixin): its CSV and
    XLSX cells pass through ``safe_cell``. Wagtail writes a text starting with «=» as text in
    XLSX but every text as it is in CSV."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return xlsx_cell(value) if export_format == self.FORMAT_XLSX else safe_cell(value)
