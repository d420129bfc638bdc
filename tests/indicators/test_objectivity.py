"""Objectivity: ВПР marks against journal marks, per school and for the region, by hand."""

import math

import pandas as pd
import pytest

from demo import indicators_results
from demo.schools import SCHOOLS
from indicators.rules.objectivity import (
    REGION_SHARES,
    Thresholds,
    region_objectivity,
    school_objectivity,
    school_signals,
    thresholds_from_settings,
    with_signal,
)
from tests.indicators.fixtures import result, table


def marks_compared():
    return table(
        result("a", 2022, lowered=3, confirmed=15, raised=2),
        # Nobody had a journal mark to compare with.
        result("b", 2022, participants=10),
        result("c", 2022, participants=10, lowered=5, confirmed=5),
        # Another work stays apart.
        result("c", 2022, "VPR", "Русский язык", 4, participants=10, confirmed=10),
    )


def test_per_school():
    found = school_objectivity(marks_compared()).set_index(["school_code", "subject"])

    # a: 3 + 15 + 2 = 20 compared → 3/20, 15/20, 2/20.
    a = found.loc[("a", "Математика")]
    assert a[["participants", "lowered", "confirmed", "raised", "compared"]].tolist() == [
        20,
        3,
        15,
        2,
        20,
    ]
    assert a[["share_lowered", "share_confirmed", "share_raised"]].tolist() == [0.15, 0.75, 0.1]
    # b: 0 compared → no shares rather than a division by zero.
    assert found.loc[("b", "Математика"), "compared"] == 0
    assert math.isnan(found.loc[("b", "Математика"), "share_confirmed"])
    # c, Russian: 10 of 10 confirmed.
    assert found.loc[("c", "Русский язык"), "share_confirmed"] == 1.0


def test_for_the_region():
    found = region_objectivity(marks_compared()).set_index("subject")

    # Mathematics: lowered 3 + 0 + 5 = 8, confirmed 15 + 0 + 5 = 20, raised 2 → 30 compared.
    maths = found.loc["Математика"]
    assert maths[["lowered", "confirmed", "raised", "compared"]].tolist() == [8, 20, 2, 30]
    assert maths["share_lowered"] == pytest.approx(8 / 30)
    assert maths["share_confirmed"] == pytest.approx(2 / 3)
    assert maths["share_raised"] == pytest.approx(1 / 15)
    assert found.loc["Русский язык", "compared"] == 10


def signals_table():
    """Mathematics, 4th grade, 2024, in five schools, and Russian in one (hand-computed below)."""
    return table(
        # a: 3 + 15 + 2 = 20 compared: 15 %, 75 %, 10 % — below both thresholds.
        result("a", 2024, lowered=3, confirmed=15, raised=2),
        # b: raised 3 of 20 = 15 %, exactly the threshold: a signal.
        result("b", 2024, lowered=2, confirmed=15, raised=3),
        # c: lowered 10 of 20 = 50 %, exactly the threshold: a signal.
        result("c", 2024, lowered=10, confirmed=8, raised=2),
        # d: raised 2 of 4 = 50 %, but 4 compared are fewer than 5: no signal.
        result("d", 2024, participants=6, confirmed=2, raised=2),
        # e: nobody compared.
        result("e", 2024, participants=10),
        # f, Russian: raised 2 of 6 = 33 %: a signal; the region's Russian is f alone.
        result(
            "f", 2024, "VPR", "Русский язык", 4, participants=6, lowered=1, confirmed=3, raised=2
        ),
    )


def signals(thresholds=None):
    aggregates = signals_table()
    found = school_signals(aggregates, region_objectivity(aggregates), thresholds or Thresholds())
    return found.set_index("school_code")


def test_signals_at_the_thresholds_and_above_the_minimum_compared():
    found = signals()

    assert found["signal_raised"].to_dict() == {
        "a": False,
        "b": True,
        "c": False,
        "d": False,
        "e": False,
        "f": True,
    }
    assert found["signal_lowered"].to_dict() == dict.fromkeys("abdef", False) | {"c": True}
    assert sorted(with_signal(found.reset_index())["school_code"]) == ["b", "c", "f"]


def test_each_row_carries_the_regions_shares_of_its_work():
    found = signals()

    # Mathematics: lowered 3 + 2 + 10 + 0 = 15, confirmed 15 + 15 + 8 + 2 = 40,
    # raised 2 + 3 + 2 + 2 = 9 → 64 compared: 15/64, 40/64, 9/64.
    for code in "abcde":
        row = found.loc[code]
        assert row["region_compared"] == 64
        assert row[REGION_SHARES].tolist() == [15 / 64, 40 / 64, 9 / 64]
    assert found.loc["f", "region_compared"] == 6
    assert found.loc["f", "region_share_raised"] == pytest.approx(1 / 3)


def test_other_thresholds_give_other_signals():
    found = signals(Thresholds(raised=0.2, lowered=0.4, min_compared=3))

    # b's 15 % raised is now below 20 %; d's 4 compared are enough; c's 50 % lowered ≥ 40 %.
    assert sorted(found.index[found["signal_raised"]]) == ["d", "f"]
    assert sorted(found.index[found["signal_lowered"]]) == ["c"]


def test_thresholds_come_from_the_settings(settings):
    settings.OBJECTIVITY_RAISED_SHARE = 0.25
    settings.OBJECTIVITY_LOWERED_SHARE = 0.4
    settings.RESULTS_MIN_PARTICIPANTS = 7

    assert thresholds_from_settings() == Thresholds(raised=0.25, lowered=0.4, min_compared=7)


def test_the_demo_signals_its_low_objectivity_school_alone():
    """The demo's generated ВПР (every year, subject and grade): the school whose marks rarely
    match the journal gets a raised-share signal in each work, no other school any."""
    schools = [
        indicators_results.DemoSchool(s.number, s.kind, s.settlement == "urban") for s in SCHOOLS
    ]
    aggregates = pd.DataFrame(indicators_results.generate(schools))
    aggregates = aggregates[aggregates["procedure"] == "VPR"]
    found = school_signals(aggregates, region_objectivity(aggregates), Thresholds())

    signalled = with_signal(found)
    assert set(signalled["school_code"]) == {f"sch{indicators_results.LOW_OBJECTIVITY_SCHOOL}"}
    assert signalled["signal_raised"].all() and len(signalled) == 18  # 3 years × 2 × 3 grades
