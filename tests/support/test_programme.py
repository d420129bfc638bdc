"""The two programme indicators from confirmed profiles, against a hand count."""

import pytest

from support.programme import deficit_shares, risk_shares
from tests.factories import SchoolFactory
from tests.support.factories import FactorAssessmentFactory, RiskProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def region(factors):
    """Five schools. 2025/2026: A (staff high, ОВЗ none; staffing and methodical deficits),
    B (staff low, climate medium; staffing deficit), C (all «не выявлен»), D unconfirmed
    (staff high; every deficit), E without a profile. 2024/2025: A (climate high)."""
    a, b, c, d, _ = SchoolFactory.create_batch(5)
    staff, ovz, climate = (factors[s] for s in ("defitsit-kadrov", "dolya-ovz", "shkolnyy-klimat"))
    for school, state, levels, deficits, year in (
        (a, "confirmed", {staff: "high", ovz: "none"}, ("staffing", "methodical"), 2025),
        (b, "confirmed", {staff: "low", climate: "medium"}, ("staffing",), 2025),
        (c, "confirmed", {staff: "none"}, (), 2025),
        (
            d,
            "review",
            {staff: "high"},
            ("staffing", "information", "equipment", "methodical"),
            2025,
        ),
        (a, "confirmed", {climate: "high"}, (), 2024),
    ):
        notes = {f"{kind}_deficit": "Есть" for kind in deficits}
        profile = RiskProfileFactory(school=school, state=state, school_year=year, **notes)
        for factor, level in levels.items():
            FactorAssessmentFactory(profile=profile, factor=factor, level=level)


def test_the_share_of_schools_with_risks_lists_the_factors(region):
    shares = {share.school_year: share for share in risk_shares()}

    assert (shares[2025].numerator, shares[2025].denominator, shares[2025].percent) == (2, 5, 40.0)
    assert shares[2025].note == (
        "2 из 5: Дефицит педагогических кадров — 2; Неблагоприятный школьный климат — 1"
    )
    assert shares[2024].note == "1 из 5: Неблагоприятный школьный климат — 1"


def test_the_share_of_schools_with_resource_deficits_lists_the_kinds(region):
    (share,) = deficit_shares()

    assert (share.school_year, share.percent) == (2025, 40.0)
    assert share.note == "2 из 5: Кадровые — 2; Методические — 1"
