"""The coordinators' report «Дефицитные умения» in a browser: the demo coordinator finds it in
the admin menu, changes a filter and sees the work's tasks, the weakest first; a screenshot at
1366 px (/tmp/skill-report-1366.png). No axe here: the other admin journeys run none either,
the admin's markup being Wagtail's."""

import pytest
from playwright.sync_api import expect

from curriculum.models import Subject
from demo.indicators import PAGE_SCHOOL
from demo.timeline import year
from demo.users import demo_user
from indicators.models import ResultAggregate, TaskResult
from schools.models import School
from skills.models import DescribedTask, TaskDescription
from tests.e2e.test_school_editor import log_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

# Later than any other year of the demo and the other journeys: the report opens on it. The
# school page's demo school is left out, so its own journey sees its own latest year.
YEAR = year(2025) + 2
GRADE = 4
FRACTIONS = "Умение решать задачи на доли и дроби"
# Per task: the skill and the rate of each of the schools.
MATHEMATICS = [
    ("Умение выполнять сложение и вычитание в пределах 100", [90, 80, 85]),
    (FRACTIONS, [20, 35, 30]),
    ("Умение читать таблицы и диаграммы", [60, 40, 70]),
]


@pytest.fixture(scope="module")
def task_results(demo_site):
    schools = School.objects.exclude(codes__code=f"sch{PAGE_SCHOOL}").order_by("pk")[:3]
    subjects = {name: Subject.objects.get(name=name) for name in ("Математика", "Русский язык")}
    for number, school in enumerate(schools):
        for subject, rates in (
            ("Математика", [rates[number] for _skill, rates in MATHEMATICS]),
            ("Русский язык", [70, 50]),
        ):
            result, _created = ResultAggregate.objects.update_or_create(
                school=school,
                year=YEAR,
                procedure="VPR",
                subject=subjects[subject],
                grade=GRADE,
                defaults={"participants": 25},
            )
            result.tasks.all().delete()
            TaskResult.objects.bulk_create(
                TaskResult(
                    result=result,
                    task=str(position),
                    position=position,
                    max_points=1,
                    participants=25,
                    points=25 * rate / 100,
                    success_rate=rate,
                )
                for position, rate in enumerate(rates, start=1)
            )
    description, _created = TaskDescription.objects.get_or_create(
        subject=subjects["Математика"],
        grade=GRADE,
        procedure="VPR",
        first_year=YEAR,
        last_year=YEAR,
    )
    for number, (skill, _rates) in enumerate(MATHEMATICS, start=1):
        DescribedTask.objects.update_or_create(
            description=description,
            number=number,
            defaults={"label": str(number), "skill": skill, "level": "Б", "max_points": 1},
        )


def work_heading(page, subject):
    return page.get_by_role("heading", name=f"ВПР {YEAR}: {subject}, {GRADE} класс")


def test_a_coordinator_opens_the_report_and_chooses_a_subject(page, task_results):
    coordinator = demo_user("coordinator")
    log_in(page, coordinator.username, coordinator.password)
    page.get_by_role("button", name="Показатели").click()
    page.get_by_role("link", name="Дефицитные умения").click()
    expect(page.get_by_role("heading", name="Дефицитные умения")).to_be_visible()
    # The latest year opens with its first subject: Russian, tasks without a description.
    expect(work_heading(page, "Русский язык")).to_be_visible()

    page.get_by_label("Предмет").select_option(label="Математика")
    page.get_by_role("button", name="Показать").click()

    expect(work_heading(page, "Математика")).to_be_visible()
    rows = page.locator("table.skill-report tbody tr")
    expect(rows).to_have_count(3)
    # The weakest first: fractions, 28 % of the region, a deficit with its searches.
    first = rows.first
    expect(first).to_contain_text(FRACTIONS)
    expect(first).to_contain_text("Дефицит")
    expect(first.get_by_role("link", name="Практики в банке")).to_be_visible()
    expect(page.get_by_role("link", name="Скачать XLSX")).to_be_visible()

    page.set_viewport_size({"width": 1366, "height": 900})
    page.screenshot(path="/tmp/skill-report-1366.png", full_page=True)
