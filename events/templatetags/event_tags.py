"""How an event's date and time read on the site: «15 сентября 2026, 10:00–12:00»."""

from django import template
from django.utils import timezone
from django.utils.formats import date_format

from ..calendar_grid import last_day

register = template.Library()


def _day(value):
    return date_format(value, "j E Y")


@register.simple_tag
def event_when(event, start=None):
    """The dates of an event (or of one date of a series starting at ``start``)."""
    start = timezone.localtime(start or event.start)
    end = start + event.duration
    if event.all_day:
        last = last_day(start, end, all_day=True)
        if last > start.date():
            return f"{date_format(start, 'j E')} — {_day(last)}"
        return _day(start)
    if end.date() > start.date():
        return f"{_day(start)}, {start:%H:%M} — {_day(end)}, {end:%H:%M}"
    return f"{_day(start)}, {start:%H:%M}–{end:%H:%M}"


@register.simple_tag
def next_date(event, now):
    return event_when(event, event.next_occurrence(now))
