"""Line charts' layout: years spaced by time, printed values that never overlap.

The label boxes are measured here on their own terms, from the rendered SVG: a text's width is
its number of characters × 0,6 of its font size, its height the font size (baseline up) plus a
fifth below; no two boxes of printed values (nor a value and an axis label) may intersect.
"""

import itertools
import xml.etree.ElementTree as ET

import pytest

from indicators.charts.svg import ChartData, ChartKind, Series, line_chart, render

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(svg)


def classes(element):
    return set(element.get("class", "").split())


def value_texts(root):
    return [t for t in root.iter(f"{SVG}text") if "value" in classes(t)]


def axis_texts(root):
    return [
        text
        for group in root.iter(f"{SVG}g")
        if "axis" in classes(group)
        for text in group.iter(f"{SVG}text")
    ]


def box(text):
    size = float(text.get("font-size"))
    x, y = float(text.get("x")), float(text.get("y"))
    width = len(text.text or "") * size * 0.6
    left = {"start": x, "end": x - width}.get(text.get("text-anchor", "start"), x - width / 2)
    return left, y - size, left + width, y + size / 5


def intersect(a, b):
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def overlaps(root):
    """Pairs of printed values whose boxes intersect, and values over axis labels."""
    values = value_texts(root)
    pairs = [
        (a.text, b.text) for a, b in itertools.combinations(values, 2) if intersect(box(a), box(b))
    ]
    pairs += [
        (a.text, b.text) for a in values for b in axis_texts(root) if intersect(box(a), box(b))
    ]
    return pairs


def x_of_years(root):
    group = next(g for g in root.iter(f"{SVG}g") if classes(g) >= {"axis", "x"})
    return {t.text: float(t.get("x")) for t in group.iter(f"{SVG}text")}


def test_years_are_spaced_by_time():
    series = [Series("Доля", [("2021", 0.3), ("2024", 0.5), ("2025", 0.55)])]
    root = parse(line_chart(series, title="Доля", unit="%"))
    x = x_of_years(root)
    assert x["2024"] - x["2021"] == pytest.approx(3 * (x["2025"] - x["2024"]))
    # The points sit on their years.
    dots = sorted(float(c.get("cx")) for c in root.iter(f"{SVG}circle"))
    assert dots == pytest.approx([x["2021"], x["2024"], x["2025"]])


def test_labels_other_than_years_stay_evenly_spaced():
    series = [Series("Доля", [("2021/2022", 0.3), ("2023/2024", 0.5), ("2024/2025", 0.55)])]
    x = list(x_of_years(parse(line_chart(series, title="Доля", unit="%"))).values())
    assert x[1] - x[0] == pytest.approx(x[2] - x[1])


def test_a_single_year_is_drawn():
    root = parse(line_chart([Series("Доля", [("2024", 0.4)])], title="Доля", unit="%"))
    assert [t.text for t in value_texts(root)] == ["40\u00a0%"]


def close(*names, years=("2022", "2023", "2024"), start=0.40, step=0.005):
    """Series whose values differ by half a percentage point: printed, they would collide."""
    return [
        Series(name, [(year, start + n * step + k * 0.01) for k, year in enumerate(years)])
        for n, name in enumerate(names)
    ]


CROWDED = {
    "two close series": close("Математика", "Русский язык"),
    "four close series": close("4 класс", "5 класс", "6 класс", "7 класс"),
    "years close in time": close(
        "Школа", "Муниципалитет", "Регион", years=("2016", "2024", "2025")
    ),
    "eleven years": close("Математика", "Русский язык", years=[str(y) for y in range(2015, 2026)]),
    "at the top of the scale": close("Школа", "Регион", start=0.97, step=0.001),
    "at the bottom of the scale": close("Школа", "Регион", start=0.0, step=0.001),
    "a value against its target": [
        Series("Значение", [("2023", 0.97), ("2024", 0.99), ("2025", 1.0)]),
        Series("Цель", [("2023", 1.0), ("2024", 1.0), ("2025", 1.0)], label_last_only=True),
    ],
}


@pytest.mark.parametrize("series", CROWDED.values(), ids=CROWDED.keys())
@pytest.mark.parametrize("low_vision", [False, True], ids=["normal", "low vision"])
def test_printed_values_never_overlap(series, low_vision):
    root = parse(line_chart(series, title="Доля", unit="%", low_vision=low_vision))
    printed = value_texts(root)
    expected = sum(1 if s.label_last_only else len(s.points) for s in series)
    assert len(printed) == expected  # every value is still printed
    assert overlaps(root) == []


def test_means_of_several_series_never_overlap():
    means = [
        Series(
            name, [(str(year), 14.2 + n * 0.1 + (year - 2020) * 0.05) for year in range(2020, 2026)]
        )
        for n, name in enumerate(["Школа", "Муниципалитет", "Регион"])
    ]
    root = parse(render(ChartKind.LINE, ChartData("Средний балл", means)))
    assert overlaps(root) == []


def test_a_target_is_printed_once_at_its_last_point():
    series = CROWDED["a value against its target"]
    root = parse(line_chart(series, title="Доля", unit="%"))
    printed = [t.text for t in value_texts(root)]
    assert printed.count("100\u00a0%") == 2  # the value of 2025 and the target, once
    assert len(printed) == 4
