"""The evidence bank's pure rules: the cost level, the time to first results, «Как начать», and
a school's results before and after a practice started, against hand-computed tables."""

import pytest

from practices.before_after import ResultRow, before_after
from practices.evidence import (
    StartGuide,
    cost_level,
    missing_start_parts,
    steps,
    time_band,
    time_label,
)

# hours a month, materials a year, equipment, training → level. The rule: high above 12 hours
# or 100 000 ₽ in the first year; medium above 4 hours or 20 000 ₽; low otherwise.
COSTS = [
    (0, None, None, None, "low"),
    (4, 20_000, None, None, "low"),
    (4, 10_000, 5_000, 5_000, "low"),
    (5, 0, 0, 0, "medium"),
    (2, 10_000, 10_001, 0, "medium"),
    (12, 100_000, 0, 0, "medium"),
    (13, 0, 0, 0, "high"),
    (1, 30_000, 50_000, 20_001, "high"),
    (None, 500_000, None, None, ""),
]


@pytest.mark.parametrize("hours, materials, equipment, training, level", COSTS)
def test_the_cost_level_follows_the_costlier_side(hours, materials, equipment, training, level):
    assert cost_level(hours, materials, equipment, training) == level


@pytest.mark.parametrize(
    "amount, unit, band, label",
    [
        (1, "weeks", "month", "через 1 неделю"),
        (3, "weeks", "month", "через 3 недели"),
        (4, "weeks", "month", "через 4 недели"),
        (5, "weeks", "half-year", "через 5 недель"),
        (1, "months", "month", "через 1 месяц"),
        (2, "months", "half-year", "через 2 месяца"),
        (6, "months", "half-year", "через 6 месяцев"),
        (7, "months", "year", "через 7 месяцев"),
        (21, "months", "year", "через 21 месяц"),
        (12, "months", "year", "через 12 месяцев"),
        (None, "months", "", ""),
        (3, "", "", ""),
    ],
)
def test_time_to_first_results_in_bands_and_words(amount, unit, band, label):
    assert time_band(amount, unit) == band
    assert time_label(amount, unit) == label


def test_first_steps_are_lines_without_their_numbers():
    text = "1. Собрать учителей\n\n2) Договориться о листах\n  Провести пробный урок  \n"
    assert steps(text) == ["Собрать учителей", "Договориться о листах", "Провести пробный урок"]
    assert steps("") == []


@pytest.mark.parametrize(
    "guide, missing",
    [
        (StartGuide("Шаг", "Трудность", "Завуч, тел.", True), []),
        (StartGuide("Шаг", "Трудность", "Завуч, тел.", False), ["контакт школы с её согласием"]),
        (
            StartGuide(" \n ", "  ", "", True),
            ["первые шаги", "трудности и как их преодолели", "контакт школы с её согласием"],
        ),
    ],
)
def test_how_to_start_needs_steps_difficulties_and_a_consented_contact(guide, missing):
    assert missing_start_parts(guide) == missing


def results(*rows):
    """Rows (year, procedure, subject, grade, participants, mark2, mark4, mark5) of one school."""
    return [
        ResultRow(procedure, subject, grade, year, participants, mark2, mark4, mark5)
        for year, procedure, subject, grade, participants, mark2, mark4, mark5 in rows
    ]


RESULTS = results(
    # Математика, 5 класс: the last year before 2023/24 is 2023, the latest after is 2025.
    (2022, "VPR", "Математика", 5, 20, 8, 4, 0),
    (2023, "VPR", "Математика", 5, 25, 5, 5, 5),  # «2» 20 %, «4» и «5» 40 %
    (2024, "VPR", "Математика", 5, 24, 3, 6, 3),
    (2025, "VPR", "Математика", 5, 40, 2, 14, 4),  # «2» 5 %, «4» и «5» 45 %
    # Русский язык, 6 класс: after the start only 7 pupils, too few to show shares.
    (2023, "VPR", "Русский язык", 6, 30, 9, 6, 3),
    (2024, "VPR", "Русский язык", 6, 7, 1, 2, 1),
    # История: nothing before the start, so no comparison.
    (2024, "VPR", "История", 5, 20, 2, 5, 5),
)


def test_before_and_after_the_start_year_by_work():
    works = before_after(RESULTS, 2023, minimum=10)
    assert [w.work for w in works] == ["ВПР, математика, 5 класс", "ВПР, русский язык, 6 класс"]
    maths, russian = works
    assert (maths.before.year, maths.before.failing, maths.before.good) == (2023, 20, 40)
    assert (maths.after.year, maths.after.failing, maths.after.good) == (2025, 5, 45)
    assert (russian.before.failing, russian.before.good) == (30, 30)
    # Seven pupils: their number stays, their shares do not.
    after = russian.after
    assert (after.participants, after.failing, after.good) == (7, None, None)
    assert after.hidden_note


def test_before_and_after_keeps_to_the_practices_subjects():
    works = before_after(RESULTS, 2023, ["Математика"], minimum=10)
    assert [w.work for w in works] == ["ВПР, математика, 5 класс"]
    assert before_after(RESULTS, 2025, minimum=10) == []
    assert before_after(RESULTS, None, minimum=10) == []
