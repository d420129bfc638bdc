"""Progress to target against hand-computed cases (docs/progress-to-target.md).

Each case says in its comment what was computed by hand: the pace so far since the baseline
(the earliest value), the pace needed from the baseline to the target by the target year, and
their ratio: ≥ 1 «идёт к цели», from 0,1 «нужно ускорение», above −0,1 «нет продвижения»,
otherwise «ухудшение».
"""

from decimal import Decimal
from fractions import Fraction

import pytest

from indicators.programme.progress import Category, Reason, assess, latest

ACHIEVED = Category.ACHIEVED
ON_TRACK = Category.ON_TRACK
ACCELERATE = Category.ACCELERATE
NO_PROGRESS = Category.NO_PROGRESS
WORSENING = Category.WORSENING


def categories(values, target, target_year, **options):
    return {p.year: p.category for p in assess(values, target, target_year, **options)}


@pytest.mark.parametrize(
    ("values", "target", "target_year", "expected"),
    [
        # 2024: +22 a year against (100 − 46) / 2 = 27 needed → 0,81;
        # 2025: (81 − 46) / 2 = 17,5 against 27 → 0,65. The baseline year has no pace.
        (
            {2023: 46, 2024: 68, 2025: 81},
            100,
            2025,
            {2023: None, 2024: ACCELERATE, 2025: ACCELERATE},
        ),
        # +30 a year, exactly the (100 − 40) / 2 = 30 needed: on track.
        ({2023: 40, 2024: 70}, 100, 2025, {2023: None, 2024: ON_TRACK}),
        # +0,5 a year against (90 − 50) / 4 = 10 → 0,05: no movement to speak of.
        ({2023: 50, 2025: 51}, 90, 2027, {2023: None, 2025: NO_PROGRESS}),
        # +1 a year against 10 → exactly 0,1: slow, but moving.
        ({2023: 50, 2025: 52}, 90, 2027, {2023: None, 2025: ACCELERATE}),
        # −2 a year against 10 → −0,2; −1 against 10 → exactly −0,1: both away from the target.
        ({2023: 50, 2024: 48}, 90, 2027, {2023: None, 2024: WORSENING}),
        ({2023: 50, 2024: 49}, 90, 2027, {2023: None, 2024: WORSENING}),
        # −0,5 against 10 → −0,05: no movement.
        ({2023: 50, 2025: 49}, 90, 2027, {2023: None, 2025: NO_PROGRESS}),
        # Missing years: 2021 → 2024 is +30 in 3 years = 10 a year, (80 − 20) / 6 = 10 needed.
        ({2021: 20, 2023: None, 2024: 50}, 80, 2027, {2021: None, 2024: ON_TRACK}),
        # The target met in the middle, lost afterwards: 70 → 100 → 95 against 100 by 2026.
        # 2025: +12,5 a year against 10 → on track again, though not at the target.
        ({2023: 70, 2024: 100, 2025: 95}, 100, 2026, {2023: None, 2024: ACHIEVED, 2025: ON_TRACK}),
    ],
)
def test_higher_is_better(values, target, target_year, expected):
    assert categories(values, target, target_year) == expected


@pytest.mark.parametrize(
    ("values", "target", "target_year", "expected"),
    [
        # The share of schools without prevention, 18 → 11 → 6 against 0 by 2025: it should fall
        # by (18 − 0) / 2 = 9 a year; it fell by 7 (0,78), then by 6 a year on average (0,67).
        ({2023: 18, 2024: 11, 2025: 6}, 0, 2025, {2023: None, 2024: ACCELERATE, 2025: ACCELERATE}),
        # 30 → 20 against 10 by 2025: −10 a year, exactly the −10 needed.
        ({2023: 30, 2024: 20}, 10, 2025, {2023: None, 2024: ON_TRACK}),
        # 24 → 27 against 10 by 2026: it rose by 3 where it should fall by 14 / 3 a year.
        ({2023: 24, 2024: 27}, 10, 2026, {2023: None, 2024: WORSENING}),
        # Below the target is the target met: 7 → 4 against 5.
        ({2023: 7, 2024: 4}, 5, 2025, {2023: None, 2024: ACHIEVED}),
    ],
)
def test_lower_is_better(values, target, target_year, expected):
    assert categories(values, target, target_year, higher_is_better=False) == expected


def test_the_pace_and_the_needed_pace_are_kept_for_the_sentence():
    progress = latest({2023: 46, 2024: 68, 2025: 81}, 100, 2025)
    assert (progress.baseline_year, progress.pace, progress.needed_pace) == (2023, 17.5, 27)
    assert progress.ratio == Fraction(35, 54)
    assert progress.overdue  # 2025 is the target year and 81 is not 100

    falling = latest({2023: 18, 2024: 11}, 0, 2025, higher_is_better=False)
    assert (falling.pace, falling.needed_pace, falling.overdue) == (7, 9, False)


@pytest.mark.parametrize(
    ("values", "target", "higher_is_better"),
    [
        ({2024: 100}, 100, True),  # met in the only year: no baseline is needed
        ({2023: 40, 2024: 100}, 100, True),
        ({2023: 40, 2024: 100.5}, 100, True),  # beyond the target
        ({2023: 0}, 0, False),
        # As the site shows it: 99,96 % reads «100 %» against a 100 % target.
        ({2023: 40, 2024: 99.96}, 100, True),
        ({2023: 10, 2024: 0.04}, 0, False),
    ],
)
def test_target_already_met(values, target, higher_is_better):
    progress = latest(values, target, 2025, higher_is_better=higher_is_better)
    assert progress.category == ACHIEVED


def test_met_is_rounded_as_the_indicator_is_shown():
    assert latest({2023: 40, 2024: 99.94}, 100, 2025).category == ON_TRACK  # «99,9 %»
    # Counts are shown whole: 5,6 reads «6» against 6.
    assert latest({2023: 3, 2024: 5.6}, 6, 2025, digits=0).category == ACHIEVED
    assert latest({2023: 3, 2024: 5.4}, 6, 2025, digits=0).category == ON_TRACK


def test_without_a_baseline_there_is_no_pace():
    progress = latest({2024: 60}, 100, 2025)
    assert (progress.category, progress.reason) == (None, Reason.NO_BASELINE)


def test_without_a_target_or_its_year():
    assert {p.reason for p in assess({2023: 40, 2024: 50}, None, 2025)} == {Reason.NO_TARGET}
    assert [p.reason for p in assess({2023: 40, 2024: 50}, 100, None)] == [
        Reason.NO_BASELINE,
        Reason.NO_TARGET_YEAR,
    ]
    assert latest({}, 100, 2025) is None


def test_target_year_passed():
    # 40 → 80 from 2023 to 2026 against 100 by 2025: +13,3 a year against 30 needed; overdue.
    progress = latest({2023: 40, 2026: 80}, 100, 2025)
    assert (progress.category, progress.overdue) == (ACCELERATE, True)
    assert progress.ratio == Fraction(4, 9)
    # A baseline after the target year leaves no time: the whole gap (60) in one year.
    progress = latest({2026: 40, 2027: 50}, 100, 2025)
    assert (progress.needed_pace, progress.category, progress.overdue) == (60, ACCELERATE, True)
    # Overdue and falling.
    assert latest({2023: 40, 2026: 30}, 100, 2025).category == WORSENING


def test_a_met_baseline_lost_is_worsening():
    # 100 in 2023 met the target; 95 in 2024 does not: the value moved away.
    assert latest({2023: 100, 2024: 95}, 100, 2025).category == WORSENING


def test_stored_decimals_are_exact():
    # 33,3 → 50 → 66,7 against 60 by 2025 (the city's indicator): 2024 is +16,7 against
    # (60 − 33,3) / 2 = 13,35 needed → on track; 2025 meets the target.
    values = {2023: Decimal("33.30"), 2024: Decimal("50.00"), 2025: Decimal("66.70")}
    assert categories(values, Decimal("60.00"), 2025) == {
        2023: None,
        2024: ON_TRACK,
        2025: ACHIEVED,
    }


def test_labels_are_the_words_readers_see():
    assert [category.label for category in Category] == [
        "цель достигнута",
        "идёт к цели",
        "нужно ускорение",
        "нет продвижения",
        "ухудшение",
    ]
