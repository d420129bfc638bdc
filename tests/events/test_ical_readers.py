"""The ICS feed read by two independent libraries (icalendar and vobject) gives the same
instants, for single events and a series, in Moscow and another zone."""

import datetime
import zoneinfo

import icalendar
import recurring_ical_events
import vobject

from events import ical

MSK = zoneinfo.ZoneInfo("Europe/Moscow")
YEKT = zoneinfo.ZoneInfo("Asia/Yekaterinburg")
UTC = datetime.UTC


def feed():
    return ical.build_calendar(
        [
            ical.IcsEvent(
                uid="seminar@portal",
                summary="Семинар",
                start=datetime.datetime(2026, 12, 9, 10, tzinfo=MSK),
                end=datetime.datetime(2026, 12, 9, 12, tzinfo=MSK),
            ),
            ical.IcsEvent(
                uid="series@portal",
                summary="Методический час",
                start=datetime.datetime(2026, 9, 16, 15, tzinfo=MSK),
                end=datetime.datetime(2026, 9, 16, 16, tzinfo=MSK),
                rrule="FREQ=MONTHLY;UNTIL=20270531T205959Z",
            ),
            ical.IcsEvent(
                uid="ural@portal",
                summary="Уральский семинар",
                start=datetime.datetime(2026, 12, 10, 10, tzinfo=YEKT),
                end=datetime.datetime(2026, 12, 10, 12, tzinfo=YEKT),
            ),
        ],
        "Календарь",
    )


def test_the_vtimezone_is_minimal():
    text = feed().decode()
    assert text.count("BEGIN:VTIMEZONE") == 2
    assert "MSD" not in text and "RDATE" not in text
    assert "TZOFFSETFROM:+0300\r\nTZOFFSETTO:+0300" in text.replace("TZNAME:MSK\r\n", "")


def test_icalendar_and_vobject_read_the_same_instants():
    body = feed()
    by_icalendar = {
        str(event["UID"]): [
            event.decoded("DTSTART").astimezone(UTC),
            event.decoded("DTEND").astimezone(UTC),
        ]
        for event in icalendar.Calendar.from_ical(body).walk("VEVENT")
    }
    by_vobject = {
        event.uid.value: [event.dtstart.value.astimezone(UTC), event.dtend.value.astimezone(UTC)]
        for event in vobject.readOne(body.decode()).vevent_list
    }
    assert by_icalendar == by_vobject
    assert by_icalendar["seminar@portal"][0] == datetime.datetime(2026, 12, 9, 7, tzinfo=UTC)
    assert by_icalendar["ural@portal"][0] == datetime.datetime(2026, 12, 10, 5, tzinfo=UTC)


def test_the_series_expands_to_the_same_instants_in_both():
    body = feed()
    (series,) = [
        event
        for event in vobject.readOne(body.decode()).vevent_list
        if event.uid.value == "series@portal"
    ]
    by_vobject = [moment.astimezone(UTC) for moment in series.getrruleset()]
    by_icalendar = [
        event.decoded("DTSTART").astimezone(UTC)
        for event in recurring_ical_events.of(icalendar.Calendar.from_ical(body)).between(
            datetime.date(2026, 9, 1), datetime.date(2027, 7, 1)
        )
        if str(event["UID"]) == "series@portal"
    ]
    assert by_vobject == sorted(by_icalendar)
    assert len(by_vobject) == 9  # September to May
    assert by_vobject[0] == datetime.datetime(2026, 9, 16, 12, tzinfo=UTC)
