"""Plain-Russian summaries: direction, agreement, targets, missing data and number formatting."""

import pytest

from indicators.rules.sentences import (
    NO_DATA,
    Gender,
    change_sentence,
    format_difference,
    format_number,
    format_value,
    latest_change_sentence,
    target_sentence,
)

NBSP = "\u00a0"


def test_share_rose():
    sentence = change_sentence(
        "Доля ШНОР с положительной динамикой по математике",
        0.40,
        0.55,
        unit="%",
        from_label="2023",
        to_label="2024",
    )
    assert sentence == (
        f"Доля ШНОР с положительной динамикой по математике выросла с 40{NBSP}% до 55{NBSP}% "
        "(2023 → 2024)."
    )


def test_share_fell_without_period():
    assert change_sentence("Доля двоек", 0.125, 0.1, unit="%") == (
        f"Доля двоек снизилась с 12,5{NBSP}% до 10{NBSP}%."
    )


def test_equal_as_displayed_is_unchanged():
    # 40,04 % and 40,01 % both read «40 %»: telling the reader it «rose» would be wrong.
    sentence = change_sentence("Доля", 0.4001, 0.4004, unit="%", from_label="2023", to_label="2024")
    assert sentence == f"Доля не изменилась: 40{NBSP}% (2023 → 2024)."


@pytest.mark.parametrize(
    ("gender", "before", "after", "verb"),
    [
        (Gender.MASCULINE, 14.2, 15.1, "вырос"),
        (Gender.MASCULINE, 15.1, 14.2, "снизился"),
        (Gender.NEUTER, 3, 5, "выросло"),
        ("pl", 5, 3, "снизились"),
    ],
)
def test_verb_agrees_with_the_name(gender, before, after, verb):
    assert f" {verb} с " in change_sentence("Показатель", before, after, gender=gender)


def test_masculine_unchanged_with_unit():
    assert change_sentence("Средний балл", 14.2, 14.2, unit="балла", gender="m") == (
        f"Средний балл не изменился: 14,2{NBSP}балла."
    )


def test_no_data():
    assert change_sentence("Доля", 0.4, None, unit="%") == NO_DATA == "Данных пока нет."
    assert target_sentence("Доля", None, 0.7, unit="%") == NO_DATA


def test_only_the_latest_value():
    assert change_sentence("Доля", None, 0.55, unit="%", to_label="2024") == (
        f"Доля: 55{NBSP}% (2024); данных для сравнения пока нет."
    )


def test_target_not_met_in_percentage_points():
    assert target_sentence("Доля ШНОР с положительной динамикой", 0.62, 0.70, unit="%") == (
        f"Доля ШНОР с положительной динамикой — 62{NBSP}% при цели 70{NBSP}%: "
        f"до цели 8{NBSP}п.{NBSP}п."
    )


def test_target_met():
    assert target_sentence("Доля", 0.75, 0.70, unit="%") == (
        f"Доля — 75{NBSP}% при цели 70{NBSP}%: цель достигнута."
    )


def test_target_met_as_displayed():
    assert target_sentence("Доля", 0.6996, 0.70, unit="%").endswith("цель достигнута.")


def test_target_for_an_indicator_that_should_fall():
    sentence = target_sentence("Доля двоек", 0.12, 0.10, unit="%", higher_is_better=False)
    assert sentence.endswith(f"до цели 2{NBSP}п.{NBSP}п.")
    met = target_sentence("Доля двоек", 0.08, 0.10, unit="%", higher_is_better=False)
    assert met.endswith("цель достигнута.")


def test_target_in_other_units():
    assert target_sentence("Средний балл", 12, 15, unit="балла") == (
        f"Средний балл — 12{NBSP}балла при цели 15{NBSP}балла: до цели 3{NBSP}балла."
    )


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (0, 1, "0"),
        (40.0, 1, "40"),
        (12.5, 1, "12,5"),
        (3.14159, 2, "3,14"),
        (2024, 1, "2024"),  # four digits stay ungrouped
        (12345.67, 1, f"12{NBSP}345,7"),
        (1234567, 0, f"1{NBSP}234{NBSP}567"),
        (-2.5, 1, "−2,5"),
        (-0.01, 1, "0"),
    ],
)
def test_format_number(value, digits, text):
    assert format_number(value, digits) == text


def test_format_value_and_difference():
    assert format_value(0.4, "%") == f"40{NBSP}%"
    assert format_value(0.555, "%") == f"55,5{NBSP}%"
    assert format_value(14.25, "балла") == f"14,3{NBSP}балла"  # half up, not half even
    assert format_value(3.5) == "3,5"
    assert format_difference(-0.08, "%") == f"8{NBSP}п.{NBSP}п."
    assert format_difference(-1.5, "балла") == f"1,5{NBSP}балла"


def test_latest_change_compares_the_last_two_values_skipping_missing_ones():
    points = [("2022", 0.3), ("2023", 0.4), ("2024", float("nan")), ("2025", 0.55)]
    assert latest_change_sentence("Доля", points, unit="%") == (
        f"Доля выросла с 40{NBSP}% до 55{NBSP}% (2023 → 2025)."
    )
    assert latest_change_sentence("Доля", [("2025", 0.5)], unit="%") == (
        f"Доля: 50{NBSP}% (2025); данных для сравнения пока нет."
    )
    assert latest_change_sentence("Доля", [("2025", None)]) == "Данных пока нет."
