"""Reading an uploaded XLSX or CSV file into sheets of text cells numbered as Excel numbers rows."""

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from python_calamine import CalamineError

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
        raise FileError("Файл пуст.")
    frames = _read_xlsx(data) if extension == ".xlsx" else {"": _read_csv(data)}
    sheets = [_sheet(name, frame) for name, frame in frames.items()]
    sheets = [sheet for sheet in sheets if any(sheet.header)]
    if not sheets:
        raise FileError("Файл пуст.")
    return sheets


def _read_xlsx(data):
    try:
        return pd.read_excel(
            io.BytesIO(data), engine="calamine", sheet_name=None, header=None, dtype=str
        )
    except (CalamineError, zipfile.BadZipFile, ValueError) as error:
        raise FileError(
            "Файл не удалось прочитать как таблицу Excel (XLSX): возможно, это файл другого "
            "формата с расширением .xlsx. Сохраните его в Excel как «Книга Excel (*.xlsx)»."
        ) from error


def _read_csv(data):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Russian Windows saves CSV in Windows-1251.
        text = data.decode("cp1251", errors="replace")
    try:
        delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    try:
        return pd.read_csv(
            io.StringIO(text),
            sep=delimiter,
            header=None,
            dtype=str,
            keep_default_na=False,
            skip_blank_lines=False,
        )
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as error:
        raise FileError(
            "CSV-файл не удалось разобрать: в строках разное число столбцов или лишние кавычки."
        ) from error


def _sheet(name, frame):
    frame = frame.fillna("")
    rows = [[clean_text(cell) for cell in row] for row in frame.itertuples(index=False)]
    header = rows[0] if rows else []
    body = [(number, cells) for number, cells in enumerate(rows[1:], start=2) if any(cells)]
    return Sheet(name=name, header=header, rows=body)
