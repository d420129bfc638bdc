"""Small tables typed by people in Excel: CSV in either Russian encoding, or XLSX.

``read_rows`` returns the header and the rows as text cells, each row with its number as the
user sees it (the header is row 1). CSV: UTF-8 with or without BOM, or Windows-1251; «;», «,»
or tab, whichever splits the header into the most cells. XLSX: the first sheet that is not empty.
"""

import codecs
import csv
import io
import re
import zipfile

import pandas as pd
from python_calamine import CalamineError

from .problems import ImportRefused, Problem

ENCODING_PROBLEM = "Не удалось прочитать файл: кодировка не UTF-8 и не Windows-1251."
EMPTY_FILE = "Файл пуст."
XLSX_PROBLEM = (
    "Файл не удалось прочитать как таблицу Excel (XLSX): возможно, это файл другого формата "
    "с расширением .xlsx. Сохраните его в Excel как «Книга Excel (*.xlsx)»."
)
EXTENSION_PROBLEM = "Нужен файл CSV или XLSX."


def detect_encoding(path):
    """UTF-8 when the whole file decodes as UTF-8, else Windows-1251 (Excel's Russian CSV)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with path.open("rb") as file:
            while block := file.read(1 << 22):
                decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8-sig"


def is_text(text):
    """False for what decodes as Windows-1251 without being text: UTF-16, binary files."""
    return not re.search(r"[\x00-\x08\x0b-\x1f]", text)


def read_rows(path):
    """(header, [(row number, cells)]): the header is the first row that is not blank, and blank
    rows are left out. Refuses unreadable files."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        rows = _csv_rows(path)
    elif suffix == ".xlsx":
        rows = _xlsx_rows(path)
    else:
        raise ImportRefused([Problem(None, EXTENSION_PROBLEM)])
    numbered = [
        (number, [cell.strip() for cell in row])
        for number, row in enumerate(rows, start=1)
        if any(cell.strip() for cell in row)
    ]
    if not numbered:
        raise ImportRefused([Problem(None, EMPTY_FILE)])
    (_, header), *body = numbered
    return header, body


def _csv_rows(path):
    try:
        text = path.read_text(encoding=detect_encoding(path))
    except UnicodeDecodeError:
        raise ImportRefused([Problem(None, ENCODING_PROBLEM)]) from None
    if not is_text(text.replace("\r", "").replace("\n", "").replace("\t", "")):
        raise ImportRefused([Problem(None, ENCODING_PROBLEM)])
    first_line = text.split("\n", 1)[0]
    separator = max(
        ";,\t", key=lambda candidate: len(next(csv.reader([first_line], delimiter=candidate)))
    )
    return list(csv.reader(io.StringIO(text), delimiter=separator))


def _xlsx_rows(path):
    try:
        sheets = pd.read_excel(path, engine="calamine", sheet_name=None, header=None, dtype=str)
    except (CalamineError, zipfile.BadZipFile, ValueError) as error:
        raise ImportRefused([Problem(None, XLSX_PROBLEM)]) from error
    for sheet in sheets.values():
        if not sheet.empty:
            return sheet.fillna("").astype(str).values.tolist()
    return []
