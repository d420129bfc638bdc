"""Plain-Russian one-sentence summaries of indicator numbers.

Charts and tables show the numbers; these sentences say what they mean, for a reader in a hurry
and for screen readers (the chart's <desc>). Shares are given as fractions (0.4) and shown as
percentages («40 %»); differences of shares are percentage points («п. п.»).
"""

import math
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

NBSP = "\u00a0"
NO_DATA = "Данных пока нет."
PERCENT = "%"


class Gender(StrEnum):
    """Grammatical gender (or plural) of the indicator's name, for the verb agreeing with it."""

    FEMININE = "f"  # «Доля … выросла»
    MASCULINE = "m"  # «Средний балл … вырос»
    NEUTER = "n"  # «Число … выросло»
    PLURAL = "pl"  # «Результаты … выросли»


VERBS = {
    Gender.FEMININE: ("выросла", "снизилась", "не изменилась"),
    Gender.MASCULINE: ("вырос", "снизился", "не изменился"),
    Gender.NEUTER: ("выросло", "снизилось", "не изменилось"),
    Gender.PLURAL: ("выросли", "снизились", "не изменились"),
}


def is_missing(value: float | None) -> bool:
    """None or NaN: pandas gives NaN where a mean could not be computed."""
    return value is None or math.isnan(value)


def format_number(value: float, digits: int = 1) -> str:
    """Russian number: decimal comma, no trailing «,0», thousands grouped by no-break spaces.

    Four-digit numbers stay ungrouped («2024», «1500») as Russian typography prescribes.
    Halves round up, as readers were taught at school: 14,25 → «14,3», not float's «14,2».
    """
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{rounded:,f}"
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0")
    if abs(value) < 10_000:
        whole = whole.replace(",", "")
    whole = whole.replace(",", NBSP).replace("-", "−")
    if whole == "−0" and not fraction:  # a tiny negative rounded away is plain zero
        whole = "0"
    return f"{whole},{fraction}" if fraction else whole


def format_value(value: float, unit: str = "", digits: int = 1) -> str:
    """A value with its unit; unit «%» means the value is a share (0.4 → «40 %»)."""
    if unit == PERCENT:
        return f"{format_number(value * 100, digits)}{NBSP}%"
    number = format_number(value, digits)
    return f"{number}{NBSP}{unit}" if unit else number


def format_difference(difference: float, unit: str = "", digits: int = 1) -> str:
    """An absolute difference: shares in percentage points («8 п. п.»), others in their unit."""
    if unit == PERCENT:
        return f"{format_number(abs(difference) * 100, digits)}{NBSP}п.{NBSP}п."
    return format_value(abs(difference), unit, digits)


def change_sentence(
    name: str,
    before: float | None,
    after: float | None,
    *,
    unit: str = "",
    from_label: str = "",
    to_label: str = "",
    gender: Gender | str = Gender.FEMININE,
    digits: int = 1,
) -> str:
    """«{name} выросла с 40 % до 55 % (2023 → 2024).», «снизилась», «не изменилась».

    Values equal as displayed count as unchanged: «40 %» and «40 %» is no change to a reader.
    """
    if is_missing(after):
        return NO_DATA
    period = f" ({from_label} → {to_label})" if from_label and to_label else ""
    shown_after = format_value(after, unit, digits)
    if is_missing(before):
        label = f" ({to_label})" if to_label else ""
        return f"{name}: {shown_after}{label}; данных для сравнения пока нет."
    rose, fell, same = VERBS[Gender(gender)]
    shown_before = format_value(before, unit, digits)
    if shown_before == shown_after:
        return f"{name} {same}: {shown_after}{period}."
    verb = rose if after > before else fell
    return f"{name} {verb} с {shown_before} до {shown_after}{period}."


def latest_change_sentence(name: str, points, **options) -> str:
    """``change_sentence`` for the last two of ``points`` ((label, value), oldest first):
    a reader compares the latest year with the one before. Missing values are skipped."""
    points = [(label, value) for label, value in points if not is_missing(value)]
    if not points:
        return NO_DATA
    (before_label, before), (after_label, after) = (
        points[-2:] if len(points) > 1 else [("", None), points[-1]]
    )
    return change_sentence(
        name, before, after, from_label=before_label, to_label=after_label, **options
    )


def target_sentence(
    name: str,
    value: float | None,
    target: float,
    *,
    unit: str = "",
    higher_is_better: bool = True,
    digits: int = 1,
) -> str:
    """«{name} — 62 % при цели 70 %: до цели 8 п. п.» or «…: цель достигнута.»

    For indicators that should go down (the share of «2» marks) pass higher_is_better=False.
    """
    if is_missing(value):
        return NO_DATA
    shown = format_value(value, unit, digits)
    start = f"{name} — {shown} при цели {format_value(target, unit, digits)}"
    gap = target - value if higher_is_better else value - target
    # Compare as displayed: 69,96 % shown as «70 %» against a 70 % target is met for the reader.
    scaled_gap = gap * 100 if unit == PERCENT else gap
    if gap <= 0 or format_number(scaled_gap, digits) == "0":
        return f"{start}: цель достигнута."
    # «п. п.» already ends with a full stop; a second one would read as a typo.
    return f"{start}: до цели {format_difference(gap, unit, digits)}".removesuffix(".") + "."
