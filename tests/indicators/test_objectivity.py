"""Objectivity: ВПР marks against journal marks, per school and for the region, by hand."""

import math

import pytest

from indicators.rules.objectivity import region_objectivity, school_objectivity
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
    assert a[["lowered", "confirmed", "raised", "compared"]].tolist() == [3, 15, 2, 20]
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
