"""The interval method of the dynamics against hand-computed and published values.

Wilson's and Newcombe's intervals: the worked examples of Newcombe (1998), «Two-sided confidence
intervals for the single proportion» (Statistics in Medicine 17, 857–872, table I, method 3)
and «Interval estimation for the difference between independent proportions: comparison of
eleven methods» (ibid., 873–890, table II, method 10). z = 1,959964 throughout.
"""

import math

import pytest

from indicators.rules.dynamics import (
    INSUFFICIENT,
    INTERVAL,
    MARGIN,
    NEGATIVE,
    POSITIVE,
    STABLE,
    UNKNOWN,
    Method,
    changes,
    method_label,
    method_note,
    positive_share,
    school_verdicts,
)
from indicators.rules.identification import Thresholds
from indicators.rules.intervals import (
    mean_difference,
    proportion_difference,
    sample_variance,
    wilson,
    z_value,
)
from tests.indicators.fixtures import result, table

Z = z_value(0.95)
THRESHOLDS = Thresholds()
BY_INTERVAL = Method(INTERVAL, 0.95)
BY_MARGIN = Method(MARGIN)


def rounded(pair, digits=4):
    return tuple(round(value, digits) for value in pair)


def test_the_normal_quantile_of_the_confidence():
    assert round(Z, 6) == 1.959964
    assert round(z_value(0.9), 6) == 1.644854


@pytest.mark.parametrize(
    ("successes", "trials", "expected"),
    [
        (81, 263, (0.2553, 0.3662)),
        (15, 148, (0.0624, 0.1605)),
        (0, 20, (0.0, 0.1611)),
        (1, 29, (0.0061, 0.1718)),
    ],
)
def test_wilson_interval_matches_newcombes_examples(successes, trials, expected):
    assert rounded(wilson(successes, trials, Z)) == expected


def test_wilson_interval_by_hand_for_three_of_eight():
    """Centre (3 + z²/2) / (8 + z²) = 4,9208 / 11,8415 = 0,41556; half-width
    z·√(3·5/8 + z²/4) / (8 + z²) = 1,96 · 1,68386 / 11,8415 = 0,27871; 0,41556 ∓ 0,27871."""
    assert rounded(wilson(3, 8, Z)) == (0.1368, 0.6943)
    assert all(math.isnan(bound) for bound in wilson(0, 0, Z))


@pytest.mark.parametrize(
    ("after", "before", "expected"),
    [
        ((56, 70), (48, 80), (0.0524, 0.3339)),
        ((9, 10), (3, 10), (0.1705, 0.8090)),
        ((5, 56), (0, 29), (-0.0381, 0.1926)),
        ((0, 10), (0, 20), (-0.1611, 0.2775)),
        ((0, 10), (0, 10), (-0.2775, 0.2775)),
        ((10, 10), (0, 20), (0.6791, 1.0)),
    ],
)
def test_newcombe_interval_matches_the_worked_examples(after, before, expected):
    assert rounded(proportion_difference(*before, *after, Z)) == expected


def test_newcombe_interval_by_hand_for_eight_and_for_two_hundred_pupils():
    """The same shares, 37,5 % → 12,5 % failing (a change of −25 points), in two schools.

    8 pupils, 3 → 1: Wilson (0,1368; 0,6943) before and (0,0224; 0,4709) after;
    lower −0,25 − √(0,1026² + 0,3193²) = −0,585, upper −0,25 + √(0,3459² + 0,2382²) = 0,170.
    200 pupils, 75 → 25: Wilson (0,3109; 0,4439) and (0,0861; 0,1780);
    lower −0,25 − √(0,0389² + 0,0689²) = −0,329, upper −0,25 + √(0,0530² + 0,0641²) = −0,167.
    """
    assert rounded(proportion_difference(3, 8, 1, 8, Z), 3) == (-0.585, 0.170)
    assert rounded(proportion_difference(75, 200, 25, 200, Z), 3) == (-0.329, -0.167)


def test_variance_from_the_sum_of_squares():
    """Scores 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squares 232, (232 − 8·25) / 7 = 32 / 7."""
    assert sample_variance(8, 5.0, 232.0) == pytest.approx(32 / 7)
    # One score has no spread to speak of; a missing sum or one below n·mean² gives none.
    assert math.isnan(sample_variance(1, 5.0, 25.0))
    assert math.isnan(sample_variance(8, 5.0, float("nan")))
    assert math.isnan(sample_variance(8, 5.0, 0.0))
    # Equal scores: no spread, even when the sum carries a rounding error.
    assert sample_variance(3, 0.1, 0.030000000000000002) == 0


def test_mean_difference_by_hand():
    """20 pupils, mean 10, variance 16 → 25 pupils, mean 12, variance 9:
    2 ± 1,959964·√(16/20 + 9/25) = 2 ± 1,959964·1,077033 = 2 ± 2,110946."""
    assert rounded(mean_difference(20, 10.0, 16.0, 25, 12.0, 9.0, Z)) == (-0.1109, 4.1109)


def sums_of_squares(count, mean, variance):
    return (count - 1) * variance + count * mean * mean


def schools_of_two_sizes():
    """Two schools with the same failing shares, 37,5 % → 12,5 %, and no means."""
    return table(
        result("small", 2024, participants=8, mark2=3),
        result("small", 2025, participants=8, mark2=1),
        result("large", 2024, participants=200, mark2=75),
        result("large", 2025, participants=200, mark2=25),
    )


def statuses(found, column="status", year=2025):
    rows = found[found["year"] == year]
    return dict(zip(rows["school_code"], rows[column], strict=True))


def test_eight_pupils_and_two_hundred_with_the_same_shares_get_different_verdicts():
    found = changes(schools_of_two_sizes(), THRESHOLDS, BY_INTERVAL)

    assert statuses(found) == {"small": STABLE, "large": POSITIVE}
    large = found[(found["school_code"] == "large") & (found["year"] == 2025)].iloc[0]
    assert (large["failing_low"], large["failing_high"]) == (
        pytest.approx(-0.3291, abs=1e-4),
        pytest.approx(-0.1668, abs=1e-4),
    )
    # Without means nothing judges the mean.
    assert statuses(found, "mean_status") == {"small": UNKNOWN, "large": UNKNOWN}
    # The margin rule sees −25 points in both.
    assert statuses(changes(schools_of_two_sizes(), THRESHOLDS, BY_MARGIN)) == {
        "small": POSITIVE,
        "large": POSITIVE,
    }


def test_the_region_counts_by_the_method_of_the_settings(settings):
    aggregates = schools_of_two_sizes()

    settings.DYNAMICS_METHOD = "interval"
    region = positive_share(aggregates, ["small", "large"], THRESHOLDS)
    assert region[region["year"] == 2025][["numerator", "denominator"]].values.tolist() == [[1, 2]]

    settings.DYNAMICS_METHOD = "margin"
    region = positive_share(aggregates, ["small", "large"], THRESHOLDS)
    assert region[region["year"] == 2025][["numerator", "denominator"]].values.tolist() == [[2, 2]]


def test_a_worse_share_beyond_chance_is_a_worsening():
    """40 → 80 of 200 failing: +20 points, the interval wholly above zero."""
    found = changes(
        table(
            result("s", 2024, participants=200, mark2=40),
            result("s", 2025, participants=200, mark2=80),
        ),
        THRESHOLDS,
        BY_INTERVAL,
    )
    assert statuses(found) == {"s": NEGATIVE}
    assert statuses(found, "failing_status") == {"s": NEGATIVE}


def test_the_mean_is_judged_by_its_interval_only_with_the_scores_spread():
    """The share stays at 20 of 100; the mean rises from 20 to 21,5 with variance 25 both
    years: 1,5 ± 1,96·√(25/100 + 25/100) = 1,5 ± 1,386 — wholly above zero. The same results
    from a summary table (no sums of squares) have no interval for the mean."""
    with_spread = table(
        result(
            "protocol", 2024, participants=100, mark2=20, mean_score=20.0,
            score_sum_squares=sums_of_squares(100, 20.0, 25.0),
        ),
        result(
            "protocol", 2025, participants=100, mark2=20, mean_score=21.5,
            score_sum_squares=sums_of_squares(100, 21.5, 25.0),
        ),
        result("summary", 2024, participants=100, mark2=20, mean_score=20.0,
               score_sum_squares=float("nan")),
        result("summary", 2025, participants=100, mark2=20, mean_score=21.5,
               score_sum_squares=float("nan")),
    )  # fmt: skip

    found = changes(with_spread, THRESHOLDS, BY_INTERVAL)

    assert statuses(found, "failing_status") == {"protocol": STABLE, "summary": STABLE}
    assert statuses(found, "mean_status") == {"protocol": POSITIVE, "summary": UNKNOWN}
    assert statuses(found) == {"protocol": POSITIVE, "summary": STABLE}
    protocol = found[(found["school_code"] == "protocol") & (found["year"] == 2025)].iloc[0]
    assert protocol["mean_difference"] == 1.5
    assert (protocol["mean_low"], protocol["mean_high"]) == (
        pytest.approx(1.5 - Z * math.sqrt(0.5)),
        pytest.approx(1.5 + Z * math.sqrt(0.5)),
    )


def test_too_few_participants_is_no_verdict():
    found = changes(
        table(
            result("s", 2024, participants=4, mark2=4),
            result("s", 2025, participants=200, mark2=0),
        ),
        THRESHOLDS,
        BY_INTERVAL,
    )
    assert statuses(found) == {"s": INSUFFICIENT}


def test_a_schools_verdict_pools_its_works_in_a_subject():
    """Grade 4 better (75 → 25 of 200), grade 5 worse (40 → 80 of 200): they disagree, so no
    verdict either way. Russian: grade 4 better, grade 5 unchanged → an improvement."""
    aggregates = table(
        result("s", 2024, participants=200, mark2=75),
        result("s", 2025, participants=200, mark2=25),
        result("s", 2024, grade=5, participants=200, mark2=40),
        result("s", 2025, grade=5, participants=200, mark2=80),
        result("s", 2024, subject="Русский язык", participants=200, mark2=75),
        result("s", 2025, subject="Русский язык", participants=200, mark2=25),
        result("s", 2024, subject="Русский язык", grade=5, participants=200, mark2=40),
        result("s", 2025, subject="Русский язык", grade=5, participants=200, mark2=40),
    )

    verdicts = school_verdicts(changes(aggregates, THRESHOLDS, BY_INTERVAL))
    verdicts = verdicts[verdicts["year"] == 2025].set_index("subject")

    mathematics = verdicts.loc["Математика"]
    assert mathematics["status"] == STABLE
    assert mathematics["positive"] and mathematics["negative"]
    assert verdicts.loc["Русский язык", "status"] == POSITIVE


def test_the_method_must_be_one_of_two():
    with pytest.raises(ValueError, match="DYNAMICS_METHOD"):
        Method("intervals")
    with pytest.raises(ValueError, match="DYNAMICS_CONFIDENCE"):
        Method(INTERVAL, 95)


def test_the_method_is_stated_with_its_parameters():
    interval = method_note(Method(INTERVAL, 0.9), THRESHOLDS).replace("\xa0", " ")
    assert "с вероятностью 90 %" in interval and "интервал Ньюкомба" in interval
    assert "не меньше 5 участников в оба года" in interval
    margin = method_note(BY_MARGIN, Thresholds(noise_margin=0.07)).replace("\xa0", " ")
    assert "больше чем на 7 п. п." in margin and "больше чем на 7 %" in margin
    assert method_label(BY_INTERVAL, THRESHOLDS).replace("\xa0", " ") == (
        "заметные изменения — по доверительным интервалам 95 %"
    )
