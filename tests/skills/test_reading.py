"""The reader of the description tables (ALL, KS, KT) on workbooks in the real layouts."""

import pytest

from skills.importing import TASKS, combine, read_file
from skills.models import CodeKind
from tests.skills.fixtures import (
    ARITHMETIC,
    CONTENTS,
    FIGURES,
    HEADER_GRADE_4,
    HEADER_GRADE_5,
    LOGIC,
    PROBLEMS,
    REQUIREMENTS,
    TASK_ROWS,
    xlsx_bytes,
)

pytestmark = pytest.mark.django_db  # the table reader reads the import limits from settings


def read_all(tmp_path, rows, header=HEADER_GRADE_4, **options):
    return read_file("ALL.xlsx", xlsx_bytes(tmp_path, [header, *rows], **options))


def read_set(tmp_path, rows=TASK_ROWS, contents=CONTENTS, requirements=REQUIREMENTS):
    return combine(
        [
            read_all(tmp_path, rows),
            read_file("KS.xlsx", xlsx_bytes(tmp_path, contents, "KS.xlsx")),
            read_file("KT.xlsx", xlsx_bytes(tmp_path, requirements, "KT.xlsx")),
        ]
    )


def problems(read):
    return [str(problem) for problem in read.problems]


def test_each_task_is_one_task_however_many_rows_it_spans(tmp_path):
    description = read_set(tmp_path)

    assert not description.refused
    tasks = {task.label: task.fields() for task in description.tasks}
    assert list(tasks) == ["1", "2", "5.1", "5.2", "1К1", "12"]
    assert tasks["2"] == {
        "label": "2",
        "number": 2,
        "skill": PROBLEMS,
        "block": "Решать арифметическим способом",
        "level": "Б",
        "max_points": 2,
        "content_codes": ["1", "2"],
        "requirement_codes": ["1", "2.2"],
    }
    # Codes stored as numbers read as the file shows them; a no-break space is a space.
    assert tasks["12"]["skill"] == LOGIC
    assert tasks["12"]["content_codes"] == ["1", "4"]
    assert tasks["12"]["requirement_codes"] == ["2.2", "6"]
    assert tasks["12"]["level"] == "П"


def test_labels_take_the_cyrillic_k_and_texts_lose_the_pdf_hyphen(tmp_path):
    task = read_all(tmp_path, TASK_ROWS).tasks[4]

    assert task.label == "1К1"
    assert task.skill == "Умение писать текст под диктовку, соблюдая в практике письма нормы"
    assert task.level == "Б"  # a small «б»


def test_dictionaries_are_read_by_code(tmp_path):
    description = read_set(tmp_path)

    assert description.codes[CodeKind.CONTENT]["2"] == "Арифметика"
    assert description.codes[CodeKind.REQUIREMENT]["2.2"] == "Решать текстовые задачи"
    assert len(description.codes[CodeKind.REQUIREMENT]) == 6


def test_the_grade_5_header_its_copy_to_the_right_and_no_levels(tmp_path):
    """Grade 5 files say «№ по КИМу»; the Russian one repeats the header in columns L–T and
    leaves the level empty."""
    header = [*HEADER_GRADE_5, None, None, *HEADER_GRADE_5]
    rows = [
        [
            "1К1",
            "1",
            "Совершенствование видов речевой деятель_x0002_ности",
            "",
            None,
            "9.14",
            "5.5",
            "4",
        ],
        [
            "1К1",
            "1",
            "Совершенствование видов речевой деятель_x0002_ности",
            "",
            None,
            "9.15",
            "5.5",
            "4",
        ],
        ["4.1", "2", "Расширение научных знаний о языке", "", None, "9.2", "1.4", "3"],
    ]

    read = read_all(tmp_path, rows, header=header)

    assert read.kind == TASKS and not read.problems
    assert [task.fields()["content_codes"] for task in read.tasks] == [["9.14", "9.15"], ["9.2"]]
    assert [task.level for task in read.tasks] == ["", ""]
    assert read.tasks[0].skill == "Совершенствование видов речевой деятельности"


def test_merged_cells_continue_the_task_above(tmp_path):
    rows = [
        ["1", "1", ARITHMETIC, "Выполнять устно сложение", "Б", "2", "2.1", "1"],
        ["2", "2", PROBLEMS, "Решать", "Б", "1", "1", "2"],
        [None, None, None, None, None, "2", "2.2", None],
        [None, None, None, None, None, "4", "4", None],
    ]

    read = read_all(tmp_path, rows, merged=["A3:A5", "B3:B5", "C3:C5", "D3:D5", "E3:E5", "H3:H5"])

    assert not read.problems
    assert [task.label for task in read.tasks] == ["1", "2"]
    assert read.tasks[1].fields()["content_codes"] == ["1", "2", "4"]
    assert read.tasks[1].fields()["requirement_codes"] == ["1", "2.2", "4"]


def test_a_task_that_checks_two_skills_keeps_both(tmp_path):
    rows = [
        ["5", "1", FIGURES, "Вычислять периметр", "Б", "3", "3.1", "1"],
        ["5", "1", "Умение изображать геометрические фигуры.", "", "Б", "3", "3.2", "1"],
    ]

    (task,) = read_all(tmp_path, rows).tasks

    assert task.skill == f"{FIGURES}\nУмение изображать геометрические фигуры."


def test_without_a_number_column_tasks_are_numbered_in_order(tmp_path):
    header = [cell for cell in HEADER_GRADE_4 if cell != "№"]
    rows = [[row[0], *row[2:]] for row in TASK_ROWS]

    read = read_all(tmp_path, rows, header=header)

    assert [(task.number, task.label) for task in read.tasks][-2:] == [(5, "1К1"), (6, "12")]


def test_a_header_below_a_title_keeps_the_excel_row_numbers(tmp_path):
    rows = [["Описание проверочной работы"], HEADER_GRADE_4, ["1", "1", ARITHMETIC, "", "Б"]]

    read = read_file("ALL.xlsx", xlsx_bytes(tmp_path, rows))

    assert problems(read) == ["Строка 3: у задания 1 не указан максимальный балл."]


@pytest.mark.parametrize(
    "row, message",
    [
        (
            ["abc", "2", PROBLEMS, "", "Б", "1", "1", "2"],
            "Строка 3: «abc» в столбце «№ КИМ» — не номер задания (например, 3, 5.1 или 1К1).",
        ),
        (
            ["2", "2", PROBLEMS, "", "Средний", "1", "1", "2"],
            "Строка 3: уровень сложности «Средний» — не Б, П или В.",
        ),
        (
            ["2", "2", PROBLEMS, "", "Б", "1", "1", "два"],
            "Строка 3: максимальный балл «два» — не целое число от 1 до 100.",
        ),
        (
            ["2", "2", PROBLEMS, "", "Б", "1,2.x", "1", "2"],
            "Строка 3: «2.x» в столбце «Код КЭС» — не код (например, 2 или 2.1).",
        ),
        (
            ["2", "1", PROBLEMS, "", "Б", "1", "1", "2"],
            "Строка 3: № 1 уже у задания 1 (строка 2).",
        ),
        (
            ["2", "2", "", "", "Б", "1", "1", "2"],
            "Строка 3: у задания 2 не указаны умения.",
        ),
    ],
)
def test_a_bad_row_is_named_by_its_excel_number(tmp_path, row, message):
    rows = [["1", "1", ARITHMETIC, "", "Б", "2", "2.1", "1"], row]

    assert message in problems(read_all(tmp_path, rows))


def test_the_rows_of_one_task_must_agree(tmp_path):
    rows = [
        ["2", "2", PROBLEMS, "", "Б", "1", "1", "2"],
        ["2", "2", PROBLEMS, "", "Б", "1", "2.2", "3"],
    ]

    assert problems(read_all(tmp_path, rows)) == [
        "Строка 3: у задания 2 максимальный балл 3, а в строках выше — 2: "
        "в строках одного задания он должен совпадать."
    ]


def test_a_row_without_a_label_before_any_task_is_refused(tmp_path):
    rows = [[None, "1", ARITHMETIC, "", "Б", "2", "2.1", "1"]]

    assert problems(read_all(tmp_path, rows)) == [
        "Строка 2: не указан номер задания в столбце «№ КИМ».",
        "В таблице нет ни одного задания.",
    ]


def test_a_missing_column_is_named(tmp_path):
    header = [cell for cell in HEADER_GRADE_4 if not cell.startswith("Максимальный")]

    assert problems(read_all(tmp_path, [], header=header)) == [
        "Строка 1: нет обязательных столбцов: «Максимальный балл за выполнение задания»."
    ]


def test_a_code_missing_from_its_dictionary_refuses_the_row(tmp_path):
    rows = [*TASK_ROWS, ["13", "7", LOGIC, "", "П", "9", "6", "2"]]

    description = read_set(tmp_path, rows)

    assert description.refused
    assert problems(description.files[0]) == [
        "Строка 12: кода 9 из столбца «Код КЭС» нет в файле «KS.xlsx»."
    ]


def test_a_dictionary_with_one_code_twice_is_refused(tmp_path):
    rows = [*CONTENTS, ["2", "Алгебра"]]

    read = read_file("KS.xlsx", xlsx_bytes(tmp_path, rows))

    assert problems(read) == ["Строка 6: код 2 уже есть в таблице с другим текстом."]


def test_a_csv_table_reads_as_a_workbook_does(tmp_path):
    text = "\n".join(";".join(str(cell) for cell in row) for row in CONTENTS)

    read = read_file("KS.csv", text.encode("cp1251"))

    assert read.kind == CodeKind.CONTENT and read.codes["3"] == "Геометрия"


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("ALL.xlsx", b"", "Файл пуст."),
        ("ALL.xlsx", b"%PDF-1.4 not a workbook", "Файл не удалось прочитать как таблицу Excel"),
        ("ALL.pdf", b"%PDF-1.4", "Загрузите таблицу XLSX или CSV."),
    ],
)
def test_what_is_not_a_table_is_refused(name, data, message):
    (problem,) = read_file(name, data).problems

    assert str(problem).startswith(message)


def test_a_table_of_something_else_is_refused(tmp_path):
    rows = [["логин школы", "класс", "балл за 1"], ["sch220001", "4", "1"]]

    assert problems(read_file("ALL.xlsx", xlsx_bytes(tmp_path, rows)))[0].startswith(
        "Не найдена строка заголовков."
    )


def test_one_table_of_each_kind(tmp_path):
    tasks = read_all(tmp_path, TASK_ROWS)

    assert combine([tasks, tasks]).problems == [
        "Два файла — таблица заданий (ALL): «ALL.xlsx», «ALL.xlsx». Нужен один."
    ]
    contents = read_file("KS.xlsx", xlsx_bytes(tmp_path, CONTENTS))
    assert combine([contents]).problems == [
        "Нет таблицы заданий (ALL) со столбцами «№ КИМ» и «Умения, виды деятельности»."
    ]
