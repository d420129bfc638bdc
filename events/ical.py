"""iCalendar (RFC 5545) feeds built with the ``icalendar`` library.

Pure: takes plain ``IcsEvent`` values and returns bytes. UIDs are made by the caller from
something that never changes for an event (its page's translation key and the site's host),
so an updated event replaces the old one in a subscriber's calendar instead of doubling it;
SEQUENCE tells calendar applications which version is newer.

Times carry the event's own zone (TZID, Europe/Moscow unless an editor chose another) and the
feed a minimal VTIMEZONE for it: one STANDARD part with the zone's offset, as Russia keeps no
summer time. The full history icalendar would write (MSD, 2011–2014) is longer than the feed
and some readers take the wrong part of it; it is written only when a feed's dates fall on
different offsets of one zone.
"""

import datetime
from dataclasses import dataclass

import icalendar

from . import recurrence
from .calendar_grid import last_day

PRODID = "-//РИРО//Календарь семинаров//RU"
TZID = "Europe/Moscow"


@dataclass(frozen=True)
class IcsEvent:
    uid: str
    summary: str
    start: datetime.datetime
    end: datetime.datetime
    all_day: bool = False
    rrule: str = ""
    exdates: tuple = ()
    rdates: tuple = ()
    description: str = ""
    location: str = ""
    url: str = ""
    categories: tuple = ()
    last_modified: datetime.datetime | None = None
    sequence: int = 0


def event_uid(key, host):
    return f"event-{key}@{host}"


def _component(event, stamp):
    component = icalendar.Event()
    component.add("uid", event.uid)
    component.add("summary", event.summary)
    component.add("dtstamp", stamp)
    if event.all_day:
        component.add("dtstart", event.start.date())
        # DTEND of an all-day event is exclusive: the day after the last one.
        last = last_day(event.start, event.end, all_day=True)
        component.add("dtend", last + datetime.timedelta(days=1))
    else:
        component.add("dtstart", event.start)
        component.add("dtend", event.end)
    if event.rrule:
        component.add("rrule", icalendar.vRecur.from_ical(event.rrule))
        # A cancelled or moved session is left out of the rule; a moved one's new start added.
        if event.exdates:
            component.add("exdate", list(event.exdates))
        if event.rdates:
            component.add("rdate", list(event.rdates))
    if event.last_modified:
        component.add("last-modified", event.last_modified.astimezone(datetime.UTC))
    component.add("sequence", event.sequence)
    for name, value in (
        ("description", event.description),
        ("location", event.location),
        ("url", event.url),
    ):
        if value:
            component.add(name, value)
    if event.categories:
        component.add("categories", list(event.categories))
    return component


def build_calendar(events, name, stamp=None):
    """A VCALENDAR with one VEVENT per event and the VTIMEZONE of every TZID used."""
    stamp = (stamp or datetime.datetime.now(datetime.UTC)).astimezone(datetime.UTC)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TZID)
    for zone in _minimal_timezones(events):
        calendar.add_component(zone)
    for event in events:
        calendar.add_component(_component(event, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _minimal_timezones(events):
    """One VTIMEZONE per zone whose dates in the feed all have the same UTC offset."""
    moments = {}
    for event in events:
        if not event.all_day:
            zone_moments = moments.setdefault(event.start.tzinfo.key, [])
            zone_moments.extend(
                recurrence.occurrences(event.start, event.rrule, rdates=event.rdates)
            )
    zones = []
    for key, zone_moments in sorted(moments.items()):
        offsets = {moment.utcoffset() for moment in zone_moments}
        if len(offsets) != 1:
            continue  # left to add_missing_timezones, with the zone's transitions
        (offset,) = offsets
        standard = icalendar.TimezoneStandard()
        standard.add("dtstart", datetime.datetime(1970, 1, 1))
        standard.add("tzoffsetfrom", offset)
        standard.add("tzoffsetto", offset)
        standard.add("tzname", zone_moments[0].tzname())
        zone = icalendar.Timezone()
        zone.add("tzid", key)
        zone.add_component(standard)
        zones.append(zone)
    return zones
