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
MONTHLY_WEEKDAY = "monthly-weekday"
RRULE_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
# «каждую вторую среду месяца»: the weekday in the accusative, and the agreeing words by gender.
WEEKDAYS_ACCUSATIVE = [
    ("понедельник", "m"),
    ("вторник", "m"),
    ("среду", "f"),
    ("четверг", "m"),
    ("пятницу", "f"),
    ("субботу", "f"),
    ("воскресенье", "n"),
]
EVERY = {"m": "каждый", "f": "каждую", "n": "каждое"}
ORDINALS = {
    "m": {1: "первый", 2: "второй", 3: "третий", 4: "четвёртый", -1: "последний"},
    "f": {1: "первую", 2: "вторую", 3: "третью", 4: "четвёртую", -1: "последнюю"},
    "n": {1: "первое", 2: "второе", 3: "третье", 4: "четвёртое", -1: "последнее"},
}
# A safety net for a series without an end: the list and the grid never expand more than this.
MAX_OCCURRENCES = 60


def week_of_month(day):
    """Which of its weekday in the month a date is: 1–4, or -1 for a fifth (the last)."""
    number = (day.day - 1) // 7 + 1
    return -1 if number == 5 else number


def weekday_pattern(day):
    """«каждую вторую среду месяца» for a date that is the second Wednesday of its month."""
    weekday, gender = WEEKDAYS_ACCUSATIVE[day.weekday()]
    return f"{EVERY[gender]} {ORDINALS[gender][week_of_month(day)]} {weekday} месяца"


def build_rrule(frequency, until=None, tz=None, start=None):
    """The RRULE value (without the ``RRULE:`` prefix) for an editor's choice; "" for none.

    «monthly-weekday» repeats the weekday of ``start`` in the same week of each month
    (BYDAY=+2WE: the second Wednesday; a fifth one is taken as the last, -1).

    ``until`` is a date: the series includes that day. RFC 5545 wants UNTIL in UTC when the
    start has a time zone, so the end of that day in ``tz`` is converted to UTC.
    """
    if not frequency:
        return ""
    if frequency == MONTHLY_WEEKDAY:
        rule = f"FREQ=MONTHLY;BYDAY={week_of_month(start):+d}{RRULE_DAYS[start.weekday()]}"
    else:
        rule = FREQUENCIES[frequency]
    if until:
        end_of_day = datetime.datetime.combine(until, datetime.time(23, 59, 59), tzinfo=tz)
        if tz is not None:
            end_of_day = end_of_day.astimezone(datetime.UTC)
            rule += f";UNTIL={end_of_day:%Y%m%dT%H%M%SZ}"
        else:
            rule += f";UNTIL={end_of_day:%Y%m%dT%H%M%S}"
    return rule


def occurrences(start, rrule="", limit=MAX_OCCURRENCES, exdates=(), rdates=()):
    """Start datetimes of every occurrence of a series (just ``[start]`` without a rule),
    without the cancelled or moved ones (``exdates``) and with the moved ones' new starts
    (``rdates``), as RFC 5545's EXDATE and RDATE say."""
    dates = []
    for moment in rrulestr(rrule, dtstart=start) if rrule else [start]:
        dates.append(moment)
        if len(dates) >= limit:
            break
    excluded = set(exdates)
    return sorted({moment for moment in dates if moment not in excluded} | set(rdates))


def occurrences_between(moments, duration, period_start, period_end):
    """Occurrences (start, end) among ``moments`` that overlap [period_start, period_end)."""
    return [
        (moment, moment + duration)
        for moment in moments
        if moment < period_end and moment + duration > period_start
    ]
