"""What a school page says and draws of its results against similar schools: a sentence per
subject, the rows of its table and the geometry of its chart. Pure functions over
``indicators.results.similar.WorkComparison``."""

import math
from dataclasses import dataclass

from site_cms.templatetags.russian_tags import ru_plural

from ..rules.sentences import PERCENT, format_value
from .privacy import HIDDEN
from .similar import Position

FAILING_POSITIONS = {
    Position.ABOVE: "больше, чем у трёх четвертей похожих школ",
    Position.WITHIN: "в обычных для похожих школ пределах",
    Position.BELOW: "меньше, чем у трёх четвертей похожих школ",
}
FEW_PEERS = "похожих школ с этой работой слишком мало для сравнения"
MISSING = "—"


def percent(share):
    return MISSING if share is None else format_value(share, PERCENT)


def score(value):
    return MISSING if value is None else format_value(value)


def work_clause(item):
    """«в 4 классе — 24 %, больше, чем у трёх четвертей похожих школ»."""
    grade = f"в {item.grade} классе"
    if not item.shown:
        pupils = ru_plural(item.participants, "ученик,ученика,учеников")
        return f"{grade} работу писали {item.participants} {pupils}: {HIDDEN}"
    if item.failing.group is None:
        return f"{grade} — {percent(item.failing.school)}, {FEW_PEERS}"
    return f"{grade} — {percent(item.failing.school)}, {FAILING_POSITIONS[item.failing.position]}"


def subject_sentence(subject, items):
    """One sentence on a subject's works (``items``, by grade), for a parent."""
    return f"{subject}: доля отметок «2» " + "; ".join(map(work_clause, items)) + "."


def spread(quartiles, formatter):
    """«8–15 %»: the middle half of similar schools."""
    if quartiles is None:
        return MISSING
    return f"{formatter(quartiles.q1)} – {formatter(quartiles.q3)}"


@dataclass(frozen=True)
class TableRow:
    grade: int
    participants: int
    cells: tuple[str, ...]  # failing: school, median, middle half, region; mean: the same


def table_row(item):
    cells = []
    for measure, formatter in ((item.failing, percent), (item.mean, score)):
        group = measure.group
        cells += [
            formatter(measure.school) if item.shown else HIDDEN,
            formatter(group.median) if group else MISSING,
            spread(group, formatter),
            formatter(measure.region),
        ]
    return TableRow(item.grade, item.participants, tuple(cells))


# --- The chart: a line per grade on a 0–100 % scale ----------------------------------------

WIDTH = 640
LABEL_WIDTH = 90
RIGHT = 24
ROW_HEIGHT = 44
TOP = 12
AXIS_HEIGHT = 36


@dataclass(frozen=True)
class ChartRow:
    label: str
    y: int  # the row's middle
    box_x: float  # the group's middle half
    box_width: float
    median_x: float
    region_x: float | None
    school_x: float | None
    text: str  # the row in words, for the chart's description


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    rows: tuple[ChartRow, ...]
    ticks: tuple[tuple[float, str], ...]  # (x, label) of the axis
    axis_y: int
    plot_left: int
    plot_right: int


def scale_top(items):
    """The scale's end: the largest value drawn, rounded up to 10 %, at least 10 %."""
    values = [
        value
        for item in items
        for value in (item.failing.school, item.failing.region, item.failing.group.q3)
        if value is not None
    ]
    return max(0.1, math.ceil(max(values, default=0) * 10 - 1e-9) / 10)


def failing_chart(items):
    """The chart of the failing shares of ``items`` compared with their groups; None when no
    work is compared."""
    drawn = [item for item in items if item.failing.group is not None]
    if not drawn:
        return None
    top = scale_top(drawn)
    right = WIDTH - RIGHT

    def x(value):
        return round(LABEL_WIDTH + value / top * (right - LABEL_WIDTH), 1)

    rows = []
    for number, item in enumerate(drawn):
        group = item.failing.group
        school = item.failing.school if item.shown else None
        rows.append(
            ChartRow(
                label=f"{item.grade} класс",
                y=TOP + ROW_HEIGHT * number + ROW_HEIGHT // 2,
                box_x=x(group.q1),
                box_width=max(2.0, round(x(group.q3) - x(group.q1), 1)),
                median_x=x(group.median),
                region_x=x(item.failing.region) if item.failing.region is not None else None,
                school_x=x(school) if school is not None else None,
                text=(
                    f"{item.grade} класс: школа — {percent(school) if item.shown else HIDDEN}, "
                    f"медиана похожих школ — {percent(group.median)}, половина похожих школ — "
                    f"{spread(group, percent)}, регион — {percent(item.failing.region)}"
                ),
            )
        )
    axis_y = TOP + ROW_HEIGHT * len(drawn)
    steps = round(top * 10)
    every = 1 if steps <= 5 else 2 if steps <= 10 else 5
    ticks = tuple(
        (x(step / 10), format_value(step / 10, PERCENT, digits=0))
        for step in range(0, steps + 1, every)
    )
    return Chart(WIDTH, axis_y + AXIS_HEIGHT, tuple(rows), ticks, axis_y, LABEL_WIDTH, right)
