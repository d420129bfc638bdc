"""Summary tables of results (CSV or XLSX with documented Russian headers) read into aggregates."""

import csv
import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from bench.results_data import write_summary_csv
from indicators.importing import summary
from indicators.importing.problems import Problem
from indicators.importing.summary import read_summary
from indicators.importing.tables import ENCODING_PROBLEM, XLSX_PROBLEM
from indicators.results.records import AGGREGATE_COLUMNS

HEADER = list(summary.HEADERS.values())
ROW = ["sch223223", "МКОУ «Пещерская СОШ»", "Залесовский район", "2024", "ЕГЭ", "Математика"]
ROW += ["11", "20", "2", "8", "6", "4", "61,5", "2", "3", "1", "15", "4"]
EXPECTED = {
    "school_code": "sch223223",
    "school_name": "МКОУ «Пещерская СОШ»",
    "municipality": "Залесовский район",
    "year": 2024,
    "procedure": "EGE",
    "subject": "Математика",
    "grade": 11,
    "participants": 20,
    "mark2": 2,
    "mark3": 8,
    "mark4": 6,
    "mark5": 4,
    "mean_score": 61.5,
    "below_minimum": 2,
    "high_results": 3,
    "lowered": 1,
    "confirmed": 15,
    "raised": 4,
}


def write_csv(path, rows, *, encoding="utf-8", delimiter=";"):
    with path.open("w", encoding=encoding, newline="") as file:
        csv.writer(file, delimiter=delimiter).writerows(rows)
    return path


def write_xlsx(path, rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)
    return path


def read(path, **options):
    frame, problems = read_summary(path, **options)
    assert list(frame.columns) == AGGREGATE_COLUMNS
    return frame, [str(problem) for problem in problems]


def records(frame):
    # A summary table gives no pupils' scores: no sum of squares for the mean's interval.
    assert frame["score_sum_squares"].isna().all()
    return frame.drop(columns="score_sum_squares").to_dict("records")


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("utf-8-sig", ";"), ("utf-8", ";"), ("utf-8", ","), ("cp1251", ";"), ("cp1251", "\t")],
)
def test_csv_encodings_and_separators(tmp_path, encoding, delimiter):
    path = write_csv(tmp_path / "итоги.csv", [HEADER, ROW], encoding=encoding, delimiter=delimiter)
    frame, problems = read(path)
    assert problems == []
    assert records(frame) == [EXPECTED]
    assert frame["participants"].dtype == "int64"
    assert frame["mean_score"].dtype == "float64"


def test_xlsx_with_numbers_and_text(tmp_path):
    row = [*ROW[:3], 2024, "ЕГЭ", "Математика", 11, 20, 2, 8, 6, 4, 61.5, 2, 3, 1, 15, "4"]
    frame, problems = read(write_xlsx(tmp_path / "итоги.xlsx", [HEADER, row]))
    assert problems == []
    assert records(frame) == [EXPECTED]


def test_headers_are_matched_loosely(tmp_path):
    header = ["  ЛОГИН  школы ", "год", "процедура", "ПРЕДМЕТ", "Класс (параллель)"]
    header += ["Количество участников", "2", "Кол-во «3»", 'Отметка "4"', "оценка 5"]
    header += ["Подтвёрдили", "Средний  балл:"]
    row = ["EDU223223", "2023", "кдр", "Русский язык", "5 класс", "10", "1", "2", "3", "4", "7"]
    row += ["3,9"]
    frame, problems = read(write_csv(tmp_path / "a.csv", [header, row]))
    assert problems == []
    [record] = records(frame)
    assert record["school_code"] == "edu223223"
    assert (record["procedure"], record["grade"], record["confirmed"]) == ("KDR", 5, 7)
    assert [record[f"mark{mark}"] for mark in range(2, 6)] == [1, 2, 3, 4]
    assert (record["school_name"], record["municipality"], record["lowered"]) == ("", "", 0)


def test_numbers_with_spaces_decimal_commas_and_percentages(tmp_path):
    header = ["Код школы", "Год", "Процедура", "Предмет", "Участников", "Отметка 2", "Отметка 3"]
    header += ["Отметка 4, %", "Средний балл"]
    rows = [
        header,
        ["sch1", "2024", "ОГЭ", "Математика", "1\u00a0200", "12,5 %", "600", "25", " 3,75 "],
        ["sch2", "2024", "ОГЭ", "Математика", "1 000", "", "50%", "", ""],
    ]
    frame, problems = read(write_csv(tmp_path / "a.csv", rows))
    assert problems == []
    first, second = records(frame)
    # «12,5 %» of 1 200 participants is 150; the header's «%» makes «25» a share as well.
    assert (first["participants"], first["mark2"], first["mark3"], first["mark4"]) == (
        1200,
        150,
        600,
        300,
    )
    assert first["mean_score"] == 3.75
    # Empty counts are 0, an empty mean is unknown; ОГЭ without a grade column is grade 9.
    assert (second["mark2"], second["mark3"], second["grade"]) == (0, 500, 9)
    assert pd.isna(second["mean_score"])


def test_options_override_and_replace_columns(tmp_path):
    rows = [HEADER, ROW]
    frame, problems = read(
        write_csv(tmp_path / "a.csv", rows), year=2022, procedure="ОГЭ", subject="Физика", grade=9
    )
    assert problems == []
    [record] = records(frame)
    assert (record["year"], record["procedure"], record["subject"], record["grade"]) == (
        2022,
        "OGE",
        "Физика",
        9,
    )
    short = [["Код школы", "Участников", "2", "3", "4", "5"], ["sch5", "4", "1", "1", "1", "1"]]
    frame, problems = read(
        write_csv(tmp_path / "b.csv", short), year="2021", procedure="KDR", subject="Химия", grade=8
    )
    assert problems == []
    assert records(frame)[0]["grade"] == 8


def test_wrong_options_are_refused(tmp_path):
    path = write_csv(tmp_path / "a.csv", [HEADER, ROW])
    frame, problems = read(path, year="двадцать", procedure="ГИА", grade=12)
    assert frame.empty
    assert problems == [
        "Год «двадцать» указан неверно.",
        "Неизвестная процедура «ГИА» (ожидается ВПР (VPR), ОГЭ (OGE), ЕГЭ (EGE), КДР (KDR)).",
        "Класс «12» указан неверно: ожидается 1–11.",
    ]


def test_missing_columns_are_named(tmp_path):
    path = write_csv(
        tmp_path / "a.csv", [["Код школы", "Предмет", "Отметка 2"], ["sch1", "x", "1"]]
    )
    frame, problems = read(path, procedure="КДР")
    assert frame.empty
    assert problems == [
        "В файле нет столбцов: «Год» (или укажите год при загрузке), «Класс» (или укажите класс "
        "при загрузке), «Участников»."
    ]


def test_a_file_without_known_headers_is_refused(tmp_path):
    frame, problems = read(write_csv(tmp_path / "a.csv", [["a", "b"], ["1", "2"]]))
    assert frame.empty
    assert problems[0].startswith("Не найдено ни одного известного столбца")


def test_a_column_given_twice_is_refused(tmp_path):
    path = write_csv(tmp_path / "a.csv", [[*HEADER, "2"], [*ROW, "2"]])
    assert read(path)[1] == [
        "Столбцы «Отметка 2» и «2» означают одно и то же («Отметка 2»): оставьте один."
    ]


def test_bad_rows_are_refused_with_their_row_numbers(tmp_path):
    def row(**changes):
        cells = dict(zip(HEADER, ROW, strict=True))
        cells.update({HEADER[HEADER.index(key)]: value for key, value in changes.items()})
        return list(cells.values())

    rows = [
        HEADER,
        row(),
        ["", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", "", ""],
        row(**{"Участников": "двадцать"}),
        row(**{"Отметка 3": "-1"}),
        row(**{"Отметка 3": "2,5"}),
        row(**{"Отметка 5": "9"}),
        row(**{"Средний балл": "101"}),
        row(**{"Процедура": "ГИА"}),
        row(**{"Класс": "12"}),
        row(**{"Год": "24"}),
        row(**{"Код школы": ""}),
        row(**{"Ниже минимума": "21"}),
        row(**{"Повысили": "5"}),
        row(**{"Отметка 2": "120 %"}),
        row(**{"Участников": "50 %"}),
        row(**{"Код школы": "EDU223223", "Предмет": "математика"}),
    ]
    frame, problems = read(write_csv(tmp_path / "a.csv", rows))
    assert records(frame) == [EXPECTED]
    assert problems == [
        "Строка 4: в столбце «Участников» «двадцать» — не число",
        "Строка 5: в столбце «Отметка 3» «-1» — отрицательное число",
        "Строка 6: в столбце «Отметка 3» «2,5» — не целое",
        "Строка 7: сумма отметок (25) больше числа участников",
        "Строка 8: в столбце «Средний балл» «101» — вне 0–100",
        "Строка 9: в столбце «Процедура» неизвестная процедура «ГИА» (ожидается ВПР (VPR), "
        "ОГЭ (OGE), ЕГЭ (EGE), КДР (KDR))",
        "Строка 10: в столбце «Класс» «12» — ожидается целое число 1–11",
        "Строка 11: в столбце «Год» «24» — ожидается целое число 2000–2100",
        "Строка 12: не указан «Код школы»",
        "Строка 13: «Ниже минимума» (21) больше числа участников",
        "Строка 14: понизили + подтвердили + повысили (21) больше числа участников",
        "Строка 15: в столбце «Отметка 2» «120 %» — не доля 0–100 %",
        "Строка 16: в столбце «Участников» «50 %» — число, а не доля в %",
        "Строка 17: школа, год, процедура, предмет и класс те же, что в строке 2",
    ]


def test_xlsx_rows_are_numbered_as_excel_shows_them(tmp_path):
    row = [*ROW[:7], "abc", *ROW[8:]]
    path = write_xlsx(tmp_path / "a.xlsx", [["Итоги"], HEADER, ROW])
    assert read(path)[1][0].startswith("Не найдено ни одного известного столбца")
    path = write_xlsx(tmp_path / "b.xlsx", [HEADER, ROW, [], row])
    assert read(path)[1] == ["Строка 4: в столбце «Участников» «abc» — не число"]


def test_row_numbers_and_duplicates_across_chunks(tmp_path, monkeypatch):
    monkeypatch.setattr(summary, "CHUNK_ROWS", 2)
    rows = [HEADER] + [[f"sch{n}", *ROW[1:]] for n in range(5)] + [["sch3", *ROW[1:]]]
    rows[3][7] = "x"
    frame, problems = read(write_csv(tmp_path / "a.csv", rows))
    assert list(frame["school_code"]) == ["sch0", "sch1", "sch3", "sch4"]
    assert problems == [
        "Строка 4: в столбце «Участников» «x» — не число",
        "Строка 7: школа, год, процедура, предмет и класс те же, что в строке 5",
    ]


def test_many_problems_are_cut_short(tmp_path, monkeypatch):
    monkeypatch.setattr(summary, "MAX_PROBLEMS", 2)
    rows = [HEADER] + [[f"sch{n}", *ROW[1:7], "x", *ROW[8:]] for n in range(5)]
    frame, problems = read(write_csv(tmp_path / "a.csv", rows))
    assert frame.empty
    assert problems[2:] == ["Ещё 3 замечаний не показаны."]
    assert len(problems) == 3


def test_grade_is_needed_for_vpr_and_kdr(tmp_path):
    header = ["Код школы", "Год", "Процедура", "Предмет", "Участников"]
    rows = [header, ["sch1", "2024", "ЕГЭ", "Химия", "3"], ["sch1", "2024", "КДР", "Химия", "3"]]
    frame, problems = read(write_csv(tmp_path / "a.csv", rows))
    assert records(frame)[0]["grade"] == 11
    assert problems == ["Строка 3: нет столбца «Класс»: для КДР его нужно указать"]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "Файл пуст."),
        (b"\r\n\r\n", "Файл пуст."),
        ("Код школы;Участников\n".encode("utf-16"), ENCODING_PROBLEM),
        # 0x98 is a byte that Windows-1251 leaves undefined, and not UTF-8 either.
        (
            ";".join(HEADER).encode("cp1251") + b"\n" + ";".join(ROW).encode("cp1251") + b"\x98",
            ENCODING_PROBLEM,
        ),
        (
            ";".join(HEADER).encode() + b"\n" + ";".join([*ROW, "1"]).encode(),
            "Строка 2: в строке больше ячеек, чем в заголовке: проверьте разделитель и кавычки.",
        ),
        (";".join(HEADER).encode() + b"\n\n", "В файле нет строк с результатами."),
    ],
)
def test_broken_csv_is_refused(tmp_path, content, problem):
    path = tmp_path / "a.csv"
    path.write_bytes(content)
    frame, problems = read(path)
    assert frame.empty
    assert problems == [problem]


def test_zip_or_text_renamed_xlsx_is_refused(tmp_path):
    path = tmp_path / "a.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("report.txt", "not a workbook")
    assert read(path)[1] == [XLSX_PROBLEM]
    write_csv(path, [HEADER, ROW])
    assert read(path)[1] == [XLSX_PROBLEM]


def test_other_files_are_refused(tmp_path):
    path = tmp_path / "a.ods"
    path.write_bytes(b"x")
    assert read(path)[1] == ["Файлы «.ods» не поддерживаются: загрузите CSV или XLSX."]


def test_problems_are_problem_objects(tmp_path):
    path = write_csv(tmp_path / "a.csv", [HEADER, [*ROW[:7], "x", *ROW[8:]]])
    assert read_summary(path)[1] == [Problem(2, "в столбце «Участников» «x» — не число")]


def test_bench_table_reads_back_as_written(tmp_path):
    path = tmp_path / "bench.csv"
    written = write_summary_csv(path, 450)
    frame, problems = read(path)
    assert problems == []
    assert len(frame) == 450
    assert frame["school_code"].nunique() == 3
    assert frame["participants"].tolist() == written["Участников"].tolist()
    marks = frame[["mark2", "mark3", "mark4", "mark5"]].sum(axis=1)
    assert (marks == frame["participants"]).all()
    assert frame["mean_score"].round(2).tolist() == written["Средний балл"].tolist()
    assert set(frame["procedure"]) == {"OGE", "EGE", "KDR"}


def test_documentation_lists_the_headers_and_its_example_reads(tmp_path):
    text = (Path(__file__).resolve().parents[2] / "docs" / "results-formats.md").read_text()
    for key, column in summary.COLUMNS.items():
        # The marks share one line of the table: «Отметка 2 … Отметка 5».
        if key not in summary.MARK_KEYS:
            for spelling in (column.header, *column.synonyms):
                assert spelling in text, spelling
    example = text.split("## Пример")[1].split("```\n")[1]
    path = tmp_path / "example.csv"
    path.write_text(example, encoding="utf-8")
    frame, problems = read(path)
    assert problems == []
    assert records(frame)[1]["grade"] == 11


def test_separator_is_the_one_that_finds_the_columns(tmp_path):
    header = ["Код школы", "Участников", "Отметка 2, %", "Отметка 3, %", "Отметка 4, %"]
    header += ["Отметка 5, %", "81–100 баллов"]
    rows = [header, ["sch1", "8", "25", "25", "25", "25", "1"]]
    path = write_csv(tmp_path / "a.csv", rows)
    frame, problems = read(path, year=2024, procedure="EGE", subject="Химия")
    assert problems == []
    [record] = records(frame)
    assert [record[f"mark{mark}"] for mark in range(2, 6)] == [2, 2, 2, 2]
    assert record["high_results"] == 1


def test_known_columns_tell_a_summary_table():
    assert summary.known_columns(["Логин школы", "Кол-во участников", "класс", "x"]) == {
        "school_code",
        "participants",
        "grade",
    }


def test_xlsx_headers_typed_as_numbers(tmp_path):
    header = ["Код школы", "Участников", 2, 3, 4, 5]
    path = write_xlsx(tmp_path / "a.xlsx", [header, ["sch1", 4, 1, 1, 1, 1]])
    frame, problems = read(path, year=2024, procedure="КДР", subject="Химия", grade=8)
    assert problems == []
    assert [records(frame)[0][f"mark{mark}"] for mark in range(2, 6)] == [1, 1, 1, 1]
