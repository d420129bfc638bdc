"""The two programme indicators from confirmed profiles, against a hand count."""

import pytest
from django.core.management import call_command

from indicators.models import IndicatorValue
from support.programme import Share, deficit_shares, risk_shares
from tests.factories import ProgrammeIndicatorFactory, SchoolFactory
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
    earlier, share = deficit_shares()

    assert (share.school_year, share.percent) == (2025, 40.0)
    assert share.note == "2 из 5: Кадровые — 2; Методические — 1"
    assert (earlier.school_year, earlier.note) == (2024, "0 из 5")


def test_a_school_year_where_nothing_was_found_counts_zero(factors):
    """Two schools, one confirmed profile of 2025/2026 with every factor «не выявлен»."""
    school, _ = SchoolFactory.create_batch(2)
    profile = RiskProfileFactory(school=school, state="confirmed", school_year=2025)
    FactorAssessmentFactory(profile=profile, factor=factors["dolya-ovz"], level="none")

    ((risks,), (deficits,)) = risk_shares(), deficit_shares()

    assert (risks.school_year, risks.percent, risks.note) == (2025, 0.0, "0 из 2")
    assert (deficits.school_year, deficits.percent, deficits.note) == (2025, 0.0, "0 из 2")


def test_a_long_listing_leaves_the_rarest_out_to_fit_the_note():
    listing = tuple((f"Фактор риска номер {n} с длинным названием", 20 - n) for n in range(10))
    note = Share(2025, 20, 40, listing).note

    assert len(note) <= 300
    assert note.startswith("20 из 40: Фактор риска номер 0 с длинным названием — 20; ")
    assert note.endswith("; и ещё 4")


def test_the_programme_indicators_are_computed_from_the_profiles(region, capsys):
    """Through «compute_indicators»: the school year 2025/2026 gives the value of 2026."""
    risks = ProgrammeIndicatorFactory(code="1.1", computation="risk_share")
    deficits = ProgrammeIndicatorFactory(code="1.2", computation="deficit_share")

    call_command("compute_indicators")

    stored = {
        (value.indicator.code, value.year): (float(value.value), value.note)
        for value in IndicatorValue.objects.filter(indicator__in=[risks, deficits])
    }
    assert stored == {
        ("1.1", 2026): (
            40.0,
            "2 из 5: Дефицит педагогических кадров — 2; Неблагоприятный школьный климат — 1",
        ),
        ("1.1", 2025): (20.0, "1 из 5: Неблагоприятный школьный климат — 1"),
        ("1.2", 2026): (40.0, "2 из 5: Кадровые — 2; Методические — 1"),
        ("1.2", 2025): (0.0, "0 из 5"),
    }
