"""Series of events: simple editor choices to an RRULE string, and an RRULE back to dates.

Pure functions: no Django, no database. Dates are expanded with python-dateutil, the same
RFC 5545 rules calendar applications apply to the RRULE in the ICS feed.
"""

import datetime

from dateutil.rrule import rrulestr

# Editor choice -> the RRULE parts it stands for.
FREQUENCIES = {
    "weekly": "FREQ=WEEKLY",
    "monthly": "FREQ=MONTHLY",
    "quarterly": "FREQ=MONTHLY;INTERVAL=3",
}
FREQUENCY_LABELS = {
    "": "не повторяется",
    "weekly": "еженедельно",
    "monthly": "ежемесячно",
    "quarterly": "1 раз в квартал",
}
# A safety net for a series without an end: the list and the grid never expand more than this.
MAX_OCCURRENCES = 60


def build_rrule(frequency, until=None, tz=None):
    """The RRULE value (without the ``RRULE:`` prefix) for an editor's choice; "" for none.

    ``until`` is a date: the series includes that day. RFC 5545 wants UNTIL in UTC when the
    start has a time zone, so the end of that day in ``tz`` is converted to UTC.
    """
    if not frequency:
        return ""
    rule = FREQUENCIES[frequency]
    if until:
        end_of_day = datetime.datetime.combine(until, datetime.time(23, 59, 59), tzinfo=tz)
        if tz is not None:
            end_of_day = end_of_day.astimezone(datetime.UTC)
            rule += f";UNTIL={end_of_day:%Y%m%dT%H%M%SZ}"
        else:
            rule += f";UNTIL={end_of_day:%Y%m%dT%H%M%S}"
    return rule


def occurrences(start, rrule="", limit=MAX_OCCURRENCES):
    """Start datetimes of every occurrence of a series (just ``[start]`` without a rule)."""
    if not rrule:
        return [start]
    dates = []
    for moment in rrulestr(rrule, dtstart=start):
        dates.append(moment)
        if len(dates) >= limit:
            break
    return dates


def occurrences_between(start, duration, rrule, period_start, period_end):
    """Occurrences (start, end) of a series that overlap [period_start, period_end)."""
    return [
        (moment, moment + duration)
        for moment in occurrences(start, rrule)
        if moment < period_end and moment + duration > period_start
    ]
