"""Reading the tables of a task description: ALL (the tasks), KS (КЭС) and KT (КТ).

What a table is comes from its header row (one of the first ten), not from its name:
* ALL: «№ КИМ» or «№ по КИМу» (the task's label as in the protocol), «№», «Умения, виды
  деятельности», «Блоки ПООП…», «Уровень сложности», «Код КЭС», «Код КТ», «Максимальный балл…».
  Required: the label, the skills and the maximum. Copies of the header further right are
  ignored (the first column of each name counts).
* KS and KT: «Код» and «Проверяемые элементы содержания» (КЭС) or «Проверяемые требования…» (КТ).

ФИС ОКО writes a task over several rows, one per pair of codes, repeating its texts; merged cells
leave the label empty below the first row. So a row without a label continues the task above,
and rows with one label are one task: its distinct skills and blocks, one per line, and its
codes (in their numeric order). The number, level and maximum must agree between its rows.
Without a «№» column the tasks are numbered in the order they come.

Texts lose the control character that the PDF conversion left for a hyphen (mostly a line
break's, so the word is joined) and their repeated spaces. Every problem names its row as Excel
shows it (the header is usually row 1); one problem refuses the whole description.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from indicators.importing.problems import Problem
from indicators.importing.task_scores import task_label
from schools.importing.cells import clean_text
from site_cms.importing import limits, tables
from site_cms.importing.limits import FileRefused

from .labels import is_label
from .models import CodeKind, Level

TASKS = "tasks"
KIND_NAMES = {
    TASKS: "таблица заданий (ALL)",
    CodeKind.CONTENT: "словарь КЭС (KS)",
    CodeKind.REQUIREMENT: "словарь КТ (KT)",
}
HEADER_ROWS = 10
MAX_CODE_LENGTH = 20
MAX_POINTS = 100
MAX_NUMBER = 999
# A dictionary of КЭС or КТ has tens of codes; more is not a dictionary.
MAX_CODES = 1000

TASK_COLUMNS = {
    "label": re.compile(r"(№|номер)( задания)?( по| в)? ким"),
    "number": re.compile(r"№( п/п)?$"),
    "skill": re.compile(r"умени"),
    "block": re.compile(r"блок"),
    "level": re.compile(r"уровень сложности"),
    "content_codes": re.compile(r"коды? кэс"),
    "requirement_codes": re.compile(r"коды? кт"),
    "max_points": re.compile(r"максимальный балл"),
}
REQUIRED = {
    "label": "«№ КИМ»",
    "skill": "«Умения, виды деятельности»",
    "max_points": "«Максимальный балл за выполнение задания»",
}
CODE_HEADER = re.compile(r"код$")
CODE_TEXT_HEADERS = {
    CodeKind.CONTENT: re.compile(r"проверяемые элементы"),
    CodeKind.REQUIREMENT: re.compile(r"проверяемые требования"),
}
CODE_COLUMN_NAMES = {"content_codes": "«Код КЭС»", "requirement_codes": "«Код КТ»"}
CODE_KINDS = {"content_codes": CodeKind.CONTENT, "requirement_codes": CodeKind.REQUIREMENT}

CODE = re.compile(r"\d+(?:\.\d+)*")
CODE_SEPARATORS = re.compile(r"[\s,;]+")
HYPHEN_LEFTOVERS = str.maketrans("", "", "\x02\xad")
LEVELS = {
    "б": Level.BASIC,
    "базовый": Level.BASIC,
    "п": Level.ADVANCED,
    "повышенный": Level.ADVANCED,
    "в": Level.HIGH,
    "высокий": Level.HIGH,
    "b": Level.HIGH,  # the Latin letter that looks like В
}
NO_HEADER = (
    "Не найдена строка заголовков. Ожидается таблица заданий (ALL) со столбцами «№ КИМ», "
    "«Умения, виды деятельности», «Максимальный балл…» или словарь кодов (KS, KT) со столбцами "
    "«Код» и «Проверяемые элементы содержания» или «Проверяемые требования…»."
)
NOT_A_TABLE = "Загрузите таблицу XLSX или CSV."


@dataclass
class Task:
    """A task of the work as its rows in ALL describe it; ``row`` is its first row."""

    label: str
    row: int
    number: int | None = None
    skills: list = field(default_factory=list)
    blocks: list = field(default_factory=list)
    level: str = ""
    max_points: int | None = None
    content_codes: dict = field(default_factory=dict)  # code → the row that gives it
    requirement_codes: dict = field(default_factory=dict)

    @property
    def skill(self):
        return "\n".join(self.skills)

    def fields(self):
        """The task as ``DescribedTask`` stores it."""
        return {
            "label": self.label,
            "number": self.number,
            "skill": self.skill,
            "block": "\n".join(self.blocks),
            "level": self.level,
            "max_points": self.max_points,
            "content_codes": sorted(self.content_codes, key=_code_order),
            "requirement_codes": sorted(self.requirement_codes, key=_code_order),
        }

    def add_row(self, line, cells):
        """Take what one more row says of this task; return its problems."""
        problems = []
        for texts, text in ((self.skills, cells.get("skill")), (self.blocks, cells.get("block"))):
            if text and text not in texts:
                texts.append(text)
        for name, parse in (("number", _number), ("level", _level), ("max_points", _points)):
            text = cells.get(name)
            if not text:
                continue
            value = parse(text)
            if value is None:
                problems.append(Problem(line, _bad_value(name, text)))
            elif getattr(self, name) in (None, ""):
                setattr(self, name, value)
            elif getattr(self, name) != value:
                problems.append(Problem(line, _disagreement(name, self, value)))
        for name, codes in (
            ("content_codes", self.content_codes),
            ("requirement_codes", self.requirement_codes),
        ):
            for code in filter(None, CODE_SEPARATORS.split(cells.get(name, ""))):
                if _is_code(code):
                    codes.setdefault(code, line)
                else:
                    problems.append(
                        Problem(
                            line,
                            f"«{code}» в столбце {CODE_COLUMN_NAMES[name]} — не код "
                            "(например, 2 или 2.1).",
                        )
                    )
        return problems


@dataclass
class ReadFile:
    """One table read: what it is (``kind``), its tasks or codes, and its problems."""

    name: str
    kind: str | None = None
    tasks: list = field(default_factory=list)
    codes: dict = field(default_factory=dict)  # code → text
    problems: list = field(default_factory=list)


@dataclass
class Description:
    """The tables of one description read together; refused when any has a problem."""

    files: list
    problems: list = field(default_factory=list)  # about the set of files, not one of them

    @property
    def refused(self):
        return bool(self.problems) or any(file.problems for file in self.files)

    @property
    def tasks(self):
        return next((file.tasks for file in self.files if file.kind == TASKS), [])

    @property
    def codes(self):
        """{kind: {code: text}} of the dictionaries given."""
        return {file.kind: file.codes for file in self.files if file.kind in CodeKind.values}


def read_file(name, data):
    """Read one table (the bytes of a file called ``name``): tasks or a dictionary of codes."""
    try:
        sheets = _sheets(name, data)
    except FileRefused as refused:
        return ReadFile(name, problems=[Problem(None, str(refused))])
    for rows in sheets:
        if found := _find_header(rows):
            kind, header, columns = found
            break
    else:
        return ReadFile(name, problems=[Problem(None, NO_HEADER)])
    if kind == TASKS:
        missing = [title for key, title in REQUIRED.items() if key not in columns]
        if missing:
            problems = [Problem(header + 1, f"нет обязательных столбцов: {', '.join(missing)}.")]
            return ReadFile(name, kind, problems=problems)
        tasks, problems = _read_tasks(rows, header, columns)
        return ReadFile(name, kind, tasks=tasks, problems=problems)
    codes, problems = _read_codes(rows, header, columns)
    return ReadFile(name, kind, codes=codes, problems=problems)


def read_path(path):
    """Read one table from a file on disk, refused unread when it is too large."""
    try:
        data = limits.read_bytes(path)
    except FileRefused as refused:
        return ReadFile(path.name, problems=[Problem(None, str(refused))])
    return read_file(path.name, data)


def combine(files):
    """The description the files make: one table of tasks, at most one dictionary of each kind.

    A task's code missing from a dictionary that was given is a problem of the task's row.
    """
    readable = [file for file in files if file.kind]
    problems = []
    for kind, title in KIND_NAMES.items():
        named = [f"«{file.name}»" for file in readable if file.kind == kind]
        if len(named) > 1:
            problems.append(f"Два файла — {title}: {', '.join(named)}. Нужен один.")
    description = Description(files, problems)
    if not any(file.kind == TASKS for file in files):
        problems.append(
            "Нет таблицы заданий (ALL) со столбцами «№ КИМ» и «Умения, виды деятельности»."
        )
    if problems or description.refused:
        return description
    tasks_file = next(file for file in files if file.kind == TASKS)
    for file in readable:
        if file.kind == TASKS:
            continue
        name = CODE_COLUMN_NAMES[_codes_field(file.kind)]
        for task in tasks_file.tasks:
            for code, line in getattr(task, _codes_field(file.kind)).items():
                if code not in file.codes:
                    tasks_file.problems.append(
                        Problem(line, f"кода {code} из столбца {name} нет в файле «{file.name}».")
                    )
    tasks_file.problems.sort(key=_by_row)
    return description


def _by_row(problem):
    """Problems in the order of their rows, those of the whole file last."""
    return (problem.row is None, problem.row or 0)


def _codes_field(kind):
    return next(name for name, found in CODE_KINDS.items() if found == kind)


def _sheets(name, data):
    """The file's sheets as rows of text cells."""
    if not data:
        raise FileRefused(tables.EMPTY_FILE)
    suffix = Path(name).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return list(tables.read_xlsx(data).values())
    if suffix in (".csv", ".txt"):
        return [tables.read_csv(data, is_header=lambda cells: _find_header([cells]) is not None)]
    raise FileRefused(NOT_A_TABLE)


def _text(cell):
    return clean_text(str(cell).translate(HYPHEN_LEFTOVERS))


def _header_key(cell):
    return _text(cell).lower().replace("ё", "е").strip(" .:*")


def _find_header(rows):
    """(kind, index of the header row, {field: column}) of the first header row, or None."""
    for index, row in enumerate(rows[:HEADER_ROWS]):
        keys = [_header_key(cell) for cell in row]
        columns = {}
        for column, key in enumerate(keys):
            for name, pattern in TASK_COLUMNS.items():
                if pattern.match(key):
                    columns.setdefault(name, column)
                    break
        if "label" in columns:
            return TASKS, index, columns
        code = next((column for column, key in enumerate(keys) if CODE_HEADER.match(key)), None)
        for kind, pattern in CODE_TEXT_HEADERS.items():
            text = next((column for column, key in enumerate(keys) if pattern.match(key)), None)
            if code is not None and text is not None:
                return kind, index, {"code": code, "text": text}
    return None


def _cells(row, columns):
    return {
        name: _text(row[column]) if column < len(row) else "" for name, column in columns.items()
    }


def _read_tasks(rows, header, columns):
    tasks, problems = {}, []
    task = None
    skipping = False  # the rows of a task whose label is wrong (already a problem)
    for index in range(header + 1, len(rows)):
        line = index + 1
        cells = _cells(rows[index], columns)
        if not any(cells.values()):
            continue
        if cells["label"]:
            label = task_label(cells["label"])
            skipping = not is_label(label)
            if skipping:
                problems.append(
                    Problem(
                        line,
                        f"«{cells['label']}» в столбце «№ КИМ» — не номер задания "
                        "(например, 3, 5.1 или 1К1).",
                    )
                )
                continue
            task = tasks.setdefault(label, Task(label, line))
        elif skipping:
            continue
        elif task is None:
            problems.append(Problem(line, "не указан номер задания в столбце «№ КИМ»."))
            skipping = True
            continue
        problems.extend(task.add_row(line, cells))
    tasks = list(tasks.values())
    problems.extend(_check_tasks(tasks, numbered="number" in columns))
    problems.sort(key=_by_row)
    return tasks, problems


def _check_tasks(tasks, *, numbered):
    if not tasks:
        return [Problem(None, "В таблице нет ни одного задания.")]
    problems = []
    for position, task in enumerate(tasks, 1):
        if not task.skills:
            problems.append(Problem(task.row, f"у задания {task.label} не указаны умения."))
        if task.max_points is None:
            problems.append(
                Problem(task.row, f"у задания {task.label} не указан максимальный балл.")
            )
        if not numbered:
            task.number = position
        elif task.number is None:
            problems.append(
                Problem(task.row, f"у задания {task.label} не указан № (порядковый номер).")
            )
    seen = {}
    for task in tasks:
        if task.number is None:
            continue
        if other := seen.get(task.number):
            problems.append(
                Problem(
                    task.row, f"№ {task.number} уже у задания {other.label} (строка {other.row})."
                )
            )
        seen.setdefault(task.number, task)
    return problems


def _read_codes(rows, header, columns):
    codes, problems = {}, []
    for index in range(header + 1, len(rows)):
        line = index + 1
        cells = _cells(rows[index], columns)
        code, text = cells["code"], cells["text"]
        if not code and not text:
            continue
        if not _is_code(code):
            problems.append(
                Problem(
                    line,
                    f"«{code}» в столбце «Код» — не код (например, 2 или 2.1)."
                    if code
                    else "не указан код.",
                )
            )
        elif not text:
            problems.append(Problem(line, f"у кода {code} нет текста."))
        elif codes.get(code, text) != text:
            problems.append(Problem(line, f"код {code} уже есть в таблице с другим текстом."))
        else:
            codes[code] = text
        if len(codes) > MAX_CODES:
            return codes, [Problem(line, f"больше {MAX_CODES} кодов: это не словарь КЭС или КТ.")]
    if not codes and not problems:
        problems.append(Problem(None, "В словаре нет ни одного кода."))
    return codes, problems


def _is_code(text):
    return len(text) <= MAX_CODE_LENGTH and CODE.fullmatch(text) is not None


def _code_order(code):
    return tuple(int(part) for part in code.split("."))


def _number(text):
    return _whole(text, 1, MAX_NUMBER)


def _points(text):
    return _whole(text, 1, MAX_POINTS)


def _whole(text, low, high):
    value = int(text) if text.isdigit() else None
    return value if value is not None and low <= value <= high else None


def _level(text):
    return LEVELS.get(text.lower().rstrip("."))


def _bad_value(name, text):
    return {
        "number": f"№ «{text}» — не целое число от 1 до {MAX_NUMBER}.",
        "level": f"уровень сложности «{text}» — не Б, П или В.",
        "max_points": f"максимальный балл «{text}» — не целое число от 1 до {MAX_POINTS}.",
    }[name]


def _disagreement(name, task, value):
    what = {"number": "№", "level": "уровень сложности", "max_points": "максимальный балл"}[name]
    return (
        f"у задания {task.label} {what} {value}, а в строках выше — {getattr(task, name)}: "
        "в строках одного задания он должен совпадать."
    )
