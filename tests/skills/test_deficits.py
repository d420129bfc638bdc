"""A school's strong and weak skills from a hand-made table of task results."""

import pandas as pd

from indicators.results.queries import TASK_RESULT_COLUMNS
from skills.deficits import school_skills
from skills.queries import TaskInfo

GAP = 15
MINIMUM = 5
VPR = "VPR"


def frame(rows):
    """Task results: (year, subject, grade, task, participants, success rate)."""
    records = [
        {
            "school_id": None,
            "school_code": None,
            "municipality": None,
            "year": year,
            "procedure": VPR,
            "subject": subject,
            "grade": grade,
            "task": task,
            "position": int(task),
            "max_points": 1,
            "participants": participants,
            "points": participants * rate / 100,
            "mean_points": rate / 100,
            "success_rate": rate,
        }
        for year, subject, grade, task, participants, rate in rows
    ]
    return pd.DataFrame.from_records(records, columns=TASK_RESULT_COLUMNS)


def rates(year, subject, grade, participants, by_task):
    return [(year, subject, grade, task, participants, rate) for task, rate in by_task.items()]


# Mathematics, grade 5, 2024. School − region, in percentage points:
#   1: 90 − 70 = +20  strong     2: 40 − 60 = −20  weak       3: 50 − 64 = −14  neither
#   4: 86 − 70 = +16  strong     5: 20 − 50 = −30  weak       6: 70 − 55 = +15  strong (at the gap)
#   7: 55 − 70 = −15  weak (at the gap)
SCHOOL = {"1": 90, "2": 40, "3": 50, "4": 86, "5": 20, "6": 70, "7": 55}
MUNICIPALITY = {"1": 75, "2": 58, "3": 60, "4": 72, "5": 45, "6": 50, "7": 66}
REGION = {"1": 70, "2": 60, "3": 64, "4": 70, "5": 50, "6": 55, "7": 70}
DESCRIBED = {
    "1": TaskInfo("Умение выполнять арифметические действия", "Б", 1),
    "2": TaskInfo("Умение решать текстовые задачи", "Б", 1),
    "5": TaskInfo("Умение работать с дробями", "П", 1),
}


def compute(school, municipality=None, region=None, descriptions=None, **options):
    options = {"gap": GAP, "min_participants": MINIMUM, **options}
    return school_skills(
        frame(school),
        frame(municipality or []),
        frame(region or []),
        descriptions or {},
        **options,
    )


def mathematics_2024(participants=20):
    return {
        "school": rates(2024, "Математика", 5, participants, SCHOOL),
        "municipality": rates(2024, "Математика", 5, 300, MUNICIPALITY),
        "region": rates(2024, "Математика", 5, 9000, REGION),
        "descriptions": {(VPR, "Математика", 5): DESCRIBED},
    }


def test_weak_and_strong_tasks_against_the_region_with_the_gap_inclusive():
    (work,) = compute(**mathematics_2024())

    # Weak: the lowest school rate first; strong: the highest first.
    assert [task.label for task in work.weak] == ["5", "2", "7"]
    assert [task.label for task in work.strong] == ["1", "4", "6"]
    assert (work.year, work.subject, work.grade, work.participants) == (2024, "Математика", 5, 20)
    assert work.enough_participants


def test_each_task_carries_the_three_rates_and_its_skill():
    (work,) = compute(**mathematics_2024())

    assert [task.label for task in work.tasks] == ["1", "2", "3", "4", "5", "6", "7"]
    weakest = work.weak[0]
    assert (weakest.school, weakest.municipality, weakest.region) == (20, 45, 50)
    assert weakest.skill == "Умение работать с дробями"
    assert weakest.described
    undescribed = work.weak[2]
    assert undescribed.skill == "Задание 7"
    assert not undescribed.described


def test_lists_are_capped():
    (work,) = compute(**mathematics_2024(), limit=2)

    assert [task.label for task in work.weak] == ["5", "2"]
    assert [task.label for task in work.strong] == ["1", "4"]


def test_below_the_minimum_of_participants_nothing_is_listed():
    (work,) = compute(**mathematics_2024(participants=MINIMUM - 1))

    assert not work.enough_participants
    assert work.weak == () and work.strong == ()


def test_only_the_latest_year_each_work_apart():
    data = mathematics_2024()
    data["school"] += rates(2023, "Математика", 5, 20, {"1": 5, "2": 5})
    data["school"] += rates(2024, "Русский язык", 5, 20, {"1": 30, "2": 80})
    data["region"] += rates(2024, "Русский язык", 5, 9000, {"1": 60, "2": 60})
    data["municipality"] += rates(2024, "Русский язык", 5, 300, {"1": 50, "2": 70})

    works = compute(**data)

    assert [(work.year, work.subject) for work in works] == [
        (2024, "Математика"),
        (2024, "Русский язык"),
    ]
    russian = works[1]
    assert [task.label for task in russian.weak] == ["1"]
    assert [task.label for task in russian.strong] == ["2"]
    assert russian.weak[0].skill == "Задание 1"  # no description of Russian


def test_no_task_results_no_works():
    assert compute([]) == []
