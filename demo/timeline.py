"""The demo's one timeline: every dated thing is placed relative to the day the demo is loaded.

The demo's results, statuses, programmes and texts were written as of the school year
2025/2026: results of the springs 2023–2025, the list of ШНОР first approved for 2023/2024, a
monitoring programme measured 2023–2025. At load time they move forward by whole years so that
the latest results are those of the last spring and the lists are those of the school year
running on the load day (``year(2025)`` is the current school year's first calendar year).
Documents from the source materials (the Priozersk programme of 2020–2023, the Amur programme of
2023–2024, the Kazachinsky roadmap of 2023) keep their own dates and say they are historic.
The seminar calendar moves by weeks instead (``demo.events.calendar_shift``).
"""

import datetime
import re

from django.utils import timezone

from schools.listing import current_school_year

AUTHORED_SCHOOL_YEAR = 2025

TODAY = timezone.localdate()
SCHOOL_YEAR = current_school_year(TODAY)
SHIFT = max(SCHOOL_YEAR - AUTHORED_SCHOOL_YEAR, 0)


def year(authored):
    """The year that ``authored`` (as the demo was written) stands for on the load day."""
    return authored + SHIFT


def date(authored):
    """A date of the authored timeline moved by the same whole years."""
    return _replace_year(authored, authored.year + SHIFT)


def _replace_year(day, year):
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def school_year_label(authored):
    """«2026/2027» for the authored 2025."""
    start = year(authored)
    return f"{start}/{start + 1}"


def days_ago(days):
    return TODAY - datetime.timedelta(days=days)


# School sections were written over the school year 2023/2024 (recommendations from October,
# reports of its first half, news of the winter); they read as the last completed school year's.
SECTION_SHIFT = max(SCHOOL_YEAR - 1 - 2023, 0)
YEAR_IN_TEXT = re.compile(r"(?<!\d)20[12]\d(?!\d)")  # 2010–2029 standing alone


def moved(value, shift=SHIFT):
    """``value`` (TOML data: tables, arrays, strings, dates) with every date and every year
    written in a string moved by ``shift`` years."""
    if isinstance(value, dict):
        return {key: moved(item, shift) for key, item in value.items()}
    if isinstance(value, list):
        return [moved(item, shift) for item in value]
    if isinstance(value, str):
        return YEAR_IN_TEXT.sub(lambda match: str(int(match.group()) + shift), value)
    if isinstance(value, datetime.date):
        return _replace_year(value, value.year + shift)
    return value
