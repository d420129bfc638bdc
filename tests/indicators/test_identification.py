"""Identification of ШНОР on small hand-computed tables of aggregates."""

import pandas as pd
from django.test import override_settings

from indicators.rules.identification import (
    RULE_BELOW_MEAN,
    RULE_FAILING_SHARE,
    Thresholds,
    candidates,
    thresholds_from_settings,
)
from tests.indicators.fixtures import result, table

THRESHOLDS = Thresholds()


def codes(found):
    return [candidate.school_code for candidate in found]


def test_rule_a_two_procedures_in_one_year_counts_a_share_exactly_at_the_threshold():
    aggregates = table(
        # 6 / 20 = 0.30: «не менее 30 %» includes the threshold.
        result("s1", 2022, mark2=6),
        # 4 / 10 = 0.40 below the minimum score.
        result("s1", 2022, "OGE", "Русский язык", 9, participants=10, below_minimum=4),
        # 5 / 20 = 0.25 in ВПР: only ОГЭ reaches the threshold, one procedure is not enough.
        result("s2", 2022, mark2=5),
        result("s2", 2022, "OGE", "Русский язык", 9, participants=10, below_minimum=4),
        # Two subjects over the threshold, but in one procedure and one year.
        result("s3", 2022, mark2=8),
        result("s3", 2022, "VPR", "Русский язык", 5, mark2=8),
    )

    (found,) = candidates(aggregates, 2022, THRESHOLDS)

    assert found.school_code == "s1"
    assert found.rules == [RULE_FAILING_SHARE]
    assert [evidence.text for evidence in found.evidence] == [
        "ОГЭ 2022, русский язык, 9 класс: 40 % участников ниже минимального балла (порог 30 %)",
        "ВПР 2022, математика, 4 класс: 30 % работ на «2» (порог 30 %)",
    ]
    evidence = found.evidence[1]
    assert (evidence.procedure, evidence.subject, evidence.grade, evidence.year) == (
        "VPR",
        "Математика",
        4,
        2022,
    )
    assert (evidence.value, evidence.threshold, evidence.rule) == (0.3, 0.3, RULE_FAILING_SHARE)


def test_rule_a_each_of_the_last_two_years_in_one_procedure():
    aggregates = table(
        # 8 / 20 = 40 % in 2021 and 7 / 20 = 35 % in 2022, both ВПР (subjects may differ).
        result("s4", 2021, mark2=8),
        result("s4", 2022, "VPR", "Русский язык", 5, mark2=7),
        # Over the threshold in both years, but ВПР in 2021 and ОГЭ in 2022.
        result("s5", 2021, mark2=8),
        result("s5", 2022, "OGE", "Математика", 9, below_minimum=8),
        # 2020 and 2022 without 2021: not two consecutive years.
        result("s6", 2020, mark2=8),
        result("s6", 2021, mark2=1),
        result("s6", 2022, mark2=8),
    )

    (found,) = candidates(aggregates, 2022, THRESHOLDS)

    assert found.school_code == "s4"
    assert [evidence.text for evidence in found.evidence] == [
        "ВПР 2021, математика, 4 класс: 40 % работ на «2» (порог 30 %)",
        "ВПР 2022, русский язык, 5 класс: 35 % работ на «2» (порог 30 %)",
    ]
    # In 2021 the year before (2020) is missing.
    assert candidates(aggregates, 2021, THRESHOLDS) == []


def test_rule_a_skips_small_results_other_subjects_and_takes_the_right_failing_count():
    aggregates = table(
        # 4 of 4 failed, but fewer than 5 participants; zero participants is no result at all.
        result("s7", 2022, participants=4, mark2=4),
        result("s7", 2022, "KDR", participants=0),
        result("s7", 2022, "OGE", "Русский язык", 9, participants=10, below_minimum=4),
        # 50 % in «Окружающий мир» is not Russian or mathematics.
        result("s8", 2022, "VPR", "Окружающий мир", mark2=10),
        result("s8", 2022, "OGE", "Математика", 9, below_minimum=8),
        # ЕГЭ fails below the minimum score, not with mark 2: 0 / 20.
        result("s9", 2022, "EGE", "Математика", 11, mark2=10),
        result("s9", 2022, mark2=8),
        # КДР fails like ВПР with mark 2: 3 / 10 = 30 %; the subject spelled in lower case.
        result("s10", 2022, "KDR", "математика", 7, participants=10, mark2=3),
        result("s10", 2022, "VPR", "Русский язык", 5, mark2=6),
    )

    found = candidates(aggregates, 2022, THRESHOLDS)

    assert codes(found) == ["s10"]
    assert found[0].evidence[0].text == (
        "КДР 2022, математика, 7 класс: 30 % работ на «2» (порог 30 %)"
    )


def regional_means():
    """ВПР, mathematics, grade 4, three years; the region's means (participant-weighted):

    2020: (20·10 + 30·15 + 50·12) / 100 = 1250 / 100 = 12.5   → x (10) and z (12) below
    2021: (20·11 + 30·14 + 50·12.8) / 100 = 1280 / 100 = 12.8 → x below, z equal: not below
    2022: (20·9 + 30·16 + 50·13 + 2·3) / 102 = 1316 / 102 ≈ 12.902 → x and z below;
          w has 2 participants: it counts in the region's mean, but is not judged itself.
    v is below in 2021 and 2022 only (7 is below 12.8 and 12.902), missing 2020.
    """
    return table(
        result("x", 2020, mean_score=10.0),
        result("y", 2020, participants=30, mean_score=15.0),
        result("z", 2020, participants=50, mean_score=12.0),
        result("x", 2021, mean_score=11.0),
        result("y", 2021, participants=30, mean_score=14.0),
        result("z", 2021, participants=50, mean_score=12.8),
        result("x", 2022, mean_score=9.0),
        result("y", 2022, participants=30, mean_score=16.0),
        result("z", 2022, participants=50, mean_score=13.0),
        result("w", 2022, participants=2, mean_score=3.0),
    )


def test_rule_b_below_the_regional_mean_in_each_of_the_last_three_years():
    aggregates = regional_means()

    (found,) = candidates(aggregates, 2022, THRESHOLDS)

    assert found.school_code == "x"
    assert found.rules == [RULE_BELOW_MEAN]
    assert [evidence.text for evidence in found.evidence] == [
        "ВПР 2020, математика, 4 класс: средний балл 10 ниже среднего по региону 12,5",
        "ВПР 2021, математика, 4 класс: средний балл 11 ниже среднего по региону 12,8",
        "ВПР 2022, математика, 4 класс: средний балл 9 ниже среднего по региону 12,9",
    ]
    assert found.evidence[2].threshold == round(1316 / 102, 9)


def test_rule_b_needs_every_year_and_a_different_grade_is_a_different_work():
    aggregates = pd.concat(
        [
            regional_means(),
            table(
                result("v", 2021, participants=10, mean_score=7.0),
                result("v", 2022, participants=10, mean_score=7.0),
                # The same school's grade 5 in 2020 does not stand in for grade 4.
                result("v", 2020, grade=5, participants=10, mean_score=1.0),
            ),
        ],
        ignore_index=True,
    )

    # v's 2021 and 2022 results move the region's means, but x stays below them all.
    assert codes(candidates(aggregates, 2022, THRESHOLDS)) == ["x"]


def test_rule_b_evidence_shows_the_decimals_that_tell_the_means_apart():
    # Region: (10·12.76 + 10·12.92) / 20 = 12.84; at one decimal both would read 12,8.
    aggregates = table(
        result("a", 2022, participants=10, mean_score=12.76),
        result("b", 2022, participants=10, mean_score=12.92),
    )

    (found,) = candidates(aggregates, 2022, Thresholds(below_mean_years=1))

    assert found.evidence[0].text == (
        "ВПР 2022, математика, 4 класс: средний балл 12,76 ниже среднего по региону 12,84"
    )


def test_both_rules_give_one_candidate_with_rule_a_first():
    aggregates = regional_means()
    # x also failed 8 / 20 = 40 % in 2021 and 6 / 20 = 30 % in 2022.
    aggregates.loc[(aggregates["school_code"] == "x") & (aggregates["year"] == 2021), "mark2"] = 8
    aggregates.loc[(aggregates["school_code"] == "x") & (aggregates["year"] == 2022), "mark2"] = 6

    (found,) = candidates(aggregates, 2022, THRESHOLDS)

    assert found.rules == [RULE_FAILING_SHARE, RULE_BELOW_MEAN]
    assert [(evidence.rule, evidence.year) for evidence in found.evidence] == [
        ("A", 2021),
        ("A", 2022),
        ("B", 2020),
        ("B", 2021),
        ("B", 2022),
    ]


def test_thresholds_are_settings_and_change_the_outcome():
    aggregates = table(
        result("s2", 2022, mark2=5),
        result("s2", 2022, "OGE", "Русский язык", 9, participants=10, below_minimum=4),
    )
    assert candidates(aggregates, 2022, THRESHOLDS) == []

    with override_settings(SHNOR_FAILING_SHARE=0.25, SHNOR_BELOW_MEAN_YEARS=1):
        thresholds = thresholds_from_settings()
        # 5 / 20 = 25 % now reaches the threshold.
        assert codes(candidates(aggregates, 2022)) == ["s2"]

    assert thresholds == Thresholds(failing_share=0.25, below_mean_years=1)


def test_no_results_no_candidates():
    assert candidates(table(), 2022, THRESHOLDS) == []
