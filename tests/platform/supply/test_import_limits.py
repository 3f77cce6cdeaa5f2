"""Files that would blow up in memory are refused before they do, with a coded problem and
nothing written: a zip bomb .xlsx, a sheet of two million blank rows, a CSV over the limits."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.utils import translation

from renkei.common.importing import readers
from renkei.supply.importing import import_supply
from tests.platform.supply import importdata
from tests.platform.supply.importdata import csv_bytes, good, snapshot, xlsx

import_env = importdata.import_env

SHEET = "xl/worksheets/sheet1.xml"
HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    '<row r="1"><c r="A1" t="inlineStr"><is><t>品目コード</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>品目名</t></is></c></row>'
)
TAIL = "</sheetData></worksheet>"


def _workbook_with_sheet(write_sheet) -> bytes:
    """A real workbook (one sheet named 品目) whose sheet XML ``write_sheet(stream)`` writes."""
    template = xlsx({"品目": [["品目コード", "品目名"], ["X-1", "部品"]]})
    source = zipfile.ZipFile(io.BytesIO(template))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for info in source.infolist():
            if info.filename == SHEET:
                with target.open(SHEET, "w", force_zip64=True) as stream:
                    write_sheet(stream)
            else:
                target.writestr(info, source.read(info.filename))
    return out.getvalue()


def _import(cluster, data: bytes, filename: str):
    before = snapshot()
    result = import_supply(data=data, filename=filename, actor=cluster.buyer)
    assert not result.applied
    assert snapshot() == before
    return result


def _codes(result) -> list[str]:
    return [p.code for p in result.problems]


def test_a_zip_bomb_workbook_is_refused_before_it_is_opened(cluster):
    chunk = ("<row/>" * 10_000).encode()  # 60 kB of blank rows, compressed a thousandfold

    def bomb(stream):
        stream.write(HEAD.encode())
        for _ in range(readers.MAX_UNCOMPRESSED_BYTES // len(chunk) + 20):
            stream.write(chunk)
        stream.write(TAIL.encode())

    data = _workbook_with_sheet(bomb)
    assert len(data) < 1024 * 1024 < readers.MAX_UNCOMPRESSED_BYTES
    result = _import(cluster, data, "bomb.xlsx")
    assert _codes(result) == ["xlsx_too_large"]
    assert "100 MB" in result.problems[0].message
    assert result.problems[0].row is None


def test_a_sheet_compressed_abnormally_much_is_refused(cluster):
    def blank_rows(stream):
        stream.write(HEAD.encode())
        stream.write(b"<row/>" * 1_000_000)  # 6 MB, well under the size limit
        stream.write(TAIL.encode())

    result = _import(cluster, _workbook_with_sheet(blank_rows), "blank.xlsx")
    assert _codes(result) == ["xlsx_compression"]


def test_two_million_blank_rows_stop_the_reading_at_the_limit(cluster):
    """Rows 2 to 1,999,999 are not in the file at all, yet a reader yields every one of them."""

    def far_row(stream):
        stream.write(HEAD.encode())
        stream.write(
            '<row r="2000000"><c r="A2000000" t="inlineStr"><is><t>X-9</t></is></c>'
            '<c r="B2000000" t="inlineStr"><is><t>遠い部品</t></is></c></row>'.encode()
        )
        stream.write(TAIL.encode())

    result = _import(cluster, _workbook_with_sheet(far_row), "far.xlsx")
    assert _codes(result) == ["too_many_rows_read"]
    assert f"{readers.MAX_ROWS_READ}" in result.problems[0].message
    assert "空白行" in result.problems[0].message


def test_a_csv_with_endless_blank_lines_is_refused(cluster):
    rows = [["品目コード", "品目名"], ["X-1", "部品"]]
    data = csv_bytes(rows) + b"\r\n" * 2_000_000 + "X-2,部品2\r\n".encode()
    result = _import(cluster, data, "items.csv")
    assert _codes(result) == ["too_many_rows_read"]


def test_a_csv_over_the_size_limit_is_refused(cluster):
    line = "X-{},{}\r\n".format
    body = "".join(line(i, "部品" * 20) for i in range(100_000)).encode()
    data = csv_bytes([["品目コード", "品目名"]]) + body
    assert len(data) > readers.MAX_FILE_BYTES
    result = _import(cluster, data, "items.csv")
    assert _codes(result) == ["file_too_large"]


def test_a_row_wider_than_the_limit_is_refused(cluster):
    wide = [["品目コード", "品目名"], ["X-1", "部品", *([""] * 300), "迷子の値"]]
    result = _import(cluster, csv_bytes(wide), "items.csv")
    assert _codes(result) == ["too_many_columns"]


@pytest.mark.parametrize("language", ["en"])
def test_the_limits_speak_english_too(cluster, language):
    data = csv_bytes([["Item code", "Item name"]]) + b"\r\n" * (readers.MAX_ROWS_READ + 5)
    with translation.override(language):
        result = _import(cluster, data, "items.csv")
    assert _codes(result) == ["too_many_rows_read"]
    assert "blank rows count too" in result.problems[0].message


def test_a_good_workbook_is_well_within_the_limits(cluster):
    result = import_supply(data=xlsx(good(cluster)), filename="ok.xlsx", actor=cluster.buyer)
    assert result.ok, result.problems
