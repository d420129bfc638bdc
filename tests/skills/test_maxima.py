"""A protocol imported after its work's description takes the description's maxima: the
2020–2021 protocols give none, and the largest score is not the maximum when nobody reached it."""

import pytest
from django.core.management import call_command

from indicators.models import TaskResult
from tests.factories import MunicipalityFactory, SchoolFactory
from tests.indicators.fixtures import Pupil, write_2021
from tests.indicators.test_commands import run
from tests.skills.fixtures import write_description

pytestmark = pytest.mark.django_db

# The fixture description's tasks, in order: 1, 2, 5.1, 5.2, 1К1, 12 with maxima 1, 2, 1, 1, 4, 2.
# Nobody reached task 2's, 1К1's or 12's maximum.
PUPILS = [
    Pupil("220001", "1", "5", tasks=("1", "1", "1", "0", "2", "0")),
    Pupil("220001", "2", "6", tasks=("0", "1", "1", "1", "3", "1")),
    Pupil("220001", "1", "3", tasks=("1", "0", "0", "1", "1", "0")),
]
PROTOCOL = "Проведение работы по математике, 4 класс. ВПР 2021.xlsx"


@pytest.fixture
def school():
    return SchoolFactory(
        municipality=MunicipalityFactory(name="Алейский район"), code__code="sch220001"
    )


def import_protocol(folder):
    run("import_results", write_2021(folder / PROTOCOL, PUPILS), "--scale", "6,10,14")


def stored_maxima():
    return dict(TaskResult.objects.order_by("position").values_list("task", "max_points"))


def test_a_protocol_imported_after_its_description_takes_the_described_maxima(school, tmp_path):
    call_command(
        "import_task_descriptions",
        str(write_description(tmp_path / "description")),
        "--year=2020-2022",
        "--subject=Математика",
        "--grade=4",
    )

    import_protocol(tmp_path)

    assert stored_maxima() == {"1": 1, "2": 2, "3": 1, "4": 1, "5": 4, "6": 2}
    rates = dict(TaskResult.objects.values_list("task", "success_rate"))
    assert rates["5"] == pytest.approx(6 / (3 * 4) * 100)


def test_without_a_description_of_the_year_the_largest_scores_stay(school, tmp_path):
    call_command(
        "import_task_descriptions",
        str(write_description(tmp_path / "description")),
        "--year=2022",
        "--subject=Математика",
        "--grade=4",
    )

    import_protocol(tmp_path)

    assert stored_maxima() == {"1": 1, "2": 1, "3": 1, "4": 1, "5": 3, "6": 1}
