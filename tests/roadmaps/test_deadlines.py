"""Deadline texts from real roadmaps, and the due dates worked out from them."""

import datetime

import pytest

from roadmaps.deadlines import DATE, PERIOD, RECURRING, TEXT, parse_deadline

D = datetime.date
YEAR_2023 = (D(2023, 1, 1), D(2023, 12, 31))
SCHOOL_YEAR = (D(2023, 9, 1), D(2024, 5, 31))


@pytest.mark.parametrize(
    ("text", "kind", "due"),
    [
        ("30.09.2023", DATE, D(2023, 9, 30)),
        ("до 15.03.2024", DATE, D(2024, 3, 15)),
        ("не позднее 15.03.24", DATE, D(2024, 3, 15)),
        ("до 15 марта 2024 г.", DATE, D(2024, 3, 15)),
        ("не позднее 1 сентября 2023 года", DATE, D(2023, 9, 1)),
        ("01.11.2023;\n\n01.03.2024", PERIOD, D(2024, 3, 1)),
        ("Январь, февраль 2023", PERIOD, D(2023, 2, 28)),
        ("Январь, февраль 2023 г", PERIOD, D(2023, 2, 28)),
        ("Февраль, 2023", PERIOD, D(2023, 2, 28)),
        ("Сентябрь , 2023", PERIOD, D(2023, 9, 30)),
        ("Май, 2023 г", PERIOD, D(2023, 5, 31)),
        ("Август-сентябрь 2023", PERIOD, D(2023, 9, 30)),
        ("Март – август, 2023 г", PERIOD, D(2023, 8, 31)),
        ("Октябрь – декабрь 2023", PERIOD, D(2023, 12, 31)),
        ("Февраль- декабрь 2023", PERIOD, D(2023, 12, 31)),
        ("апрель, 2023 октябрь, 2023", PERIOD, D(2023, 10, 31)),
        ("Январь-декабрь 2023 По плану ККИПК", PERIOD, D(2023, 12, 31)),
        ("сентябрь 2023 – май 2024", PERIOD, D(2024, 5, 31)),
        ("I квартал 2024", PERIOD, D(2024, 3, 31)),
        ("IV квартал 2023 г.", PERIOD, D(2023, 12, 31)),
        ("2 квартал 2024 года", PERIOD, D(2024, 6, 30)),
        ("II полугодие 2023", PERIOD, D(2023, 12, 31)),
        ("2024 год", PERIOD, D(2024, 12, 31)),
        ("2023/24 учебный год", PERIOD, D(2024, 5, 31)),
        ("в течение 2023-2024 учебного года", PERIOD, D(2024, 5, 31)),
        ("Ежемесячно 2023", PERIOD, D(2023, 12, 31)),
        ("ежеквартально", RECURRING, None),
        ("Ежемесячно", RECURRING, None),
        ("постоянно", RECURRING, None),
        ("Не реже 1 раза в год", RECURRING, None),
        ("1 раз в квартал\n(по графику)", RECURRING, None),
        ("В назначенные сроки", RECURRING, None),
        ("по мере необходимости", RECURRING, None),
        ("", TEXT, None),
        ("после утверждения приказа", TEXT, None),
        ("31.02.2024", TEXT, None),
    ],
)
def test_deadline_texts_with_a_year(text, kind, due):
    deadline = parse_deadline(text, YEAR_2023)
    assert (deadline.kind, deadline.due) == (kind, due)


@pytest.mark.parametrize(
    ("text", "period", "due"),
    [
        ("Январь", YEAR_2023, D(2023, 1, 31)),
        ("Февраль, март", YEAR_2023, D(2023, 3, 31)),
        ("Апрель; октябрь", YEAR_2023, D(2023, 10, 31)),
        ("в течение года", YEAR_2023, D(2023, 12, 31)),
        ("В течение учебного года", SCHOOL_YEAR, D(2024, 5, 31)),
        ("октябрь", SCHOOL_YEAR, D(2023, 10, 31)),
        ("март", SCHOOL_YEAR, D(2024, 3, 31)),
        ("сентябрь – май", SCHOOL_YEAR, D(2024, 5, 31)),
        ("до 1 сентября", YEAR_2023, D(2023, 9, 1)),
        ("I квартал", SCHOOL_YEAR, D(2024, 3, 31)),
    ],
)
def test_a_missing_year_comes_from_the_roadmaps_period(text, period, due):
    assert parse_deadline(text, period).due == due


@pytest.mark.parametrize("text", ["Январь", "в течение года", "II полугодие"])
def test_without_a_period_a_yearless_deadline_has_no_due_date(text):
    assert parse_deadline(text).due is None


def test_a_period_keeps_its_start():
    deadline = parse_deadline("сентябрь 2023 – май 2024")
    assert deadline.start == D(2023, 9, 1)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("2 кв. 2027", D(2027, 6, 30)),
        ("2 квартал 2027", D(2027, 6, 30)),
        ("II кв. 2027 г.", D(2027, 6, 30)),
        ("2-й кв. 2027", D(2027, 6, 30)),
        ("IV кв 2026", D(2026, 12, 31)),
        ("1 кв.", D(2024, 3, 31)),
    ],
)
def test_a_quarter_may_be_abbreviated(text, due):
    deadline = parse_deadline(text, SCHOOL_YEAR)
    assert (deadline.kind, deadline.due) == (PERIOD, due)


@pytest.mark.parametrize(
    ("text", "period", "start", "due"),
    [
        # In a school-year plan a half year is the school year's: autumn, then spring.
        ("I полугодие", SCHOOL_YEAR, D(2023, 9, 1), D(2023, 12, 31)),
        ("II полугодие", SCHOOL_YEAR, D(2024, 1, 1), D(2024, 5, 31)),
        ("1 полуг.", SCHOOL_YEAR, D(2023, 9, 1), D(2023, 12, 31)),
        ("I полугодие 2024/2025 учебного года", YEAR_2023, D(2024, 9, 1), D(2024, 12, 31)),
        ("II полугодие 2024/25 уч. г.", None, D(2025, 1, 1), D(2025, 5, 31)),
        # A calendar-year plan, or a half named with its calendar year, keeps the calendar's.
        ("I полугодие", YEAR_2023, D(2023, 1, 1), D(2023, 6, 30)),
        ("I полугодие 2024", SCHOOL_YEAR, D(2024, 1, 1), D(2024, 6, 30)),
        ("I полугодие", (D(2023, 6, 1), D(2024, 12, 31)), D(2024, 1, 1), D(2024, 6, 30)),
    ],
)
def test_a_half_year_of_a_school_year_plan_is_the_school_years(text, period, start, due):
    deadline = parse_deadline(text, period)
    assert (deadline.kind, deadline.start, deadline.due) == (PERIOD, start, due)
