"""Tables typed by people in Excel, as rows of text cells: CSV in either Russian encoding, or XLSX.

CSV: UTF-8 with or without BOM, or Windows-1251 (Excel's «CSV» on Russian Windows); «;», «,» or
tab, whichever splits the header into the most cells. XLSX: every sheet, cells as text (numbers
without «.0», dates as «2024-03-15 00:00:00», empty cells as «»). Both are checked against the
limits (``limits``, ``workbooks``) before they are read; a CSV that the csv module cannot split
(a cell over its 128 KB, a quote without its pair) is refused with its line. The apostrophe
that the site's exports put before a formula-like text is dropped, so an export imports back as
it was.
"""

import codecs
import csv
import io
import itertools
import re
import zipfile

import pandas as pd
from python_calamine import CalamineError

from site_cms.exporting import unescaped_cell

from . import limits, workbooks
from .limits import FileRefused, format_size

DELIMITERS = (";", ",", "\t")
HEADER_LINES = 20
EMPTY_FILE = "Файл пуст."
ENCODING_PROBLEM = "Не удалось прочитать файл: кодировка не UTF-8 и не Windows-1251."
XLSX_PROBLEM = (
    "Файл не удалось прочитать как таблицу Excel (XLSX): возможно, это файл другого формата "
    "с расширением .xlsx. Сохраните его в Excel как «Книга Excel (*.xlsx)»."
)
# What UTF-16 and binary files turn into when decoded as Windows-1251: text has none of these.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def read_xlsx(data, *, unreadable=XLSX_PROBLEM):
    """{sheet name: rows of text cells} of an XLSX file's bytes, in the workbook's order."""
    limits.check_size(len(data))
    workbooks.check_workbook(io.BytesIO(data))
    try:
        sheets = pd.read_excel(
            io.BytesIO(data),
            engine="calamine",
            sheet_name=None,
            header=None,
            dtype=str,
            keep_default_na=False,
        )
    except (CalamineError, zipfile.BadZipFile, ValueError) as error:
        raise FileRefused(unreadable) from error
    return {
        name: [[unescaped_cell(cell) for cell in row] for row in frame.values.tolist()]
        for name, frame in sheets.items()
    }


def read_csv(data, *, is_header=None):
    """The rows of a CSV file's bytes.

    The delimiter is the one that splits the header into the most cells: the first line, or
    with ``is_header`` (cells → bool) the first of the opening lines it accepts.
    """
    limits.check_size(len(data))
    limits.check_text(data)
    text = decode(data)
    return split_csv(text, _delimiter(text, is_header))


def decode(data):
    """UTF-8 when the bytes decode as UTF-8, else Windows-1251; refuses what is not text."""
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if is_text(text):
            return text
        break
    raise FileRefused(ENCODING_PROBLEM)


def detect_encoding(path):
    """decode's choice for a file too large to hold: UTF-8 when the whole file decodes as UTF-8,
    else Windows-1251."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        with open(path, "rb") as file:
            while block := file.read(limits.BLOCK):
                decoder.decode(block)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8-sig"


def is_text(text):
    return not CONTROL_CHARACTERS.search(text)


def split_csv(text, delimiter, rows=None):
    """The first ``rows`` rows (all by default) of CSV text; a line the csv module cannot split
    refuses the file, naming it."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    found, line = [], 1
    try:
        for row in itertools.islice(reader, rows):
            found.append([unescaped_cell(cell) for cell in row])
            line = reader.line_num + 1
    except csv.Error as error:
        raise FileRefused(
            f"Строка {line}: CSV-файл не удалось разобрать — в ячейке больше "
            f"{format_size(csv.field_size_limit())} текста или кавычка без пары (ячейку в "
            "кавычках нужно закрыть кавычкой, а кавычку внутри неё написать дважды)."
        ) from error
    return found


def _delimiter(text, is_header):
    lines = list(itertools.islice(io.StringIO(text), HEADER_LINES))

    def width(delimiter):
        try:
            for cells in csv.reader(lines, delimiter=delimiter):
                if is_header is None or is_header(cells):
                    return len(cells)
        except csv.Error:
            pass
        return 0

    return max(DELIMITERS, key=width)
