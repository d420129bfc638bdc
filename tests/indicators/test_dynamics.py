"""Year-over-year dynamics by the margin rule (``DYNAMICS_METHOD = "margin"``) and the region's
share of ШНОР with positive dynamics, by hand. The interval method: test_dynamics_intervals.py."""

import math

import pandas as pd
import pytest

from indicators.rules.dynamics import (
    CHANGE_COLUMNS,
    INSUFFICIENT,
    MARGIN,
    NEGATIVE,
    POSITIVE,
    REGION_COLUMNS,
    STABLE,
    Method,
    changes,
    positive_share,
)
from indicators.rules.identification import Thresholds
from tests.indicators.fixtures import result, table

THRESHOLDS = Thresholds()
BY_MARGIN = Method(MARGIN)


def two_years():
    """ВПР, mathematics, grade 4, 20 participants unless said; failing share = mark2 / 20."""
    return table(
        # 8/20 = 0.40 → 7/20 = 0.35: -0.05 exactly; mean 10 → 10.5: +0.5/10 = +5 % exactly.
        result("s1", 2021, mark2=8, mean_score=10.0),
        result("s1", 2022, mark2=7, mean_score=10.5),
        # 0.40 → 6/20 = 0.30: ten points fewer failing.
        result("s2", 2021, mark2=8, mean_score=10.0),
        result("s2", 2022, mark2=6, mean_score=10.0),
        # The share stays at 2/20 = 0.10; mean 10 → 10.6: +6 %.
        result("s3", 2021, mark2=2, mean_score=10.0),
        result("s3", 2022, mark2=2, mean_score=10.6),
        # 0.10 → 4/20 = 0.20: ten points more failing.
        result("s4", 2021, mark2=2, mean_score=12.0),
        result("s4", 2022, mark2=4, mean_score=12.0),
        # 4 participants in 2021: too few to compare.
        result("s5", 2021, participants=4, mark2=4, mean_score=5.0),
        result("s5", 2022, mark2=0, mean_score=15.0),
        # 2021 missing: 2022 is not compared with 2020.
        result("s6", 2020, mark2=10, mean_score=5.0),
        result("s6", 2022, mark2=0, mean_score=15.0),
        # Nobody took part in 2022.
        result("s7", 2021, mark2=8, mean_score=10.0),
        result("s7", 2022, participants=0),
    )


def statuses(found, year=2022):
    rows = found[found["year"] == year]
    return dict(zip(rows["school_code"], rows["status"], strict=True))


def test_changes_year_over_year_with_the_margin_exactly_as_noise():
    found = changes(two_years(), THRESHOLDS, BY_MARGIN)

    assert list(found.columns) == CHANGE_COLUMNS
    assert statuses(found) == {
        "s1": STABLE,
        "s2": POSITIVE,
        "s3": POSITIVE,
        "s4": NEGATIVE,
        "s5": INSUFFICIENT,
        "s6": INSUFFICIENT,
        "s7": INSUFFICIENT,
    }
    # A first year has nothing to be compared with.
    assert set(found[found["year"] < 2022]["status"]) == {INSUFFICIENT}

    s2 = found[(found["school_code"] == "s2") & (found["year"] == 2022)].iloc[0]
    assert (s2["participants_before"], s2["participants"]) == (20, 20)
    assert (s2["failing_share_before"], s2["failing_share"]) == (0.4, 0.3)
    assert s2["failing_share_change"] == pytest.approx(-0.1)
    assert s2["mean_change"] == 0

    s3 = found[(found["school_code"] == "s3") & (found["year"] == 2022)].iloc[0]
    assert s3["mean_change"] == pytest.approx(0.06)

    s6 = found[(found["school_code"] == "s6") & (found["year"] == 2022)].iloc[0]
    assert math.isnan(s6["participants_before"])


def test_a_zero_previous_mean_gives_no_relative_change():
    found = changes(
        table(
            result("s", 2021, mark2=2, mean_score=0.0),
            result("s", 2022, mark2=2, mean_score=4.0),
        ),
        THRESHOLDS,
        BY_MARGIN,
    )
    row = found.iloc[1]
    assert math.isnan(row["mean_change"])
    assert row["status"] == STABLE


def test_the_margin_is_a_setting():
    found = changes(two_years(), Thresholds(noise_margin=0.07), BY_MARGIN)
    # -0.10 of s2 is beyond 0.07; +6 % of s3 is not any more.
    assert statuses(found)["s2"] == POSITIVE
    assert statuses(found)["s3"] == STABLE


def test_region_share_of_shnor_with_positive_dynamics():
    aggregates = two_years()
    # s8 improves but is not a ШНОР.
    extra = table(
        result("s8", 2021, mark2=10, mean_score=8.0),
        result("s8", 2022, mark2=0, mean_score=15.0),
    )
    shnor = ["s1", "s2", "s3", "s4", "s5"]

    region = positive_share(
        pd.concat([aggregates, extra], ignore_index=True), shnor, THRESHOLDS, method=BY_MARGIN
    )

    assert list(region.columns) == REGION_COLUMNS
    region = region.set_index("year")
    # 2022: positive s2, s3; compared s1, s2, s3, s4; s5 insufficient → 2 / 4 = 0.5.
    assert region.loc[2022, ["numerator", "denominator", "insufficient"]].tolist() == [2, 4, 1]
    assert region.loc[2022, "share"] == 0.5
    # 2021: nothing to compare with → 0 / 0, share NaN, all five insufficient.
    assert region.loc[2021, ["numerator", "denominator", "insufficient"]].tolist() == [0, 0, 5]
    assert math.isnan(region.loc[2021, "share"])


def test_a_school_is_positive_in_a_subject_only_without_a_negative_comparison():
    aggregates = table(
        # Mathematics: grade 4 from 8/20 to 2/20 (better), grade 5 from 2/20 to 8/20 (worse).
        result("m", 2021, mark2=8),
        result("m", 2022, mark2=2),
        result("m", 2021, grade=5, mark2=2),
        result("m", 2022, grade=5, mark2=8),
        # Russian: ОГЭ 8/20 → 2/20 below the minimum (better), ВПР grade 4 unchanged.
        result("m", 2021, "OGE", "Русский язык", 9, below_minimum=8),
        result("m", 2022, "OGE", "Русский язык", 9, below_minimum=2),
        result("m", 2021, "VPR", "Русский язык", 4, mark2=3),
        result("m", 2022, "VPR", "Русский язык", 4, mark2=3),
    )

    region = positive_share(aggregates, {"m"}, THRESHOLDS, method=BY_MARGIN)
    region = region[region["year"] == 2022].set_index("subject")

    # Mathematics: 0 / 1; Russian: 1 / 1.
    assert region.loc["Математика", ["numerator", "denominator"]].tolist() == [0, 1]
    assert region.loc["Русский язык", ["numerator", "denominator"]].tolist() == [1, 1]

    # Counting ВПР only (item 3.11), Russian has no positive comparison left: 0 / 1.
    only_vpr = positive_share(aggregates, {"m"}, THRESHOLDS, procedures=["VPR"], method=BY_MARGIN)
    only_vpr = only_vpr[only_vpr["year"] == 2022].set_index("subject")
    assert only_vpr.loc["Русский язык", ["numerator", "denominator"]].tolist() == [0, 1]


def test_the_shnor_list_may_change_by_year():
    aggregates = two_years()
    region = positive_share(
        aggregates, {2022: ["s2", "s4"], 2021: []}, THRESHOLDS, method=BY_MARGIN
    )
    # 2022: s2 positive, s4 negative → 1 / 2; 2021 has no ШНОР, so no row.
    assert region[["year", "numerator", "denominator", "share"]].values.tolist() == [
        [2022, 1, 2, 0.5]
    ]


def test_no_results_no_figures():
    assert changes(table(), THRESHOLDS, BY_MARGIN).empty
    assert positive_share(table(), ["s1"], THRESHOLDS, method=BY_MARGIN).empty
