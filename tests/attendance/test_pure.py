"""Pure functions: certificate hours, the rating and its spread, the platform report's rows."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from attendance.certificates import initials
from attendance.hours import certificate_hours
from attendance.importing import parse_rows
from attendance.models import CODE_ALPHABET, new_code
from attendance.rating import Rating, distribution


@pytest.mark.parametrize(
    ("session", "sessions", "days", "hours"),
    [
        (datetime.timedelta(hours=2), 1, None, Decimal(2)),
        # 1 h 20 min × 3 = 4 h exactly
        (datetime.timedelta(hours=1, minutes=20), 3, None, Decimal(4)),
        # 1 h 15 min = 1,25 h → 1,5 (halves up from the quarter)
        (datetime.timedelta(hours=1, minutes=15), 1, None, Decimal("1.5")),
        # 50 min = 0,833 h → 1
        (datetime.timedelta(minutes=50), 1, None, Decimal(1)),
        # 1 h 10 min = 1,167 h → 1
        (datetime.timedelta(hours=1, minutes=10), 1, None, Decimal(1)),
        # an all-day event of two days, held twice: 6 × 2 × 2
        (datetime.timedelta(days=2), 2, 2, Decimal(24)),
    ],
)
def test_certificate_hours(session, sessions, days, hours):
    assert certificate_hours(session, sessions, days=days) == hours


@pytest.mark.parametrize(
    ("total", "count", "average", "text"),
    [
        (14, 3, Decimal("4.7"), "4,7 из 5 — 3 ответа"),  # 4,666…
        (23, 5, Decimal("4.6"), "4,6 из 5 — 5 ответов"),
        (93, 20, Decimal("4.7"), "4,7 из 5 — 20 ответов"),  # 4,65: halves up
        (5, 1, Decimal("5.0"), "5,0 из 5 — 1 ответ"),
        (84, 21, Decimal("4.0"), "4,0 из 5 — 21 ответ"),
        (0, 0, None, ""),
    ],
)
def test_rating(total, count, average, text):
    rating = Rating(total, count)
    assert (rating.average, rating.text) == (average, text)


def test_distribution_counts_and_shares_by_hand():
    # 8 answers: 5 ×3 (37,5 % → 38), 4 ×4 (50 %), 2 ×1 (12,5 % → 13)
    assert distribution({5: 3, 4: 4, 2: 1}) == [
        (5, 3, 38),
        (4, 4, 50),
        (3, 0, 0),
        (2, 1, 13),
        (1, 0, 0),
    ]
    assert distribution({}) == [(5, 0, 0), (4, 0, 0), (3, 0, 0), (2, 0, 0), (1, 0, 0)]


REGISTRATIONS = [
    SimpleNamespace(pk=1, email="Ivanova@School.example", name="Иванова Мария Петровна"),
    SimpleNamespace(pk=2, email="petrov@school.example", name="Петров Олег Ильич"),
    SimpleNamespace(pk=3, email="p2@school.example", name="Петров Олег Ильич"),
]


def test_rows_by_e_mail_and_by_name_with_minutes_added():
    parsed = parse_rows(
        [
            ["ФИО", "Адрес электронной почты", "Длительность"],
            ["", "ivanova@school.EXAMPLE", "0:40"],  # hours and minutes
            ["", "ivanova@school.example", "25,5"],
            ["", "petrov@school.example", ""],
        ],
        REGISTRATIONS,
    )
    assert parsed.errors == []
    assert parsed.present == {1: 66, 2: None}  # 40 + 25,5 = 65,5 → 66


def test_a_name_shared_by_two_registrations_asks_for_the_e_mail():
    parsed = parse_rows(
        [["ФИО"], ["Петров Олег Ильич"], ["ИВАНОВА  мария петровна"]], REGISTRATIONS
    )
    assert parsed.errors == [
        "Строка 2: участника «Петров Олег Ильич» несколько раз встречается среди подтверждённых "
        "регистраций мероприятия; укажите его электронную почту."
    ]


def test_an_empty_report_and_a_long_cell():
    assert parse_rows([], REGISTRATIONS).errors == ["Файл пуст."]
    assert parse_rows([["Email"], [""]], REGISTRATIONS).errors == [
        "В файле нет ни одного участника."
    ]
    long = "x" * 100 + "@example.org"
    (error,) = parse_rows([["Email"], [long]], REGISTRATIONS).errors
    assert "«" + "x" * 59 + "…»" in error


def test_initials_and_codes():
    assert initials("Иванова Мария Петровна") == "И. М. П."
    assert initials("Салтыков-Щедрин Михаил") == "С. Щ. М."
    code = new_code()
    assert len(code) == 9 and code[4] == "-"
    assert set(code.replace("-", "")) <= set(CODE_ALPHABET)
