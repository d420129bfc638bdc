"""Programme indicators computed from results: hand-computed tables, the stored values, the block.

Counts are chosen so that each expected share can be checked by eye in the docstrings.
"""

import datetime

import pytest
from bs4 import BeautifulSoup

from curriculum.models import Subject
from indicators.charts import blocks
from indicators.models import IndicatorValue, ResultAggregate
from indicators.programme.computing import (
    confirmed_share,
    network_share,
    positive_dynamics,
    refresh_computed_values,
    shnor_share,
)
from indicators.rules.identification import Thresholds
from schools.models import SchoolStatus
from tests.factories import (
    MunicipalityFactory,
    NetworkPairFactory,
    ProgrammeIndicatorFactory,
    SchoolFactory,
)
from tests.indicators.fixtures import result, table

THRESHOLDS = Thresholds()
NBSP = "\u00a0"
# The computed dynamics' note names the method (here the margin rule, see margin_method).
BY_MARGIN = f"заметные изменения — по порогу 5{NBSP}п. п."


@pytest.fixture(autouse=True)
def margin_method(settings):
    """The dynamics' counts below are the margin rule's; the interval method's:
    tests/indicators/test_dynamics_intervals.py."""
    settings.DYNAMICS_METHOD = "margin"


def as_tuples(values):
    return [(value.year, value.numerator, value.denominator, value.percent) for value in values]


def test_shnor_share_is_rule_a_candidates_among_schools_with_results():
    """2023: only s1 has results and one year is not two → 0 of 1.
    2024: s1 fails in 2023 and 2024 (8/20 = 40 %), s3 fails in two procedures (7/20 = 35 % on
    ВПР, 6/20 = 30 % below the ОГЭ minimum), s2 has 2/20 → 2 of 3 = 66,67 %."""
    aggregates = table(
        result("s1", 2023, mark2=8),
        result("s1", 2024, mark2=8),
        result("s2", 2024, mark2=2),
        result("s3", 2024, mark2=7),
        result("s3", 2024, procedure="OGE", grade=9, below_minimum=6),
    )

    assert as_tuples(shnor_share(aggregates, THRESHOLDS)) == [
        (2023, 0, 1, 0.0),
        (2024, 2, 3, 66.67),
    ]


def test_positive_dynamics_pools_russian_and_mathematics():
    """s1: mathematics 8 → 4 of 20 failing (positive), Russian 6 → 6 (stable): counted.
    s2: mathematics 8 → 4 (positive), Russian 2 → 6 (20 points more: negative): not counted.
    s3 is not a ШНОР. Per subject mathematics would be 2 of 2; pooled it is 1 of 2.
    s4 wrote mathematics in 2023 and Russian in 2024 only: no work to compare, not counted."""
    aggregates = table(
        result("s1", 2023, mark2=8),
        result("s1", 2024, mark2=4),
        result("s1", 2023, subject="Русский язык", mark2=6),
        result("s1", 2024, subject="Русский язык", mark2=6),
        result("s2", 2023, mark2=8),
        result("s2", 2024, mark2=4),
        result("s2", 2023, subject="Русский язык", mark2=2),
        result("s2", 2024, subject="Русский язык", mark2=6),
        result("s3", 2023, mark2=8),
        result("s3", 2024, mark2=0),
        result("s4", 2023, mark2=8),
        result("s4", 2024, subject="Русский язык", mark2=0),
    )
    shnor = {2024: {"s1", "s2", "s4"}}

    assert as_tuples(positive_dynamics(aggregates, shnor, THRESHOLDS)) == [(2024, 1, 2, 50.0)]


def test_positive_dynamics_on_vpr_only_leaves_other_procedures_out():
    """s1 improves on ОГЭ (10 → 2 of 20 below the minimum) but not on ВПР (4 → 4)."""
    aggregates = table(
        result("s1", 2023, mark2=4),
        result("s1", 2024, mark2=4),
        result("s1", 2023, procedure="OGE", grade=9, below_minimum=10),
        result("s1", 2024, procedure="OGE", grade=9, below_minimum=2),
    )
    shnor = {2024: {"s1"}}

    assert as_tuples(positive_dynamics(aggregates, shnor, THRESHOLDS)) == [(2024, 1, 1, 100.0)]
    assert as_tuples(positive_dynamics(aggregates, shnor, THRESHOLDS, procedures=["VPR"])) == [
        (2024, 0, 1, 0.0)
    ]


def test_confirmed_share_pools_the_vpr_works_of_a_year():
    """2024: confirmed 12 + 9 of compared (3 + 12 + 5) + (1 + 9 + 0) = 21 of 30 = 70 %.
    ОГЭ rows have no comparison with the journal and are left out."""
    aggregates = table(
        result("s1", 2024, lowered=3, confirmed=12, raised=5),
        result("s2", 2024, subject="Русский язык", grade=5, lowered=1, confirmed=9),
        result("s1", 2024, procedure="OGE", grade=9, confirmed=99),
    )

    assert as_tuples(confirmed_share(aggregates)) == [(2024, 21, 30, 70.0)]


def test_network_share_counts_pairs_in_force_during_the_school_year():
    """School year 2023/24 (value of 2024): s1 paired from 01.09.2023, s2's pair ended on
    31.05.2023 (before the year), s3 paired from 01.03.2024 (during it) → 2 of 3.
    2022/23 (value of 2023): only s2's pair was in force → 1 of 1."""
    pairs = [
        ("s1", datetime.date(2023, 9, 1), None),
        ("s2", datetime.date(2022, 9, 1), datetime.date(2023, 5, 31)),
        ("s3", datetime.date(2024, 3, 1), None),
    ]
    shnor = {2023: {"s2"}, 2024: {"s1", "s2", "s3"}}

    assert as_tuples(network_share(shnor, pairs)) == [(2023, 1, 1, 100.0), (2024, 2, 3, 66.67)]


def test_a_year_without_a_denominator_has_no_value():
    assert network_share({2024: set()}, []) == []
    assert confirmed_share(table(result("s1", 2024))) == []


# --- Stored values ---------------------------------------------------------------------------


def store(school, year, *, subject="Математика", **counts):
    return ResultAggregate.objects.create(
        school=school,
        year=year,
        procedure="VPR",
        subject=Subject.objects.get(name=subject),
        grade=4,
        participants=counts.pop("participants", 20),
        **counts,
    )


@pytest.fixture
def two_shnor(db):
    """Two ШНОР of 2023/24; the first improves in mathematics (8 → 2 of 20 failing), the second
    does not (4 → 4); only the first has a leader school's pair."""
    first, second = SchoolFactory(), SchoolFactory()
    for school, marks in ((first, (8, 2)), (second, (4, 4))):
        SchoolStatus.objects.create(
            school=school, school_year=2023, status=SchoolStatus.Status.LOW_RESULTS
        )
        for year, mark2 in zip((2023, 2024), marks, strict=True):
            store(school, year, mark2=mark2, confirmed=10, lowered=5, raised=5)
    NetworkPairFactory(supported_school=first)
    return first, second


def stored_values():
    return {
        (value.indicator.code, value.year): (float(value.value), value.note)
        for value in IndicatorValue.objects.select_related("indicator")
    }


def test_refresh_stores_computed_values_and_replaces_them(two_shnor, django_assert_num_queries):
    """2024: 1 of 2 ШНОР improved, 1 of 2 has a pair. Then the second becomes a ШНОР of
    2024/25 too and improves in 2025 (4 → 0): dynamics 1 of 1; it has no pair: 0 of 1."""
    ProgrammeIndicatorFactory(code="3.6", computation="positive_dynamics")
    ProgrammeIndicatorFactory(code="3.1", computation="network_share")
    entered = ProgrammeIndicatorFactory(code="3.2")
    IndicatorValue.objects.create(indicator=entered, year=2024, value=30)

    # Seven, and the savepoint's two inside the test's transaction.
    with django_assert_num_queries(9):
        assert refresh_computed_values() == 2
    assert stored_values() == {
        ("3.2", 2024): (30.0, ""),
        ("3.6", 2024): (50.0, f"1 из 2; {BY_MARGIN}"),
        ("3.1", 2024): (50.0, "1 из 2"),
    }

    second = two_shnor[1]
    SchoolStatus.objects.create(
        school=second, school_year=2024, status=SchoolStatus.Status.LOW_RESULTS
    )
    store(second, 2025, mark2=0)
    assert refresh_computed_values() == 4
    assert stored_values() == {
        ("3.2", 2024): (30.0, ""),
        ("3.6", 2024): (50.0, f"1 из 2; {BY_MARGIN}"),
        ("3.6", 2025): (100.0, f"1 из 1; {BY_MARGIN}"),
        ("3.1", 2024): (50.0, "1 из 2"),
        ("3.1", 2025): (0.0, "0 из 1"),
    }


def render(block, raw, context=None):
    html = block.render(block.to_python(raw), context or {})
    assert "<script" not in html
    return BeautifulSoup(html, "html.parser")


def text(element):
    return " ".join(element.get_text(" ").replace(NBSP, " ").split())


def values(indicator, *pairs, **scope):
    for year, value in pairs:
        IndicatorValue.objects.create(indicator=indicator, year=year, value=value, **scope)


@pytest.mark.django_db
def test_indicator_target_block_draws_values_against_the_target(django_assert_max_num_queries):
    indicator = ProgrammeIndicatorFactory(code="3.3", short_name="Доля учеников с ИОМ", target=100)
    values(indicator, (2023, 40), (2024, 62.5))

    with django_assert_max_num_queries(2):
        page = render(blocks.IndicatorTargetBlock(), {"indicator": str(indicator.pk)})

    assert text(page.figcaption) == (
        "Доля учеников с ИОМ — 62,5 % при цели 100 %: до цели 37,5 п. п."
    )
    assert page.select_one("svg[role=img]")
    assert [text(cell) for cell in page.select("thead th")] == ["Год", "Значение", "Цель"]
    assert [text(row) for row in page.select("tbody tr")] == [
        "2023 40 % 100 %",
        "2024 62,5 % 100 %",
    ]
    assert "Цель: 100 %." in [text(item) for item in page.select(".indicator-chart__notes li")]


@pytest.mark.django_db
def test_indicator_target_block_for_a_municipality_and_a_falling_indicator():
    """A count that should fall: 7 → 4 schools against a target of 5; the municipality's
    values only."""
    indicator = ProgrammeIndicatorFactory(
        code="1",
        short_name="Количество ШНОР",
        unit="count",
        level="municipality",
        target=5,
        higher_is_better=False,
    )
    town, village = MunicipalityFactory(name="Город"), MunicipalityFactory(name="Село")
    values(indicator, (2023, 7), (2024, 4), municipality=town)
    values(indicator, (2024, 9), municipality=village)

    raw = {"indicator": str(indicator.pk), "municipality": str(town.pk)}
    page = render(blocks.IndicatorTargetBlock(), raw)

    assert text(page.figcaption) == "Количество ШНОР (Город) — 4 при цели 5: цель достигнута."
    assert [text(row) for row in page.select("tbody tr")] == ["2023 7 5", "2024 4 5"]


@pytest.mark.django_db
def test_indicator_target_block_without_values_or_target():
    indicator = ProgrammeIndicatorFactory(short_name="Доля школ с системой профилактики")
    assert text(render(blocks.IndicatorTargetBlock(), {"indicator": str(indicator.pk)})) == (
        "Значений показателя пока нет."
    )
    values(indicator, (2023, 40), (2024, 55))
    page = render(blocks.IndicatorTargetBlock(), {"indicator": str(indicator.pk)})
    assert text(page.figcaption) == (
        "Доля школ с системой профилактики выросла с 40 % до 55 % (2023 → 2024)."
    )
