"""The rule every CSV and XLSX export of the site writes its cells by (``site_cms.exporting``);
each export's own test downloads its file through HTTP."""

import datetime
import decimal

import pytest

from site_cms.exporting import safe_cell, xlsx_cell


@pytest.mark.parametrize(
    "text", ["=1+1", "+7 900 000-00-00", "-5", "@SUM(A1)", "\t=1+1", "\r=1+1", "\0=1+1"]
)
def test_a_text_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert safe_cell(text) == "'" + text
    # Written twice, it is still one apostrophe.
    assert safe_cell(safe_cell(text)) == "'" + text


@pytest.mark.parametrize(
    "value",
    [-5, -1.5, decimal.Decimal("-2.50"), 0, None, True, datetime.date(2024, 9, 1), "", "Школа"],
)
def test_numbers_dates_and_plain_texts_are_written_as_they_are(value):
    assert safe_cell(value) is value


def test_xlsx_drops_control_characters_before_looking_at_the_first_one():
    assert xlsx_cell("\x01\x02=1+1") == "'=1+1"
    assert xlsx_cell("Школа\x0b № 1") == "Школа № 1"
