"""``export_task_results`` names each task's skill and level from the description of its work
and year; tasks no description covers keep them empty."""

import json

import pytest
from django.core.management import call_command

from tests.indicators.test_commands import run
from tests.indicators.test_task_results import (
    SCALE,
    schools,  # noqa: F401 (the fixture)
    write_protocol,
)
from tests.skills.fixtures import ARITHMETIC, PROBLEMS, write_description

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("schools")]


def describe_work(folder, years):
    call_command(
        "import_task_descriptions",
        str(write_description(folder)),
        f"--year={years}",
        "--subject=Математика",
        "--grade=4",
    )


def export(*args):
    return json.loads(run("export_task_results", "--format", "json", *args))


def skills_and_levels(rows):
    return [(row["task"], row["skill"], row["level"]) for row in rows]


def test_the_described_tasks_get_their_skill_and_level_at_every_level(tmp_path):
    describe_work(tmp_path / "description", "2020-2022")
    run("import_results", write_protocol(tmp_path, "2021"), *SCALE)

    region = export("--level", "region")
    school = export("--level", "school")

    # The 2021 protocol names the tasks by their order: the description's 3rd is «5.1».
    assert skills_and_levels(region) == [
        ("1", ARITHMETIC, "Б"),
        ("2", PROBLEMS, "Б"),
        ("3", "Умение исследовать, распознавать геометрические фигуры.", "Б"),
        ("4", "Умение изображать геометрические фигуры.", "Б"),
    ]
    assert skills_and_levels(school) == skills_and_levels(region) * 3


def test_a_task_of_a_year_no_description_covers_keeps_them_empty(tmp_path):
    describe_work(tmp_path / "description", "2022")
    run("import_results", write_protocol(tmp_path, "2021"), *SCALE)

    assert {(row["skill"], row["level"]) for row in export()} == {(None, None)}
