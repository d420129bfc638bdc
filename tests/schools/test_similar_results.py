"""A school's results against its similar schools: the statistics, the comparison, the gaps of
the coordinators' report, the page's sentences and the chart's geometry, against tables
computed by hand."""

import math

import pandas as pd
import pytest

from indicators.results.records import AGGREGATE_COLUMNS
from indicators.results.similar import (
    Measure,
    Position,
    Quartiles,
    SchoolGap,
    WorkComparison,
    compare,
    furthest_below_first,
    position,
    quartiles,
    works,
)
from indicators.results.similar_text import failing_chart, subject_sentence, table_row

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        # Five values: the quartiles fall on the 2nd, 3rd and 4th.
        ([0.30, 0.05, 0.20, 0.10, 0.15], (0.10, 0.15, 0.20)),
        # Four: positions 0.75, 1.5, 2.25 between 1, 2, 3, 4.
        ([4, 1, 3, 2], (1.75, 2.5, 3.25)),
        ([10, 20], (12.5, 15, 17.5)),
        ([7], (7, 7, 7)),
        # Nine: positions 2, 4, 6.
        ([9, 1, 8, 2, 7, 3, 6, 4, 5], (3, 5, 7)),
        ([1, float("nan"), None, 3], (1.5, 2, 2.5)),
    ],
)
def test_quartiles_interpolate_like_excel(values, expected):
    found = quartiles(values)

    assert (found.q1, found.median, found.q3) == pytest.approx(expected)


def test_no_values_no_quartiles():
    assert quartiles([]) is None
    assert quartiles([float("nan")]) is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.09, Position.BELOW),
        (0.10, Position.WITHIN),  # a quartile itself is within
        (0.20, Position.WITHIN),
        (0.21, Position.ABOVE),
        (None, None),
    ],
)
def test_position_against_the_quartiles(value, expected):
    assert position(value, Quartiles(0.10, 0.15, 0.20)) == expected


def frame(rows):
    """Aggregates of ВПР 2024 from (school id, subject, grade, participants, mark2, mean)."""
    records = [
        {
            **dict.fromkeys(AGGREGATE_COLUMNS, 0),
            "school_code": str(pk),
            "year": 2024,
            "procedure": "VPR",
            "subject": subject,
            "grade": grade,
            "school_name": f"Школа {pk}",
            "municipality": "Район",
            "participants": participants,
            "mark2": mark2,
            "mean_score": mean,
        }
        for pk, subject, grade, participants, mark2, mean in rows
    ]
    return pd.DataFrame.from_records(records, columns=AGGREGATE_COLUMNS)


# School 1 and its group (2–7); 7 wrote with 8 pupils, too few to count among the similar
# schools; 8 is of another group; 9 wrote nothing (no participants).
MATHEMATICS = [
    (1, "Математика", 4, 25, 8, 9.5),  # 32 %
    (2, "Математика", 4, 20, 2, 12.0),  # 10 %
    (3, "Математика", 4, 20, 4, 10.0),  # 20 %
    (4, "Математика", 4, 20, 1, 14.0),  # 5 %
    (5, "Математика", 4, 20, 6, 8.0),  # 30 %
    (6, "Математика", 4, 20, 3, 11.0),  # 15 %
    (7, "Математика", 4, 8, 2, 7.0),
    (8, "Математика", 4, 30, 0, 16.0),
    (9, "Математика", 4, 0, 0, float("nan")),
]
GROUP = [1, 2, 3, 4, 5, 6, 7]


@pytest.fixture
def mathematics():
    return works(frame(MATHEMATICS))["Математика", 4]


def test_a_work_of_the_region(mathematics):
    assert set(mathematics.rows) == {1, 2, 3, 4, 5, 6, 7, 8}
    assert mathematics.rows[1].failing == pytest.approx(0.32)
    # The region's pupils: 26 «2» of 163; the mean weighted by participants.
    assert mathematics.region_failing == pytest.approx(26 / 163)
    points = 25 * 9.5 + 20 * (12 + 10 + 14 + 8 + 11) + 8 * 7 + 30 * 16
    assert mathematics.region_mean == pytest.approx(points / 163)


def test_a_school_against_the_others_of_its_group(mathematics):
    item = compare(mathematics, 1, GROUP, own_minimum=10, peer_minimum=10, min_group_size=5)

    assert (item.participants, item.peers, item.shown, item.compared) == (25, 5, True, True)
    # Failing shares of 2–6: 5, 10, 15, 20, 30 %.
    assert item.failing.group == Quartiles(pytest.approx(0.10), 0.15, 0.20)
    assert item.failing.position == Position.ABOVE
    assert item.failing.gap == pytest.approx(0.17)
    # Means of 2–6: 8, 10, 11, 12, 14.
    assert item.mean.group == Quartiles(10, 11, 12)
    assert item.mean.position == Position.BELOW
    assert item.mean.school == 9.5


def test_a_group_too_small_gives_no_quartiles(mathematics):
    # Five similar schools with enough pupils and the school itself: six, fewer than seven.
    item = compare(mathematics, 1, GROUP, own_minimum=10, peer_minimum=10, min_group_size=7)

    assert item.failing.group is None and item.failing.position is None
    assert not item.compared
    # Counting small classes too (the rules' minimum, 5) makes seven.
    item = compare(mathematics, 1, GROUP, own_minimum=10, peer_minimum=5, min_group_size=7)
    assert item.peers == 6 and item.compared


def test_eight_pupils_show_nothing_in_public_and_are_compared_in_the_admin(mathematics):
    public = compare(mathematics, 7, GROUP, own_minimum=10, peer_minimum=10, min_group_size=5)
    admin = compare(mathematics, 7, GROUP, own_minimum=5, peer_minimum=10, min_group_size=5)

    assert (public.shown, public.failing.school, public.mean.school) == (False, None, None)
    assert public.failing.group is not None and not public.compared
    assert admin.shown and admin.failing.school == 0.25
    # Its similar schools are 1–6 (1 too: it is another school of the group for 7).
    assert admin.peers == 6


def test_a_school_that_did_not_write_the_work(mathematics):
    assert compare(mathematics, 9, GROUP, own_minimum=5, peer_minimum=10, min_group_size=5) is None


def comparison(subject, grade, failing, group, *, shown=True, participants=20, region=0.12):
    return WorkComparison(
        subject=subject,
        grade=grade,
        participants=participants,
        peers=8,
        shown=shown,
        failing=Measure(failing if shown else None, group, region),
        mean=Measure(12.5 if shown else None, Quartiles(11, 13, 14.25) if group else None, 13.1),
    )


SPREAD = Quartiles(0.08, 0.12, 0.15)


def test_gaps_rank_the_schools_furthest_below_first():
    far = SchoolGap(
        1,
        (
            comparison("Математика", 4, 0.32, SPREAD),  # +20 p. p., over the third quartile
            comparison("Русский язык", 4, 0.14, SPREAD),  # +2
            comparison("Русский язык", 5, None, SPREAD, shown=False),  # not compared
        ),
    )
    near = SchoolGap(2, (comparison("Математика", 4, 0.10, SPREAD),))  # −2
    alone = SchoolGap(3, (comparison("Математика", 4, 0.40, None),))  # no group: no gap

    assert far.mean_gap == pytest.approx(0.11)
    assert [item.grade for item in far.above] == [4] and far.above[0].subject == "Математика"
    assert far.worst.failing.school == 0.32
    assert near.mean_gap == pytest.approx(-0.02)
    assert alone.mean_gap is None and alone.worst is None
    assert [gap.school_id for gap in furthest_below_first([alone, near, far])] == [1, 2, 3]


def test_a_subject_in_one_sentence():
    items = [
        comparison("Математика", 4, 0.32, SPREAD),
        comparison("Математика", 5, 0.12, SPREAD),
        comparison("Математика", 6, 0.05, SPREAD),
        comparison("Математика", 7, 0.2, None),
        comparison("Математика", 8, None, SPREAD, shown=False, participants=7),
    ]

    assert subject_sentence("Математика", items).replace(NBSP, " ") == (
        "Математика: доля отметок «2» в 4 классе — 32 %, больше, чем у трёх четвертей похожих "
        "школ; в 5 классе — 12 %, в обычных для похожих школ пределах; в 6 классе — 5 %, "
        "меньше, чем у трёх четвертей похожих школ; в 7 классе — 20 %, похожих школ с этой "
        "работой слишком мало для сравнения; в 8 классе работу писали 7 учеников: слишком "
        "мало участников, чтобы показывать доли."
    )


def test_a_table_row():
    shown = table_row(comparison("Математика", 4, 0.32, SPREAD))
    hidden = table_row(comparison("Математика", 8, None, SPREAD, shown=False, participants=7))

    assert [cell.replace(NBSP, " ") for cell in shown.cells] == [
        "32 %",
        "12 %",
        "8 % – 15 %",
        "12 %",
        "12,5",
        "13",
        "11 – 14,3",
        "13,1",
    ]
    assert hidden.cells[0] == hidden.cells[4] == "слишком мало участников, чтобы показывать доли"
    assert hidden.cells[1].replace(NBSP, " ") == "12 %"


def test_the_chart_places_each_grade_on_a_scale_to_the_next_ten_percent():
    chart = failing_chart(
        [
            comparison("Математика", 4, 0.32, SPREAD, region=0.16),
            comparison("Математика", 5, None, SPREAD, shown=False),
            comparison("Математика", 6, 0.2, None),  # no group: not drawn
        ]
    )

    # The largest value drawn is 32 %: the scale ends at 40 %, from x = 90 to 616.
    def x(share):
        return 90 + share / 0.4 * 526

    four, five = chart.rows
    assert (four.label, four.y, five.y) == ("4 класс", 34, 78)
    assert four.box_x == pytest.approx(x(0.08), abs=0.05)
    assert four.box_width == pytest.approx(x(0.15) - x(0.08), abs=0.1)
    assert (four.median_x, four.region_x, four.school_x) == pytest.approx(
        (x(0.12), x(0.16), x(0.32)), abs=0.05
    )
    assert five.school_x is None  # too few pupils: no point
    assert [label.replace(NBSP, " ") for _x, label in chart.ticks] == [
        "0 %",
        "10 %",
        "20 %",
        "30 %",
        "40 %",
    ]
    assert (chart.axis_y, chart.height) == (100, 136)
    assert failing_chart([comparison("Математика", 6, 0.2, None)]) is None
    assert math.isclose(chart.ticks[-1][0], 616)
