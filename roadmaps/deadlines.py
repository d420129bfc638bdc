"""Deadlines as roadmaps write them, turned into a due date where the text allows it.

A roadmap's «Сроки» cell holds a date («до 15.03.2024»), a period («Январь, февраль 2023»,
«I квартал 2024», «сентябрь 2023 – май 2024»), several of them («01.11.2023; 01.03.2024») or a
recurring text («ежеквартально», «постоянно», «не реже 1 раза в год»). The text is always kept
as entered; this module only works out when the item is due: the end of the last date or period
the text names. A period without a year takes it from the roadmap's own period; «в течение
года» means the end of the roadmap's period; a recurring text has no single due date. A half
year of a school year («I полугодие» in a plan for 2024/25, «II полугодие 2024/2025 уч. г.»)
is the school year's half: September to December, then January to May; quarters are the
calendar's, as plans write them («2 кв. 2027» ends in June).
"""

import calendar
import datetime
import re
from dataclasses import dataclass

DATE = "date"
PERIOD = "period"
RECURRING = "recurring"
TEXT = "text"

MONTHS = {
    "январ": 1,
    "феврал": 2,
    "март": 3,
    "апрел": 4,
    "ма": 5,
    "июн": 6,
    "июл": 7,
    "август": 8,
    "сентябр": 9,
    "октябр": 10,
    "ноябр": 11,
    "декабр": 12,
}
ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
SCHOOL_YEAR_START = 9
SCHOOL_YEAR_END = (5, 31)

_MONTHS = r"январ|феврал|март|апрел|ма(?=[йяе]\b)|июн|июл|август|сентябр|октябр|ноябр|декабр"


def _month(name):
    return rf"(?P<{name}>{_MONTHS})[а-я]*"


def _year(name):
    return rf"(?:\s*,?\s*(?P<{name}>\d{{4}})\s*(?:г\b\.?|года?\b)?)?"


def _ordinal(name):
    return rf"(?P<{name}>iv|i{{1,3}}|[1-4])\s*(?:-?[а-я]{{1,2}}\s+)?"


def _school_year(name):
    return rf"\s*(?P<{name}>\d{{4}})\s*[/-]\s*\d{{2,4}}\b"


PATTERN = re.compile(
    r"\b(?P<d_day>\d{1,2})\.(?P<d_month>\d{1,2})\.(?P<d_year>\d{4}|\d{2})\b"
    rf"|\b(?P<dm_day>\d{{1,2}})\s+{_month('dm_month')}{_year('dm_year')}"
    r"|\b(?P<sy_first>\d{4})\s*(?:/\s*\d{2,4}|-\s*\d{2,4}\s*(?:гг?\.?\s*)?уч)"
    rf"|\b{_ordinal('q_number')}(?:квартал[а-я]*|кв\b\.?){_year('q_year')}"
    rf"|\b{_ordinal('h_number')}(?:полугоди[а-я]*|полуг\b\.?)"
    rf"(?:{_school_year('h_school_year')}|{_year('h_year')})"
    rf"|\b{_month('m_month')}{_year('m_year')}"
    r"|\b(?P<y_year>\d{4})\b"
)
RECURRING_WORDS = re.compile(
    r"ежеквартальн|ежемесячн|еженедельн|ежегодн|ежедневн|постоянн|регулярн|систематическ"
    r"|раз[а]? в |по мере|по графику|по плану|в назначенные сроки"
)
THROUGHOUT = re.compile(r"в течени[ие]|весь период|в период реализации")


@dataclass(frozen=True)
class Deadline:
    kind: str
    due: datetime.date | None = None
    start: datetime.date | None = None


@dataclass
class _Mark:
    """One date or period named in the text; ``year`` may still be unknown."""

    first_month: int
    last_month: int
    year: int | None
    first_day: int = 1
    last_day: int | None = None
    spans_years: int = 0
    half: int | None = None  # of a half year named without a year: calendar or school year

    def as_school_half(self, first_year):
        """The mark of this half of the school year that starts in ``first_year``."""
        if self.half == 1:
            self.year, self.first_month, self.last_month = first_year, SCHOOL_YEAR_START, 12
        else:
            self.year, self.first_month, self.last_month = first_year + 1, 1, SCHOOL_YEAR_END[0]
            self.last_day = SCHOOL_YEAR_END[1]
        return self

    def start(self):
        return datetime.date(self.year, self.first_month, self.first_day)

    def end(self):
        year = self.year + self.spans_years
        day = self.last_day or calendar.monthrange(year, self.last_month)[1]
        return datetime.date(year, self.last_month, day)


def _optional_int(text):
    return int(text) if text else None


def _mark(match):
    """The _Mark of one PATTERN match: exactly one alternative's groups are set."""
    g = match.groupdict()
    if g["d_day"]:
        day, month, year = int(g["d_day"]), int(g["d_month"]), int(g["d_year"])
        year = year + 2000 if year < 100 else year
        return _Mark(month, month, year, first_day=day, last_day=day)
    if g["dm_day"]:
        day, month = int(g["dm_day"]), MONTHS[g["dm_month"]]
        return _Mark(month, month, _optional_int(g["dm_year"]), first_day=day, last_day=day)
    if g["sy_first"]:
        month, day = SCHOOL_YEAR_END
        return _Mark(9, month, int(g["sy_first"]), last_day=day, spans_years=1)
    for prefix, size in (("q", 3), ("h", 6)):
        if g[f"{prefix}_number"]:
            number = ROMAN.get(g[f"{prefix}_number"]) or int(g[f"{prefix}_number"])
            if number * size > 12:
                return None
            year = _optional_int(g[f"{prefix}_year"])
            mark = _Mark(size * (number - 1) + 1, size * number, year)
            if prefix == "h":
                mark.half = number
                if g["h_school_year"]:
                    return mark.as_school_half(int(g["h_school_year"]))
            return mark
    if g["m_month"]:
        month = MONTHS[g["m_month"]]
        return _Mark(month, month, _optional_int(g["m_year"]))
    return _Mark(1, 12, int(g["y_year"]))


def _normalise(text):
    text = text.lower().replace("ё", "е")
    return re.sub(r"[‐-―−]", "-", text)


def _marks(text):
    marks = []
    for match in PATTERN.finditer(text):
        mark = _mark(match)
        if mark is not None and 1 <= mark.first_month <= 12 and 1 <= mark.last_month <= 12:
            marks.append(mark)
    return marks


def _is_school_year(period):
    """Whether the period is a school year: from August or September to the next summer."""
    start, end = period
    return start.month in (8, SCHOOL_YEAR_START) and end.year == start.year + 1


def _fill_years(marks, period):
    """A mark without a year takes the next mark's year («январь, февраль 2023»), else the
    roadmap's period: a school-year period puts September–December in its first year, and a
    half year in it is the school year's."""
    following = None
    for mark in reversed(marks):
        if mark.year is None:
            mark.year = following
        following = mark.year if mark.year is not None else following
    for mark in marks:
        if mark.year is None:
            if period is None:
                return False
            start, end = period
            if mark.half and _is_school_year(period):
                mark.as_school_half(start.year)
            else:
                mark.year = start.year if mark.first_month >= start.month else end.year
    return True


def parse_deadline(text, period=None):
    """The Deadline of a roadmap item's deadline ``text``.

    ``period`` is the roadmap's (start, end) dates, or None; it gives a year to periods named
    without one and an end to «в течение года».
    """
    text = _normalise(text or "").strip()
    if not text:
        return Deadline(TEXT)
    marks = _marks(text)
    if marks:
        if not _fill_years(marks, period):
            return Deadline(TEXT)
        try:
            due = max(mark.end() for mark in marks)
            start = min(mark.start() for mark in marks)
        except ValueError:
            return Deadline(TEXT)
        single_day = len(marks) == 1 and marks[0].last_day is not None and start == due
        return Deadline(DATE if single_day else PERIOD, due, start)
    if THROUGHOUT.search(text) and not RECURRING_WORDS.search(text):
        if period is None:
            return Deadline(TEXT)
        return Deadline(PERIOD, period[1], period[0])
    if RECURRING_WORDS.search(text) or THROUGHOUT.search(text):
        return Deadline(RECURRING)
    return Deadline(TEXT)
