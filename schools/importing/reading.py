"""Reading an uploaded XLSX or CSV file into sheets of text cells numbered as Excel numbers rows."""

from dataclasses import dataclass
from pathlib import Path

from site_cms.importing import tables
from site_cms.importing.limits import FileRefused

from .cells import clean_text

EXTENSIONS = (".xlsx", ".csv")


class FileError(Exception):
    """The file cannot be read at all; the message is for the user."""


@dataclass
class Sheet:
    name: str
    header: list[str]
    rows: list[tuple[int, list[str]]]  # (Excel row number, cells); blank rows left out


def read_sheets(data, filename):
    """Every sheet of the file, its first row taken as the header."""
    extension = Path(filename).suffix.lower()
    if extension not in EXTENSIONS:
        raise FileError(
            f"Файлы «{extension or filename}» не поддерживаются: загрузите файл XLSX или CSV."
        )
    if not data:
        raise FileError(tables.EMPTY_FILE)
    try:
        found = tables.read_xlsx(data) if extension == ".xlsx" else {"": tables.read_csv(data)}
    except FileRefused as refused:
        raise FileError(str(refused)) from refused
    sheets = [_sheet(name, rows) for name, rows in found.items()]
    sheets = [sheet for sheet in sheets if any(sheet.header)]
    if not sheets:
        raise FileError(tables.EMPTY_FILE)
    return sheets


def _sheet(name, rows):
    # A CSV row may stop short of the header's width: its missing cells are empty.
    width = max(map(len, rows), default=0)
    rows = [[clean_text(cell) for cell in row] + [""] * (width - len(row)) for row in rows]
    header = rows[0] if rows else []
    body = [(number, cells) for number, cells in enumerate(rows[1:], start=2) if any(cells)]
    return Sheet(name=name, header=header, rows=body)
