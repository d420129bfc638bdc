"""Who counts and which grade a result takes, through ``manage.py import_results``: pupils whose
variant cell is empty in ВПР protocols of the real layouts, ОГЭ/ЕГЭ rows with an empty «Класс»."""

import csv

import pytest
from django.core.management import CommandError

from indicators.models import ResultAggregate
from tests.factories import SchoolFactory
from tests.indicators.fixtures import ABSENT, Pupil, write_2020, write_2021, write_2022
from tests.indicators.test_commands import run

NO_TASKS = (None, None, None, None)
PUPILS = [
    Pupil("220001", "1", "14", "4"),
    # ФИС ОКО gave a total without a variant: the pupil wrote the work.
    Pupil("220001", None, "12", "4"),
    Pupil("220001", None, "0", "3", tasks=("0", "0", "X", "0")),
    # Absent: the variant says so, or there is neither a variant nor a score (the 2022 export
    # writes a total of 0 and nothing for the tasks).
    Pupil("220001", ABSENT, None, "4", tasks=NO_TASKS),
    Pupil("220001", None, None, "5", tasks=NO_TASKS),
    Pupil("220001", None, 0, "5", tasks=NO_TASKS),
]


@pytest.mark.parametrize("write", [write_2020, write_2021, write_2022])
def test_a_pupil_with_a_total_and_no_variant_is_a_participant(db, tmp_path, write):
    SchoolFactory(code__code="sch220001")
    path = write(tmp_path / "Проведение работы по математике, 4 класс.xlsx", PUPILS)

    run("import_results", path, "--year", "2022", "--scale", "6,10,14")

    result = ResultAggregate.objects.get()
    # Scores 14, 12 and 0: marks 5, 4 and 2; journal marks 4, 4 and 3.
    assert result.participants == 3
    assert (result.mark2, result.mark3, result.mark4, result.mark5) == (1, 0, 1, 1)
    assert (result.lowered, result.confirmed, result.raised) == (1, 1, 1)
    assert result.mean_score == pytest.approx(26 / 3)


HEADER = ["Код школы", "Год", "Процедура", "Предмет", "Класс", "Участников", "Средний балл"]


def write_summary(path, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


@pytest.fixture
def schools(db):
    return [SchoolFactory(code__code=f"sch47000{n}") for n in (1, 2)]


def test_an_empty_grade_of_oge_and_ege_is_the_procedures_grade(schools, tmp_path):
    path = write_summary(
        tmp_path / "results.csv",
        [
            ["sch470001", 2024, "ЕГЭ", "Математика", "", 12, "61,5"],
            ["sch470001", 2024, "ОГЭ", "Математика", " ", 20, "3,6"],
            ["sch470002", 2024, "ОГЭ", "Математика", "9 класс", 18, "3,9"],
        ],
    )

    run("import_results", path)

    results = ResultAggregate.objects.values_list("school__codes__code", "procedure", "grade")
    assert sorted(results) == [
        ("sch470001", "EGE", 11),
        ("sch470001", "OGE", 9),
        ("sch470002", "OGE", 9),
    ]


def test_an_empty_grade_of_vpr_is_still_refused(schools, tmp_path):
    path = write_summary(
        tmp_path / "results.csv", [["sch470001", 2024, "ВПР", "Математика", "", 20, "12"]]
    )

    with pytest.raises(CommandError) as refused:
        run("import_results", path)

    assert "Строка 2: в столбце «Класс» — ожидается целое число 1–11" in refused.value.stderr
    assert not ResultAggregate.objects.exists()
