"""A parent reads an improving ШНОР's page in a browser: the verdict per subject with its figures
folded, the objectivity of its marks and the similar schools, without JavaScript as with it, with
no serious axe violation in the ordinary and the low-vision version, and nothing wider than a
phone's screen (screenshots /tmp/verdicts-1366.png, /tmp/verdicts-375.png)."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from schools.models import SchoolPage
from tests.e2e.test_accessibility import AXE_OPTIONS, BLOCKING_IMPACTS, describe, open_in_version

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

# The demo's ШНОР whose mathematics improved clearly in the last results year
# (demo/indicators_results.py).
IMPROVING_SCHOOL = "Мельниковская СОШ"
SECTIONS = ("Изменения к прошлому году", "Объективность оценивания", "Сравнение с похожими школами")


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture(scope="module")
def school_path(demo_site):
    return SchoolPage.objects.get(school__short_name__contains=IMPROVING_SCHOOL).url


def test_a_parent_reads_the_verdict_and_opens_its_figures(no_js_page, school_path):
    page = no_js_page
    page.goto(school_path)
    for name in SECTIONS:
        expect(page.get_by_role("heading", name=name).first).to_be_visible()
    verdicts = page.locator("section", has=page.get_by_role("heading", name=SECTIONS[0])).last
    expect(verdicts).to_contain_text("Математика: результаты улучшились")
    expect(verdicts).to_contain_text("больше, чем могло бы дать случайное колебание")
    figures = verdicts.locator("details").first
    figures.locator("summary").click()  # <details> opens without JavaScript
    expect(figures.locator("table").first).to_be_visible()
    expect(figures).to_contain_text("п. п.")
    similar = page.locator("section", has=page.get_by_role("heading", name=SECTIONS[2])).last
    expect(similar.get_by_role("heading", name="Школы, похожие на эту")).to_be_visible()
    expect(similar.locator("a[href^='/shkoly/']").first).to_be_visible()


@pytest.mark.parametrize("scheme", [None, "bw", "blue"], ids=["ordinary", "bw", "blue"])
def test_no_serious_accessibility_violations(page, axe, school_path, scheme):
    open_in_version(page, school_path, scheme)
    expect(page.get_by_role("heading", name=SECTIONS[0])).to_be_visible()
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe on the school page (scheme {scheme}):\n" + describe(blocking)


@pytest.mark.parametrize("width", [1366, 375])
def test_screenshots(page, school_path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(school_path)
    expect(page.get_by_role("heading", name=SECTIONS[0])).to_be_visible()
    page.screenshot(path=f"/tmp/verdicts-{width}.png", full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
