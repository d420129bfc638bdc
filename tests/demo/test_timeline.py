"""The demo's timeline: authored years and dates moved to the load day (demo/timeline.py)."""

import datetime

from demo import timeline


def test_years_and_dates_move_by_the_same_whole_years():
    assert timeline.year(2025) == timeline.SCHOOL_YEAR  # the current school year's first year
    assert timeline.date(datetime.date(2023, 8, 30)) == datetime.date(2023 + timeline.SHIFT, 8, 30)
    assert timeline.school_year_label(2025) == f"{timeline.SCHOOL_YEAR}/{timeline.SCHOOL_YEAR + 1}"


def test_moved_shifts_dates_and_years_in_text_through_nested_data():
    data = {
        "period": "I полугодие 2023/2024 учебного года",
        "news": [{"date": datetime.date(2024, 2, 29), "title": "Итоги 2023 года", "pupils": 2024}],
        "number": "СВ-01/2023",
    }
    assert timeline.moved(data, 2) == {
        "period": "I полугодие 2025/2026 учебного года",
        # 29 February of a year without one is the 28th; numbers that are not text stay.
        "news": [{"date": datetime.date(2026, 2, 28), "title": "Итоги 2025 года", "pupils": 2024}],
        "number": "СВ-01/2025",
    }
    # Only four-digit years 2010–2029 standing alone move; other figures stay.
    text = "120 учеников, 1998 и 2019 годы, № 12024"
    assert timeline.moved(text, 2) == "120 учеников, 1998 и 2021 годы, № 12024"
