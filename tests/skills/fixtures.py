"""Small task descriptions in the layout of the real ФИС ОКО tables (ALL, KS, KT), written by
tests with openpyxl.

``TASK_ROWS`` holds what real files hold: a task over several rows (one per pair of КЭС and КТ
codes, texts repeated), subtasks «5.1»/«5.2», the Latin «K» in «1K1», codes and numbers stored
as text and as numbers, and the control character the PDF conversion leaves for a hyphen
(stored as Excel escapes it, «_x0002_»).
"""

from openpyxl import Workbook

HEADER_GRADE_4 = [
    "№ КИМ",
    "№",
    "Умения, виды деятельности (в соответствии с ФГОС)",
    "Блоки ПООП НОО: выпускник научится / получит возможность научиться",
    "Уровень сложности",
    "Код КЭС",
    "Код КТ",
    "Максимальный балл за выполнение задания",
    "Примерное время выполнения задания обучающимся (в минутах)",
]
# Grade 5 files say «№ по КИМу».
HEADER_GRADE_5 = ["№ по КИМу", *HEADER_GRADE_4[1:]]

ARITHMETIC = "Умение выполнять арифметические действия с числами и числовыми выражениями"
PROBLEMS = "Использование начальных математических знаний для описания и объяснения явлений"
FIGURES = "Умение исследовать, распознавать геометрические фигуры."
DRAWING = "Умение изображать геометрические фигуры."
DICTATION = "Умение писать текст под диктовку, соблюдая в практике пись_x0002_ма нормы"
LOGIC = "Овладение основами логического и алгоритмического мышления"

TASK_ROWS = [
    ["1", "1", ARITHMETIC, "Выполнять устно сложение", "Б", "2", "2.1", "1", "2"],
    ["2", 2, PROBLEMS, "Решать арифметическим способом", "Б", "1", "1", 2, "3"],
    ["2", 2, PROBLEMS, "Решать арифметическим способом", "Б", "1", "2.2", 2, "3"],
    ["2", 2, PROBLEMS, "Решать арифметическим способом", "Б", "2", "1", 2, "3"],
    ["2", 2, PROBLEMS, "Решать арифметическим способом", "Б", "2", "2.2", 2, "3"],
    ["5.1", "3", FIGURES, "Вычислять периметр", "Б", "3", "3.1", "1", "2"],
    ["5.2", "4", DRAWING, "Выполнять построение", "Б", "3", "3.1", "1", "3"],
    ["1K1", "5", DICTATION, "Писать под диктовку", "б", "4", "4", "4", "38"],
    ["12", "6", LOGIC, "Решать задачи в 3–4 действия.", "П", 1, 2.2, "2", "6"],
    ["12", "6", LOGIC + "\xa0", "Решать задачи в 3–4 действия.", "П", "4", "6", "2", "6"],
]

CONTENTS = [
    ["Код", "Проверяемые элементы содержания"],
    ["1", "Начальные математические знания"],
    ["2", "Арифметика"],
    ["3", "Геометрия"],
    ["4", "Работа с информацией"],
]
REQUIREMENTS = [
    ["Код", "Проверяемые требования к уровню подготовки", None],
    ["1", "Использовать начальные математические знания", None],
    ["2.1", "Выполнять арифметические действия с числами", None],
    ["2.2", "Решать текстовые задачи", None],
    ["3.1", "Распознавать и изображать геометрические фигуры", None],
    ["4", "Применять математические знания", None],
    ["6", "Владеть основами логического и алгоритмического мышления", None],
    [None, None, None],
]


def write_xlsx(path, rows, *, merged=()):
    """A one-sheet workbook «Лист1»; ``merged``: ranges such as "A3:A5" (their first cell keeps
    the value, the others are emptied as Excel does)."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Лист1"
    for row in rows:
        sheet.append(row)
    for cells in merged:
        sheet.merge_cells(cells)
    workbook.save(path)
    return path


def write_description(folder, rows=None, *, header=HEADER_GRADE_4, contents=True, merged=()):
    """ALL.xlsx (and KS.xlsx, KT.xlsx) in ``folder``; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    write_xlsx(folder / "ALL.xlsx", [header, *(TASK_ROWS if rows is None else rows)], merged=merged)
    if contents:
        write_xlsx(folder / "KS.xlsx", CONTENTS)
        write_xlsx(folder / "KT.xlsx", REQUIREMENTS)
    return folder


def xlsx_bytes(tmp_path, rows, name="table.xlsx", **options):
    return write_xlsx(tmp_path / name, rows, **options).read_bytes()
