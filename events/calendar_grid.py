"""The month grid of the calendar: weeks of days, each with the events on it; and the list's
months, each with its events.

Pure: takes (start, end, item) triples or (day, item) pairs already in local time and returns
plain data, so the template only loops. Weeks start on Monday, as in Russia.
"""

import calendar
import datetime
import itertools
from dataclasses import dataclass, field

from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import date_format


def weekdays():
    """The grid's header from Monday: (short, full) names, as in («Пн», «понедельник»).

    Django's translations, read at call time so that the active language applies.
    """
    return [(str(WEEKDAYS_ABBR[day]), str(WEEKDAYS[day]).lower()) for day in range(7)]


def month_title(day):
    """«Декабрь 2026»: the month's name in the nominative, as Django's «F» format gives it."""
    return date_format(day, "F Y")


@dataclass
class Day:
    date: datetime.date
    in_month: bool
    items: list = field(default_factory=list)


@dataclass
class MonthGrid:
    year: int
    month: int
    weeks: list

    @property
    def title(self):
        return month_title(self.first_day)

    @property
    def first_day(self):
        return datetime.date(self.year, self.month, 1)

    @property
    def days_with_events(self):
        """The month's own days that have events: the grid as a list, for narrow screens."""
        return [day for week in self.weeks for day in week if day.in_month and day.items]

    @property
    def previous(self):
        return shift_month(self.year, self.month, -1)

    @property
    def next(self):
        return shift_month(self.year, self.month, 1)


def shift_month(year, month, delta):
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


def month_bounds(year, month):
    """First day of the month and first day of the next one."""
    next_year, next_month = shift_month(year, month, 1)
    return datetime.date(year, month, 1), datetime.date(next_year, next_month, 1)


def last_day(start, end, all_day=False):
    """The last calendar day an event covers: an end at midnight does not cover that day."""
    end_date = end.date() if isinstance(end, datetime.datetime) else end
    start_date = start.date() if isinstance(start, datetime.datetime) else start
    midnight = not isinstance(end, datetime.datetime) or end.time() == datetime.time(0)
    if (all_day or midnight) and end_date > start_date:
        return end_date - datetime.timedelta(days=1)
    return max(end_date, start_date)


def month_grid(year, month, entries):
    """Weeks (lists of 7 Days) of the month; ``entries`` are (first_day, last_day, item)."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    days = {day: Day(day, day.month == month) for week in weeks for day in week}
    for first, last, item in sorted(entries, key=lambda entry: entry[0]):
        day = max(first, weeks[0][0])
        while day <= min(last, weeks[-1][-1]):
            days[day].items.append(item)
            day += datetime.timedelta(days=1)
    return MonthGrid(year, month, [[days[day] for day in week] for week in weeks])


@dataclass
class MonthGroup:
    first_day: datetime.date
    items: list

    @property
    def title(self):
        return month_title(self.first_day)


def by_month(dated):
    """(day, item) pairs in a list's order as MonthGroups: a new group wherever the month
    changes, so a list sorted either way gets one heading per month."""
    return [
        MonthGroup(first_day, [item for _day, item in pairs])
        for first_day, pairs in itertools.groupby(dated, key=lambda pair: pair[0].replace(day=1))
    ]
