import io
import math
import zipfile

import numpy as np
import pandas as pd
import pytest

from indicators.importing.fisoko import is_protocol, read_protocol, read_vpr
from indicators.importing.problems import ImportRefused, Problem
from indicators.results.records import AGGREGATE_COLUMNS, COUNT_COLUMNS
from indicators.rules.grading import Scale, marks

from .fixtures import (
    ABSENT,
    SAMPLE,
    SAMPLE_SCALE,
    Pupil,
    rows_2021,
    write_2020,
    write_2021,
    write_2022,
    write_csv,
    write_xlsx,
)

SCALE = Scale(*SAMPLE_SCALE)
WRITERS = {"2020": write_2020, "2021": write_2021, "2022": write_2022}
PREFIX = {"2020": "sch", "2021": "sch", "2022": "edu"}
KEYS = {"year": 2021, "subject": "Математика", "grade": 4}


def expected_aggregates(pupils, scale, prefix):
    """The aggregates computed the plain way from the fixture's own rows."""
    rows = pd.DataFrame(
        [
            {
                "school_code": prefix + p.school,
                "variant": p.variant,
                "total": p.total,
                "journal": p.journal,
            }
            for p in pupils
            if p is not None
        ]
    )
    total = pd.to_numeric(
        rows["total"].astype(str).str.strip().str.replace(",", "."), errors="coerce"
    )
    took_part = rows["variant"].notna() & (rows["variant"] != ABSENT) & total.notna()
    done = rows[took_part].assign(total=total[took_part])
    done["mark"] = pd.cut(
        done["total"],
        bins=[-np.inf, scale.min3, scale.min4, scale.min5, np.inf],
        right=False,
        labels=[2, 3, 4, 5],
    ).astype(int)
    done["journal"] = pd.to_numeric(done["journal"], errors="coerce")
    grouped = done.groupby("school_code")
    expected = pd.DataFrame(
        {
            "participants": grouped.size(),
            **{f"mark{m}": grouped["mark"].agg(lambda s, m=m: (s == m).sum()) for m in range(2, 6)},
            "lowered": grouped.apply(lambda g: (g["mark"] < g["journal"]).sum()),
            "confirmed": grouped.apply(lambda g: (g["mark"] == g["journal"]).sum()),
            "raised": grouped.apply(lambda g: (g["mark"] > g["journal"]).sum()),
            "mean_score": grouped["total"].mean(),
        }
    )
    all_schools = sorted(rows["school_code"].unique())
    expected = expected.reindex(all_schools)
    counts = [c for c in expected.columns if c != "mean_score"]
    expected[counts] = expected[counts].fillna(0).astype("int64")
    expected["below_minimum"] = expected["mark2"]
    expected["high_results"] = 0
    return expected.rename_axis("school_code")


@pytest.mark.parametrize("layout", ["2020", "2021", "2022"])
def test_aggregates_match_a_plain_computation(tmp_path, layout):
    path = WRITERS[layout](tmp_path / f"vpr{layout}.xlsx")
    table, problems, meta = read_vpr(path, scale=SCALE, **KEYS)
    assert problems == []
    assert list(table.columns) == AGGREGATE_COLUMNS
    expected = expected_aggregates(SAMPLE, SCALE, PREFIX[layout])
    got = table.set_index("school_code")
    pd.testing.assert_frame_equal(
        got[expected.columns], expected[expected.columns], check_dtype=False
    )
    assert (table["procedure"] == "VPR").all()
    assert set(table["year"]) == {2021} and set(table["grade"]) == {4}
    assert set(table["subject"]) == {"Математика"}
    assert table[COUNT_COLUMNS].dtypes.map(pd.api.types.is_integer_dtype).all()


@pytest.mark.parametrize("layout", ["2020", "2021", "2022"])
def test_one_school_by_hand(tmp_path, layout):
    path = WRITERS[layout](tmp_path / f"vpr{layout}.xlsx")
    table, _, meta = read_vpr(path, scale=SCALE, **KEYS)
    first = table.set_index("school_code").loc[PREFIX[layout] + "220001"]
    # Present with a score: 14, 9, 5, 10.5, 20 -> marks 5, 3, 2, 4, 5; journal 4, 3, —, 5, —.
    assert first["participants"] == 5
    assert [first[f"mark{m}"] for m in range(2, 6)] == [1, 1, 1, 2]
    assert first["below_minimum"] == 1
    assert (first["lowered"], first["confirmed"], first["raised"]) == (1, 1, 1)
    assert first["mean_score"] == pytest.approx(58.5 / 5)
    all_absent = table.set_index("school_code").loc[PREFIX[layout] + "220003"]
    assert all_absent["participants"] == 0 and math.isnan(all_absent["mean_score"])
    assert meta["absent"] == 4
    # The stray variant 0 and the "X" total are present but without a score.
    assert meta["present"] == 10 and meta["participants"] == 8
    assert any("вариант «0»" in str(warning) for warning in meta["warnings"])


def test_2022_packed_cells_year_subject_grade_from_the_file(tmp_path):
    path = write_2022(tmp_path / "protocol.xlsx")
    table, problems, meta = read_vpr(path, scale=SCALE)
    assert problems == []
    assert (meta["year"], meta["subject"], meta["grade"]) == (2022, "Математика", 4)
    assert meta["max_score"] == 20
    school = table.set_index("school_code").loc["edu220001"]
    assert school["school_name"] == 'МБОУ "Первая СОШ"'
    assert school["municipality"] == "Алейский район"


def test_2021_municipality_and_text_numbers(tmp_path):
    path = write_2021(tmp_path / "protocol.xlsx")
    pupils, problems, meta = read_protocol(path)
    assert problems == []
    assert meta["format"] == "ВПР 2021"
    first = pupils.iloc[0]
    assert (first["row"], first["school_code"], first["score"]) == (2, "sch220001", 14.0)
    assert first["municipality"] == "Алейский район" and first["journal_mark"] == 4
    # Empty rows are skipped, yet row numbers stay those of Excel.
    assert pupils["row"].tolist()[:5] == [2, 3, 4, 6, 7]


def test_options_override_the_file_and_its_name(tmp_path):
    path = write_2022(tmp_path / "vpr2022-g4-math.xlsx")
    table, problems, meta = read_vpr(path, scale=SCALE, year=2023, subject="Алгебра", grade=5)
    assert problems == []
    assert set(table["year"]) == {2023} and set(table["subject"]) == {"Алгебра"}
    assert set(table["grade"]) == {5}


def test_keys_from_the_file_name(tmp_path):
    folder = tmp_path / "2021" / "4"
    folder.mkdir(parents=True)
    path = write_2021(folder / "Русский язык.xlsx")
    table, problems, meta = read_vpr(path, scale=SCALE)
    assert problems == []
    assert (meta["year"], meta["subject"], meta["grade"]) == (2021, "Русский язык", 4)


def test_missing_keys_are_named(tmp_path):
    path = write_2021(tmp_path / "results.xlsx")
    table, problems, _ = read_vpr(path, scale=SCALE, subject="Математика")
    assert table.empty
    messages = [str(problem) for problem in problems]
    assert any("год проведения" in message for message in messages)
    assert any("класс" in message for message in messages)
    assert not any("предмет" in message for message in messages)


def test_file_and_name_disagreeing_is_a_problem(tmp_path):
    path = write_2022(tmp_path / "vpr2022-g5-math.xlsx")
    _, problems, _ = read_vpr(path, scale=SCALE)
    assert [str(problem) for problem in problems] == [
        "Не ясно, какой класс: в файле — 4, в имени файла — 5; укажите его явно"
    ]


def test_scale_looked_up_from_what_the_file_is(tmp_path):
    path = write_2022(tmp_path / "protocol.xlsx")
    asked = []

    def lookup(year, subject, grade):
        asked.append((year, subject, grade))
        return None

    table, problems, _ = read_vpr(path, scale=lookup)
    assert asked == [(2022, "Математика", 4)]
    assert table.empty
    assert "Нет шкалы перевода баллов в отметки для ВПР 2022 года, Математика, 4 класс" in str(
        problems[0]
    )
    table, problems, _ = read_vpr(path, scale=lambda *keys: Scale(6, 10, 12, 12))
    assert {problem.row for problem in problems} == {2, 9, 13}


def test_zero_total_with_task_points_takes_their_sum(tmp_path):
    pupils = [Pupil("220001", "1", 0, "4", tasks=("5", "4", "X", "3")), Pupil("220001", "2", 7)]
    path = write_2022(tmp_path / "protocol.xlsx", pupils)
    table, problems, meta = read_vpr(path, scale=SCALE)
    assert problems == []
    assert table.loc[0, "mean_score"] == pytest.approx((12 + 7) / 2)
    assert "Строки 2:" in str(meta["warnings"][0])


def test_stray_journal_marks_are_ignored_with_a_warning(tmp_path):
    pupils = [Pupil("220001", "1", "15", "ж"), Pupil("220001", "1", "15", "5")]
    path = write_2021(tmp_path / "protocol.xlsx", pupils)
    table, problems, meta = read_vpr(path, scale=SCALE, **KEYS)
    assert problems == []
    assert table.loc[0, "confirmed"] == 1 and table.loc[0, "raised"] == 0
    assert str(meta["warnings"][0]).startswith("Строки 2: в столбце «отметка за предыдущую")


def test_csv_in_cp1251_with_semicolons(tmp_path):
    path = write_csv(tmp_path / "protocol.csv", rows_2021(SAMPLE), encoding="cp1251")
    table, problems, _ = read_vpr(path, scale=SCALE, **KEYS)
    assert problems == []
    expected = expected_aggregates(SAMPLE, SCALE, "sch")
    assert table["participants"].tolist() == expected["participants"].tolist()


def test_csv_in_another_encoding_is_refused(tmp_path):
    path = write_csv(tmp_path / "protocol.csv", rows_2021(SAMPLE), encoding="utf-16")
    _, problems, _ = read_vpr(path, scale=SCALE, **KEYS)
    assert problems == [
        Problem(
            None,
            "Файл CSV не в кодировке UTF-8 или Windows-1251: "
            "сохраните его в одной из них и загрузите снова",
        )
    ]


def test_missing_columns_are_named(tmp_path):
    rows = [[value for i, value in enumerate(row) if i not in (0, 8)] for row in rows_2021(SAMPLE)]
    path = write_xlsx(tmp_path / "protocol.xlsx", {"Sheet": rows})
    _, problems, _ = read_vpr(path, scale=SCALE, **KEYS)
    assert [str(problem) for problem in problems] == [
        "Нет обязательных столбцов: «логин школы», «всего баллов» (формат «ВПР 2021»)"
    ]


def test_scores_out_of_range_and_not_numbers_with_row_numbers(tmp_path):
    pupils = [
        Pupil("220001", "1", "12"),
        Pupil("220001", "1", "21"),
        None,
        Pupil("220001", "1", "-1"),
        Pupil("220001", "1", "двенадцать"),
        Pupil("220001", ABSENT, "99"),
    ]
    path = write_2021(tmp_path / "protocol.xlsx", pupils)
    _, problems, _ = read_vpr(path, scale=SCALE, **KEYS)
    assert [str(problem) for problem in problems] == [
        "Строка 6: в столбце «всего баллов» не число: «двенадцать»",
        "Строка 5: в столбце «всего баллов» отрицательный балл",
        "Строка 3: в столбце «всего баллов» балл больше максимального (20): 21",
    ]
    with pytest.raises(ImportRefused) as refused:
        raise ImportRefused(problems)
    assert str(refused.value).splitlines()[0].startswith("Строка 6: ")


def test_the_2022_task_maxima_bound_the_total(tmp_path):
    path = write_2022(tmp_path / "protocol.xlsx", [Pupil("220001", "1", 21)])
    _, problems, _ = read_vpr(path, scale=Scale(6, 10, 14))
    assert [str(problem) for problem in problems] == [
        "Строка 2: в столбце «Итого баллов» балл больше максимального (20): 21"
    ]


def test_many_bad_rows_are_summed_up(tmp_path):
    path = write_2021(tmp_path / "protocol.xlsx", [Pupil("220001", "1", "30")] * 25)
    _, problems, _ = read_vpr(path, scale=SCALE, **KEYS)
    assert len(problems) == 21
    assert str(problems[-1]) == (
        "…и ещё 5 строк: в столбце «всего баллов» балл больше максимального (20)"
    )


def test_empty_files(tmp_path):
    empty_book = write_xlsx(tmp_path / "empty.xlsx", {"Sheet": []})
    header_only = write_xlsx(tmp_path / "header.xlsx", {"Sheet": rows_2021([])})
    empty_csv = tmp_path / "empty.csv"
    empty_csv.write_bytes(b"")
    for path in (empty_book, empty_csv):
        _, problems, _ = read_vpr(path, scale=SCALE, **KEYS)
        assert problems == [Problem(None, "Файл пуст: в нём нет ни одной строки")]
    _, problems, _ = read_vpr(header_only, scale=SCALE, **KEYS)
    assert problems == [
        Problem(None, "Файл пуст: под заголовком нет ни одной строки с результатами")
    ]


def test_a_zip_of_something_else_is_not_a_workbook(tmp_path):
    path = tmp_path / "vpr.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "не таблица")
    text = tmp_path / "notes.xlsx"
    text.write_text("логин школы;вариант", encoding="utf-8")
    for broken in (path, text):
        _, problems, _ = read_vpr(broken, scale=SCALE, **KEYS)
        assert problems == [Problem(None, "Файл не является книгой Excel (.xlsx)")]
        assert not is_protocol(broken)


def test_an_unknown_table_is_refused_naming_its_headers(tmp_path):
    path = write_xlsx(tmp_path / "logins.xlsx", {"Sheet": [["логин", "имя", "регион"]]})
    _, problems, _ = read_vpr(path, scale=SCALE, **KEYS)
    assert "Не удалось распознать протокол ВПР" in str(problems[0])
    assert "Первая строка файла: логин, имя, регион" in str(problems[0])
    assert not is_protocol(path)


def test_a_summary_table_sharing_some_headers_is_not_a_protocol(tmp_path):
    header = ["Код школы", "Школа", "Муниципалитет", "Год", "Процедура", "Участников"]
    path = write_csv(tmp_path / "oge.csv", [header, ["sch220001", "Школа", "Район", 2023]])
    assert not is_protocol(path)


@pytest.mark.parametrize("layout", ["2020", "2021", "2022"])
def test_is_protocol_and_file_objects(tmp_path, layout):
    path = WRITERS[layout](tmp_path / "protocol.xlsx")
    assert is_protocol(path)
    upload = io.BytesIO(path.read_bytes())
    upload.name = "vpr2021-g4-math.xlsx"
    table, problems, _ = read_vpr(upload, scale=SCALE, year=2021 if layout == "2022" else None)
    assert problems == [] and table["participants"].sum() == 8


def test_marks_follow_the_scale():
    scores = pd.Series([0, 5.5, 6, 9, 10, 13, 14, 20, None])
    assert marks(scores, Scale(6, 10, 14)).tolist() == [2, 2, 3, 3, 4, 4, 5, 5, pd.NA]


@pytest.mark.parametrize(
    "thresholds",
    [(6, 6, 14), (10, 6, 14), (-1, 6, 14), (6, 10, 14, 12)],
)
def test_scales_must_increase(thresholds):
    with pytest.raises(ValueError, match="Шкала"):
        Scale(*thresholds)


def test_scale_from_the_command_line():
    assert Scale.parse("6, 10,14") == Scale(6, 10, 14)
    with pytest.raises(ValueError, match="три числа"):
        Scale.parse("6,10")


def test_a_file_changed_after_is_protocol_is_read_again(tmp_path):
    path = write_2021(tmp_path / "protocol.xlsx")
    assert is_protocol(path)
    write_2021(path, [Pupil("220009", "1", "12", "4")])
    pupils, problems, _ = read_protocol(path)
    assert problems == [] and pupils["school_code"].tolist() == ["sch220009"]
