"""A series with a cancelled and a moved session, and a weekday pattern: the rule, the page,
the grid and the ICS feed read by two libraries."""

import datetime

import icalendar
import pytest
import recurring_ical_events
import vobject
from bs4 import BeautifulSoup
from django.utils import timezone

from events import recurrence
from events.models import EventException
from tests.events.conftest import MSK, moment

NOW = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)
UTC = datetime.UTC


@pytest.fixture(autouse=True)
def _frozen_now(monkeypatch):
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.mark.parametrize(
    ("day", "rule", "label"),
    [
        ("2026-09-09", "BYDAY=+2WE", "каждую вторую среду месяца"),
        ("2026-09-01", "BYDAY=+1TU", "каждый первый вторник месяца"),
        ("2026-09-27", "BYDAY=+4SU", "каждое четвёртое воскресенье месяца"),
        ("2026-09-29", "BYDAY=-1TU", "каждый последний вторник месяца"),
        ("2026-10-16", "BYDAY=+3FR", "каждую третью пятницу месяца"),
    ],
)
def test_weekday_patterns(day, rule, label):
    start = datetime.date.fromisoformat(day)
    built = recurrence.build_rrule("monthly-weekday", None, MSK, start)
    assert built == f"FREQ=MONTHLY;{rule}"
    assert recurrence.weekday_pattern(start) == label


def test_every_second_wednesday_expands_to_second_wednesdays():
    rule = recurrence.build_rrule(
        "monthly-weekday", datetime.date(2027, 1, 31), MSK, datetime.date(2026, 9, 9)
    )
    dates = recurrence.occurrences(moment("2026-09-09 15:00"), rule)
    assert [d.date().isoformat() for d in dates] == [
        "2026-09-09",
        "2026-10-14",
        "2026-11-11",
        "2026-12-09",
        "2027-01-13",
    ]


def test_exdates_leave_out_and_rdates_add():
    rule = recurrence.build_rrule("monthly", datetime.date(2027, 1, 31), MSK)
    dates = recurrence.occurrences(
        moment("2026-10-15 10:00"),
        rule,
        exdates=[moment("2026-11-15 10:00"), moment("2026-12-15 10:00")],
        rdates=[moment("2026-12-17 15:00")],
    )
    assert dates == [
        moment("2026-10-15 10:00"),
        moment("2026-12-17 15:00"),
        moment("2027-01-15 10:00"),
    ]


@pytest.fixture
def series(make_event):
    page = make_event(
        "Методический час",
        "2026-09-09 15:00",
        slug="chas",
        frequency="monthly-weekday",
        repeat_until=datetime.date(2027, 2, 28),
    )
    EventException.objects.create(page=page, original_date=datetime.date(2026, 12, 9))
    EventException.objects.create(
        page=page,
        original_date=datetime.date(2027, 1, 13),
        new_start=moment("2027-01-20 15:00"),
        note="каникулы",
    )
    page.save()  # the series' last date is computed with its changes
    return page


def test_the_page_says_cancelled_and_moved_and_the_pattern(client, series):
    soup = BeautifulSoup(client.get("/kalendar/chas/").content, "html.parser")
    assert "каждую вторую среду месяца до 28 февраля 2027" in soup.select_one(".event-facts").text
    dates = [li.get_text(" ", strip=True) for li in soup.select(".event-dates li")]
    assert "9 декабря 2026, 15:00–17:00 МСК — отменено" in dates
    assert (
        "13 января 2027, 15:00–17:00 МСК — перенесено на 20 января 2027, 15:00–17:00 МСК "
        "(каникулы)" in dates
    )
    # The list shows the next session that takes place: 9 December is cancelled, 13 January
    # moved to the 20th.
    listing = client.get("/kalendar/").text
    assert "20 января 2027, 15:00–17:00 МСК · онлайн / ВКС · каждую вторую среду" in listing
    assert "9 декабря 2026" not in listing
    grid = client.get("/kalendar/?view=month&month=2026-12").text
    assert "Методический час" not in grid
    assert "Методический час" in client.get("/kalendar/?view=month&month=2027-01").text


def test_the_ics_feed_expands_alike_in_two_libraries(client, series):
    body = client.get("/kalendar/chas/ics/").content
    assert b"EXDATE" in body and b"RDATE" in body
    by_icalendar = sorted(
        event.decoded("DTSTART").astimezone(UTC)
        for event in recurring_ical_events.of(icalendar.Calendar.from_ical(body)).between(
            datetime.date(2026, 9, 1), datetime.date(2027, 3, 1)
        )
    )
    (vevent,) = vobject.readOne(body.decode()).vevent_list
    by_vobject = [moment.astimezone(UTC) for moment in vevent.getrruleset()]
    assert by_icalendar == by_vobject
    local = [moment.astimezone(MSK).date().isoformat() for moment in by_vobject]
    assert local == [
        "2026-09-09",
        "2026-10-14",
        "2026-11-11",
        "2027-01-20",
        "2027-02-10",
    ]
