"""Pure functions of the calendar: recurrence, the month grid, the ICS feed."""

import datetime

import icalendar
import recurring_ical_events

from events import calendar_grid, ical, recurrence
from tests.events.conftest import MSK, moment


def test_editor_choices_become_rrules_with_until_in_utc():
    until = datetime.date(2027, 5, 31)
    assert recurrence.build_rrule("", until, MSK) == ""
    assert recurrence.build_rrule("monthly", until, MSK) == "FREQ=MONTHLY;UNTIL=20270531T205959Z"
    assert recurrence.build_rrule("quarterly", until, MSK).startswith("FREQ=MONTHLY;INTERVAL=3;")


def test_monthly_series_lists_its_dates_until_the_last_day():
    rule = recurrence.build_rrule("monthly", datetime.date(2027, 1, 15), MSK)
    dates = recurrence.occurrences(moment("2026-09-15 10:00"), rule)
    assert [d.date().isoformat() for d in dates] == [
        "2026-09-15",
        "2026-10-15",
        "2026-11-15",
        "2026-12-15",
        "2027-01-15",
    ]
    assert all(d.hour == 10 and d.tzinfo is not None for d in dates)


def test_quarterly_series_and_single_event():
    rule = recurrence.build_rrule("quarterly", datetime.date(2027, 6, 30), MSK)
    dates = recurrence.occurrences(moment("2026-09-24 14:00"), rule)
    assert [d.month for d in dates] == [9, 12, 3, 6]
    assert recurrence.occurrences(moment("2026-09-24 14:00")) == [moment("2026-09-24 14:00")]


def test_occurrences_between_keeps_only_those_overlapping_the_period():
    rule = recurrence.build_rrule("monthly", datetime.date(2027, 5, 31), MSK)
    found = recurrence.occurrences_between(
        recurrence.occurrences(moment("2026-09-15 10:00"), rule),
        datetime.timedelta(hours=2),
        moment("2026-12-01 00:00"),
        moment("2027-01-01 00:00"),
    )
    assert found == [(moment("2026-12-15 10:00"), moment("2026-12-15 12:00"))]


def test_month_grid_has_whole_weeks_from_monday_and_multi_day_events():
    grid = calendar_grid.month_grid(
        2026,
        11,
        [
            (datetime.date(2026, 11, 10), datetime.date(2026, 11, 11), "visit"),
            (datetime.date(2026, 10, 31), datetime.date(2026, 11, 2), "conference"),
        ],
    )
    assert grid.title == "Ноябрь 2026"
    assert all(len(week) == 7 for week in grid.weeks)
    assert grid.weeks[0][0].date == datetime.date(2026, 10, 26)  # a Monday
    days = {day.date: day for week in grid.weeks for day in week}
    assert days[datetime.date(2026, 11, 10)].items == ["visit"]
    assert days[datetime.date(2026, 11, 11)].items == ["visit"]
    assert days[datetime.date(2026, 11, 2)].items == ["conference"]
    assert not days[datetime.date(2026, 10, 31)].in_month
    assert (grid.previous, grid.next) == ((2026, 10), (2026, 12))
    assert calendar_grid.shift_month(2026, 12, 1) == (2027, 1)


def test_month_grid_lists_the_days_of_its_month_that_have_events():
    grid = calendar_grid.month_grid(
        2026,
        11,
        [
            (datetime.date(2026, 11, 10), datetime.date(2026, 11, 11), "visit"),
            (datetime.date(2026, 10, 31), datetime.date(2026, 11, 2), "conference"),
            (datetime.date(2026, 12, 1), datetime.date(2026, 12, 1), "next month's"),
        ],
    )
    assert [(day.date.day, day.items) for day in grid.days_with_events] == [
        (1, ["conference"]),
        (2, ["conference"]),
        (10, ["visit"]),
        (11, ["visit"]),
    ]


def test_by_month_starts_a_group_wherever_the_month_changes_in_either_order():
    dated = [
        (datetime.date(2026, 12, 30), "audit"),
        (datetime.date(2027, 1, 14), "meeting"),
        (datetime.date(2027, 1, 31), "webinar"),
        (datetime.date(2028, 1, 5), "a year later"),
    ]
    groups = calendar_grid.by_month(dated)
    assert [(group.title, group.items) for group in groups] == [
        ("Декабрь 2026", ["audit"]),
        ("Январь 2027", ["meeting", "webinar"]),
        ("Январь 2028", ["a year later"]),
    ]
    assert [group.title for group in calendar_grid.by_month(reversed(dated))] == [
        "Январь 2028",
        "Январь 2027",
        "Декабрь 2026",
    ]
    assert calendar_grid.by_month([]) == []


def test_last_day_of_an_event_ending_at_midnight_is_the_day_before():
    start = moment("2026-10-28 00:00")
    assert calendar_grid.last_day(start, moment("2026-10-30 00:00"), all_day=True) == (
        datetime.date(2026, 10, 29)
    )
    assert calendar_grid.last_day(start, moment("2026-10-28 17:00")) == datetime.date(2026, 10, 28)


def _feed(**overrides):
    fields = {
        "uid": ical.event_uid("abc", "portal.example"),
        "summary": "Методический час",
        "start": moment("2026-09-16 15:00"),
        "end": moment("2026-09-16 16:30"),
        "rrule": recurrence.build_rrule("monthly", datetime.date(2027, 5, 31), MSK),
        "last_modified": moment("2026-09-01 12:00"),
        "sequence": 3,
        "url": "https://portal.example/kalendar/chas/",
    }
    fields.update(overrides)
    return ical.build_calendar([ical.IcsEvent(**fields)], "Календарь семинаров")


def test_ics_parses_back_with_timezone_uid_sequence_and_rrule():
    calendar = icalendar.Calendar.from_ical(_feed())
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == "event-abc@portal.example"
    assert event["SEQUENCE"] == 3
    assert event["DTSTART"].params["TZID"] == "Europe/Moscow"
    assert event["DTSTART"].dt == moment("2026-09-16 15:00")
    assert event["LAST-MODIFIED"].dt == moment("2026-09-01 12:00")
    assert "DTSTAMP" in event
    assert event["RRULE"]["FREQ"] == ["MONTHLY"]
    (timezone,) = calendar.walk("VTIMEZONE")
    assert timezone["TZID"] == "Europe/Moscow"


def test_monthly_series_expands_to_the_right_dates_in_a_second_library():
    calendar = icalendar.Calendar.from_ical(_feed())
    found = recurring_ical_events.of(calendar).between((2026, 9, 1), (2027, 7, 1))
    starts = [event["DTSTART"].dt for event in found]
    assert [(d.year, d.month, d.day, d.hour) for d in starts] == [
        (2026, 9, 16, 15),
        (2026, 10, 16, 15),
        (2026, 11, 16, 15),
        (2026, 12, 16, 15),
        (2027, 1, 16, 15),
        (2027, 2, 16, 15),
        (2027, 3, 16, 15),
        (2027, 4, 16, 15),
        (2027, 5, 16, 15),
    ]


def test_all_day_event_ends_the_day_after_its_last_day():
    calendar = icalendar.Calendar.from_ical(
        _feed(
            start=moment("2026-10-28 00:00"),
            end=moment("2026-10-30 00:00"),
            all_day=True,
            rrule="",
        )
    )
    (event,) = calendar.walk("VEVENT")
    assert event["DTSTART"].dt == datetime.date(2026, 10, 28)
    assert event["DTEND"].dt == datetime.date(2026, 10, 30)
    assert "RRULE" not in event
