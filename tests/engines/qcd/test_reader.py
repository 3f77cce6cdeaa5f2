"""The CSV reader: encodings, date forms, and every bad-input class of QCD.md."""

from __future__ import annotations

import numpy as np
import pytest

from renkei.engines.qcd import (
    MESSAGES,
    Params,
    QcdData,
    QcdInputError,
    read_csv,
    read_csv_records,
    reader,
    solve,
)
from renkei.engines.qcd.validate import LINE_COLUMNS, RECEIPT_COLUMNS

from .helpers import D, csv_text, line, receipt, write_files


@pytest.fixture(autouse=True, params=["csv module", "pandas"])
def tokenizer(request, monkeypatch):
    """Every reader test runs through both tokenizers (small files use the csv module)."""
    if request.param == "pandas":
        monkeypatch.setattr(reader, "PANDAS_MIN_CHARS", 0)
    return request.param


LINE = ["PO1", "1", "B01", "S001", "I1", "100", "10", "2026-09-01", "2026-09-10"]
RECEIPT = ["PO1", "1", "2026-09-08", "60", "60", "3"]


def write(
    tmp_path, line_rows, receipt_rows, *, line_header=LINE_COLUMNS, receipt_header=RECEIPT_COLUMNS
):
    lines_path, receipts_path = tmp_path / "order_lines.csv", tmp_path / "receipts.csv"
    lines_path.write_text(csv_text(line_header, line_rows), encoding="utf-8")
    receipts_path.write_text(csv_text(receipt_header, receipt_rows), encoding="utf-8")
    return lines_path, receipts_path


def problems(tmp_path, line_rows, receipt_rows, **headers):
    lines_path, receipts_path = write(tmp_path, line_rows, receipt_rows, **headers)
    with pytest.raises(QcdInputError) as info:
        read_csv(lines_path, receipts_path)
    return [(p.file.rsplit("/", 1)[-1], p.row, p.column, p.code) for p in info.value.problems]


def with_cell(row, column, value, columns):
    changed = list(row)
    changed[columns.index(column)] = value
    return changed


# --- one test per bad-input class: file, row (header = 1) and column are named ---


def test_missing_column(tmp_path):
    header = [c for c in LINE_COLUMNS if c != "promised_date"]
    found = problems(tmp_path, [LINE[:-1]], [RECEIPT], line_header=header)
    assert found == [("order_lines.csv", 1, "promised_date", "missing_column")]


def test_unparsable_date(tmp_path):
    bad = with_cell(RECEIPT, "received_date", "2026-02-30", RECEIPT_COLUMNS)
    found = problems(tmp_path, [LINE], [RECEIPT, bad])
    assert found == [("receipts.csv", 3, "received_date", "bad_date")]


def test_unparsable_number(tmp_path):
    bad = with_cell(LINE, "qty_ordered", "100個", LINE_COLUMNS)
    found = problems(tmp_path, [bad], [RECEIPT])
    assert found == [("order_lines.csv", 2, "qty_ordered", "bad_number")]


def test_negative_quantity(tmp_path):
    bad = with_cell(RECEIPT, "qty_received", "-60", RECEIPT_COLUMNS)
    bad = with_cell(bad, "qty_inspected", "0", RECEIPT_COLUMNS)
    bad = with_cell(bad, "qty_rejected", "0", RECEIPT_COLUMNS)
    found = problems(tmp_path, [LINE], [bad])
    assert found == [("receipts.csv", 2, "qty_received", "negative_quantity")]


def test_negative_quantity_ordered(tmp_path):
    bad = with_cell(LINE, "qty_ordered", "-1", LINE_COLUMNS)
    assert problems(tmp_path, [bad], []) == [
        ("order_lines.csv", 2, "qty_ordered", "negative_quantity")
    ]


def test_rejected_more_than_inspected(tmp_path):
    bad = with_cell(RECEIPT, "qty_rejected", "61", RECEIPT_COLUMNS)
    found = problems(tmp_path, [LINE], [bad])
    assert found == [("receipts.csv", 2, "qty_rejected", "rejected_exceeds_inspected")]


def test_inspected_more_than_received(tmp_path):
    bad = with_cell(RECEIPT, "qty_inspected", "61", RECEIPT_COLUMNS)
    found = problems(tmp_path, [LINE], [bad])
    assert found == [("receipts.csv", 2, "qty_inspected", "inspected_exceeds_received")]


def test_receipt_for_an_unknown_line(tmp_path):
    unknown_line = with_cell(RECEIPT, "line_no", "2", RECEIPT_COLUMNS)
    unknown_order = with_cell(RECEIPT, "order_id", "PO9", RECEIPT_COLUMNS)
    found = problems(tmp_path, [LINE], [RECEIPT, unknown_line, unknown_order])
    assert found == [
        ("receipts.csv", 3, "line_no", "unknown_line"),
        ("receipts.csv", 4, "order_id", "unknown_line"),
    ]


def test_duplicate_order_line(tmp_path):
    found = problems(tmp_path, [LINE, LINE], [RECEIPT])
    assert found == [("order_lines.csv", 3, "line_no", "duplicate_line")]


# --- every problem is collected before the input is refused ---


def test_every_problem_of_both_files_is_listed(tmp_path):
    line_rows = [
        with_cell(LINE, "order_date", "2026.09.01", LINE_COLUMNS),
        [],  # a blank row still counts as a row
        with_cell(LINE, "qty_ordered", "-3", LINE_COLUMNS),  # also a duplicate
        with_cell(LINE, "line_no", "1.5", LINE_COLUMNS),
        with_cell(LINE, "supplier_id", "", LINE_COLUMNS),
    ]
    receipt_rows = [
        with_cell(RECEIPT, "qty_rejected", "99", RECEIPT_COLUMNS),
        with_cell(RECEIPT, "order_id", "PO7", RECEIPT_COLUMNS),
        RECEIPT[:3],  # a short row: the quantities are empty
    ]
    assert problems(tmp_path, line_rows, receipt_rows) == [
        ("order_lines.csv", 2, "order_date", "bad_date"),
        ("order_lines.csv", 4, "line_no", "duplicate_line"),
        ("order_lines.csv", 4, "qty_ordered", "negative_quantity"),
        ("order_lines.csv", 5, "line_no", "bad_integer"),
        ("order_lines.csv", 6, "line_no", "duplicate_line"),
        ("order_lines.csv", 6, "supplier_id", "missing_value"),
        ("receipts.csv", 2, "qty_rejected", "rejected_exceeds_inspected"),
        ("receipts.csv", 3, "order_id", "unknown_line"),
        ("receipts.csv", 4, "qty_inspected", "missing_value"),
        ("receipts.csv", 4, "qty_received", "missing_value"),
        ("receipts.csv", 4, "qty_rejected", "missing_value"),
    ]


def test_a_line_with_an_unparsable_key_does_not_make_its_receipts_unknown(tmp_path):
    bad_key = with_cell(LINE, "line_no", "一", LINE_COLUMNS)
    assert problems(tmp_path, [bad_key], [RECEIPT]) == [
        ("order_lines.csv", 2, "line_no", "bad_integer")
    ]


def test_missing_and_unreadable_files(tmp_path):
    (tmp_path / "receipts.csv").write_bytes(b"order_id,line_no\r\n\x81\x20,1\r\n")
    with pytest.raises(QcdInputError) as info:
        read_csv(tmp_path / "nope.csv", tmp_path / "receipts.csv")
    assert [(p.row, p.column, p.code) for p in info.value.problems] == [
        (None, None, "file_not_found"),
        (2, None, "encoding"),
    ]


def test_a_directory_is_an_unreadable_file(tmp_path):
    _, receipts_path = write(tmp_path, [LINE], [RECEIPT])
    with pytest.raises(QcdInputError) as info:
        read_csv(tmp_path, receipts_path)
    assert [(p.file, p.row, p.code) for p in info.value.problems] == [
        (str(tmp_path), None, "unreadable_file")
    ]


def test_an_empty_file(tmp_path):
    lines_path, receipts_path = write(tmp_path, [LINE], [])
    lines_path.write_bytes(b"")
    with pytest.raises(QcdInputError) as info:
        read_csv(lines_path, receipts_path)
    assert [p.code for p in info.value.problems] == ["empty_file"]


def test_messages_name_the_values_in_japanese_and_english(tmp_path):
    bad = with_cell(RECEIPT, "qty_rejected", "61", RECEIPT_COLUMNS)
    lines_path, receipts_path = write(tmp_path, [LINE], [bad])
    with pytest.raises(QcdInputError) as info:
        read_csv(lines_path, receipts_path)
    (problem,) = info.value.problems
    assert problem.message() == "不合格数 61 が検査数 60 を超えています"
    assert problem.message("en") == "Rejected quantity 61 exceeds inspected quantity 60"
    assert problem.format().endswith(
        "receipts.csv:2:qty_rejected: 不合格数 61 が検査数 60 を超えています"
    )
    assert problem.as_dict("en")["code"] == "rejected_exceeds_inspected"
    assert "receipts.csv:2:qty_rejected" in str(info.value)


def test_every_message_has_japanese_and_english():
    for code, (ja, en) in MESSAGES.items():
        assert ja and en and ja != en, code
        assert set(_fields(ja)) == set(_fields(en)), code


def _fields(template):
    import string

    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


# --- encodings and formats ---


JAPANESE_LINES = [
    line("注文-1", 1, supplier="仙台精工", buyer="東北電機", promised=D(2026, 9, 10)),
    line("注文-1", 2, supplier="仙台精工", buyer="東北電機", qty=250, promised=D(2026, 9, 20)),
    line("注文-2", 1, supplier="山形プレス", buyer="東北電機", promised=D(2026, 8, 31)),
]
JAPANESE_RECEIPTS = [
    receipt("注文-1", 1, on=D(2026, 9, 9), qty=100, rejected=2),
    receipt("注文-1", 2, on=D(2026, 9, 22), qty=250, inspected=25, rejected=1),
    receipt("注文-2", 1, on=D(2026, 8, 30), qty=40),
]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp932"])
def test_cp932_and_utf8_bom_parse_like_plain_utf8(tmp_path, encoding):
    (tmp_path / "plain").mkdir()
    (tmp_path / "other").mkdir()
    plain = read_csv(*write_files(tmp_path / "plain", JAPANESE_LINES, JAPANESE_RECEIPTS))
    other_paths = write_files(
        tmp_path / "other", JAPANESE_LINES, JAPANESE_RECEIPTS, encoding=encoding
    )
    raw = other_paths[0].read_bytes()
    assert (
        raw.startswith(b"\xef\xbb\xbf")
        if encoding == "utf-8-sig"
        else "仙台".encode("cp932") in raw
    )
    other = read_csv(*other_paths)
    params = Params(as_of=D(2026, 9, 30))
    assert solve(other, params=params).to_json() == solve(plain, params=params).to_json()
    assert set(other.supplier_ids) == {"仙台精工", "山形プレス"}
    assert read_csv_records(*other_paths) == (JAPANESE_LINES, JAPANESE_RECEIPTS)


def test_slashed_short_dates_thousands_separators_and_blanks(tmp_path):
    row = ["PO1", " 1 ", "B01", "S001", "I1", "1,200", "10.5", "2026/9/1", "2026/09/10"]
    lines_path, receipts_path = write(
        tmp_path, [row], [["PO1", "1", "2026/9/9", "1200", "1,200", "0"]]
    )
    data = read_csv(lines_path, receipts_path)
    assert data.qty_ordered.tolist() == [1200.0]
    records, _ = read_csv_records(lines_path, receipts_path)
    assert records == [line(qty=1200, price=10.5)]
    assert solve(data, params=Params(as_of=D(2026, 9, 30))).rows[0].otd_qty == 1.0


def test_header_is_matched_after_trimming_and_extra_columns_are_ignored(tmp_path):
    header = [f" {c.upper()} " for c in LINE_COLUMNS] + ["備考"]
    lines_path, receipts_path = write(tmp_path, [[*LINE, "急ぎ"]], [RECEIPT], line_header=header)
    assert read_csv(lines_path, receipts_path).n_lines == 1


def test_read_csv_equals_from_records(tmp_path):
    paths = write_files(tmp_path, JAPANESE_LINES, JAPANESE_RECEIPTS)
    from_file = read_csv(*paths)
    from_records = QcdData.from_records(JAPANESE_LINES, JAPANESE_RECEIPTS)
    params = Params(as_of=D(2026, 9, 30))
    assert solve(from_file, params=params) == solve(from_records, params=params)
    np.testing.assert_array_equal(from_file.received_day, from_records.received_day)


def test_rows_longer_than_the_header_and_blank_rows(tmp_path):
    lines_path, receipts_path = tmp_path / "order_lines.csv", tmp_path / "receipts.csv"
    text = csv_text(LINE_COLUMNS, [LINE])
    # A longer row (a stray memo cell), a row of blanks and an empty row: rows 3, 4 and 5.
    text += ",".join([*LINE[:1], "2", *LINE[2:], "memo"]) + "\r\n" + " , ,\r\n\r\n"
    text += ",".join([*LINE[:1], "3", *LINE[2:5], "x", *LINE[6:]]) + "\r\n"
    lines_path.write_text(text, encoding="utf-8")
    receipts_path.write_text(csv_text(RECEIPT_COLUMNS, [RECEIPT]), encoding="utf-8")
    with pytest.raises(QcdInputError) as info:
        read_csv(lines_path, receipts_path)
    assert [(p.row, p.column, p.code) for p in info.value.problems] == [
        (6, "qty_ordered", "bad_number")
    ]


def test_an_unterminated_quote_is_read_to_the_end(tmp_path):
    lines_path, receipts_path = write(tmp_path, [LINE], [RECEIPT])
    with open(receipts_path, "a", encoding="utf-8") as handle:
        handle.write('PO1,1,2026-09-09,"5,5,0\r\n')
    with pytest.raises(QcdInputError) as info:
        read_csv(lines_path, receipts_path)
    assert [(p.row, p.column, p.code) for p in info.value.problems] == [
        (3, "qty_inspected", "missing_value"),
        (3, "qty_received", "bad_number"),
        (3, "qty_rejected", "missing_value"),
    ]
