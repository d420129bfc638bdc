"""The webinar platform's attendance report read into marks: who was present and how long.

The report is a table with a header row: an e-mail column (matched to the event's confirmed
registrations without regard to case) or a name column (matched by the full name, ignoring
case, «ё» and extra spaces), and optionally the minutes on the broadcast, as a number («45»,
«45,5») or a duration («1:05:30», «01:05»). A person who reconnected has several rows: their
minutes add up. Any problem is reported with its row as Excel numbers it and nothing is saved;
the cells are only compared, never stored or sent back into a spreadsheet.
"""

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from site_cms.importing.limits import FileRefused, check_rows
from site_cms.importing.tables import read_csv, read_xlsx

EMAIL_HEADERS = ("email", "e-mail", "почта", "электронная почта", "адрес электронной почты")
NAME_HEADERS = ("фио", "имя", "участник", "имя участника", "фамилия имя отчество", "name")
MINUTES_HEADERS = ("минуты", "минут", "мин", "длительность", "время присутствия", "duration")
SHOWN_CHARACTERS = 60
DURATION = re.compile(r"^(\d{1,3}):([0-5]\d)(?::([0-5]\d))?$")
NUMBER = re.compile(r"^\d{1,5}(?:[.,]\d+)?$")


@dataclass
class ParsedReport:
    # registration id → minutes on the broadcast (None when the report has no minutes)
    present: dict = field(default_factory=dict)
    errors: list = field(default_factory=list)


def normalised(text):
    return " ".join(text.replace("ё", "е").replace("Ё", "Е").lower().split())


def header_key(cell):
    # «Время присутствия (мин.)» and «E-mail:» name the same columns as «время присутствия».
    return normalised(re.sub(r"\(.*?\)|[:*]", "", cell))


def shown(text):
    text = " ".join(text.split())
    return text if len(text) <= SHOWN_CHARACTERS else text[: SHOWN_CHARACTERS - 1] + "…"


def minutes_of(text):
    """Minutes (a Decimal) of «45», «45,5» or «1:05:30»; None for an empty cell; ValueError
    for anything else."""
    text = text.strip()
    if not text:
        return None
    if NUMBER.match(text):
        return Decimal(text.replace(",", "."))
    match = DURATION.match(text)
    if match:
        hours, minutes, seconds = match.groups()  # «01:05» is hours and minutes
        return Decimal(int(hours) * 60 + int(minutes)) + Decimal(int(seconds or 0)) / 60
    raise ValueError(text)


def whole_minutes(minutes):
    """Minutes as stored: whole, halves up; a person's rows are added up before rounding."""
    return None if minutes is None else int(minutes.quantize(Decimal(1), ROUND_HALF_UP))


def _column(header, names):
    keys = [header_key(cell) for cell in header]
    return next((index for index, key in enumerate(keys) if key in names), None)


def parse_rows(rows, registrations):
    """Marks from the report's ``rows`` (lists of text cells, the header first) for
    ``registrations`` (the event's confirmed ones: objects with ``pk``, ``email``, ``name``)."""
    parsed = ParsedReport()
    if not rows:
        parsed.errors.append("Файл пуст.")
        return parsed
    header = rows[0]
    email_column = _column(header, EMAIL_HEADERS)
    name_column = _column(header, NAME_HEADERS)
    minutes_column = _column(header, MINUTES_HEADERS)
    if email_column is None and name_column is None:
        parsed.errors.append(
            "Строка 1: нет столбца «Электронная почта» (или «E-mail») или «ФИО»: "
            "участников не по чему узнать."
        )
        return parsed
    by_email = {registration.email.lower(): registration for registration in registrations}
    by_name = {}
    for registration in registrations:
        by_name.setdefault(normalised(registration.name), []).append(registration)

    def cell(row, column):
        return row[column].strip() if column is not None and column < len(row) else ""

    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        email, name = cell(row, email_column), cell(row, name_column)
        if email:
            registration = by_email.get(email.lower())
            if registration is None:
                parsed.errors.append(
                    f"Строка {number}: адреса «{shown(email)}» нет среди подтверждённых "
                    "регистраций мероприятия."
                )
                continue
        elif name:
            found = by_name.get(normalised(name), [])
            if len(found) != 1:
                reason = "нет среди" if not found else "несколько раз встречается среди"
                parsed.errors.append(
                    f"Строка {number}: участника «{shown(name)}» {reason} подтверждённых "
                    "регистраций мероприятия; укажите его электронную почту."
                )
                continue
            registration = found[0]
        else:
            parsed.errors.append(f"Строка {number}: не указаны ни электронная почта, ни ФИО.")
            continue
        try:
            minutes = minutes_of(cell(row, minutes_column))
        except ValueError:
            parsed.errors.append(
                f"Строка {number}: «{shown(cell(row, minutes_column))}» — не число минут "
                "и не длительность вида «1:05:30»."
            )
            continue
        if registration.pk in parsed.present and minutes is not None:
            minutes += parsed.present[registration.pk] or 0
        parsed.present[registration.pk] = (
            minutes if minutes is not None else parsed.present.get(registration.pk)
        )
    parsed.present = {pk: whole_minutes(minutes) for pk, minutes in parsed.present.items()}
    if not parsed.errors and not parsed.present:
        parsed.errors.append("В файле нет ни одного участника.")
    return parsed


def parse_report(filename, data, registrations):
    """The report file (CSV or XLSX bytes) parsed; a refused file is one error."""
    try:
        if Path(filename).suffix.lower() == ".xlsx":
            sheets = read_xlsx(data)
            rows = next(iter(sheets.values()), [])
        else:
            rows = read_csv(data)
        check_rows(len(rows))
    except FileRefused as refused:
        return ParsedReport(errors=[str(refused)])
    return parse_rows(rows, registrations)
