"""Progress to target: where a programme indicator stands against its target, year by year.

Pure: takes the values by year, the target and its year, and returns a ``Progress`` per year with
a value. The method, in plain words, is in docs/progress-to-target.md:

* the value of the year meets the target (as the site shows it, rounded) → «цель достигнута»;
* otherwise the pace so far — the change per year since the baseline, the earliest year with a
  value — is compared with the pace needed to go from the baseline to the target by the target
  year; their ratio gives «идёт к цели» (at least the needed pace), «нужно ускорение» (slower),
  «нет продвижения» (within a tenth of the needed pace either way) or «ухудшение» (away from it).

Keeping the pace so far from the baseline is the same test as projecting the value to the target
year at that pace: it reaches the target exactly when the pace is at least the needed one.
Arithmetic is exact (fractions), so the hand-computed boundaries hold.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db import models
from django.utils.translation import gettext_lazy as _

# A pace within this share of the needed pace, either way, is no movement at all.
NO_PROGRESS_RATIO = Fraction(1, 10)


class Category(models.TextChoices):
    ACHIEVED = "achieved", _("цель достигнута")
    ON_TRACK = "on_track", _("идёт к цели")
    ACCELERATE = "accelerate", _("нужно ускорение")
    NO_PROGRESS = "no_progress", _("нет продвижения")
    WORSENING = "worsening", _("ухудшение")


class Reason(models.TextChoices):
    """Why a year has no category."""

    NO_TARGET = "no_target", _("цель не задана")
    NO_TARGET_YEAR = "no_target_year", _("не указан год, к которому нужно достичь цели")
    NO_BASELINE = "no_baseline", _("значение только за один год: темп ещё не виден")


@dataclass(frozen=True)
class Progress:
    """One year of an indicator against its target.

    ``pace`` and ``needed_pace`` are changes per year in the indicator's own direction: positive
    is towards «better» (up, or down for indicators that should fall).
    """

    year: int
    value: Fraction
    category: Category | None
    reason: Reason | None = None
    baseline_year: int | None = None
    pace: Fraction | None = None
    needed_pace: Fraction | None = None
    overdue: bool = False  # the target year has come and the target is not met

    @property
    def ratio(self) -> Fraction | None:
        if self.pace is None or not self.needed_pace:
            return None
        return self.pace / self.needed_pace


def assess(values, target, target_year, *, higher_is_better=True, digits=1) -> list[Progress]:
    """A ``Progress`` per year of ``values`` ({year: value}), oldest first.

    Each year is judged on the values up to it. ``digits`` is how the site rounds the indicator
    (1 for percentages, 0 for counts): a gap that rounds to zero is the target met, as the chart's
    sentence says.
    """
    series = sorted((year, _exact(value)) for year, value in values.items() if value is not None)
    goal = None if target is None else _exact(target)
    direction = 1 if higher_is_better else -1
    baseline = series[0] if series else None
    return [
        _assess_year(year, value, baseline, goal, target_year, direction, digits)
        for year, value in series
    ]


def latest(values, target, target_year, **options) -> Progress | None:
    """The latest year's ``Progress``, or None without values."""
    progress = assess(values, target, target_year, **options)
    return progress[-1] if progress else None


def _assess_year(year, value, baseline, goal, target_year, direction, digits):
    if goal is None:
        return Progress(year, value, None, Reason.NO_TARGET)
    gap = direction * (goal - value)  # how far from the target, in the good direction
    if _rounded(gap, digits) <= 0:
        return Progress(year, value, Category.ACHIEVED)
    base_year, base_value = baseline
    if base_year == year:
        return Progress(year, value, None, Reason.NO_BASELINE, baseline_year=base_year)
    if target_year is None:
        return Progress(year, value, None, Reason.NO_TARGET_YEAR, baseline_year=base_year)
    pace = direction * (value - base_value) / (year - base_year)
    # A baseline at or after the target year leaves no time: the whole gap is needed in a year.
    needed = direction * (goal - base_value) / max(target_year - base_year, 1)
    return Progress(
        year,
        value,
        _category(pace, needed),
        baseline_year=base_year,
        pace=pace,
        needed_pace=needed,
        overdue=year >= target_year,
    )


def _category(pace, needed):
    if needed <= 0:
        # The baseline already met the target and this year does not: the value moved away.
        return Category.WORSENING
    ratio = pace / needed
    if ratio >= 1:
        return Category.ON_TRACK
    if ratio >= NO_PROGRESS_RATIO:
        return Category.ACCELERATE
    if ratio > -NO_PROGRESS_RATIO:
        return Category.NO_PROGRESS
    return Category.WORSENING


def _exact(number) -> Fraction:
    """Decimals from the database and floats typed in tests alike, as exact fractions."""
    return Fraction(Decimal(str(number)))


def _rounded(number: Fraction, digits: int) -> Decimal:
    decimal = Decimal(number.numerator) / Decimal(number.denominator)
    return decimal.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
