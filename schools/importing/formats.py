"""The file formats the registry imports, told apart by their headers, and their rows read.

* logins: the ФИС ОКО list of school logins, columns «логин» (sch223223), «имя» (short name),
  «регион» (the municipality, despite the header);
* context: «Сбор контекстных данных об ОО», sheet «Общая информация об ОО»: «Пользователь»
  (edu223223), «Регион», «Муниципалитет», «Школа» as "code | name" cells, then numbered
  questions; the director's name (question 3) is personal data and is never read. The
  school's context (``SchoolContext``: the settlement's type and size, the number of pupils,
  pupils with ОВЗ) comes from the same sheet and the sheet «Образовательная деятельность ОО»,
  whose rows are joined to the first sheet's by «Пользователь»;
* registry: the registry's own export (``schools.resources``), so that an exported file can be
  corrected in Excel and imported back.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email

from ..models import School
from .cells import (
    email,
    kind_from_cell,
    kind_from_name,
    login,
    name_key,
    population_from_answer,
    settlement_from_answer,
    settlement_from_cell,
    settlement_kind_from_answer,
    split_packed,
    whole_number,
)
from .reading import Sheet
from .records import MunicipalityRef, Problem, SchoolRecord

# The columns of the registry's own export: School field (or pseudo-field) → header.
REGISTRY_COLUMNS = {
    "codes": "Логины ФИС ОКО",
    "short_name": "Краткое название",
    "full_name": "Полное название",
    "kind": "Тип",
    "municipality": "Муниципалитет",
    "municipality_code": "Код муниципалитета",
    "address": "Адрес",
    "settlement": "Местность",
    "website": "Сайт",
    "email": "Электронная почта",
    "phone": "Телефон",
}
LOGIN_EXAMPLE = "ожидается логин ФИС ОКО вида sch223223 или edu223223"


class Row:
    """The cells of one row by column key; a missing column reads as an empty cell.
    ``sheet_values`` are what the format read from the header (``Format.header_values``)."""

    def __init__(self, line, cells, columns, sheet_values=None):
        self.line = line
        self._cells = cells
        self._columns = columns
        self.sheet_values = sheet_values or {}

    @property
    def columns(self):
        """The keys of the columns found."""
        return list(self._columns)

    def __getitem__(self, key):
        index = self._columns.get(key)
        return self._cells[index] if index is not None and index < len(self._cells) else ""


class Format:
    label = ""
    signature = ""  # the column key that tells this format apart
    required = {}  # column key → header, as messages name it
    updates = frozenset()  # School fields a school already in the registry takes from the file
    moves_schools = False  # whether the file's municipality moves a known school

    def column_key(self, header):
        return header if header in self.required else None

    def columns(self, header):
        """Column key → index of the columns of this format found in the header row."""
        found = {}
        for index, text in enumerate(header):
            key = self.column_key(name_key(text))
            if key is not None and key not in found:
                found[key] = index
        return found

    def joined(self, sheet, sheets):
        """The sheet the rows are read from: ``sheet``, unless the format joins others to it."""
        return sheet

    def header_values(self, header, columns):
        """What the header row says about every row (the context data's school year)."""
        return {}

    def parse(self, row):
        """Return (a SchoolRecord or None, errors, warnings) for one row."""
        raise NotImplementedError


def _login_errors(code, column):
    if not code:
        return [f"не указан логин школы (столбец «{column}»)"]
    if login(code) is None:
        return [f"«{code}» — не логин школы ({LOGIN_EXAMPLE})"]
    return []


class LoginsFormat(Format):
    label = "список логинов школ ФИС ОКО"
    signature = "логин"
    required = {"логин": "логин", "имя": "имя", "регион": "регион"}
    updates = frozenset({"short_name"})

    def parse(self, row):
        code, name, municipality = row["логин"], row["имя"], row["регион"]
        errors = _login_errors(code, "логин")
        if not name:
            errors.append("не указано название школы (столбец «имя»)")
        if not municipality:
            errors.append("не указан муниципалитет (столбец «регион»)")
        if errors:
            return None, errors, []
        values = {"short_name": name}
        if kind := kind_from_name(name):
            values["kind"] = kind
        return SchoolRecord(row.line, [login(code)], MunicipalityRef(municipality), values), [], []


class ContextFormat(Format):
    label = "контекстные данные об ОО ФИС ОКО"
    signature = "пользователь"
    required = {"пользователь": "Пользователь", "муниципалитет": "Муниципалитет", "школа": "Школа"}
    optional = ("регион",)
    # Questions are found by their wording, not their number, which changes between years.
    questions = {
        "полное наименование": "full_name",
        "сокращенное наименование": "short_name",
        "телефон": "phone",
        "электронная почта": "email",
        "индекс": "postcode",
        "адрес": "address",
        "где расположена": "settlement",
        "каков размер населенного пункта": "population",
        "укажите количество обучающихся": "pupils",
    }
    # Pupils with ОВЗ are counted among those of some birth years, a pair of questions a year:
    # «Общее количество обучающихся … 2006 года рождения» and «Количество обучающихся … 2006
    # г. р., обучающихся по АОП, с ограниченными возможностями здоровья…».
    cohort_questions = {
        "cohort": re.compile(r"^общее количество обучающихся .*\b(\d{4}) года рождения"),
        "ovz": re.compile(r"^количество обучающихся .*\b(\d{4}) г\. ?р\..*ограниченн"),
    }
    updates = frozenset({"full_name", "phone", "email", "address", "settlement"})

    def column_key(self, header):
        if header in self.required or header in self.optional or header == "дата загрузки":
            return header
        if match := re.match(r"\d+\.\s*(.+)", header):
            for wording, key in self.questions.items():
                if match[1].startswith(wording):
                    return key
            for key, pattern in self.cohort_questions.items():
                if cohort := pattern.search(match[1]):
                    return f"{key}:{cohort[1]}"
        return None

    def joined(self, sheet, sheets):
        """``sheet`` with the cells of the other sheets' rows of the same «Пользователь» added
        to its rows' right (the second sheet holds the pupils and ОВЗ questions)."""
        header, rows = list(sheet.header), [(line, list(cells)) for line, cells in sheet.rows]
        own = self.columns(sheet.header)["пользователь"]
        for other in sheets:
            columns = self.columns(other.header)
            if other is sheet or "пользователь" not in columns:
                continue
            by_login = {
                login(cells[columns["пользователь"]]): cells
                for _line, cells in other.rows
                if login(cells[columns["пользователь"]])
            }
            empty = [""] * len(other.header)
            rows = [(line, cells + by_login.get(login(cells[own]), empty)) for line, cells in rows]
            header += other.header
        return Sheet(name=sheet.name, header=header, rows=rows)

    def header_values(self, header, columns):
        """The school year the context describes, as its questions name it («в 2021/2022
        учебном году»)."""
        for key, index in columns.items():
            if key != "pupils" and not key.startswith(("cohort:", "ovz:")):
                continue
            if match := re.search(r"(\d{4})/\d{4} учебн", name_key(header[index])):
                return {"school_year": int(match[1])}
        return {}

    def parse(self, row):
        user = row["пользователь"]
        school_code, school_name = split_packed(row["школа"])
        code = user or school_code
        errors = _login_errors(code, "Пользователь")
        if not errors and school_code and login(school_code) != login(code):
            errors.append(f"логин «{user}» не совпадает с кодом в столбце «Школа» «{school_code}»")
        municipality_code, municipality_name = split_packed(row["муниципалитет"])
        if not municipality_name:
            errors.append("не указан муниципалитет (столбец «Муниципалитет»)")
        short_name = row["short_name"] or school_name
        if not short_name:
            errors.append("не указано название школы (столбец «Школа»)")
        if errors:
            return None, errors, []

        warnings = []
        values = {
            "short_name": short_name,
            "full_name": row["full_name"],
            "phone": row["phone"],
            "address": _address(row["postcode"], row["address"]),
        }
        if row["email"]:
            values["email"] = email(row["email"])
            if values["email"] is None:
                warnings.append(f"адрес электронной почты «{row['email']}» не распознан")
        if row["settlement"]:
            values["settlement"] = settlement_from_answer(row["settlement"])
            if values["settlement"] is None:
                warnings.append(f"тип местности «{row['settlement']}» не распознан")
        if kind := kind_from_name(short_name) or kind_from_name(row["full_name"]):
            values["kind"] = kind
        municipality = MunicipalityRef(
            municipality_name, municipality_code, split_packed(row["регион"])[1]
        )
        context, year = self._context(row, warnings)
        record = SchoolRecord(row.line, [login(code)], municipality, _filled(values), context, year)
        return record, [], warnings

    def _context(self, row, warnings):
        """(SchoolContext fields the row fills, school year), or ({}, None)."""
        context = {}
        if row["settlement"]:
            context["settlement_kind"] = settlement_kind_from_answer(row["settlement"])
        if row["population"]:
            population = population_from_answer(row["population"])
            if population is None:
                warnings.append(f"размер населённого пункта «{row['population']}» не распознан")
            else:
                context["population_from"], context["population_to"] = population
        if row["pupils"]:
            context["pupils"] = whole_number(row["pupils"])
            if context["pupils"] is None:
                warnings.append(f"число обучающихся «{row['pupils']}» не распознано")
        context.update(self._ovz(row, warnings))
        context = {field: value for field, value in context.items() if value is not None}
        if not context:
            return {}, None
        year = row.sheet_values.get("school_year") or _school_year(row["дата загрузки"])
        if year is None:
            warnings.append("не понятно, к какому учебному году относятся контекстные данные")
            return {}, None
        return context, year

    @staticmethod
    def _ovz(row, warnings):
        """ovz_counted and ovz_pupils summed over the birth years both are given for."""
        counted = ovz = 0
        years = sorted(key.partition(":")[2] for key in row.columns if key.startswith("cohort:"))
        for year in years:
            cohort, with_ovz = row[f"cohort:{year}"], row[f"ovz:{year}"]
            if not cohort or not with_ovz:
                continue
            cohort, with_ovz = whole_number(cohort), whole_number(with_ovz)
            if cohort is None or with_ovz is None:
                warnings.append(f"число обучающихся {year} года рождения не распознано")
                continue
            if with_ovz > cohort:
                warnings.append(
                    f"обучающихся {year} года рождения с ОВЗ ({with_ovz}) больше, чем всех "
                    f"обучающихся этого года рождения ({cohort}): доля с ОВЗ считается без них"
                )
                continue
            counted, ovz = counted + cohort, ovz + with_ovz
        return {"ovz_counted": counted, "ovz_pupils": ovz} if counted else {}


def _school_year(uploaded):
    """The school year of an upload dated «04.02.2022 10:22:51»: 2021 (2021/2022); from
    September on, the year itself."""
    if match := re.match(r"\d{1,2}\.(\d{1,2})\.(\d{4})", uploaded):
        month, year = int(match[1]), int(match[2])
        return year if month >= 9 else year - 1
    return None


def _address(postcode, address):
    if address and postcode and postcode not in address:
        return f"{postcode}, {address}"
    return address


def _filled(values):
    return {field: value for field, value in values.items() if value}


class RegistryFormat(Format):
    label = "выгрузка реестра школ"
    signature = "codes"
    required = {key: REGISTRY_COLUMNS[key] for key in ("codes", "short_name", "municipality")}
    updates = frozenset(
        {"short_name", "full_name", "kind", "address", "settlement", "website", "email", "phone"}
    )
    moves_schools = True

    def column_key(self, header):
        for key, title in REGISTRY_COLUMNS.items():
            if header == name_key(title):
                return key
        return None

    def parse(self, row):
        codes = [code for code in re.split(r"[\s,;]+", row["codes"]) if code]
        errors = [] if codes else [f"не указан логин школы (столбец «{REGISTRY_COLUMNS['codes']}»)"]
        errors += [
            f"«{code}» — не логин школы ({LOGIN_EXAMPLE})" for code in codes if not login(code)
        ]
        for key in ("short_name", "municipality"):
            if not row[key]:
                errors.append(f"не заполнен столбец «{REGISTRY_COLUMNS[key]}»")
        values = {field: row[field] for field in ("short_name", "full_name", "address", "phone")}
        values["kind"] = self._choice(row, "kind", kind_from_cell, School.Kind, errors)
        values["settlement"] = self._choice(
            row, "settlement", settlement_from_cell, School.Settlement, errors
        )
        values["website"] = self._validated(row, "website", URLValidator(), "адрес сайта", errors)
        values["email"] = self._validated(
            row, "email", validate_email, "адрес электронной почты", errors
        )
        if errors:
            return None, errors, []
        municipality = MunicipalityRef(row["municipality"], row["municipality_code"])
        codes = list(dict.fromkeys(login(code) for code in codes))
        return SchoolRecord(row.line, codes, municipality, _filled(values)), [], []

    @staticmethod
    def _choice(row, key, parse, choices, errors):
        if not row[key]:
            return None
        value = parse(row[key])
        if value is None:
            allowed = ", ".join(f"«{choice.label}»" for choice in choices)
            errors.append(f"«{row[key]}» в столбце «{REGISTRY_COLUMNS[key]}»: допустимо {allowed}")
        return value

    @staticmethod
    def _validated(row, key, validator, what, errors):
        try:
            validator(row[key])
        except ValidationError:
            if row[key]:
                errors.append(f"«{row[key]}» — не {what}")
                return None
        return row[key]


FORMATS = (LoginsFormat(), ContextFormat(), RegistryFormat())


def detect(sheets):
    """Return (format, sheet, columns, header problems): the sheet a known format reads best."""
    candidates = []
    for sheet in sheets:
        for format_ in FORMATS:
            columns = format_.columns(sheet.header)
            if format_.signature in columns:
                candidates.append((len(columns), format_, sheet, columns))
    if not candidates:
        return None, None, None, [Problem(_unknown_format_message(sheets), line=1)]
    _, format_, sheet, columns = max(candidates, key=lambda candidate: candidate[0])
    sheet = format_.joined(sheet, sheets)
    columns = format_.columns(sheet.header)
    problems = [
        Problem(f"нет столбца «{header}» (формат «{format_.label}»)", line=1)
        for key, header in format_.required.items()
        if key not in columns
    ]
    return format_, sheet, columns, problems


def _unknown_format_message(sheets):
    found = ", ".join(f"«{text}»" for text in sheets[0].header[:8] if text)
    expected = "; ".join(
        f"{format_.label}: " + ", ".join(f"«{header}»" for header in format_.required.values())
        for format_ in FORMATS
    )
    return f"формат файла не распознан: в первой строке {found}. Ожидаются столбцы — {expected}"


def parse_rows(format_, sheet, columns):
    """Return (records, errors, warnings) for the data rows of the sheet."""
    records, errors, warnings = [], [], []
    sheet_values = format_.header_values(sheet.header, columns)
    for line, cells in sheet.rows:
        record, row_errors, row_warnings = format_.parse(Row(line, cells, columns, sheet_values))
        errors += [Problem(message, line) for message in row_errors]
        warnings += [Problem(message, line) for message in row_warnings]
        if record is not None:
            records.append(record)
    return records, errors, warnings
