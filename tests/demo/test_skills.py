"""The demo's task descriptions and per-task results: the works' real structure, task results
that agree with the schools' results, and strengths and weaknesses on every school page."""

import pytest
from django.db.models import Sum

from demo.schools import SCHOOLS
from demo.timeline import year
from indicators.models import GradingScale, ResultAggregate, TaskResult
from schools.models import SchoolPage
from skills.models import TaskDescription


@pytest.fixture
def demo(demo_loaded, db):
    """The whole demo, loaded once for the module; each test runs in its own savepoint."""


def test_grades_4_and_5_have_their_real_tasks_whose_maxima_make_the_scales(demo):
    descriptions = TaskDescription.objects.select_related("subject")
    works = {
        (description.subject.name, description.grade): list(
            description.tasks.order_by("number").values_list("label", "max_points", "level")
        )
        for description in descriptions
    }

    assert {work: len(tasks) for work, tasks in works.items()} == {
        ("Математика", 4): 15,
        ("Математика", 5): 16,
        ("Русский язык", 4): 20,
        ("Русский язык", 5): 21,
    }
    assert works["Русский язык", 4][:2] == [("1К1", 4, "Б"), ("1К2", 3, "Б")]
    assert works["Математика", 4][-1] == ("12", 2, "П")
    for description in descriptions:
        scales = GradingScale.objects.filter(subject=description.subject, grade=description.grade)
        total = sum(maximum for _, maximum, _ in works[description.subject.name, description.grade])
        assert set(scales.values_list("max_score", flat=True)) == {total}
        assert (description.first_year, description.last_year) == (year(2023), year(2025))
        assert description.tasks.exclude(content_codes=[]).exists()


def test_every_described_result_has_tasks_adding_up_to_its_mean(demo):
    results = ResultAggregate.objects.filter(procedure="VPR", grade__in=[4, 5])
    assert results.count() == len(SCHOOLS) * 3 * 2 * 2
    for result in results.annotate(points=Sum("tasks__points")):
        assert result.points / result.participants == pytest.approx(result.mean_score, rel=0.05)
    assert not TaskResult.objects.filter(result__grade=6).exists()
    maxima = TaskResult.objects.filter(task="1К1", result__subject__name="Русский язык")
    assert set(maxima.values_list("max_points", flat=True)) == {4}


def test_every_demo_school_page_shows_strengths_and_weaknesses(demo, client):
    for page in SchoolPage.objects.live().filter(
        school__codes__code__in=[f"sch{spec.number}" for spec in SCHOOLS]
    ):
        content = client.get(page.url).content.decode()
        assert "Что получается" in content, page.title
        assert "Что стоит подтянуть" in content, page.title
