"""Reading ФИС ОКО ВПР protocols and aggregating them per school.

A protocol has one row per pupil. Three yearly layouts are told apart by their header row,
never by the file name:

* 2020: technical headers ``user, otc, var-1, var-2, sum, a-N-grade``;
* 2021: Russian headers ``логин школы, регион, отметка за предыдущую четверть/триместр,
  вариант, всего баллов, балл за N``;
* 2022: sheet «Протокол» with ``Пользователь, Муниципалитет, Школа`` ("code | name" cells),
  ``Вариант``, task columns like ``10К1 (2б)`` (the maximum in brackets),
  ``Наименование класса``, ``Отметка за предыдущий …``, ``Итого баллов``; sheet «Классы» names
  the textbook by a code such as ``ma4.8`` (subject and grade).

The rules:

* A pupil is present when a variant cell names a variant, or when no variant cell says
  «отсутствовал» and ФИС ОКО gave the pupil a total score (above 0, or 0 next to points for the
  tasks: the 2022 export writes 0 for the absent); otherwise absent. A present pupil with a
  total score is a participant. A present pupil without any score (a stray variant ``0``) is
  left out with a warning.
* Scores may be text, use a decimal comma, or be ``X`` (not attempted: no score). When the total
  is 0 while the task cells have points (seen in real 2020 and 2022 files), the task points are
  summed instead, with a warning.
* The journal mark is 2–5; «нет отметки» and empty cells mean none; anything else is ignored
  with a warning.
* Errors (a missing column, a score that is not a number, negative or above the maximum, an
  empty file, a file that is not a workbook) refuse the file with row numbers: the header is row
  1, as in Excel.
* The ВПР mark comes from the total score through the grading scale of the year, subject and
  grade; options override what the file and its name say about those.
* The task columns give per-school task results (``task_scores``): the 2022 headers carry the
  tasks' maxima, a task description may give them for other years (``task_maxima``).
"""

import io
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

import numpy as np
import pandas as pd
import python_calamine

from indicators.results.records import AGGREGATE_COLUMNS, COUNT_COLUMNS, Procedure
from indicators.rules.grading import marks
from site_cms.importing import limits, tables, workbooks
from site_cms.importing.limits import FileRefused

from .filenames import describe, subject_from_code, subject_from_text
from .problems import Problem
from .task_scores import (
    aggregate_tasks,
    empty_tasks,
    header_maximum,
    out_of_range,
    resolve_maxima,
    task_columns,
    task_label,
)

ABSENT = "отсутствовал"
NO_MARK = "нет отметки"
NOT_ATTEMPTED = {"x", "х"}  # Latin and Cyrillic
JOURNAL_MARKS = [2, 3, 4, 5]
CSV_EXTENSIONS = {".csv", ".txt", ".tsv"}
# Row-numbered errors of one kind listed before the rest is summed up in one line.
MAX_LISTED = 20
HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class ProtocolFormat:
    """Where one yearly layout keeps what the importer needs (headers lower-cased)."""

    name: str
    signature: frozenset
    login: str
    variant: str  # a regular expression: 2020 files have var-1, var-2 for the two parts
    total: str
    journal: str  # a regular expression: the term's name varies
    tasks: str  # a regular expression; a group captures the task's maximum when it is given
    municipality: str | None = None
    school: str | None = None
    # Only the 2022 class names carry the grade ("4А"); earlier ones are letters, and pupils
    # of the autumn 2020 ВПР wrote the previous grade's work.
    class_name: str | None = None
    upload_date: str | None = None
    capitalised: bool = False  # headers start with a capital letter, as messages should show


FORMATS = [
    ProtocolFormat(
        name="ВПР 2020 (технические заголовки)",
        signature=frozenset({"user", "otc", "var-1", "sum", "groups", "klass"}),
        login="user",
        variant=r"var-\d+",
        total="sum",
        journal=r"otc",
        tasks=r"a-\d+-grade",
    ),
    ProtocolFormat(
        name="ВПР 2021",
        signature=frozenset({"логин школы", "всего баллов", "вариант", "номер обучающегося"}),
        login="логин школы",
        variant=r"вариант",
        total="всего баллов",
        journal=r"отметка за предыдущ.*",
        tasks=r"балл за \d+",
        municipality="регион",
    ),
    ProtocolFormat(
        name="ВПР 2022 (лист «Протокол»)",
        signature=frozenset({"пользователь", "муниципалитет", "школа", "итого баллов"}),
        login="пользователь",
        variant=r"вариант",
        total="итого баллов",
        journal=r"отметка за предыдущ.*",
        tasks=r".*\((\d+)\s*б\)",
        municipality="муниципалитет",
        school="школа",
        class_name="наименование класса",
        upload_date="дата загрузки",
        capitalised=True,
    ),
]

PUPIL_COLUMNS = [
    "row",
    "school_code",
    "school_name",
    "municipality",
    "present",
    "score",
    "journal_mark",
]


class _Refusal(Exception):
    """A whole-file problem found while opening the file; read_protocol turns it into one."""


@dataclass
class _Table:
    sheet: str
    cells: pd.DataFrame  # header=None: index 0 is Excel row 1


def read_protocol(source, *, max_score=None):
    """Pupil rows of a protocol: ``(pupils, problems, meta)``.

    ``source`` is a path or a binary file object with a ``name``. ``pupils`` has
    PUPIL_COLUMNS; ``problems`` refuse the file; ``meta`` says what was read: ``format``,
    ``sheet``, ``rows``, ``present``, ``absent``, ``participants``, ``max_score`` (from the
    task headers when they give maxima), ``year``, ``subject``, ``grade`` (from the file's
    contents, None when it does not say), ``task_points`` (the pupils' points per task label,
    ``X`` as 0, rows as ``pupils``), ``task_maxima`` ({label: maximum} the headers give) and
    ``warnings`` (Problems that do not refuse it).
    """
    meta = {
        "warnings": [],
        "year": None,
        "subject": None,
        "grade": None,
        "max_score": None,
        "task_points": pd.DataFrame(),
        "task_maxima": {},
    }
    try:
        tables = _tables(source)
    except _Refusal as refusal:
        return _empty_pupils(), [Problem(None, str(refusal))], meta
    found = _find_protocol(tables)
    if found is None:
        if all(_is_blank(table.cells) for table in tables):
            return _empty_pupils(), [Problem(None, "Файл пуст: в нём нет ни одной строки")], meta
        return _empty_pupils(), [Problem(None, _unknown_format_message(tables))], meta
    table, header_index, fmt = found
    reader = _ProtocolReader(table, header_index, fmt, max_score)
    pupils = reader.read()
    meta.update(
        format=fmt.name,
        sheet=table.sheet,
        rows=len(pupils),
        present=int(pupils["present"].sum()),
        absent=int((~pupils["present"]).sum()),
        participants=int((pupils["present"] & pupils["score"].notna()).sum()),
        max_score=reader.file_max_score,
        task_points=reader.task_points,
        task_maxima=reader.task_maxima,
        **reader.year_subject_grade(tables),
    )
    meta["warnings"] = reader.warnings
    meta["total_column"] = reader.total_label
    if not reader.problems and pupils.empty:
        reader.problems.append(
            Problem(None, "Файл пуст: под заголовком нет ни одной строки с результатами")
        )
    return pupils, reader.problems, meta


def aggregate_vpr(pupils, scale, *, year, subject, grade):
    """Per-school aggregates (AGGREGATE_COLUMNS) of a protocol's pupils under a grading scale.

    Participants are present pupils with a score. The ВПР mark is compared with the journal
    mark only where both exist. Schools whose pupils were all absent get a row of zeros.
    """
    taking = pupils[pupils["present"] & pupils["score"].notna()]
    mark = marks(taking["score"], scale).astype("float")
    journal = taking["journal_mark"].astype("float")
    counted = pd.DataFrame(
        {
            "school_code": taking["school_code"],
            "participants": 1,
            "mark2": mark == 2,
            "mark3": mark == 3,
            "mark4": mark == 4,
            "mark5": mark == 5,
            "lowered": mark < journal,
            "confirmed": mark == journal,
            "raised": mark > journal,
            "score": taking["score"],
        }
    )
    sums = counted.drop(columns="score").groupby("school_code").sum()
    scores = counted.groupby("school_code")["score"]
    sums["mean_score"] = scores.mean()
    # With the mean, the scores' variance: what the interval of the mean's change needs.
    sums["score_sum_squares"] = (counted["score"] ** 2).groupby(counted["school_code"]).sum()
    schools = pupils.groupby("school_code", sort=True)[["school_name", "municipality"]].first()
    result = schools.join(sums).reset_index()
    result["below_minimum"] = result["mark2"]
    result["high_results"] = 0
    result[COUNT_COLUMNS] = result[COUNT_COLUMNS].fillna(0).astype("int64")
    result[["mean_score", "score_sum_squares"]] = result[
        ["mean_score", "score_sum_squares"]
    ].astype("float")
    result["year"] = year
    result["procedure"] = Procedure.VPR.value
    result["subject"] = subject
    result["grade"] = grade
    texts = ["school_code", "school_name", "municipality"]
    result[texts] = result[texts].fillna("").astype(str)
    return result[AGGREGATE_COLUMNS]


def aggregate_vpr_tasks(pupils, task_points, header_maxima, described=None):
    """Per-school task results (``task_scores.TASK_COLUMNS``) of a protocol's participants,
    and warnings (Problems) about the cells and columns left out.

    ``header_maxima`` ({label: maximum}) come from the headers and win over ``described``
    (a task description's); the other tasks' maxima are found in the scores.
    """
    taking = (pupils["present"] & pupils["score"].notna()).to_numpy()
    points = task_points[taking]
    if points.empty or points.columns.empty:
        return empty_tasks(), []
    warnings = []
    tasks = task_columns(points)
    if stray := [label for label in points.columns if label not in tasks]:
        warnings.append(
            Problem(
                None,
                f"Столбцы заданий {', '.join(stray)} заполнены меньше чем у половины участников "
                "(сдвинутые строки?) — это не задания работы, они не учтены",
            )
        )
    points = points[tasks]
    maxima = resolve_maxima(points, {**(described or {}), **header_maxima})
    rows = pupils["row"][taking]
    wrong = out_of_range(points, maxima)
    for task in wrong.columns[wrong.any()]:
        shown = ", ".join(str(row) for row in rows[wrong[task].to_numpy()].iloc[:MAX_LISTED])
        warnings.append(
            Problem(
                None,
                f"Задание {task}: в строках {shown} балл меньше 0 или больше максимального "
                f"({maxima[task]:g}) — не учтён в результатах заданий",
            )
        )
    if unknown := list(maxima.index[maxima.isna()]):
        message = f"Задания {', '.join(unknown)}: никто не набрал баллов, максимум не известен"
        warnings.append(Problem(None, message + " — результаты этих заданий не сохранены"))
    return aggregate_tasks(points, pupils["school_code"][taking], maxima), warnings


def read_vpr(source, *, year=None, subject=None, grade=None, scale, task_maxima=None):
    """Read a protocol and aggregate it: ``(aggregates, problems, meta)``.

    ``year``, ``subject`` and ``grade`` override what the file and its name say. ``scale`` is
    a Scale or a function ``(year, subject, grade) -> Scale | None`` (a lookup in the scales
    coordinators keep), so the scale can depend on what the file turned out to be. With any
    problem the aggregates are empty: the file is refused as a whole.

    ``task_maxima`` is what a task description says of the tasks' maxima: {label: maximum}, or
    a function ``(year, subject, grade, labels) -> dict | None``. The per-school task results
    are ``meta["tasks"]`` (``task_scores.TASK_COLUMNS``).
    """
    fixed_scale = None if callable(scale) else scale
    pupils, problems, meta = read_protocol(
        source, max_score=fixed_scale.max_score if fixed_scale else None
    )
    if problems:
        return _empty_aggregates(), problems, meta
    options = {"year": year, "subject": subject, "grade": grade}
    named = describe(_source_name(source))
    problems = _resolve_keys(options, meta, named)
    if problems:
        return _empty_aggregates(), problems, meta
    year, subject, grade = meta["year"], meta["subject"], meta["grade"]
    if callable(scale):
        scale = scale(year, subject, grade)
        if scale is None:
            message = (
                f"Нет шкалы перевода баллов в отметки для ВПР {year} года, {subject}, "
                f"{grade} класс: добавьте её в разделе шкал или укажите пороги при загрузке"
            )
            return _empty_aggregates(), [Problem(None, message)], meta
        problems = _scores_above(pupils, scale.max_score, meta["total_column"])
        if problems:
            return _empty_aggregates(), problems, meta
    meta["scale"] = scale
    if callable(task_maxima):
        task_maxima = task_maxima(year, subject, grade, list(meta["task_points"].columns))
    meta["tasks"], warnings = aggregate_vpr_tasks(
        pupils, meta["task_points"], meta["task_maxima"], task_maxima
    )
    meta["warnings"].extend(warnings)
    return aggregate_vpr(pupils, scale, year=year, subject=subject, grade=grade), [], meta


KEY_NAMES = {"year": "год проведения", "subject": "предмет", "grade": "класс"}


def _resolve_keys(options, meta, named):
    """Fill meta's year, subject and grade: option, else the file, else its name."""
    problems = []
    for key, label in KEY_NAMES.items():
        in_file, in_name = meta[key], named[key]
        if options[key] not in (None, ""):
            meta[key] = options[key]
        elif in_file is not None and in_name is not None and in_file != in_name:
            problems.append(
                Problem(
                    None,
                    f"Не ясно, какой {label}: в файле — {in_file}, в имени файла — {in_name}; "
                    "укажите его явно",
                )
            )
        elif in_file is None and in_name is None:
            message = f"Не указан {label}: его нет ни в файле, ни в имени файла — укажите его"
            problems.append(Problem(None, message))
        else:
            meta[key] = in_file if in_file is not None else in_name
    return problems


class _ProtocolReader:
    """Turns one protocol table into pupil rows, collecting problems and warnings."""

    def __init__(self, table, header_index, fmt, max_score):
        self.fmt = fmt
        cells = table.cells
        self.headers = [_header(value) for value in cells.iloc[header_index]]
        self.labels = [str(value).strip() for value in cells.iloc[header_index]]
        self.body = cells.iloc[header_index + 1 :]
        self.max_score = max_score
        self.file_max_score = None
        self.task_points = pd.DataFrame()
        self.task_maxima = {}
        self.total_label = None
        self.problems = []
        self.warnings = []

    def read(self):
        fmt = self.fmt
        login = self._column(fmt.login)
        variants = self._columns(fmt.variant)
        total = self._column(fmt.total)
        missing = [
            label
            for label, found in [
                (self._label_of(fmt.login), login),
                (self._label_of(fmt.variant), variants),
                (self._label_of(fmt.total), total),
            ]
            if found is None or (isinstance(found, list) and not found)
        ]
        if missing:
            names = ", ".join(f"«{name}»" for name in missing)
            self.problems.append(
                Problem(None, f"Нет обязательных столбцов: {names} (формат «{fmt.name}»)")
            )
            return _empty_pupils()
        self.total_label = self.labels[total]
        body = self.body
        used = [login, total, *variants]
        body = body[~_blank(body.iloc[:, used]).all(axis=1)]
        if body.empty:
            return _empty_pupils()
        rows = pd.Series(body.index + 1, index=body.index)

        school_code, school_name = _split_packed(_text(body.iloc[:, login]))
        if fmt.school and (school := self._column(fmt.school)) is not None:
            packed_code, packed_name = _split_packed(_text(body.iloc[:, school]))
            school_code = school_code.fillna(packed_code)
            school_name = packed_name.fillna(school_name)
        municipality = pd.Series(pd.NA, index=body.index, dtype="string")
        if fmt.municipality and (column := self._column(fmt.municipality)) is not None:
            # Packed in 2022 ("reg22_m012 | Залесовский …"), a plain name in 2021.
            code, name = _split_packed(_text(body.iloc[:, column]))
            municipality = name.fillna(code)
        self._refuse_rows(rows[school_code.isna()], f"пустой {self._label(login)}")

        variant_text = pd.concat(
            [_text(body.iloc[:, column]).str.lower() for column in variants], axis=1
        )
        has_variant = (variant_text.notna() & (variant_text != ABSENT)).any(axis=1)
        marked_absent = (variant_text == ABSENT).any(axis=1)
        present = has_variant.copy()
        if (unsure := ~has_variant & ~marked_absent).any():
            present[unsure] = self._wrote(body[unsure], total)
        score = self._score(body.iloc[:, total], rows, present)
        score = self._fill_from_tasks(body, score, rows, present)
        self._check_range(score, rows, present)
        without_score = present & score.isna()
        self._warn_rows(
            rows[without_score],
            "вариант указан, но баллов нет (например, вариант «0») — не учтены как участники",
        )
        journal = self._journal(body, rows)
        self._read_tasks(body)
        return pd.DataFrame(
            {
                "row": rows,
                "school_code": school_code,
                "school_name": school_name,
                "municipality": municipality,
                "present": present,
                "score": score.where(present),
                "journal_mark": journal,
            }
        ).reset_index(drop=True)

    def year_subject_grade(self, tables):
        """What the file's contents say about year, subject and grade (None when silent)."""
        found = {"year": None, "subject": None, "grade": None}
        if self.fmt.upload_date and (column := self._column(self.fmt.upload_date)) is not None:
            years = _text(self.body.iloc[:, column]).str.extract(r"(20\d\d)")[0].dropna()
            found["year"] = _most_common(years.astype(int))
        if self.fmt.class_name and (column := self._column(self.fmt.class_name)) is not None:
            grades = _text(self.body.iloc[:, column]).str.extract(r"^\s*(1[01]|[1-9])(?!\d)")[0]
            found["grade"] = _most_common(grades.dropna().astype(int))
        for table in tables:
            textbooks = _textbooks(table.cells)
            if not textbooks.empty:
                found["subject"] = _most_common(textbooks["subject"].dropna())
                if found["grade"] is None:
                    found["grade"] = _most_common(textbooks["grade"].astype(int))
        return found

    def _wrote(self, body, total):
        """Rows whose scores show the pupil wrote the work, whatever the variant cell says.

        ФИС ОКО gave these pupils a total, so they wrote it even with the variant left empty.
        The 2022 export writes a total of 0 for pupils who did not write, though, so a 0 counts
        only next to points for the tasks.
        """
        score = _numbers(body.iloc[:, total])
        tasks = self._columns(self.fmt.tasks)
        points = body.iloc[:, tasks].apply(_numbers).notna().any(axis=1) if tasks else False
        return (score > 0) | ((score == 0) & points)

    def _score(self, column, rows, present):
        score = _numbers(column)
        text = _text(column)
        unreadable = present & score.isna() & text.notna()
        unreadable &= ~text.str.lower().isin(NOT_ATTEMPTED)
        self.problems.extend(
            _listed(
                rows[unreadable],
                f"в столбце «{self.total_label}» не число",
                values=text[unreadable].map("«{}»".format),
            )
        )
        return score

    def _fill_from_tasks(self, body, score, rows, present):
        tasks = self._columns(self.fmt.tasks)
        if not tasks:
            return score
        maxima = [re.fullmatch(self.fmt.tasks, self.headers[column]).groups() for column in tasks]
        if all(groups and groups[0] for groups in maxima):
            self.file_max_score = float(sum(int(groups[0]) for groups in maxima))
        # A missing total stays missing (ФИС ОКО leaves it out for a stray variant), but a 0
        # next to points for the tasks is an export glitch.
        suspect = present & (score == 0)
        if not suspect.any():
            return score
        task_sum = body.loc[suspect].iloc[:, tasks].apply(_numbers).sum(axis=1)
        replace = task_sum[task_sum > 0]
        self._warn_rows(
            rows[replace.index],
            f"в столбце «{self.total_label}» 0, а баллы за задания есть — взята их сумма",
        )
        score = score.copy()
        score[replace.index] = replace
        return score

    def _read_tasks(self, body):
        """The pupils' points per task label (``X`` is 0) and the maxima the headers give."""
        columns = {}
        for column in self._columns(self.fmt.tasks):
            label = task_label(self.labels[column])
            if label not in columns:  # two headers of one label: the first is the task
                columns[label] = column
                if (maximum := header_maximum(self.labels[column])) is not None:
                    self.task_maxima[label] = maximum
        # One column of every cell: the few distinct scores are converted once for all tasks.
        cells = body.iloc[:, list(columns.values())].to_numpy(dtype=object)
        points = _per_distinct(pd.Series(cells.ravel()), _points).to_numpy(dtype=float)
        self.task_points = pd.DataFrame(points.reshape(cells.shape), columns=list(columns))

    def _check_range(self, score, rows, present):
        self._refuse_rows(
            rows[present & (score < 0)], f"в столбце «{self.total_label}» отрицательный балл"
        )
        limit = self.max_score if self.max_score is not None else self.file_max_score
        above = _scores_above_rows(score.where(present), rows, limit, self.total_label)
        self.problems.extend(above)

    def _journal(self, body, rows):
        column = self._column(self.fmt.journal)
        if column is None:
            self.warnings.append(
                Problem(
                    None,
                    "Нет столбца с отметкой за предыдущую четверть: "
                    "сравнение с отметками в журнале не посчитано",
                )
            )
            return pd.Series(pd.NA, index=body.index, dtype="Int8")
        values = _numbers(body.iloc[:, column])
        valid = values.isin(JOURNAL_MARKS)
        text = _text(body.iloc[:, column])
        stray = ~valid & text.notna() & (text.str.lower() != NO_MARK)
        self._warn_rows(
            rows[stray],
            f"в столбце «{self.labels[column]}» не отметка 2–5 — сравнение для них не посчитано",
        )
        return values.where(valid).astype("Int8")

    def _column(self, pattern):
        columns = self._columns(pattern)
        return columns[0] if columns else None

    def _columns(self, pattern):
        return [i for i, header in enumerate(self.headers) if re.fullmatch(pattern, header)]

    def _label(self, column):
        return f"«{self.labels[column]}»"

    def _label_of(self, pattern):
        # The name to show for a missing column: the pattern itself when it is a plain header.
        label = {r"var-\d+": "var-1"}.get(pattern, pattern)
        return label.capitalize() if self.fmt.capitalised else label

    def _refuse_rows(self, rows, message):
        self.problems.extend(_listed(rows, message))

    def _warn_rows(self, rows, message):
        if len(rows):
            shown = ", ".join(str(row) for row in rows.iloc[:MAX_LISTED])
            more = f" и ещё {len(rows) - MAX_LISTED}" if len(rows) > MAX_LISTED else ""
            self.warnings.append(Problem(None, f"Строки {shown}{more}: {message}"))


def _scores_above(pupils, limit, label):
    participants = pupils["present"] & pupils["score"].notna()
    return _scores_above_rows(pupils["score"].where(participants), pupils["row"], limit, label)


def _scores_above_rows(score, rows, limit, label):
    if limit is None:
        return []
    above = score > limit
    return _listed(
        rows[above],
        f"в столбце «{label}» балл больше максимального ({limit:g})",
        values=score[above].map("{:g}".format),
    )


def _listed(rows, message, values=None):
    """Row-numbered problems, the first MAX_LISTED of them and a count of the rest."""
    problems = []
    for position, row in enumerate(rows.iloc[:MAX_LISTED]):
        value = f": {values.iloc[position]}" if values is not None else ""
        problems.append(Problem(int(row), f"{message}{value}"))
    if len(rows) > MAX_LISTED:
        problems.append(Problem(None, f"…и ещё {len(rows) - MAX_LISTED} строк: {message}"))
    return problems


def is_protocol(source):
    """Whether the file looks like a ФИС ОКО ВПР protocol, judged by its header rows.

    A workbook is parsed whole whatever is asked of it (a real protocol takes about 0.4 s),
    so the tables of a protocol on disk are handed over to the read_protocol that follows.
    """
    global _handed_over
    try:
        if hasattr(source, "read"):
            return _find_protocol(_load_tables(source, nrows=HEADER_SEARCH_ROWS)) is not None
        tables = _load_tables(source)
    except _Refusal:
        return False
    found = _find_protocol(tables) is not None
    _handed_over = (_file_key(source), tables) if found else None
    return found


# (file key, tables) that is_protocol loaded for the next read of the same, unchanged file.
_handed_over = None


def _tables(source):
    global _handed_over
    handed, _handed_over = _handed_over, None
    if handed and not hasattr(source, "read") and handed[0] == _file_key(source):
        return handed[1]
    return _load_tables(source)


def _file_key(path):
    stat = os.stat(path)
    return os.path.abspath(path), stat.st_size, stat.st_mtime_ns


def _load_tables(source, nrows=None):
    try:
        data, name = _read_source(source)
        if not data.strip():
            raise _Refusal("Файл пуст: в нём нет ни одной строки")
        buffer = io.BytesIO(data)
        # The workbook's declared sizes and cells are checked before zipfile or calamine read it.
        workbooks.check_workbook(buffer)
        if zipfile.is_zipfile(buffer):
            with zipfile.ZipFile(buffer) as archive:
                if "xl/workbook.xml" not in archive.namelist():
                    raise _Refusal("Файл не является книгой Excel (.xlsx)")
            return _xlsx_tables(data, nrows)
        if PurePath(name).suffix.lower() in CSV_EXTENSIONS:
            limits.check_text(data)
            return [_Table("CSV", _csv_cells(data, nrows))]
    except FileRefused as refused:
        raise _Refusal(str(refused)) from refused
    raise _Refusal("Файл не является книгой Excel (.xlsx)")


def _read_source(source):
    # An upload is read again after is_protocol: read_bytes leaves it where it was.
    return limits.read_bytes(source), _source_name(source)


def _source_name(source):
    if hasattr(source, "read"):
        return getattr(source, "name", "") or ""
    return str(source)


def _xlsx_tables(data, nrows):
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        tables = []
        for sheet in workbook.sheet_names:
            sheet_data = workbook.get_sheet_by_name(sheet)
            rows = sheet_data.to_python(skip_empty_area=False, nrows=nrows)
            tables.append(_Table(sheet, pd.DataFrame(rows, dtype=object)))
    except python_calamine.CalamineError as error:
        raise _Refusal(f"Книгу Excel не удалось прочитать: {error}") from error
    # The 2022 export puts pupils on «Протокол»; ask it first.
    tables.sort(key=lambda table: table.sheet.strip().lower() != "протокол")
    return tables


def _csv_cells(data, nrows):
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1251", errors="replace")
        if not any(_detect(_header_row(row)) for row in _first_lines(text)):
            raise _Refusal(
                "Файл CSV не в кодировке UTF-8 или Windows-1251: "
                "сохраните его в одной из них и загрузите снова"
            ) from None
    first_line = text.split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=first_line.count)
    rows = tables.split_csv(text, delimiter, nrows)
    width = max(map(len, rows), default=0)
    return pd.DataFrame([row + [""] * (width - len(row)) for row in rows], dtype=object)


def _first_lines(text):
    lines = text.splitlines()[:HEADER_SEARCH_ROWS]
    delimiter = max([";", ",", "\t"], key=(lines[0] if lines else "").count)
    return tables.split_csv("\n".join(lines), delimiter)


def _header_row(values):
    return {_header(value) for value in values}


def _find_protocol(tables):
    for table in tables:
        for index in range(min(HEADER_SEARCH_ROWS, len(table.cells))):
            fmt = _detect(_header_row(table.cells.iloc[index]))
            if fmt is not None:
                return table, index, fmt
    return None


def _detect(headers):
    """The format whose signature headers the row has most of.

    A protocol has a pupil's variant column and at least one more of its signature headers;
    summary tables share some (Школа, Муниципалитет) but have no variant.
    """
    candidates = [
        fmt
        for fmt in FORMATS
        if any(re.fullmatch(fmt.variant, header) for header in headers)
        and len(fmt.signature & headers) >= 2
    ]
    return max(candidates, key=lambda fmt: len(fmt.signature & headers), default=None)


def _unknown_format_message(tables):
    first = next((table for table in tables if not _is_blank(table.cells)), tables[0])
    seen = [str(value).strip() for value in first.cells.iloc[0] if str(value).strip()][:8]
    return (
        "Не удалось распознать протокол ВПР: в первых строках нет заголовков ни одного из "
        "форматов ФИС ОКО (ожидались, например, «логин школы», «вариант», «всего баллов» или "
        f"«user», «var-1», «sum»). Первая строка файла: {', '.join(seen) or 'пусто'}"
    )


def _textbooks(cells):
    """Subject and grade of each class's textbook on the «Классы» sheet.

    The cell starts with a code of subject and grade: ``ma4.8 | 1.1.3.1.8.4 | Моро М.И. …
    Математика …``. Where the code is not one the importer knows (the foreign languages' codes
    are not in the real files), the textbook's title names the subject: «Английский язык»,
    «Немецкий язык. Второй иностранный язык».
    """
    if cells.empty:
        return pd.DataFrame()
    headers = [_header(value) for value in cells.iloc[0]]
    column = next((i for i, h in enumerate(headers) if h.startswith("основной учебник")), None)
    if column is None:
        return pd.DataFrame()
    text = _text(cells.iloc[1:, column]).dropna()
    found = text.str.lower().str.extract(r"^\s*(?P<code>[a-z]+)(?P<grade>1[01]|[1-9])\.")
    found = found.dropna()
    titles = text[found.index].str.partition("|")[2]
    found["subject"] = found["code"].map(subject_from_code).fillna(titles.map(subject_from_text))
    return found


def _header(value):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return " ".join(str(value).lower().replace("ё", "е").split())


def _per_distinct(column, convert):
    """``convert`` run on the column's distinct values only, then spread over its rows.

    Protocol columns repeat a few values (logins, variants, scores, marks) over thousands of
    rows, so converting each distinct value once keeps the reader fast. ``convert`` maps a
    Series of values element by element; empty cells reach it as None.
    """
    codes, distinct = pd.factorize(column.to_numpy(dtype=object))
    # The empty cell goes last, so that code -1 (pandas' mark for it) takes its conversion.
    values = pd.Series([*distinct, None], dtype=object)
    return convert(values).take(codes).set_axis(column.index)


def _text(column):
    """Cells as stripped text, empty cells as NA."""
    return _per_distinct(column, _stripped)


def _stripped(values):
    text = values.astype("string").str.strip()
    return text.mask(text == "")


def _blank(cells):
    return cells.apply(lambda column: _text(column).isna())


def _is_blank(cells):
    return cells.empty or bool(_blank(cells).all(axis=None))


def _numbers(column):
    """Cells as floats: numbers, text numbers, decimal commas; anything else NaN."""
    return _per_distinct(column, _to_float)


def _to_float(values):
    numbers = pd.to_numeric(values, errors="coerce").astype("float")
    retry = numbers.isna() & values.notna()
    if retry.any():
        text = values[retry].astype(str).str.strip().str.replace(",", ".", regex=False)
        text = text.str.replace("\u00a0", "", regex=False).str.replace(" ", "", regex=False)
        numbers[retry] = pd.to_numeric(text, errors="coerce")
    return numbers


def _points(values):
    """Task cells as points: numbers as ``_to_float`` reads them, ``X`` (not attempted) 0."""
    points = _to_float(values)
    points[_stripped(values).str.lower().isin(NOT_ATTEMPTED)] = 0.0
    return points


def _split_packed(text):
    """ "code | name" cells -> codes and names; a cell without "|" is a code and no name."""
    parts = _per_distinct(text, _split_values)
    return parts["code"], parts["name"]


def _split_values(values):
    parts = _stripped(values).str.partition("|")
    packed = parts[1] == "|"
    code = parts[0].str.strip().mask(lambda s: s == "")
    name = parts[2].str.strip().where(packed).mask(lambda s: s == "")
    return pd.DataFrame({"code": code.astype("string"), "name": name.astype("string")})


def _most_common(values):
    if not len(values):
        return None
    value = values.mode().iloc[0]
    return value.item() if isinstance(value, np.generic) else value


def _empty_pupils():
    return pd.DataFrame({column: [] for column in PUPIL_COLUMNS})


def _empty_aggregates():
    return pd.DataFrame({column: [] for column in AGGREGATE_COLUMNS})
