"""The calendar in a browser: a teacher's journey, and axe on the list, the grid and an event."""

import re

import icalendar
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.formats import date_format
from playwright.sync_api import expect

from events.models import EventPage
from tests.e2e.test_accessibility import AXE_OPTIONS, BLOCKING_IMPACTS, describe, open_in_version

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

CALENDAR = "/kalendar/"
MATHS = "учителя математики"
EVENT_TITLE = "Подготовка к ОГЭ по математике: ученики группы риска"
MONTH_STEPS = 24


@pytest.fixture(scope="module")
def axe():
    return Axe()


def month_title(moment):
    """The grid's heading for the month of ``moment``: «Ноябрь 2026»."""
    return date_format(timezone.localtime(moment), "F Y")


def month_index(title):
    """«Ноябрь 2026» -> a number that orders months."""
    name, year = title.split()
    month = next(number for number, label in MONTHS.items() if label == name)
    return int(year) * 12 + month


def go_to_month(page, title):
    """Follow the month links from the current month until the grid shows ``title``."""
    heading = page.locator(".month-nav__title")
    for _ in range(MONTH_STEPS):
        shown = heading.inner_text()
        if shown == title:
            return
        direction = "prev" if month_index(shown) > month_index(title) else "next"
        page.locator(f'.month-nav a[rel="{direction}"]').click()
    pytest.fail(f"month {title} not reached")


def test_teacher_filters_by_audience_and_month_registers_and_downloads_ics(page, tmp_path):
    csp_errors = []
    page.on(
        "console",
        lambda message: (
            csp_errors.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto(CALENDAR)
    page.get_by_label("Для кого").select_option(label=MATHS)
    page.get_by_role("button", name="Показать").click()
    expect(page).to_have_url(re.compile(r"audience=matematika"))
    page.get_by_role("link", name="По месяцам").click()
    expect(page).to_have_url(re.compile(r"view=month"))
    go_to_month(page, month_title(EventPage.objects.get(title=EVENT_TITLE).start))
    expect(page).to_have_url(re.compile(r"audience=matematika"))
    grid = page.locator(".month-grid table")
    expect(grid.locator("thead th")).to_have_count(7)
    # Only events for maths teachers are in the grid.
    expect(grid.get_by_role("link", name=re.compile("Профилактика деструктивного"))).to_have_count(
        0
    )
    grid.get_by_role("link", name=re.compile("Подготовка к ОГЭ")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(EVENT_TITLE)

    page.get_by_label("Фамилия, имя, отчество").fill("Петрова Анна Сергеевна")
    page.get_by_label("Электронная почта").fill("petrova@school.example")
    page.get_by_label("Или название организации").fill("МОУ СОШ № 3")
    page.get_by_label("Должность").fill("учитель математики")
    page.get_by_label(re.compile("согласие на обработку")).check()
    page.get_by_role("button", name="Зарегистрироваться").click()
    expect(page.get_by_role("status")).to_contain_text("Заявка принята")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Добавить в календарь (ICS)").click()
    path = tmp_path / "event.ics"
    download_info.value.save_as(path)
    (event,) = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert str(event["SUMMARY"]) == EVENT_TITLE
    assert event["DTSTART"].params["TZID"] == "Europe/Moscow"
    assert not csp_errors, csp_errors


@pytest.mark.parametrize("scheme", [None, "wb"], ids=["ordinary", "wb"])
@pytest.mark.parametrize(
    "path",
    [CALENDAR, CALENDAR + "?view=month&month=2026-12", CALENDAR + "upravlenie-seminar/"],
    ids=["list", "month", "event"],
)
def test_no_serious_accessibility_violations_on_calendar_pages(page, axe, path, scheme):
    open_in_version(page, path, scheme)
    violations = axe.run(page, options=AXE_OPTIONS).response["violations"]
    blocking = [violation for violation in violations if violation["impact"] in BLOCKING_IMPACTS]
    assert not blocking, f"axe on {path} (scheme {scheme}):\n" + describe(blocking)
