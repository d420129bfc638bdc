"""The coordinators' report computed from a hand-made table of task results."""

import pandas as pd

from indicators.results.queries import TASK_RESULT_COLUMNS
from skills.queries import TaskInfo
from skills.report import BelowRegion, task_rows

MINIMUM = 5
NORTH, SOUTH = "Северный район", "Южный район"
# Schools: id → (name, municipality, pupils). D's 4 pupils are below the minimum.
SCHOOLS = {1: ("Школа А", NORTH, 20), 2: ("Школа Б", NORTH, 20), 3: ("Школа В", SOUTH, 20)}
SCHOOLS[4] = ("Школа Г", SOUTH, 4)
NAMES = {pk: name for pk, (name, _municipality, _pupils) in SCHOOLS.items()}
# Success rates per task of A, B, C; D did as C, so the south is C's rate.
RATES = {"1": (90, 70, 50), "2": (30, 40, 20), "3": (60, 20, 70)}
# By hand: region = (20·A + 20·B + 24·C) / 64; north = (A + B) / 2; south = C.
REGION = {"1": 68.75, "2": 29.375, "3": 51.25}
MUNICIPALITIES = {NORTH: {"1": 80, "2": 35, "3": 40}, SOUTH: {"1": 50, "2": 20, "3": 70}}
DESCRIBED = {"2": TaskInfo("Умение решать текстовые задачи", "П", 2)}


def record(task, participants, rate, school_id=None, municipality=None):
    return {
        "school_id": school_id,
        "school_code": f"sch{school_id}" if school_id else None,
        "municipality": municipality,
        "year": 2024,
        "procedure": "VPR",
        "subject": "Математика",
        "grade": 5,
        "task": task,
        "position": int(task),
        "max_points": 1,
        "participants": participants,
        "points": participants * rate / 100,
        "mean_points": rate / 100,
        "success_rate": rate,
    }


def frame(records):
    return pd.DataFrame.from_records(records, columns=TASK_RESULT_COLUMNS)


def schools_frame(municipality=None):
    records = []
    for pk, (_name, place, pupils) in SCHOOLS.items():
        if municipality in (None, place):
            for task, rates in RATES.items():
                records.append(record(task, pupils, rates[min(pk, 3) - 1], pk, place))
    return frame(records)


def municipalities_frame(names=(NORTH, SOUTH)):
    pupils = {NORTH: 40, SOUTH: 24}
    return frame(
        record(task, pupils[name], rate, municipality=name)
        for name in names
        for task, rate in MUNICIPALITIES[name].items()
    )


def region_frame(rates=REGION, pupils=64):
    return frame(record(task, pupils, rate) for task, rate in rates.items())


def compute(schools, municipalities, selection):
    return task_rows(
        schools,
        municipalities,
        region_frame(),
        selection,
        DESCRIBED,
        NAMES,
        min_participants=MINIMUM,
    )


def test_the_whole_region_weakest_task_first_with_those_below_it():
    rows = compute(schools_frame(), municipalities_frame(), region_frame())

    assert [row.label for row in rows] == ["2", "3", "1"]
    weakest = rows[0]
    assert (weakest.skill, weakest.level, weakest.max_points) == (
        "Умение решать текстовые задачи",
        "П",
        2,
    )
    assert weakest.described and weakest.deficit
    assert (weakest.region, weakest.selection, weakest.schools) == (29.375, 29.375, 4)
    # Only C is below the region (A's 30 is above 29.375); D is as low but has 4 pupils.
    assert weakest.schools_below == (BelowRegion("Школа В", 20, 9.375, 20, SOUTH),)
    assert weakest.municipalities == (BelowRegion(SOUTH, 20, 9.375, 24),)

    third, first = rows[1], rows[2]
    assert (third.skill, third.level, third.max_points) == ("Задание 3", "", 1)
    assert not third.described and not third.deficit  # 51.25 % is not below half
    assert third.schools_below == (BelowRegion("Школа Б", 20, 31.25, 20, NORTH),)
    assert third.municipalities == (BelowRegion(NORTH, 40, 11.25, 40),)
    assert first.schools_below == (BelowRegion("Школа В", 50, 18.75, 20, SOUTH),)
    assert first.municipalities == (BelowRegion(SOUTH, 50, 18.75, 24),)


def test_a_selection_is_ordered_by_its_own_rate_against_the_whole_region():
    north = municipalities_frame([NORTH])
    selection = north.assign(municipality=None)
    rows = compute(schools_frame(NORTH), north, selection)

    assert [(row.label, row.selection, row.region) for row in rows] == [
        ("2", 35, 29.375),
        ("3", 40, 51.25),
        ("1", 80, 68.75),
    ]
    assert [row.deficit for row in rows] == [True, True, False]
    assert [row.schools for row in rows] == [2, 2, 2]
    assert rows[0].schools_below == () and rows[0].municipalities == ()
    assert [school.name for school in rows[1].schools_below] == ["Школа Б"]


def test_at_most_five_furthest_below_each():
    rates = [10, 20, 30, 40, 45, 48, 49, 60]
    schools = frame(
        record("1", 20, rate, pk, f"Район {pk}") for pk, rate in enumerate(rates, start=1)
    )
    region = region_frame({"1": 50}, pupils=160)
    rows = task_rows(
        schools,
        schools.assign(school_id=None, school_code=None),
        region,
        region,
        {},
        {pk: f"Школа {pk}" for pk in range(1, 9)},
        min_participants=MINIMUM,
    )

    assert [school.name for school in rows[0].schools_below] == [f"Школа {n}" for n in range(1, 6)]
    assert [unit.below for unit in rows[0].municipalities] == [40, 30, 20, 10, 5]


def test_no_task_results_no_rows():
    nothing = frame([])
    assert task_rows(nothing, nothing, nothing, nothing, {}, {}, min_participants=MINIMUM) == []
