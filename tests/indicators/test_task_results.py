"""Per-task results of ВПР protocols («дефицитные умения»): labels, the aggregates of a fixture
protocol against a hand computation, re-import, languages, and ``export_task_results``."""

import csv
import io
import json

import numpy as np
import pandas as pd
import pytest
from django.core.management import CommandError
from wagtail import hooks

from indicators.importing.service import TASK_MAXIMA_HOOK
from indicators.importing.task_scores import (
    TASK_COLUMNS,
    aggregate_tasks,
    observed_maxima,
    resolve_maxima,
    task_columns,
    task_label,
)
from indicators.models import ResultAggregate, TaskResult
from tests.factories import MunicipalityFactory, SchoolFactory
from tests.indicators.fixtures import (
    ABSENT,
    Pupil,
    classes_2022,
    write_2020,
    write_2021,
    write_2022,
    write_csv,
)
from tests.indicators.test_commands import run

# --- labels and the pure aggregation ------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "label"),
    [
        ("a-7-grade", "7"),
        ("балл за 7", "7"),
        ("Балл за  12", "12"),
        ("10К1 (2б)", "10К1"),
        ("10K1 (2б)", "10К1"),  # Latin K
        ("1k2", "1К2"),
        ("5(1) (1б)", "5(1)"),
        ("11.2 (1б)", "11.2"),
        ("3", "3"),
    ],
)
def test_a_task_is_labelled_as_the_protocol_names_it_without_the_maximum(header, label):
    assert task_label(header) == label


def test_per_school_aggregates_equal_a_hand_computed_table():
    # NaN: no score for the task (an empty cell or «не пройд.»); X was read as 0.
    points = pd.DataFrame(
        {"1": [1, 0, 1, 1, 0], "2": [2, 1, np.nan, 0, 2], "3К1": [3, 3, 0, 1, 1]},
        dtype=float,
    )
    schools = pd.Series(["a", "a", "a", "b", "b"])
    maxima = pd.Series({"1": 1.0, "2": 2.0, "3К1": 3.0})

    result = aggregate_tasks(points, schools, maxima)

    expected = [
        # school, task, position, max, participants, points, mean, success %
        ("a", "1", 1, 1, 3, 2.0, 2 / 3, 200 / 3),
        ("a", "2", 2, 2, 2, 3.0, 1.5, 75.0),
        ("a", "3К1", 3, 3, 3, 6.0, 2.0, 200 / 3),
        ("b", "1", 1, 1, 2, 1.0, 0.5, 50.0),
        ("b", "2", 2, 2, 2, 2.0, 1.0, 50.0),
        ("b", "3К1", 3, 3, 2, 2.0, 1.0, 100 / 3),
    ]
    pd.testing.assert_frame_equal(
        result, pd.DataFrame(expected, columns=TASK_COLUMNS), check_dtype=False
    )


def test_without_a_given_maximum_a_lone_stray_score_does_not_make_one():
    # 150 pupils scored 1, 49 scored 0 and one row (another subject's points) says 4.
    points = pd.DataFrame({"9": [1.0] * 150 + [0.0] * 49 + [4.0]})
    maxima = resolve_maxima(points)

    assert maxima["9"] == 1
    result = aggregate_tasks(points, pd.Series(["a"] * 200), maxima)
    assert result.loc[0, "participants"] == 199  # the 4 is no score for the task
    assert result.loc[0, "success_rate"] == pytest.approx(150 / 199 * 100)


def test_a_given_maximum_wins_over_the_scores_and_a_small_file_takes_the_largest_score():
    points = pd.DataFrame({"1": [0.0, 1.0, 2.0], "2": [0.0, 1.0, 1.0]})
    assert observed_maxima(points).to_dict() == {"1": 2.0, "2": 1.0}
    assert resolve_maxima(points, {"2": 3}).to_dict() == {"1": 2.0, "2": 3.0}


def test_a_column_filled_on_a_few_shifted_rows_is_not_a_task():
    points = pd.DataFrame({"1": [1.0, 0.0, 1.0, 1.0], "17": [np.nan, np.nan, np.nan, 2.0]})
    assert task_columns(points) == ["1"]


# --- a protocol imported -----------------------------------------------------------------------

# Maxima 1, 2, 1, 3: the largest scores below; the 2022 headers say the same.
PUPILS = [
    Pupil("220001", "1", "5", tasks=("1", "2", "X", "2")),
    Pupil("220001", "2", "3", tasks=("0", "1", "1", "1")),
    Pupil("220001", ABSENT, tasks=(None, None, None, None)),
    # A total without a variant: the pupil wrote the work.
    Pupil("220001", None, "4", tasks=("1", "0", "1", "2")),
    # «не пройд.»: no score for task 3, which the pupil does not count for.
    Pupil("220001", "1", "2", tasks=("1", "1", "не пройд.", "0")),
    Pupil("220002", "1", "6", tasks=("1", "2", "1", "3")),
    Pupil("220002", "2", "0", tasks=("0", "0", "X", "0")),
    Pupil("220002", None, None, tasks=(None, None, None, None)),
    Pupil("220003", "1", "4", tasks=("1", "1", "1", "1")),
]
TASKS_2022 = ["1 (1б)", "2 (2б)", "3K1 (1б)", "3К2 (3б)"]
LABELS = {"2020": ["1", "2", "3", "4"], "2021": ["1", "2", "3", "4"]}
LABELS["2022"] = ["1", "2", "3К1", "3К2"]
# By hand from PUPILS: per school and task, (participants, points); maxima 1, 2, 1, 3.
HAND = {
    "220001": [(4, 3), (4, 4), (3, 2), (4, 5)],
    "220002": [(2, 1), (2, 2), (2, 1), (2, 3)],
    "220003": [(1, 1), (1, 1), (1, 1), (1, 1)],
}
MAXIMA = [1, 2, 1, 3]
SCALE = ("--scale", "6,10,14")
NAME = "Проведение работы по математике, 4 класс. ВПР {year}.xlsx"


def write_protocol(folder, layout, pupils=PUPILS):
    path = folder / NAME.format(year=layout)
    if layout == "2022":
        return write_2022(path, pupils, tasks=TASKS_2022)
    return {"2020": write_2020, "2021": write_2021}[layout](path, pupils)


@pytest.fixture
def schools(db):
    aleysk = MunicipalityFactory(name="Алейский район")
    biysk = MunicipalityFactory(name="город Бийск")
    return [
        SchoolFactory(municipality=aleysk, code__code="sch220001"),
        SchoolFactory(municipality=biysk, code__code="sch220002"),
        SchoolFactory(municipality=biysk, code__code="sch220003"),
    ]


def stored_tasks(**filters):
    """{(login, subject, task): (max, participants, points, success rate)} of stored tasks."""
    rows = TaskResult.objects.filter(**filters).values_list(
        "result__school__codes__code",
        "result__subject__name",
        "task",
        "max_points",
        "participants",
        "points",
        "success_rate",
    )
    return {
        (code, subject, task): (maximum, participants, points, round(rate, 4))
        for code, subject, task, maximum, participants, points, rate in rows
    }


def hand_computed(labels, subject="Математика"):
    expected = {}
    for school, tasks in HAND.items():
        for label, maximum, (participants, points) in zip(labels, MAXIMA, tasks, strict=True):
            rate = round(points / participants / maximum * 100, 4)
            expected[(f"sch{school}", subject, label)] = (maximum, participants, points, rate)
    return expected


@pytest.mark.parametrize("layout", ["2020", "2021", "2022"])
def test_a_protocols_task_results_equal_a_hand_computation(schools, tmp_path, layout):
    run("import_results", write_protocol(tmp_path, layout), *SCALE)

    assert stored_tasks() == hand_computed(LABELS[layout])
    positions = TaskResult.objects.filter(result__school=schools[0]).values_list("task", "position")
    assert list(positions) == [(label, n) for n, label in enumerate(LABELS[layout], start=1)]


def test_a_task_description_gives_the_maxima_the_headers_do_not(schools, tmp_path):
    asked = []

    def described(year, subject, grade, labels):
        asked.append((year, subject, grade, labels))
        return {"2": 4, "4": 5}

    with hooks.register_temporarily(TASK_MAXIMA_HOOK, described):
        run("import_results", write_protocol(tmp_path, "2021"), *SCALE)

    assert asked == [(2021, "Математика", 4, ["1", "2", "3", "4"])]
    tasks = stored_tasks(result__school=schools[0])
    assert tasks[("sch220001", "Математика", "2")][0] == 4
    assert tasks[("sch220001", "Математика", "2")][3] == 25.0
    assert tasks[("sch220001", "Математика", "1")][0] == 1  # not described: from the scores


def test_the_2022_headers_win_over_a_description(schools, tmp_path):
    with hooks.register_temporarily(TASK_MAXIMA_HOOK, lambda *args: {"2": 4}):
        run("import_results", write_protocol(tmp_path, "2022"), *SCALE)

    assert stored_tasks() == hand_computed(LABELS["2022"])


def test_importing_a_protocol_again_replaces_its_schools_task_results(schools, tmp_path):
    run("import_results", write_protocol(tmp_path, "2021"), *SCALE)
    again = [
        Pupil("220001", "1", "1", tasks=("1", "0", "0", "0")),
        Pupil("220001", "2", "3", tasks=("0", "2", "1", "0")),
    ]
    before = stored_tasks(result__school__in=schools[1:])

    (tmp_path / "again").mkdir()
    out = run("import_results", write_protocol(tmp_path / "again", "2021", again), *SCALE)

    assert "добавлено: 0, заменено: 1" in out
    tasks = stored_tasks(result__school=schools[0])
    assert {task: values[1:3] for (_, _, task), values in tasks.items()} == {
        "1": (2, 1),
        "2": (2, 2),
        "3": (2, 1),
    }  # task 4: nobody scored in this file, its maximum is unknown and its old rows are gone
    assert stored_tasks(result__school__in=schools[1:]) == before
    assert TaskResult.objects.count() == 3 + len(before)


def test_importing_another_language_never_touches_the_first_ones_tasks(schools, tmp_path):
    english = tmp_path / "Проведение работы по английскому языку, 7 класс. ВПР 2021.xlsx"
    german = tmp_path / "ВПР 2021. Немецкий язык, 7 класс.xlsx"
    run("import_results", write_2021(english, PUPILS), *SCALE)
    english_tasks = stored_tasks()

    run("import_results", write_2021(german, PUPILS[:2]), *SCALE)

    assert stored_tasks(result__subject__name="Английский язык") == english_tasks
    german_tasks = stored_tasks(result__subject__name="Немецкий язык")
    assert {key[2] for key in german_tasks} == {"1", "2", "3", "4"}
    assert {key[0] for key in german_tasks} == {"sch220001"}


def test_the_2022_textbook_language_keeps_the_tasks_apart_too(schools, tmp_path):
    textbook = "en7.1 | 1.2.1.3.1.1 | Ваулина Ю.Е. Английский язык 7 класс"
    classes = classes_2022(["220001", "220002", "220003"], textbook=textbook)
    path = write_2022(
        tmp_path / "p.xlsx", PUPILS, classes=classes, class_name="7А", tasks=TASKS_2022
    )

    run("import_results", path, *SCALE)

    assert stored_tasks() == hand_computed(LABELS["2022"], "Английский язык")


def test_a_dry_run_stores_no_task_results(schools, tmp_path):
    run("import_results", write_protocol(tmp_path, "2021"), *SCALE, "--dry-run")
    assert not TaskResult.objects.exists()


def test_a_summary_table_stores_no_tasks_and_leaves_a_protocols_alone(schools, tmp_path):
    run("import_results", write_protocol(tmp_path, "2021"), *SCALE)
    before = stored_tasks()
    header = ["Код школы", "Год", "Процедура", "Предмет", "Класс", "Участников", "Средний балл"]
    rows = [
        header,
        ["sch220001", 2021, "ВПР", "Математика", 4, 5, "3,5"],
        ["sch220002", 2022, "ВПР", "Математика", 4, 3, "4"],
    ]

    run("import_results", write_csv(tmp_path / "summary.csv", rows), "--format", "summary")

    assert ResultAggregate.objects.get(school=schools[0], year=2021).participants == 5
    assert ResultAggregate.objects.filter(year=2022).count() == 1
    assert stored_tasks() == before


# --- export_task_results -----------------------------------------------------------------------

CONTRACT = [
    "school_code",
    "municipality",
    "year",
    "procedure",
    "subject",
    "grade",
    "task",
    "max_points",
    "participants",
    "mean_points",
    "success_rate",
    "skill",
    "level",
    "few_participants",
]


@pytest.fixture
def imported(schools, tmp_path):
    run("import_results", write_protocol(tmp_path, "2021"), *SCALE)


def export(*args):
    # The fixture's schools are far below the public minimum: the numbers are checked unhidden.
    return run("export_task_results", "--private", *args)


def csv_rows(text):
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_the_csv_export_follows_the_contract_at_the_school_level(imported):
    rows = csv_rows(export("--format", "csv"))

    assert rows[0] == CONTRACT
    assert len(rows) == 1 + 12
    assert rows[1:5] == [
        ["sch220001", "Алейский район", "2021", "VPR", "Математика", "4", *values, "", "", "true"]
        for values in [
            ["1", "1", "4", "0.75", "75.0"],
            ["2", "2", "4", "1.0", "50.0"],
            ["3", "1", "3", "0.6667", "66.6667"],
            ["4", "3", "4", "1.25", "41.6667"],
        ]
    ]
    assert [row[0] for row in rows[5:]] == ["sch220002"] * 4 + ["sch220003"] * 4


def test_the_json_export_weighs_schools_by_participants_above_the_school_level(imported):
    municipalities = json.loads(export("--format", "json", "--level", "municipality"))
    region = json.loads(export("--format", "json", "--level", "region"))

    assert all(list(row) == CONTRACT for row in municipalities + region)
    biysk = [row for row in municipalities if row["municipality"] == "город Бийск"]
    assert [
        (row["task"], row["participants"], row["mean_points"], row["success_rate"]) for row in biysk
    ] == [
        ("1", 3, 0.6667, 66.6667),
        ("2", 3, 1.0, 50.0),
        ("3", 3, 0.6667, 66.6667),
        ("4", 3, 1.3333, 44.4444),
    ]
    assert {row["school_code"] for row in municipalities + region} == {None}
    assert {row["municipality"] for row in region} == {None}
    assert {row["skill"] for row in region} == {row["level"] for row in region} == {None}
    assert [
        (row["task"], row["max_points"], row["participants"], row["success_rate"]) for row in region
    ] == [("1", 1, 7, 71.4286), ("2", 2, 7, 50.0), ("3", 1, 6, 66.6667), ("4", 3, 7, 42.8571)]


def test_the_export_filters_and_writes_to_a_file(imported, tmp_path):
    output = tmp_path / "tasks.json"
    assert export("--format", "json", "--subject", "математика", "--output", output) == ""
    assert len(json.loads(output.read_text(encoding="utf-8"))) == 12
    assert json.loads(export("--format", "json", "--year", "2020")) == []
    assert csv_rows(export("--format", "csv", "--grade", "5", "--level", "region")) == [CONTRACT]


def test_an_unknown_subject_or_an_unwritable_file_is_refused_in_russian(imported, tmp_path):
    with pytest.raises(CommandError, match="Предмет «Астрономия» не найден"):
        export("--format", "csv", "--subject", "Астрономия")
    with pytest.raises(CommandError, match="Не удалось записать файл .*проверьте, что папка есть"):
        export("--format", "csv", "--output", tmp_path / "нет" / "tasks.csv")
