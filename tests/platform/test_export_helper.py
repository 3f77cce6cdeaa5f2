"""The export helper over any text: written as text, never a formula, never an error."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from renkei.common.exporting import (
    append,
    csv_value,
    looks_like_formula,
    new_workbook,
    pdf_text,
    put,
    workbook_bytes,
)
from renkei.common.text import CONTROL_CHARACTERS, strip_control_characters
from renkei.qcd import pdf

# Any text, with the dangerous starts and the control characters well represented.
DANGEROUS = st.sampled_from(["=", "+", "-", "@", "＝", "＋", "－", "＠", " ", "\t", "\r", "\n"])
CONTROL = st.characters(min_codepoint=0, max_codepoint=0x9F).filter(
    lambda c: CONTROL_CHARACTERS.match(c) is not None
)
TEXT = st.lists(
    st.one_of(st.text(max_size=8), DANGEROUS, CONTROL, st.just("#N/A")), max_size=8
).map("".join)


def _round_trip(values: list[object]) -> list[object]:
    workbook = new_workbook(empty=False)
    sheet = workbook.active
    for row, value in enumerate(values, start=1):
        put(sheet, row, 1, value)
    read = load_workbook(io.BytesIO(workbook_bytes(workbook))).active
    return [read.cell(row, 1) for row in range(1, len(values) + 1)]


@settings(max_examples=150, deadline=None, derandomize=True)
@given(st.lists(TEXT, min_size=1, max_size=5))
def test_any_text_is_written_as_the_same_text(texts):
    for text, cell in zip(texts, _round_trip(texts), strict=True):
        # Line breaks are written as Excel's own (LF).
        expected = strip_control_characters(text).replace("\r\n", "\n").replace("\r", "\n")
        if expected == "":
            assert cell.value is None
            continue
        assert cell.value == expected
        assert cell.data_type in ("s", "inlineStr")
        if looks_like_formula(expected):
            assert cell.quotePrefix


@settings(max_examples=150, deadline=None, derandomize=True)
@given(TEXT)
def test_csv_and_pdf_text_never_fail(text):
    value = csv_value(text)
    assert not CONTROL_CHARACTERS.search(value)
    assert not looks_like_formula(value)
    buffer = io.StringIO()
    csv.writer(buffer).writerow([value])
    assert next(csv.reader(io.StringIO(buffer.getvalue())))[0] == value
    content = pdf.build_pdf(text, [pdf.paragraph(text), pdf.figure_table(["h"], [[text]])])
    assert content.startswith(b"%PDF")
    assert not CONTROL_CHARACTERS.search(pdf_text(text))


def test_numbers_dates_and_booleans_keep_their_types():
    cells = _round_trip([12, Decimal("1.5"), 2.25, dt.date(2026, 9, 1), True, -3])
    assert [c.data_type for c in cells] == ["n", "n", "n", "d", "b", "n"]
    assert cells[0].value == 12 and cells[1].value == 1.5 and cells[5].value == -3
    assert cells[3].value == dt.datetime(2026, 9, 1)
    assert not any(c.quotePrefix for c in cells)


def test_number_formats_are_kept():
    workbook = new_workbook(empty=False)
    sheet = workbook.active
    put(sheet, 1, 1, dt.date(2026, 9, 1), number_format="yyyy/mm/dd")
    put(sheet, 1, 2, "09202", number_format="@")
    read = load_workbook(io.BytesIO(workbook_bytes(workbook))).active
    assert read["A1"].number_format == "yyyy/mm/dd" and read["A1"].is_date
    assert read["B1"].number_format == "@" and read["B1"].value == "09202"


def test_append_writes_below_the_last_row():
    workbook = new_workbook(empty=False)
    sheet = workbook.active
    assert append(sheet, ["=1", 2]) == 1
    assert append(sheet, ["x"]) == 2
    put(sheet, 5, 1, "y")
    assert append(sheet, ["z"]) == 6
    assert sheet["A1"].data_type == "s" and sheet["A1"].value == "=1"


def test_csv_prefixes_what_a_spreadsheet_would_evaluate():
    assert csv_value('=HYPERLINK("http://evil","x")') == '\'=HYPERLINK("http://evil","x")'
    assert csv_value("+1+cmd|' /C calc'!A0").startswith("'+")
    assert csv_value(" @SUM(1)") == "' @SUM(1)"
    assert csv_value("－2") == "'－2"
    assert csv_value("赤城\x07精機") == "赤城精機"
    assert csv_value(-2) == -2


def test_an_aware_datetime_is_written_as_local_time(settings):
    settings.TIME_ZONE = "Asia/Tokyo"
    moment = dt.datetime(2026, 9, 1, 0, 30, tzinfo=dt.UTC)
    [cell] = _round_trip([moment])
    assert cell.value == dt.datetime(2026, 9, 1, 9, 30)
