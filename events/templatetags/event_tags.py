"""How an event's date and time read on the site: «15 сентября 2026, 10:00–12:00 МСК».

Times are shown in the event's own zone and say which it is (``timezones.zone_label``).
"""

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html_join

from ..calendar_grid import last_day
from ..timezones import zone_label

register = template.Library()


def _day(value):
    return date_format(value, "j E Y")


@register.simple_tag
def event_when(event, start=None):
    """The dates of an event (or of one date of a series starting at ``start``)."""
    start = timezone.localtime(start or event.start, event.tz)
    end = start + event.duration
    if event.all_day:
        last = last_day(start, end, all_day=True)
        if last > start.date():
            return f"{date_format(start, 'j E')} — {_day(last)}"
        return _day(start)
    zone = zone_label(start)
    if end.date() > start.date():
        return f"{_day(start)}, {start:%H:%M} — {_day(end)}, {end:%H:%M} {zone}"
    return f"{_day(start)}, {start:%H:%M}–{end:%H:%M} {zone}"


@register.simple_tag
def next_date(event, now):
    return event_when(event, event.next_occurrence(now))


@register.simple_tag
def local_moment(event, moment):
    """A moment (a deadline) in the event's zone: «2 декабря 2026, 18:00 МСК»."""
    moment = timezone.localtime(moment, event.tz)
    return f"{_day(moment)}, {moment:%H:%M} {zone_label(moment)}"


@register.simple_tag
def event_time(event, moment):
    """The time of a moment in the event's zone: «10:00 МСК» (the month grid)."""
    moment = timezone.localtime(moment, event.tz)
    return f"{moment:%H:%M} {zone_label(moment)}"


@register.filter
def list_items(items):
    """Items (the month grid's links) as «<li>» elements in one go: a template loop would
    render each of hundreds of links twice (the grid and the day list)."""
    return format_html_join("", "<li>{}</li>", ((item,) for item in items))


@register.simple_tag
def event_zone(event):
    """The zone of an event's programme and schedule times: «МСК»."""
    return zone_label(event.local_start)


@register.simple_tag
def session_change(event, exception):
    """What happened to a session of a series: «отменено» or «перенесено на 15 апреля 2027,
    15:00–17:00 МСК», with the editor's note."""
    if exception.is_cancelled:
        text = "отменено"
    else:
        text = f"перенесено на {event_when(event, exception.new_start)}"
    return f"{text} ({exception.note})" if exception.note else text
