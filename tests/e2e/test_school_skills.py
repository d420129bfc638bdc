"""A school page's strong and weak skills by task in a browser: both lists with a practice next
to a weak skill, axe in the ordinary and the low-vision version, and screenshots at a desktop
and a phone width (/tmp/skills-1366.png, /tmp/skills-375.png)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from playwright.sync_api import expect

from curriculum.models import Subject
from demo.indicators import PAGE_SCHOOL
from demo.timeline import year
from indicators.models import ResultAggregate, TaskResult
from schools.models import School, SchoolPage
from site_cms import page_cache
from skills.models import DescribedTask, TaskDescription
from tests.e2e.test_accessibility import AXE_OPTIONS, BLOCKING_IMPACTS, describe, open_in_version

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

YEAR = year(2025) + 1  # later than the demo's results: the section shows this year only
GRADE = 5
# Per task: (skill, the school's rate, the rate of every other school of the region).
MATHEMATICS = [
    ("Умение выполнять арифметические действия с натуральными числами", 92, 70),
    ("Формирующее оценивание: проверять своё решение по критериям", 30, 62),
    ("Умение решать текстовые задачи на движение и работу", 35, 58),
    ("Умение читать информацию, представленную в таблицах и на диаграммах", 61, 63),
    ("Умение находить периметр и площадь прямоугольника", 88, 66),
]
RUSSIAN = [90, 40, 66, 70]  # no description: the tasks read «Задание N»


@pytest.fixture(scope="module")
def axe():
    return Axe()


def store(school, subject, rates, participants=25):
    result, _created = ResultAggregate.objects.update_or_create(
        school=school,
        year=YEAR,
        procedure="VPR",
        subject=subject,
        grade=GRADE,
        defaults={"participants": participants},
    )
    result.tasks.all().delete()
    TaskResult.objects.bulk_create(
        TaskResult(
            result=result,
            task=str(number),
            position=number,
            max_points=1,
            participants=participants,
            points=participants * rate / 100,
            success_rate=rate,
        )
        for number, rate in enumerate(rates, start=1)
    )


@pytest.fixture(scope="module")
def school_path(demo_site):
    """The demo school's page, with task results of mathematics and Russian of a later year."""
    mathematics = Subject.objects.get(name="Математика")
    russian = Subject.objects.get(name="Русский язык")
    school = School.objects.get(codes__code=f"sch{PAGE_SCHOOL}")
    others = School.objects.exclude(pk=school.pk)[:3]
    store(school, mathematics, [rate for _skill, rate, _region in MATHEMATICS])
    store(school, russian, RUSSIAN)
    for other in others:
        store(other, mathematics, [region for _skill, _rate, region in MATHEMATICS])
        store(other, russian, [70] * len(RUSSIAN))
    description, _created = TaskDescription.objects.get_or_create(
        subject=mathematics, grade=GRADE, procedure="VPR", first_year=YEAR, last_year=YEAR
    )
    for number, (skill, _rate, _region) in enumerate(MATHEMATICS, start=1):
        DescribedTask.objects.update_or_create(
            description=description,
            number=number,
            defaults={"label": str(number), "skill": skill, "level": "Б", "max_points": 1},
        )
    page_cache.invalidate()
    cache.clear()
    yield SchoolPage.objects.get(school=school).url
    # The package's other tests read the demo's own results.
    ResultAggregate.objects.filter(year=YEAR).delete()
    description.delete()
    page_cache.invalidate()
    cache.clear()


def section(page):
    return page.locator("section.task-skills")


def test_both_lists_and_a_practice_next_to_a_weak_skill(page, school_path):
    page.goto(school_path)
    work = page.get_by_role("heading", name="Математика, 5 класс")
    mathematics = section(page).locator("section.task-skills__work").filter(has=work)
    # The objectivity section names its works alike: the heading is looked for in this one.
    expect(mathematics.get_by_role("heading", name="Математика, 5 класс")).to_be_visible()
    strong = mathematics.locator(".task-skills__list").nth(0)
    weak = mathematics.locator(".task-skills__list").nth(1)
    expect(strong.get_by_role("heading", name="Что получается")).to_be_visible()
    expect(strong).to_contain_text("Умение находить периметр и площадь прямоугольника")
    expect(weak.get_by_role("heading", name="Что стоит подтянуть")).to_be_visible()
    expect(weak).to_contain_text("В школе задание выполнено на 30 %")
    practice = weak.locator(".task-skills__practices a").first
    expect(practice).to_contain_text("Формирующее оценивание на уроках математики")
    expect(mathematics.locator("figure.chart svg")).to_be_visible()


@pytest.mark.parametrize("scheme", [None, "bw", "wb"], ids=["ordinary", "bw", "wb"])
def test_no_serious_accessibility_violations(page, axe, school_path, scheme):
    open_in_version(page, school_path, scheme)
    expect(section(page)).to_be_visible()
    results = axe.run(page, options=AXE_OPTIONS)
    violations = results.response["violations"]
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe on the school page (scheme {scheme}):\n" + describe(blocking)


@pytest.mark.parametrize("width", [1366, 375])
def test_screenshots(page, school_path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(school_path)
    skills = section(page)
    expect(skills).to_be_visible()
    skills.screenshot(path=f"/tmp/skills-{width}.png")
    # Nothing wider than the phone's screen.
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
