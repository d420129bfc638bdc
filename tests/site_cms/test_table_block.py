"""The body's table block: drawn as Wagtail's table block, its HTML kept by the table itself."""

import pytest
from bs4 import BeautifulSoup

from site_cms.blocks import BodyStreamBlock

pytestmark = pytest.mark.django_db


def table(*rows, caption=""):
    return {
        "data": [list(row) for row in rows],
        "first_row_is_table_header": True,
        "first_col_is_header": False,
        "table_caption": caption,
    }


def render(value):
    block = BodyStreamBlock().child_blocks["table"]
    html = block.render(block.to_python(value), {})
    return BeautifulSoup(html, "html.parser")


def cells(html):
    return [[cell.get_text(strip=True) for cell in row.select("th, td")] for row in html("tr")]


def test_table_is_drawn_with_its_header_and_caption():
    html = render(table(["№", "Показатель"], ["1", "Доля ШНОР"], caption="Показатели"))
    assert html.select_one("div.table-wrap[role=region]")["aria-label"] == "Показатели"
    assert [th["scope"] for th in html.select("thead th")] == ["col", "col"]
    assert cells(html) == [["№", "Показатель"], ["1", "Доля ШНОР"]]


def test_an_edited_table_is_drawn_anew():
    """Kept by its content: the same table is drawn once, an edited one again."""
    render(table(["№"], ["1"]))
    assert cells(render(table(["№"], ["2"]))) == [["№"], ["2"]]
    assert cells(render(table(["№"], ["1"]))) == [["№"], ["1"]]
