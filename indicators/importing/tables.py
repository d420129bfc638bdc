"""Small tables typed by people in Excel: CSV in either Russian encoding, or XLSX.

``read_rows`` returns the header and the rows as text cells, each row with its number as the
user sees it (the header is row 1). CSV: UTF-8 with or without BOM, or Windows-1251; «;», «,»
or tab, whichever splits the header into the most cells. XLSX: the first sheet that is not empty.
Both within the import limits (site_cms/importing/).
"""

from site_cms.importing import limits, tables
from site_cms.importing.limits import FileRefused

# The summary reader (and its tests) take these from here, along with the small tables.
from site_cms.importing.tables import EMPTY_FILE as EMPTY_FILE
from site_cms.importing.tables import ENCODING_PROBLEM as ENCODING_PROBLEM
from site_cms.importing.tables import XLSX_PROBLEM as XLSX_PROBLEM
from site_cms.importing.tables import detect_encoding as detect_encoding
from site_cms.importing.tables import is_text as is_text

from .problems import ImportRefused, Problem

EXTENSION_PROBLEM = "Нужен файл CSV или XLSX."


def read_rows(path):
    """(header, [(row number, cells)]): the header is the first row that is not blank, and blank
    rows are left out. Refuses unreadable files."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ImportRefused([Problem(None, EXTENSION_PROBLEM)])
    try:
        data = limits.read_bytes(path)
        rows = tables.read_csv(data) if suffix == ".csv" else _first_sheet(tables.read_xlsx(data))
    except FileRefused as refused:
        raise ImportRefused([Problem(None, str(refused))]) from refused
    numbered = [
        (number, [cell.strip() for cell in row])
        for number, row in enumerate(rows, start=1)
        if any(cell.strip() for cell in row)
    ]
    if not numbered:
        raise ImportRefused([Problem(None, EMPTY_FILE)])
    (_, header), *body = numbered
    return header, body


def _first_sheet(sheets):
    return next((rows for rows in sheets.values() if rows), [])
