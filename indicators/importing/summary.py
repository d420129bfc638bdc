"""School-level summary tables of ОГЭ, ЕГЭ, КДР (or ВПР) results, CSV or XLSX.

One row per school, year, procedure, subject and grade, with the documented Russian headers of
``COLUMNS`` (docs/results-formats.md is the users' description; keep the two in step). Headers
are matched ignoring case, spaces, quotes, «ё»/«е», a leading «Количество»/«Число» and a
parenthesised remark, so «Кол-во «5»», «Отметка 5» and «5» are one column.

CSV comes in UTF-8 (with or without BOM) or Windows-1251, separated by «;», «,» or tabs; numbers
may carry decimal commas, spaces, no-break spaces and «%». A count written as a percentage
(«12,5 %», or any value in a column whose header ends in «%») is converted to a count with the
row's participants, rounded to the nearest whole. Large CSV files are read in chunks of text
cells and cleaned column by column, each distinct value once: a million rows take seconds
and well under a gigabyte.
"""

import csv
import functools
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from python_calamine import CalamineError

from site_cms.importing import limits, workbooks
from site_cms.importing.limits import FileRefused

from ..results.records import AGGREGATE_COLUMNS, COUNT_COLUMNS, Procedure
from .problems import Problem
from .tables import EMPTY_FILE, ENCODING_PROBLEM, XLSX_PROBLEM, detect_encoding, is_text

EXTENSIONS = (".csv", ".xlsx")
CHUNK_ROWS = 200_000
# A file with thousands of bad rows is refused just as well by its first hundred reasons.
MAX_PROBLEMS = 100
MIN_YEAR, MAX_YEAR = 2000, 2100

TOO_MANY_CELLS = "в строке больше ячеек, чем в заголовке: проверьте разделитель и кавычки."


@dataclass(frozen=True)
class Column:
    header: str  # as documentation and messages name it
    synonyms: tuple[str, ...] = ()


# Column key (an aggregate column) → its documented header and other spellings.
COLUMNS = {
    "school_code": Column("Код школы", ("Код ОО", "Логин", "Логин школы", "Логин ОО")),
    "school_name": Column("Школа", ("ОО", "Наименование ОО", "Образовательная организация")),
    "municipality": Column("Муниципалитет", ("Муниципальное образование", "МО", "Район")),
    "year": Column("Год", ("Год проведения",)),
    "procedure": Column("Процедура", ("Оценочная процедура", "Вид процедуры")),
    "subject": Column("Предмет", ("Учебный предмет",)),
    "grade": Column("Класс", ("Параллель",)),
    "participants": Column("Участников", ("Участники", "Участников всего")),
    "mark2": Column("Отметка 2", ("2", "Оценка 2")),
    "mark3": Column("Отметка 3", ("3", "Оценка 3")),
    "mark4": Column("Отметка 4", ("4", "Оценка 4")),
    "mark5": Column("Отметка 5", ("5", "Оценка 5")),
    "mean_score": Column("Средний балл", ("Средний первичный балл", "Средний тестовый балл")),
    "below_minimum": Column(
        "Ниже минимума", ("Не преодолели минимальный порог", "Ниже минимального балла")
    ),
    "high_results": Column("Высокие результаты", ("81-100 баллов", "От 81 до 100 баллов")),
    "lowered": Column("Понизили", ("Понизили отметку",)),
    "confirmed": Column("Подтвердили", ("Подтвердили отметку",)),
    "raised": Column("Повысили", ("Повысили отметку",)),
}
# The documented headers in the documented order: what bench files, tests and the
# django-import-export resource write and read.
HEADERS = {key: column.header for key, column in COLUMNS.items()}
TEXT_KEYS = ["school_code", "school_name", "municipality", "subject"]
MARK_KEYS = ["mark2", "mark3", "mark4", "mark5"]
OBJECTIVITY_KEYS = ["lowered", "confirmed", "raised"]
# Keys an option can give for the whole file; the option wins over the column.
OPTION_KEYS = ["year", "procedure", "subject", "grade"]
OPTION_HINTS = {
    "year": "год",
    "procedure": "процедуру",
    "subject": "предмет",
    "grade": "класс",
}
# Only these grades sit ОГЭ and ЕГЭ, so their files may leave the grade out.
DEFAULT_GRADES = {Procedure.OGE: 9, Procedure.EGE: 11}


@functools.cache
def procedure_names():
    """Procedure code by its name or code in lower case; labels are translated on first use."""
    return {
        **{procedure.value.casefold(): procedure.value for procedure in Procedure},
        **{str(procedure.label).casefold(): procedure.value for procedure in Procedure},
    }


def header_key(text):
    """What the spellings of one header have in common."""
    text = str(text).casefold().replace("ё", "е")
    text = re.sub(r"\(.*?\)", " ", text)
    text = re.sub(r"[«»\"'“”„%]", " ", text).replace("–", "-").replace("—", "-")
    text = re.sub(r"[\s\u00a0]+", " ", text).strip(" .,:;-")
    return re.sub(r"^(количество|кол-во|число) ", "", text)


HEADER_KEYS = {
    header_key(spelling): key
    for key, column in COLUMNS.items()
    for spelling in (column.header, *column.synonyms)
}


def known_columns(header):
    """The keys of COLUMNS that a header row (its cells as text) has: telling formats apart."""
    return {HEADER_KEYS[key] for key in map(header_key, header) if key in HEADER_KEYS}


def read_summary(path, *, year=None, procedure=None, subject=None, grade=None):
    """Read a summary table into (aggregates with AGGREGATE_COLUMNS, problems).

    Options given here replace the file's year, procedure, subject and grade columns, which may
    then be absent. The aggregates hold only the rows without problems; a caller that saves all
    or nothing refuses the file when the problems list is not empty.
    """
    path = Path(path)
    problems = _Problems()
    options, option_problems = _options(year, procedure, subject, grade)
    if option_problems:
        return _empty(), option_problems
    extension = path.suffix.lower()
    if extension not in EXTENSIONS:
        message = f"Файлы «{extension or path.name}» не поддерживаются: загрузите CSV или XLSX."
        return _empty(), [Problem(None, message)]
    if path.stat().st_size == 0:
        return _empty(), [Problem(None, EMPTY_FILE)]
    try:
        headers, chunks = _xlsx_table(path) if extension == ".xlsx" else _csv_table(path)
        if not headers:
            raise _Refused(_no_known_columns())
        if missing := _missing(headers, options):
            raise _Refused(missing)
        frames = [_clean(chunk, headers, options, problems) for chunk in chunks]
    except _Refused as refusal:
        return _empty(), [Problem(refusal.row, refusal.message)]
    frame = pd.concat(frames, ignore_index=True) if frames else _empty()
    if frame.empty and not problems:
        return _empty(), [Problem(None, "В файле нет строк с результатами.")]
    if not frame.empty:
        frame = _without_duplicates(frame, problems)
    return frame[AGGREGATE_COLUMNS].reset_index(drop=True), problems.listed()


class _Refused(Exception):
    """The whole file (or the row named) cannot be read."""

    def __init__(self, message, row=None):
        super().__init__(message)
        self.message = message
        self.row = row


class _Problems:
    """Row problems, the first MAX_PROBLEMS listed and the rest counted."""

    def __init__(self):
        self.items = []
        self.hidden = 0

    def __bool__(self):
        return bool(self.items)

    def add(self, rows, values, message):
        """Report ``message(value)`` for each row where a check failed (aligned Series)."""
        room = max(MAX_PROBLEMS - len(self.items), 0)
        self.hidden += max(len(rows) - room, 0)
        for row, value in zip(rows.iloc[:room], values.iloc[:room], strict=True):
            self.items.append(Problem(int(row), message(value)))

    def listed(self):
        items = sorted(self.items, key=lambda problem: problem.row or 0)
        if self.hidden:
            items.append(Problem(None, f"Ещё {self.hidden} замечаний не показаны."))
        return items


def _empty():
    return pd.DataFrame(columns=AGGREGATE_COLUMNS)


def _options(year, procedure, subject, grade):
    """The options as values of the aggregate columns, and the problems with them."""
    options, problems = {}, []
    if year is not None:
        if isinstance(year, int | str) and str(year).strip().isdigit():
            options["year"] = int(year)
        if not MIN_YEAR <= options.get("year", 0) <= MAX_YEAR:
            problems.append(Problem(None, f"Год «{year}» указан неверно."))
    if procedure is not None:
        options["procedure"] = procedure_names().get(str(procedure).strip().casefold())
        if options["procedure"] is None:
            problems.append(Problem(None, f"Неизвестная процедура «{procedure}» ({_known()})."))
    if subject is not None:
        options["subject"] = re.sub(r"\s+", " ", str(subject)).strip()
        if not options["subject"]:
            problems.append(Problem(None, "Не указан предмет."))
    if grade is not None:
        if isinstance(grade, int | str) and str(grade).strip().isdigit():
            options["grade"] = int(grade)
        if not 1 <= options.get("grade", 0) <= 11:
            problems.append(Problem(None, f"Класс «{grade}» указан неверно: ожидается 1–11."))
    return options, problems


def _known():
    return "ожидается " + ", ".join(f"{p.label} ({p.value})" for p in Procedure)


def _columns(header):
    """Column key → index of the file's column, or refuse when the same column repeats."""
    found = {}
    for index, text in enumerate(header):
        key = HEADER_KEYS.get(header_key(text))
        if key is None:
            continue
        if key in found:
            first = header[found[key]]
            raise _Refused(
                f"Столбцы «{first}» и «{text}» означают одно и то же "
                f"(«{COLUMNS[key].header}»): оставьте один."
            )
        found[key] = index
    return found


def _csv_table(path):
    """({key: header}, chunks of text cells) of a CSV file, its header on line 1."""
    # Read in chunks, a summary CSV may be far longer than other tables: a million rows and more.
    try:
        limits.check_size(path.stat().st_size, limits.max_summary_file_size())
        limits.check_text_file(path, rows=limits.max_summary_rows())
    except FileRefused as refused:
        raise _Refused(str(refused)) from refused
    encoding = detect_encoding(path)
    with path.open("rb") as file:
        header_text = _decode_header(file.readline(1 << 16), encoding)
    # The separator that splits the header into the most known columns: counting «;» and «,»
    # would be fooled by headers such as «Отметка 2, %».
    separator, header = max(
        ((separator, next(csv.reader([header_text], delimiter=separator))) for separator in ";,\t"),
        key=lambda split: (len(known_columns(split[1])), len(split[1])),
    )
    columns = _columns(header)
    if not columns:
        return {}, []
    names = {index: key for key, index in columns.items()}
    headers = {key: header[index] for key, index in columns.items()}
    return headers, _csv_chunks(path, separator, encoding, names, len(header))


def _csv_chunks(path, separator, encoding, names, width):
    try:
        # All columns are read, not only the known ones (usecols, which hides them), so that a
        # row with more cells than the header is an error: it is mostly a decimal comma in a
        # «,»-separated file, and reading on would shift the row's numbers.
        reader = pd.read_csv(
            path,
            sep=separator,
            encoding=encoding,
            header=None,
            skiprows=1,
            dtype=str,
            na_filter=False,
            skip_blank_lines=False,
            chunksize=CHUNK_ROWS,
        )
        with reader:
            for chunk in reader:
                # The first row sets the width pandas expects; a longer one raises below.
                extra = (chunk.iloc[:, width:].fillna("") != "").any(axis=1)
                if extra.any():
                    raise _Refused(TOO_MANY_CELLS, int(extra.idxmax()) + 2)
                yield _named(chunk.iloc[:, sorted(names)], names, 2)
    except pd.errors.EmptyDataError:
        return  # nothing but the header and blank lines
    except UnicodeDecodeError:
        # Bytes that Windows-1251 leaves undefined (0x98).
        raise _Refused(ENCODING_PROBLEM) from None
    except pd.errors.ParserError as error:
        line = re.search(r"line (\d+)", str(error))
        raise _Refused(TOO_MANY_CELLS, int(line[1]) if line else None) from error


def _decode_header(line, encoding):
    """The header line as text, or refuse a file that is not text in ``encoding``."""
    try:
        text = line.decode(encoding).rstrip("\r\n")
    except UnicodeDecodeError:
        raise _Refused(ENCODING_PROBLEM) from None
    # UTF-16 and binary files decode as Windows-1251 too, into control characters.
    if not is_text(text):
        raise _Refused(ENCODING_PROBLEM)
    if not text.strip():
        raise _Refused(EMPTY_FILE)
    return text


def _no_known_columns():
    return (
        "Не найдено ни одного известного столбца: первая строка должна быть заголовком "
        f"(«{COLUMNS['school_code'].header}», «{COLUMNS['participants'].header}», …), "
        "файл — в кодировке UTF-8 или Windows-1251."
    )


def _xlsx_table(path):
    """({key: header}, [text cells]) of the first sheet whose first row has known headers."""
    try:
        limits.check_size(path.stat().st_size)
        workbooks.check_workbook(path)
        sheets = pd.read_excel(path, engine="calamine", sheet_name=None, header=None, dtype=str)
    except FileRefused as refused:
        raise _Refused(str(refused)) from refused
    except (CalamineError, zipfile.BadZipFile, ValueError) as error:
        raise _Refused(XLSX_PROBLEM) from error
    sheets = [sheet for sheet in sheets.values() if not sheet.empty]
    for sheet in sheets:
        header = ["" if pd.isna(cell) else str(cell) for cell in sheet.iloc[0].tolist()]
        columns = _columns(header)
        if columns:
            names = {index: key for key, index in columns.items()}
            body = sheet.iloc[1:, sorted(columns.values())]
            return {key: header[i] for key, i in columns.items()}, [_named(body, names, 1)]
    raise _Refused(_no_known_columns() if sheets else EMPTY_FILE)


def _named(chunk, names, first_row):
    """The chunk with key-named columns and its rows numbered as the user sees them.

    ``names`` maps the file's column index to a key; the chunk holds those columns in the
    file's order.
    """
    chunk = chunk.set_axis([names[index] for index in sorted(names)], axis=1).fillna("")
    chunk.insert(0, "row", chunk.index + first_row)
    return chunk


def _clean(chunk, headers, options, problems):
    """Turn one chunk of text cells into aggregate rows, reporting the rows it drops."""
    blank = (chunk[list(headers)] == "").all(axis=1)
    chunk = chunk[~blank]
    bad = pd.Series(False, index=chunk.index)

    def report(mask, values, message):
        nonlocal bad
        mask = mask & ~bad  # one reason per row is enough
        problems.add(chunk["row"][mask], values[mask], message)
        bad |= mask

    frame = pd.DataFrame({"row": chunk["row"]})
    for key in TEXT_KEYS:
        if key in options:
            frame[key] = options[key]
        elif key in headers:
            frame[key] = _distinct(chunk[key], _text)
        else:
            frame[key] = ""
    frame["school_code"] = _distinct(frame["school_code"], lambda codes: codes.str.lower())
    _required_text(frame, headers, report)
    frame["procedure"] = _procedure(chunk, headers, options, report)
    frame["year"] = _whole_number(chunk, headers, options, "year", report, MIN_YEAR, MAX_YEAR)
    frame["grade"] = _grade(chunk, headers, options, frame["procedure"], report)

    numbers = {}
    for key in [*COUNT_COLUMNS, "mean_score"]:
        if key in headers:
            numbers[key] = _numbers(chunk[key], headers[key], report)
        else:
            missing = 0.0 if key != "mean_score" else np.nan
            numbers[key] = pd.DataFrame({"number": missing, "share": False}, index=chunk.index)
    participants, share = numbers["participants"]["number"], numbers["participants"]["share"]
    header = headers["participants"]
    report(share, chunk["participants"], _says(header, "— число, а не доля в %"))
    report(participants.isna(), chunk["participants"], _says(header, "— пусто"))
    counts = {}
    for key in COUNT_COLUMNS:
        value, share = numbers[key]["number"], numbers[key]["share"]
        if key in headers:
            header = headers[key]
            report(share & ~value.between(0, 100), chunk[key], _says(header, "— не доля 0–100 %"))
            value = value.where(~share, (value * participants / 100).round())
            report(value < 0, chunk[key], _says(header, "— отрицательное число"))
            report(value.notna() & (value % 1 != 0), chunk[key], _says(header, "— не целое"))
        counts[key] = value
    mean = numbers["mean_score"]["number"]
    if "mean_score" in headers:
        out_of_range = ~mean.between(0, 100) & mean.notna()
        report(out_of_range, chunk["mean_score"], _says(headers["mean_score"], "— вне 0–100"))
    _sums(counts, headers, report)

    for key in COUNT_COLUMNS:
        frame[key] = counts[key].fillna(0)
    frame["mean_score"] = mean
    # A summary table gives no pupils' scores: no spread, so no interval for the mean.
    frame["score_sum_squares"] = np.nan
    frame = frame[~bad]
    return frame.astype(dict.fromkeys([*COUNT_COLUMNS, "year", "grade"], "int64"))


def _distinct(values, convert):
    """``convert`` applied to each distinct value once, spread back over the rows.

    Files repeat their values (names, subjects, small counts) thousands of times: converting
    the distinct ones is faster, and the rows then share one string object per value.
    """
    codes, uniques = pd.factorize(values)
    converted = convert(pd.Series(uniques))
    return converted.iloc[codes].set_axis(values.index)


def _text(values):
    return values.str.replace(r"\s+", " ", regex=True).str.strip()


def _missing(headers, options):
    missing = []
    for key in ("school_code", *OPTION_KEYS, "participants"):
        if key in headers or key in options:
            continue
        # ОГЭ and ЕГЭ rows take their grade from the procedure (see _grade).
        if key == "grade" and options.get("procedure") in (None, *DEFAULT_GRADES):
            continue
        name = f"«{COLUMNS[key].header}»"
        if key in OPTION_HINTS:
            name += f" (или укажите {OPTION_HINTS[key]} при загрузке)"
        missing.append(name)
    if not missing:
        return None
    return "В файле нет столбцов: " + ", ".join(missing) + "."


def _says(header, what):
    """A message naming the column and the cell's value, when there is one."""

    def message(value):
        cell = f" «{value}»" if isinstance(value, str) and value else ""
        return f"в столбце «{header}»{cell} {what}"

    return message


def _required_text(frame, headers, report):
    for key in ("school_code", "subject"):
        header = headers.get(key, COLUMNS[key].header)
        report(frame[key] == "", frame[key], lambda _value, header=header: f"не указан «{header}»")


def _procedure(chunk, headers, options, report):
    if "procedure" in options:
        return pd.Series(options["procedure"], index=chunk.index)
    values = chunk["procedure"]
    procedure = _distinct(values, lambda names: names.str.strip().str.casefold())
    procedure = procedure.map(procedure_names())
    header = headers["procedure"]
    report(
        procedure.isna(),
        values,
        lambda value: f"в столбце «{header}» неизвестная процедура «{value}» ({_known()})",
    )
    return procedure.fillna("")


def _whole_number(chunk, headers, options, key, report, low, high):
    if key in options:
        return pd.Series(options[key], index=chunk.index)
    number = _distinct(chunk[key], _whole)
    valid = number.between(low, high) & (number % 1 == 0)
    report(~valid, chunk[key], _says(headers[key], f"— ожидается целое число {low}–{high}"))
    return number.where(valid, 0)


def _whole(values):
    # «9 класс», «9 кл.» name the grade as well as «9».
    values = values.str.replace(r"(?i)[\s\u00a0]+|кл(асс|\.)?$", "", regex=True)
    return pd.to_numeric(values.str.replace(",", ".", regex=False), errors="coerce")


def _grade(chunk, headers, options, procedure, report):
    if "grade" in options:
        return _whole_number(chunk, headers, options, "grade", report, 1, 11)
    grade = procedure.map(DEFAULT_GRADES)
    if "grade" in headers:
        # An ОГЭ or ЕГЭ row may leave the cell empty, as a file may leave out the column.
        empty = (chunk["grade"].str.strip() == "") & grade.notna()
        cells = chunk["grade"].mask(empty, grade[empty].astype(int).astype(str))
        return _whole_number(chunk.assign(grade=cells), headers, options, "grade", report, 1, 11)
    report(
        grade.isna() & (procedure != ""),
        procedure.map(lambda value: Procedure(value).label if value else ""),
        lambda value: f"нет столбца «{COLUMNS['grade'].header}»: для {value} его нужно указать",
    )
    return grade.fillna(0)


def _numbers(values, header, report):
    """The cells' numbers (empty: NaN) and whether each was written as a percentage."""
    numbers = _distinct(values, _number)
    report(numbers["invalid"], values, _says(header, "— не число"))
    if "%" in header:
        numbers["share"] = numbers["number"].notna()
    return numbers


def _number(values):
    compact = values.str.replace(r"[\s\u00a0\u202f]+", "", regex=True)
    share = compact.str.endswith("%")
    compact = compact.str.removesuffix("%").str.replace(",", ".", regex=False)
    number = pd.to_numeric(compact, errors="coerce")
    number = number.where(np.isfinite(number))
    invalid = number.isna() & (compact != "")
    return pd.DataFrame({"number": number, "share": share & number.notna(), "invalid": invalid})


def _sums(counts, headers, report):
    """Counts of parts of the participants cannot add up to more than the participants."""
    groups = [
        (MARK_KEYS, "сумма отметок"),
        (OBJECTIVITY_KEYS, "понизили + подтвердили + повысили"),
        (["below_minimum"], None),
        (["high_results"], None),
    ]
    for keys, name in groups:
        keys = [key for key in keys if key in headers]
        if not keys:
            continue
        total = sum(counts[key] for key in keys)
        name = name or f"«{headers[keys[0]]}»"
        report(
            total > counts["participants"],
            total,
            lambda value, name=name: f"{name} ({value:g}) больше числа участников",
        )


def _without_duplicates(frame, problems):
    """Drop the later rows of a key that the file gives twice, naming the first."""
    # sch223223 and edu223223 are logins of one school.
    school = _distinct(
        frame["school_code"], lambda codes: codes.str.replace(r"^(sch|edu)(?=\d+$)", "", regex=True)
    )
    subject = _distinct(frame["subject"], lambda names: names.str.casefold().str.replace("ё", "е"))
    keys = [school, frame["year"], frame["procedure"], subject, frame["grade"]]
    first_row = frame["row"].groupby(keys, sort=False).transform("min")
    later = frame["row"] != first_row
    if later.any():
        problems.add(
            frame["row"][later],
            first_row[later],
            lambda first: f"школа, год, процедура, предмет и класс те же, что в строке {first}",
        )
        frame = frame[~later]
    return frame
