"""``describe``: per task label of a protocol, the skill, level and maximum of the description
that applies to the year."""

import pytest

from curriculum.models import Subject
from skills.queries import TaskInfo, describe
from tests.factories import DescribedTaskFactory, TaskDescriptionFactory

pytestmark = pytest.mark.django_db

# The grade 4 mathematics work: ФИС ОКО's «№ в КИМ» and the tasks' order («№»).
LABELS = ["1", "2", "3", "4", "5.1", "5.2", "6.1", "6.2", "7"]


@pytest.fixture
def description():
    description = TaskDescriptionFactory(first_year=2020, last_year=2022)
    for number, label in enumerate(LABELS, start=1):
        DescribedTaskFactory(
            description=description,
            number=number,
            label=label,
            skill=f"Умение {label}",
            level="П" if label == "7" else "Б",
            max_points=2 if label == "7" else 1,
        )
    return description


def test_a_2022_protocol_names_the_tasks_as_the_description(description):
    found = describe(["1", "5(1)", "5.2", "7"], 2022, description.subject, 4)

    assert found == {
        "1": TaskInfo("Умение 1", "Б", 1),
        "5(1)": TaskInfo("Умение 5.1", "Б", 1),
        "5.2": TaskInfo("Умение 5.2", "Б", 1),
        "7": TaskInfo("Умение 7", "П", 2),
    }


def test_a_2021_protocol_numbers_the_tasks_in_order(description):
    """«балл за 7» is the seventh task, «6.1» in the description, not the task «7»."""
    found = describe([str(n) for n in range(1, 10)], 2021, description.subject.pk, 4)

    assert found["5"] == TaskInfo("Умение 5.1", "Б", 1)
    assert found["7"] == TaskInfo("Умение 6.1", "Б", 1)
    assert found["9"] == TaskInfo("Умение 7", "П", 2)


def test_labels_the_description_does_not_know_are_left_out(description):
    assert describe(["1", "13К1"], 2022, description.subject, 4) == {
        "1": TaskInfo("Умение 1", "Б", 1)
    }


@pytest.mark.parametrize(
    "year, grade, procedure",
    [(2019, 4, "VPR"), (2023, 4, "VPR"), (2022, 5, "VPR"), (2022, 4, "KDR")],
)
def test_only_the_description_of_that_year_grade_and_procedure(description, year, grade, procedure):
    assert describe(["1"], year, description.subject, grade, procedure) == {}


def test_each_year_its_own_description(description):
    later = TaskDescriptionFactory(first_year=2023, last_year=2024)
    DescribedTaskFactory(description=later, number=1, label="1", skill="Новое умение", max_points=3)

    assert describe(["1"], 2023, description.subject, 4) == {"1": TaskInfo("Новое умение", "Б", 3)}
    assert describe(["1"], 2022, description.subject, 4)["1"].skill == "Умение 1"


def test_another_subject_has_none(description):
    russian = Subject.objects.get(name="Русский язык")

    assert describe(["1"], 2022, russian, 4) == {}
