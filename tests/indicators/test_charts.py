"""Inline SVG charts: safe markup, accessible names, the numbers on the chart and in the table."""

import math
import xml.etree.ElementTree as ET
from functools import partial

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string

from indicators.charts.svg import ChartData, ChartKind, Series, bar_chart, line_chart, render

NBSP = "\u00a0"
SHARES = [
    Series("Математика", [("2022", 0.31), ("2023", 0.4), ("2024", 0.55)]),
    Series("Русский язык", [("2023", 0.2), ("2024", None)]),
]
SUMMARY = "Доля ШНОР по математике выросла с 40 % до 55 % (2023 → 2024)."


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def elements(root: ET.Element, name: str) -> list[ET.Element]:
    return list(root.iter(f"{{http://www.w3.org/2000/svg}}{name}"))


def texts(root: ET.Element) -> list[str]:
    return [element.text for element in root.iter() if element.text]


def tags(root: ET.Element) -> set[str]:
    return {element.tag.rpartition("}")[2] for element in root.iter()}


@pytest.mark.parametrize(
    "chart",
    [line_chart, bar_chart, partial(bar_chart, horizontal=True)],
    ids=["line", "bar", "hbar"],
)
@pytest.mark.parametrize("low_vision", [False, True])
def test_svg_is_safe_and_labelled(chart, low_vision):
    svg = chart(SHARES, title="Доля ШНОР", unit="%", summary=SUMMARY, low_vision=low_vision)
    root = parse(svg)
    assert not {"script", "style", "foreignObject", "image"} & tags(root)
    assert "style=" not in svg and "<!--" not in svg
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert root.get("role") == "img"
    assert (root.get("width"), root.get("height")) == ("720", "400")
    title_id, desc_id = root.get("aria-labelledby"), root.get("aria-describedby")
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    assert by_id[title_id].tag.endswith("title") and by_id[title_id].text == "Доля ШНОР"
    assert by_id[desc_id].tag.endswith("desc") and by_id[desc_id].text == SUMMARY


def test_every_point_is_printed_the_russian_way():
    shown = texts(parse(line_chart(SHARES, title="Доля ШНОР", unit="%")))
    for value in ("31", "40", "55", "20"):
        assert f"{value}{NBSP}%" in shown
    assert "100 %".replace(" ", NBSP) in shown  # the share axis runs to 100 %
    assert {"2022", "2023", "2024", "Математика", "Русский язык"} <= set(shown)


def test_means_with_decimal_commas():
    means = [Series("Средний балл", [("2023", 14.25), ("2024", 15.1)])]
    shown = texts(parse(bar_chart(means, title="Средний балл")))
    assert {"14,3", "15,1"} <= set(shown)


def test_colours_never_come_from_stylesheets():
    two_lines = [*SHARES[:1], Series("Русский язык", [("2023", 0.2), ("2024", 0.25)])]
    root = parse(line_chart(two_lines, title="Доля", unit="%"))
    lines = [e for e in elements(root, "path") if "line" in e.get("class", "").split()]
    series_lines = [e for e in lines if e.get("stroke") not in {"currentColor"}]
    assert len(series_lines) == 2
    # The second series is dashed: it is told apart without colour too.
    assert series_lines[0].get("stroke-dasharray") is None
    assert series_lines[1].get("stroke-dasharray")
    assert {e.get("stroke") for e in series_lines} == {"#1f4e79", "#b45309"}
    assert all(e.get("fill") == "currentColor" for e in elements(root, "text"))


def test_low_vision_uses_the_page_colour_only():
    svg = bar_chart(SHARES, title="Доля", unit="%", low_vision=True)
    colours = {
        value
        for element in parse(svg).iter()
        for key, value in element.attrib.items()
        if key in {"fill", "stroke"}
    }
    assert colours <= {
        "currentColor",
        "none",
        f"url(#{ChartData('Доля', SHARES, '%').element_id}-hatch)",
    }


def test_ids_are_stable_and_distinct():
    first = ChartData("Доля", SHARES, "%")
    assert first.element_id == ChartData("Доля", SHARES, "%").element_id
    assert first.element_id != ChartData("Доля двоек", SHARES, "%").element_id
    assert render(ChartKind.LINE, first) == render(ChartKind.LINE, first)


def test_table_rows_equal_the_input():
    data = ChartData("Доля ШНОР", SHARES, unit="%")
    assert data.table_header == ["Год", "Математика", "Русский язык"]
    assert data.table_rows == [
        ["2022", f"31{NBSP}%", "—"],
        ["2023", f"40{NBSP}%", f"20{NBSP}%"],
        ["2024", f"55{NBSP}%", "—"],
    ]


def test_nan_is_missing():
    data = ChartData("Средний балл", [Series("Школа", [("2023", math.nan), ("2024", 12.0)])])
    assert data.table_rows == [["2023", "—"], ["2024", "12"]]
    assert "nan" not in render(ChartKind.BAR, data).lower()


def test_horizontal_bars_read_top_down_and_grow():
    schools = [f"Школа № {number}" for number in range(1, 21)]
    means = [Series("Средний балл", [(name, 10 + n % 5) for n, name in enumerate(schools)])]
    root = parse(bar_chart(means, title="Средний балл по школам", horizontal=True))
    label_y = {e.text: float(e.get("y")) for e in elements(root, "text") if e.text in schools}
    assert sorted(label_y, key=label_y.get) == schools
    assert int(root.get("height")) > 400
    assert {"10", "14"} <= set(texts(root))


def test_no_data_says_so_in_russian():
    assert "Данных пока нет" in texts(parse(line_chart([], title="Доля")))


def test_text_is_escaped():
    names = ["<b>Школа</b> & Ко", "Район"]
    svg = bar_chart([Series(name, [("2024", 1.0)]) for name in names], title="<script>")
    root = parse(svg)
    assert "script" not in tags(root)
    assert "<b>" not in svg and "&lt;b&gt;Школа&lt;/b&gt; &amp; Ко" in svg
    assert "<b>Школа</b> & Ко" in texts(root)


@pytest.mark.parametrize("low_vision", [None, {"scheme": "bw"}])
def test_template_renders_figure_caption_and_table(low_vision):
    data = ChartData("Доля ШНОР", SHARES, unit="%", summary=SUMMARY)
    html = render_to_string(
        "indicators/includes/chart.html",
        {"chart": data, "svg": render(ChartKind.LINE, data), "low_vision": low_vision},
    )
    soup = BeautifulSoup(html, "html.parser")
    figure = soup.find("figure")
    assert figure.find("svg", role="img")
    assert SUMMARY in figure.find("figcaption").get_text()
    details = figure.find("details")
    assert details.find("summary").get_text() == "Таблица данных"
    # Open by default in the low-vision version only.
    assert details.has_attr("open") == bool(low_vision)
    table = details.find("table")
    assert table.find("caption").get_text() == "Доля ШНОР"
    region = table.find_parent(role="region")
    assert region["aria-labelledby"] == table.find("caption")["id"]
    header = [th.get_text() for th in table.find("thead").find_all("th", scope="col")]
    assert header == data.table_header
    rows = [
        [cell.get_text() for cell in tr.find_all(["th", "td"])]
        for tr in table.find("tbody").find_all("tr")
    ]
    assert rows == data.table_rows
    assert all(tr.find("th", scope="row") for tr in table.find("tbody").find_all("tr"))
