"""Result charts in a browser: axe on «Показатели» and a school page, in the ordinary and the
low-vision version; the charts and their numbers without JavaScript."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from demo.indicators import PAGE_SCHOOL
from demo.timeline import year
from schools.models import SchoolPage
from tests.e2e.test_accessibility import AXE_OPTIONS, BLOCKING_IMPACTS, describe, open_in_version

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

INDICATORS = "/pokazateli/"


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.fixture(scope="module")
def school_path(demo_site):
    """The page of the demo ШНОР whose results improved: it has charts of ВПР and ОГЭ."""
    return SchoolPage.objects.get(school__codes__code=f"sch{PAGE_SCHOOL}").url


@pytest.fixture(params=["indicators", "school"])
def path(request):
    if request.param == "indicators":
        return INDICATORS
    return request.getfixturevalue("school_path")


@pytest.mark.parametrize("scheme", [None, "bw", "wb", "blue"], ids=["ordinary", "bw", "wb", "blue"])
def test_no_serious_accessibility_violations_on_chart_pages(page, axe, path, scheme):
    open_in_version(page, path, scheme)
    expect(page.locator("figure.chart svg").first).to_be_visible()
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe on {path} (scheme {scheme}):\n" + describe(blocking)


def test_charts_and_their_numbers_need_no_javascript(no_js_page, school_path):
    page = no_js_page
    for path in (INDICATORS, school_path):
        page.goto(path)
        charts = page.locator("figure.chart")
        assert charts.count() >= 3, path
        first = charts.first
        expect(first.locator("svg")).to_be_visible()
        expect(first.locator("figcaption")).to_contain_text(f"{year(2024)} → {year(2025)}")
        table = first.locator(".chart__data table")
        expect(table).to_be_hidden()
        first.get_by_text("Таблица данных").click()  # <details> opens without scripts
        expect(table).to_be_visible()
        expect(table.locator("tbody tr").first).to_be_visible()
    page.goto(INDICATORS)
    expect(page.get_by_role("table", name=f"ВПР {year(2025)}, Математика, 4 класс")).to_be_visible()


def test_low_vision_version_shows_the_numbers_open(page):
    open_in_version(page, INDICATORS, "wb")
    tables = page.locator("figure.chart .chart__data table")
    assert tables.count() >= 3
    for index in range(tables.count()):
        expect(tables.nth(index)).to_be_visible()
