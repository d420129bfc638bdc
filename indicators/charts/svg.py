"""Server-rendered SVG charts (pygal) that are safe to inline and readable without colour.

The site's content security policy allows no inline scripts or styles, so pygal's <script>,
<style> and style="" are removed and every colour is set as an SVG presentation attribute
instead. Text and axes use currentColor, so they follow the page in every low-vision scheme.
The low-vision version (``low_vision=True``) draws the series in the page colour too, told apart
by dash patterns, outlines and hatching, with larger text. The numbers are also printed on the
chart and given as a table under it.

Line charts over years space the years by time (2021 → 2024 three times as wide as 2024 → 2025),
and their printed values are moved apart until no two overlap (``place_values``).
"""

import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import pygal
from django.core.cache import cache
from django.db import models
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _
from pygal.style import Style

from ..rules.sentences import format_value, is_missing

SVG_NS = "http://www.w3.org/2000/svg"

WIDTH = 720
HEIGHT = 400
MISSING = "—"
# Contrast on white: 8.7, 5.0, 6.4, 8.8, 15.2, 7.7 to 1 (the first two are the site's primary and
# accent colours, static/css/site.css); the low-vision version draws in the page colour instead.
PALETTE = ["#1f4e79", "#b45309", "#2e6b30", "#6b2c91", "#1b2733", "#9f1d3b"]
# Line series differ by dash pattern as well as colour: a reader who cannot tell colours apart
# (or the one-colour low-vision scheme) still tells the lines apart.
DASHES = [None, "10 5", "3 4", "12 4 3 4", "1 6"]
# Text sizes in the chart's units (720 wide); the low-vision version gets them half as large again.
TEXT_SIZE = 14
VALUE_SIZE = 13
LOW_VISION_SCALE = 1.5
# Gap between a line chart's point and the value printed above it.
VALUE_GAP = 10
# Text boxes for keeping printed values apart, in ems: the width of a character (digits, «%» and
# the comma are narrower), the height above the baseline and below it.
CHAR_WIDTH = 0.62
ASCENT, DESCENT = 1.0, 0.3
# How many rows above and below its point a value may move to find a free place.
VALUE_ROWS = 6
# A drawn chart is kept this long (a day): its key is its data, so it never goes stale.
DRAWN_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Series:
    name: str
    points: list[tuple[str, float | None]]
    # A line that repeats one number (a target) has it printed once, at its last point.
    label_last_only: bool = False


@dataclass(frozen=True)
class ChartData:
    """What a chart shows, also as the rows of the accessible table under it."""

    title: str
    series: list[Series]
    unit: str = ""
    summary: str = ""
    label_heading: str = "Год"  # the table's first column: years, schools, municipalities
    digits: int = 1
    labels: list[str] = field(init=False)

    def __post_init__(self):
        labels = dict.fromkeys(label for series in self.series for label, _ in series.points)
        object.__setattr__(self, "labels", list(labels))

    def format(self, value: float | None) -> str:
        return MISSING if is_missing(value) else format_value(value, self.unit, self.digits)

    def values(self, series: Series) -> list[float | None]:
        """The series' values in the order of the chart's labels; None where it has no point."""
        by_label = {label: None if is_missing(v) else float(v) for label, v in series.points}
        return [by_label.get(label) for label in self.labels]

    @property
    def table_header(self) -> list[str]:
        return [self.label_heading, *(series.name for series in self.series)]

    @property
    def table_rows(self) -> list[list[str]]:
        columns = [[self.format(value) for value in self.values(s)] for s in self.series]
        return [[label, *cells] for label, *cells in zip(self.labels, *columns, strict=True)]

    @property
    def element_id(self) -> str:
        """Stable across renders (cached pages stay identical) and distinct for distinct charts."""
        digest = hashlib.sha1(repr(self).encode(), usedforsecurity=False).hexdigest()
        return f"chart-{digest[:10]}"


class ChartKind(models.TextChoices):
    LINE = "line", _("Линейный график")
    BAR = "bar", _("Столбчатая диаграмма")
    # Long names (schools, municipalities) read only when written along the bars.
    HORIZONTAL_BAR = "hbar", _("Горизонтальная диаграмма")


CHART_CLASSES = {
    ChartKind.LINE: pygal.Line,  # pygal.XY when the labels are years
    ChartKind.BAR: pygal.Bar,
    ChartKind.HORIZONTAL_BAR: pygal.HorizontalBar,
}
# A horizontal bar chart grows with its bars instead of squeezing them.
BAR_HEIGHT = 28


def line_chart(
    series: list[Series],
    *,
    title: str,
    unit: str = "",
    summary: str = "",
    y_max: float | None = None,
    low_vision: bool = False,
) -> SafeString:
    data = ChartData(title, series, unit, summary)
    return render(ChartKind.LINE, data, y_max=y_max, low_vision=low_vision)


def bar_chart(
    series: list[Series],
    *,
    title: str,
    unit: str = "",
    summary: str = "",
    y_max: float | None = None,
    low_vision: bool = False,
    horizontal: bool = False,
) -> SafeString:
    data = ChartData(title, series, unit, summary)
    kind = ChartKind.HORIZONTAL_BAR if horizontal else ChartKind.BAR
    return render(kind, data, y_max=y_max, low_vision=low_vision)


def chart_style(low_vision: bool) -> Style:
    """pygal lays the chart out for these sizes; paint() then writes them onto the text."""
    scale = LOW_VISION_SCALE if low_vision else 1
    text, value = round(TEXT_SIZE * scale), round(VALUE_SIZE * scale)
    return Style(
        label_font_size=text,
        major_label_font_size=text,
        legend_font_size=text,
        value_font_size=value,
        no_data_font_size=text,
    )


def render(
    kind: ChartKind, data: ChartData, *, y_max: float | None = None, low_vision: bool = False
) -> SafeString:
    """The chart as inline SVG markup; ``low_vision`` for the low-vision version.

    Kept in the cache by what it shows (the data's digest), not by the publications: drawing
    takes milliseconds, and the same data draws the same chart whatever else was published.
    """
    key = f"chart-svg:{kind}:{data.element_id}:{y_max}:{low_vision}"
    markup = cache.get(key)
    if markup is None:
        markup = draw(kind, data, y_max=y_max, low_vision=low_vision)
        cache.set(key, markup, DRAWN_SECONDS)
    return mark_safe(markup)


def draw(
    kind: ChartKind, data: ChartData, *, y_max: float | None = None, low_vision: bool = False
) -> str:
    """Draw the chart with pygal and make it safe to inline (``render`` keeps it)."""
    is_line = kind == ChartKind.LINE
    years = time_axis(data.labels) if is_line else None
    if y_max is None and data.unit == "%":
        y_max = 1.0  # shares read best on their whole 0–100 % scale
    lowest = min((v for s in data.series for v in data.values(s) if v is not None), default=0)
    style = chart_style(low_vision)
    height = HEIGHT
    if kind == ChartKind.HORIZONTAL_BAR:
        bars = len(data.labels) * max(len(data.series), 1)
        scale = LOW_VISION_SCALE if low_vision else 1
        height = max(HEIGHT, bars * BAR_HEIGHT * scale + 80)
    chart_class = pygal.XY if years else CHART_CLASSES[kind]
    chart = chart_class(
        style=style,
        js=[],
        disable_xml_declaration=True,
        width=WIDTH,
        height=round(height),
        explicit_size=True,
        show_legend=len(data.series) > 1,
        legend_at_bottom=True,
        truncate_legend=-1,
        truncate_label=-1,
        print_values=True,
        print_values_position="top",
        value_formatter=data.format,
        formatter=(lambda point: data.format(point[1])) if years else None,
        range=(min(lowest, 0), y_max) if y_max is not None else None,
        include_x_axis=True,
        max_scale=6,  # at most six axis steps: large text stays apart
        no_data_text="Данных пока нет",
        margin=16,
        margin_right=40,  # room for the last value label of a line chart
        legend_box_size=28 if is_line else 14,  # long enough to show a dash
    )
    # pygal stacks horizontal bars from the bottom; reversed, they read top down like the table.
    order = slice(None, None, -1) if kind == ChartKind.HORIZONTAL_BAR else slice(None)
    if years:
        chart.x_labels = [{"value": year, "label": str(year)} for year in years]
        for item in data.series:
            chart.add(item.name, list(zip(years, data.values(item), strict=True)))
    else:
        chart.x_labels = data.labels[order]
        for item in data.series:
            chart.add(item.name, data.values(item)[order])
    root = chart.render_tree()
    if kind == ChartKind.HORIZONTAL_BAR:
        for text in root.iter("text"):
            if "value" in classes(text):
                text.set("x", str(float(text.get("x")) + VALUE_GAP / 2))  # off the bar's end
    clean(root, data, style, is_line=is_line, low_vision=low_vision)
    if is_line:
        place_values(root, data, style.value_font_size)
    # ElementTree escapes every text and attribute, so the markup is safe to inline.
    return ET.tostring(root, encoding="unicode")


def time_axis(labels: list[str]) -> list[int] | None:
    """The labels as years when they all are (and two or more): the x axis is then time."""
    if len(labels) < 2 or not all(label.isdigit() and len(label) == 4 for label in labels):
        return None
    return [int(label) for label in labels]


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: "Box") -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )


def text_box(x: float, y: float, text: str, font_size: float, anchor: str) -> Box:
    """The box a text drawn at (x, y) takes, from its length: the chart has no font metrics."""
    width = len(text) * font_size * CHAR_WIDTH
    left = {"start": x, "end": x - width}.get(anchor, x - width / 2)
    return Box(left, y - font_size * ASCENT, left + width, y + font_size * DESCENT)


def place_values(root: ET.Element, data: ChartData, font_size: float) -> None:
    """Print each value of a line chart next to its point where it overlaps nothing printed.

    pygal writes every value below-right of its point, over the line, and lets close values of
    several series overlap. A value goes to the nearest free row above its point (or below);
    where points of one year lie close together, the upper half of them print above and the
    lower half below, stacked in the order of the values, so the labels read top down as the
    points lie. The axis labels are kept clear too. A series with ``label_last_only`` keeps only
    its last value.
    """
    groups = {frozenset(classes(group)): group for group in root.iter("g")}
    plot = groups.get(frozenset({"plot", "text-overlay"}))
    if plot is None:  # no data
        return
    overlay = groups[frozenset({"plot", "overlay"})]
    taken = [
        text_box(
            float(text.get("x")),
            float(text.get("y")),
            text.text or "",
            float(text.get("font-size")),
            text.get("text-anchor", "middle"),
        )
        for axis in root.iter("g")
        if "axis" in classes(axis)
        for text in axis.iter("text")
    ]
    # Rows stay within the picture: not above its top, not below the year labels.
    top = -float(re.fullmatch(r"translate\(([-\d.]+), ([-\d.]+)\)", plot.get("transform"))[2])
    bottom = max((box.bottom for box in taken), default=float("inf"))
    step = font_size * (ASCENT + DESCENT) + 2
    above = [-VALUE_GAP - font_size * DESCENT - row * step for row in range(VALUE_ROWS)]
    below = [VALUE_GAP + font_size * ASCENT + row * step for row in range(VALUE_ROWS)]
    for text, x, y, prefers_above in printed_values(plot, overlay, data, 2 * step):
        # Centred on a point near the axis, a value would run over the axis labels.
        anchor = "start" if x < 2 * font_size else "middle"
        x = x - font_size / 2 if anchor == "start" else x
        offsets = above + below if prefers_above else below + above
        boxes = [
            (y + dy, text_box(x, y + dy, text.text or "", font_size, anchor)) for dy in offsets
        ]
        free = [
            (row_y, box)
            for row_y, box in boxes
            if top <= box.top
            and box.bottom <= bottom
            and not any(box.overlaps(other) for other in taken)
        ]
        row_y, box = (free or boxes)[0]
        taken.append(box)
        text.attrib.update({"x": f"{x:.2f}", "y": f"{row_y:.2f}", "text-anchor": anchor})


def printed_values(plot: ET.Element, overlay: ET.Element, data: ChartData, near: float):
    """(text, x, y of its point, whether it goes above) in the order to place them: year by
    year; within a cluster of points closer than ``near``, from the middle outwards."""
    dots = {series_index(group): list(group.iter("circle")) for group in overlay}
    by_x = {}
    for group in plot:
        index = series_index(group)
        if index is None:
            continue
        texts = [text for text in group.iter("text") if "value" in classes(text)]
        if data.series[index].label_last_only:
            for text in texts[:-1]:
                group.remove(text)
            texts = texts[-1:]
        for text, dot in zip(texts, dots[index][-len(texts) :], strict=True):
            x, y = float(dot.get("cx")), float(dot.get("cy"))
            by_x.setdefault(round(x, 1), []).append((text, x, y))
    for _x, points in sorted(by_x.items()):
        points.sort(key=lambda point: point[2])  # top down
        clusters = [[points[0]]]
        for point in points[1:]:
            if point[2] - clusters[-1][-1][2] < near:
                clusters[-1].append(point)
            else:
                clusters.append([point])
        for cluster in clusters:
            upper = (len(cluster) + 1) // 2
            yield from ((*point, True) for point in reversed(cluster[:upper]))
            yield from ((*point, False) for point in cluster[upper:])


def clean(
    root: ET.Element,
    data: ChartData,
    style: Style,
    *,
    is_line: bool,
    low_vision: bool,
) -> None:
    """Drop what the policy forbids or pygal's script needs; colour by attributes; label it."""
    chart_id = data.element_id
    strip_scripting(root)
    # pygal builds un-namespaced elements and declares the namespace as a plain attribute.
    root.attrib = {
        "xmlns": SVG_NS,
        "viewBox": root.get("viewBox"),
        "width": root.get("width"),
        "height": root.get("height"),
        "id": chart_id,
        "class": "chart__svg",
        "role": "img",
        "aria-labelledby": f"{chart_id}-title",
        "aria-describedby": f"{chart_id}-desc",
    }
    hatch_id = f"{chart_id}-hatch"
    paint(root, style, is_line=is_line, low_vision=low_vision, hatch_id=hatch_id)
    if low_vision:
        ET.SubElement(root, "defs").append(hatch_pattern(hatch_id))
    title = ET.Element("title", id=f"{chart_id}-title")
    title.text = data.title
    desc = ET.Element("desc", id=f"{chart_id}-desc")
    desc.text = data.summary or data.title
    root.insert(0, desc)
    root.insert(0, title)


def classes(element: ET.Element) -> set[str]:
    return set(element.get("class", "").split())


def strip_scripting(root: ET.Element) -> None:
    """Remove scripts, styles, tooltips and their data, pygal's own titles, ids and comments."""
    drop_tags = {"script", "style", "defs", "title", "desc"}
    for parent in list(root.iter()):
        for child in list(parent):
            if (
                child.tag in drop_tags
                or not isinstance(child.tag, str)
                or {"tooltip-overlay", "titles"} & classes(child)
            ):
                parent.remove(child)
    for element in root.iter():
        element.attrib.pop("style", None)
        element.attrib.pop("id", None)


def series_index(element: ET.Element) -> int | None:
    for name in classes(element):
        if name.startswith("color-"):
            return int(name.removeprefix("color-"))
    return None


def series_fill(index: int, low_vision: bool, hatch_id: str) -> dict[str, str]:
    """Bars, points and legend boxes: a colour each, or in one colour solid/outline/hatched."""
    if not low_vision:
        return {"fill": PALETTE[index % len(PALETTE)]}
    outline = {"stroke": "currentColor", "stroke-width": "2"}
    return [
        {"fill": "currentColor"},
        {"fill": "none", **outline},
        {"fill": f"url(#{hatch_id})", **outline},
    ][index % 3]


def series_stroke(index: int, low_vision: bool) -> dict[str, str]:
    colour = "currentColor" if low_vision else PALETTE[index % len(PALETTE)]
    stroke = {"fill": "none", "stroke": colour, "stroke-width": "3"}
    dash = DASHES[index % len(DASHES)]
    return {**stroke, "stroke-dasharray": dash} if dash else stroke


def hatch_pattern(hatch_id: str) -> ET.Element:
    pattern = ET.Element(
        "pattern",
        id=hatch_id,
        width="8",
        height="8",
        patternUnits="userSpaceOnUse",
        patternTransform="rotate(45)",
    )
    ET.SubElement(pattern, "path", d="M0 0v8", stroke="currentColor", **{"stroke-width": "3"})
    return pattern


def paint(
    root: ET.Element,
    style: Style,
    *,
    is_line: bool,
    low_vision: bool,
    hatch_id: str,
) -> None:
    """Set colours, strokes, anchors and font sizes that pygal's stylesheet would have set."""

    def walk(element: ET.Element, index: int | None, context: str, anchor: str) -> None:
        names = classes(element)
        own = series_index(element)
        index = own if own is not None else index
        if "legends" in names:
            context = "legend"
        elif "axis" in names:
            context = "axis"
            anchor = "end" if "y" in names else "middle"
        if element.tag == "text":
            element.set("fill", "currentColor")
            size = style.value_font_size if "value" in names else style.label_font_size
            element.set("font-size", str(size))
            if context == "axis":
                element.set("text-anchor", anchor)
        elif "background" in names:
            element.set("fill", "none")
        elif "line" in names and context == "axis":
            element.set("fill", "none")
            element.set("stroke", "currentColor")
            if "guide" in names and "major" not in names:
                element.set("stroke-opacity", "0.35")
                element.set("stroke-dasharray", "2 4")
        elif "line" in names:
            element.attrib.update(series_stroke(index, low_vision))
        elif context == "legend" and is_line and element.tag == "rect":
            # A line's legend is a piece of that line, dash pattern included.
            x, y = float(element.get("x")), float(element.get("y"))
            size = float(element.get("width"))
            element.tag = "path"
            element.attrib = {"d": f"M{x} {y + size / 2}h{size}"}
            element.attrib.update(series_stroke(index, low_vision))
        elif element.tag in {"circle", "rect"} and index is not None:
            if element.tag == "circle":
                element.set("r", "5")
            element.attrib.update(series_fill(index, low_vision, hatch_id))
        for child in element:
            walk(child, index, context, anchor)

    walk(root, None, "plot", "middle")
