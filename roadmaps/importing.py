"""Reading a roadmap table from an XLSX or CSV file: rows to save, or row-numbered errors.

The columns are the documents' own: «№», «Мероприятия», «Сроки», «Ответственные»,
«Прогнозируемый результат», optionally «Участники», «Статус», «Начало», «Окончание». A row with
only its first cell filled, or with a number like «1.» and nothing but a title, starts a
section. The file is either taken whole or refused whole: nothing is saved on any error.
Row numbers in errors are the file's own, as a spreadsheet shows them.
"""

import datetime
import re
from dataclasses import dataclass, field

from site_cms.importing import tables
from site_cms.importing.limits import FileRefused

from .deadlines import parse_deadline
from .status import DONE, IN_PROGRESS, LABELS, PLANNED

COLUMNS = {
    "number": ("№", "№ п/п", "номер", "n"),
    "activity": (
        "мероприятия",
        "мероприятие",
        "мероприятия/содержание работы",
        "содержание работы",
    ),
    "deadline": ("сроки", "срок", "сроки исполнения", "срок исполнения", "сроки выполнения"),
    "responsible": (
        "ответственные",
        "ответственный",
        "ответственные исполнители",
        "ответственные, участники",
    ),
    "expected_result": (
        "прогнозируемый результат",
        "планируемый результат",
        "планируемые результаты",
        "ожидаемый результат",
        "ожидаемые результаты",
        "результат",
    ),
    "participants": ("участники",),
    "status": ("статус",),
    "starts_on": ("начало",),
    "ends_on": ("окончание",),
}
REQUIRED = {"activity": "«Мероприятия»", "deadline": "«Сроки»"}
TEXT_FIELDS = ("number", "activity", "deadline", "responsible", "expected_result", "participants")
STATUSES = {
    "": PLANNED,
    "запланировано": PLANNED,
    "планируется": PLANNED,
    "не начато": PLANNED,
    "выполняется": IN_PROGRESS,
    "в работе": IN_PROGRESS,
    "в процессе": IN_PROGRESS,
    "выполнено": DONE,
    "исполнено": DONE,
    "завершено": DONE,
}
SECTION_NUMBER = re.compile(r"^\d+\.?$")
EXCEL_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?: 00:00:00)?$")
DATE_FORMATS = ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d")
# Only workbooks whose size the import limits can count before reading: not .xls, not .ods.
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".txt")


@dataclass
class ParsedRoadmap:
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)

    @property
    def sections(self):
        return list(dict.fromkeys(row["section"] for row in self.rows))

    def preview_rows(self, existing_numbers=(), period=None):
        """The rows for the preview table: the status in words, whether the item is new (its
        number is not among ``existing_numbers``, so it keeps no status) and whether its due
        date falls outside ``period``, the roadmap's (start, end)."""
        rows = []
        for row in self.rows:
            is_new = not row["number"] or row["number"] not in existing_numbers
            status = row["status"] or (PLANNED if is_new else None)
            outside = bool(period and row["due_date"]) and not (
                period[0] <= row["due_date"] <= period[1]
            )
            rows.append(
                row
                | {
                    "status_label": LABELS.get(status, "Без изменений"),
                    "is_new": is_new,
                    "outside_period": outside,
                }
            )
        return rows


class FileError(FileRefused):
    """The file as a whole cannot be read as a roadmap table."""


def _header_key(text):
    text = re.sub(r"\s+", " ", text.lower().replace("ё", "е")).strip(" .:*")
    for key, names in COLUMNS.items():
        if text in names:
            return key
    return None


def _is_header(cells):
    return any(_header_key(cell.strip()) == "activity" for cell in cells)


def _read_excel(data):
    sheets = tables.read_xlsx(
        data, unreadable="Не удалось прочитать файл: это не таблица Excel или файл повреждён."
    )
    rows = next(iter(sheets.values()), [])
    return [[_excel_date(cell) for cell in row] for row in rows]


def _excel_date(text):
    """A date cell («2024-03-15 00:00:00» as read) written as people do: «15.03.2024»."""
    match = EXCEL_DATE.match(text.strip())
    return f"{match[3]}.{match[2]}.{match[1]}" if match else text


def read_cells(filename, data):
    """The file's rows as lists of stripped strings."""
    if not data:
        raise FileError(tables.EMPTY_FILE)
    if filename.lower().endswith(EXCEL_SUFFIXES):
        rows = _read_excel(data)
    elif filename.lower().endswith(CSV_SUFFIXES):
        rows = tables.read_csv(data, is_header=_is_header)
    else:
        raise FileError("Загрузите файл XLSX или CSV.")
    return [[str(cell).strip() for cell in row] for row in rows]


def _find_header(rows):
    """The index of the header row and a map of field name to column index."""
    for index, row in enumerate(rows):
        columns = {}
        for column, cell in enumerate(row):
            key = _header_key(cell)
            if key and key not in columns:
                columns[key] = column
        if "activity" in columns:
            missing = [name for key, name in REQUIRED.items() if key not in columns]
            if missing:
                raise FileError(
                    f"Строка {index + 1}: нет обязательных столбцов: {', '.join(missing)}."
                )
            return index, columns
    names = ", ".join(REQUIRED.values())
    raise FileError(f"Не найдена строка заголовков со столбцами {names}.")


def _parse_date(text):
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _is_section(row, cells, filled):
    if len(filled) == 1 and row[0]:
        return True
    details = ("deadline", "responsible", "expected_result", "participants", "status")
    return SECTION_NUMBER.match(cells["number"]) is not None and not any(
        cells[key] for key in details
    )


def _item(cells, line, section, period, errors, has_status):
    """The RoadmapItem fields of one row; problems are appended to ``errors``.

    Without a «Статус» column the status is None: the item keeps the one it had.
    """
    if not cells["activity"]:
        errors.append(f"Строка {line}: не заполнено мероприятие.")
    status = STATUSES.get(cells["status"].lower().replace("ё", "е"))
    if has_status and status is None:
        allowed = "«Запланировано», «Выполняется», «Выполнено»"
        errors.append(f"Строка {line}: неизвестный статус «{cells['status']}», возможны {allowed}.")
    dates = {}
    for key, label in (("starts_on", "начала"), ("ends_on", "окончания")):
        dates[key] = _parse_date(cells[key]) if cells[key] else None
        if cells[key] and dates[key] is None:
            errors.append(f"Строка {line}: дата {label} «{cells[key]}» не в формате ДД.ММ.ГГГГ.")
    if dates["starts_on"] and dates["ends_on"] and dates["ends_on"] < dates["starts_on"]:
        errors.append(f"Строка {line}: окончание раньше начала.")
    return {
        "section": section,
        **{key: cells[key] for key in TEXT_FIELDS},
        "status": status if has_status else None,
        **dates,
        "due_date": dates["ends_on"] or parse_deadline(cells["deadline"], period).due,
    }


def parse_rows(rows, period=None):
    """A ParsedRoadmap from the file's rows (lists of strings)."""
    result = ParsedRoadmap()
    header, columns = _find_header(rows)
    section = ""
    for index, row in enumerate(rows[header + 1 :], start=header + 2):
        filled = [cell for cell in row if cell]
        if not filled:
            continue
        cells = dict.fromkeys(COLUMNS, "")
        for key, column in columns.items():
            cells[key] = row[column] if column < len(row) else ""
        if _is_section(row, cells, filled):
            section = " ".join(part for part in (cells["number"], cells["activity"]) if part)
            section = section if len(filled) > 1 else filled[0]
            continue
        has_status = "status" in columns
        result.rows.append(_item(cells, index, section, period, result.errors, has_status))
    if not result.rows and not result.errors:
        result.errors.append("В файле нет ни одного мероприятия.")
    return result


def parse_roadmap(filename, data, period=None):
    """Read ``data`` (the bytes of an XLSX or CSV file named ``filename``) as a roadmap.

    ``period`` is the roadmap's (start, end): it completes deadlines written without a year.
    """
    try:
        return parse_rows(read_cells(filename, data), period)
    except FileRefused as error:  # FileError, or the import limits'
        return ParsedRoadmap(errors=[str(error)])
