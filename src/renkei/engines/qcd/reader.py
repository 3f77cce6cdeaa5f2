"""Read ``order_lines.csv`` and ``receipts.csv`` (the common format) and check every rule.

The encoding is detected: UTF-8 with or without BOM, else CP932 (the Windows Shift_JIS that
Japanese Excel writes). Dates are ``YYYY-MM-DD`` or ``YYYY/MM/DD`` (one-digit month and day
too, as Japanese Excel writes ``2026/9/1``). Numbers may carry thousands separators
(``"1,200"``). Every problem in both files is collected before the input is refused as a
whole, each named by file, row (header = row 1, as a spreadsheet counts) and column.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import math
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
from numpy.typing import NDArray

from .model import OrderLine, QcdData, Receipt, date_of, day_number
from .problems import Problem, QcdInputError
from .validate import (
    LINE_COLUMNS,
    RECEIPT_COLUMNS,
    LineKey,
    link_receipts,
    negative_problems,
    receipt_problems,
)

StrPath = str | os.PathLike[str]

_DATE = re.compile(r"(\d{4})([-/])(\d{1,2})\2(\d{1,2})")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")
_BAD_DAY = np.iinfo(np.int64).min

_TEXT_COLUMNS = ("order_id", "buyer_id", "supplier_id", "item_id")
_NUMBER_COLUMNS = ("qty_ordered", "unit_price", "qty_received", "qty_inspected", "qty_rejected")
_DATE_COLUMNS = ("order_date", "promised_date", "received_date")


def parse_date(text: str) -> dt.date | None:
    """``YYYY-MM-DD`` or ``YYYY/MM/DD`` (surrounding blanks ignored); None if not a date."""
    match = _DATE.fullmatch(text.strip())
    if match is None:
        return None
    try:
        return dt.date(int(match[1]), int(match[3]), int(match[4]))
    except ValueError:  # 2026-02-30
        return None


def parse_number(text: str) -> float | None:
    """A finite decimal number, thousands separators allowed; None if not a number."""
    value = text.strip()
    if "," in value:
        if not _THOUSANDS.fullmatch(value):
            return None
        value = value.replace(",", "")
    try:
        number = float(value)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def decode(raw: bytes) -> tuple[str | None, int]:
    """The text of a file, or None and the row of the first byte that is not UTF-8."""
    if raw.startswith(codecs.BOM_UTF8):
        raw = raw[len(codecs.BOM_UTF8) :]
        try:
            return raw.decode("utf-8"), 0
        except UnicodeDecodeError as exc:
            return None, raw[: exc.start].count(b"\n") + 1
    try:
        return raw.decode("utf-8"), 0
    except UnicodeDecodeError as exc:
        try:
            return raw.decode("cp932"), 0
        except UnicodeDecodeError:
            return None, raw[: exc.start].count(b"\n") + 1


T = TypeVar("T")


@dataclass
class _Parsed:
    """One file's cells, parsed column by column; an unparsed value is None / NaN / _BAD_DAY."""

    file: str
    columns: tuple[str, ...]
    readable: bool = False
    present: set[str] = field(default_factory=set)
    rows: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    text: dict[str, list[str | None]] = field(default_factory=dict)
    integers: dict[str, list[int | None]] = field(default_factory=dict)
    numbers: dict[str, NDArray[np.float64]] = field(default_factory=dict)
    days: dict[str, NDArray[np.int64]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def keys(self) -> list[LineKey | None]:
        orders = self.text.get("order_id")
        lines = self.integers.get("line_no")
        if orders is None or lines is None:
            return [None] * len(self.rows)
        return [
            None if o is None or n is None else (o, n) for o, n in zip(orders, lines, strict=True)
        ]


def _read_file(path: StrPath, columns: tuple[str, ...]) -> _Parsed:
    file = os.fspath(path)
    parsed = _Parsed(file=file, columns=columns)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
    except FileNotFoundError:
        parsed.problems.append(Problem(file, None, None, "file_not_found"))
        return parsed
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        parsed.problems.append(Problem(file, None, None, "unreadable_file", {"reason": reason}))
        return parsed
    text, bad_row = decode(raw)
    if text is None:
        parsed.problems.append(Problem(file, bad_row, None, "encoding"))
        return parsed
    records = list(csv.reader(io.StringIO(text, newline="")))
    if not records or not any(cell.strip() for cell in records[0]):
        parsed.problems.append(Problem(file, None, None, "empty_file"))
        return parsed
    parsed.readable = True
    header = [cell.strip().lstrip("\ufeff").strip().lower() for cell in records[0]]
    position: dict[str, int] = {}
    for i, name in enumerate(header):
        position.setdefault(name, i)
    # Blank records are skipped but still counted, as a spreadsheet shows them as rows.
    data_rows = [
        (number, record)
        for number, record in enumerate(records[1:], start=2)
        if any(cell.strip() for cell in record)
    ]
    parsed.rows = np.array([number for number, _ in data_rows], dtype=np.int64)
    for name in columns:
        if name not in position:
            parsed.problems.append(Problem(file, 1, name, "missing_column", {"column": name}))
            continue
        parsed.present.add(name)
        index = position[name]
        cells = [record[index].strip() if index < len(record) else "" for _, record in data_rows]
        _parse_column(parsed, name, cells)
    return parsed


def _parse_column(parsed: _Parsed, name: str, cells: list[str]) -> None:
    if name in _TEXT_COLUMNS:
        parsed.text[name] = _cells(parsed, name, cells, lambda c: c, "")
    elif name == "line_no":
        parsed.integers[name] = _cells(parsed, name, cells, _parse_integer, "bad_integer")
    elif name in _NUMBER_COLUMNS:
        values = _cells(parsed, name, cells, parse_number, "bad_number")
        parsed.numbers[name] = np.array(
            [math.nan if v is None else v for v in values], dtype=np.float64
        )
    elif name in _DATE_COLUMNS:
        # Few distinct dates among many rows: parse each text once.
        cache: dict[str, int | None] = {}

        def day(text: str) -> int | None:
            if text not in cache:
                parsed_date = parse_date(text)
                cache[text] = None if parsed_date is None else day_number(parsed_date)
            return cache[text]

        values_d = _cells(parsed, name, cells, day, "bad_date")
        parsed.days[name] = np.array(
            [_BAD_DAY if v is None else v for v in values_d], dtype=np.int64
        )


def _parse_integer(text: str) -> int | None:
    number = parse_number(text)
    return int(number) if number is not None and number.is_integer() else None


def _cells(
    parsed: _Parsed, name: str, cells: list[str], parse: Callable[[str], T | None], code: str
) -> list[T | None]:
    values = [parse(cell) if cell else None for cell in cells]
    for i, (cell, value) in enumerate(zip(cells, values, strict=True)):
        if value is None:
            row = int(parsed.rows[i])
            if not cell:
                parsed.problems.append(Problem(parsed.file, row, name, "missing_value"))
            else:
                parsed.problems.append(Problem(parsed.file, row, name, code, {"value": cell}))
    return values


def _check(lines: _Parsed, receipts: _Parsed) -> NDArray[np.int64]:
    """The rules across rows and files; adds problems and returns each receipt's line index."""
    if "qty_ordered" in lines.numbers:
        lines.problems += negative_problems(
            lines.file, lines.rows, "qty_ordered", lines.numbers["qty_ordered"]
        )
    if "unit_price" in lines.numbers:
        lines.problems += negative_problems(
            lines.file, lines.rows, "unit_price", lines.numbers["unit_price"], code="negative_price"
        )
    nan = np.full(len(receipts.rows), np.nan)
    receipts.problems += receipt_problems(
        receipts.file,
        receipts.rows,
        receipts.numbers.get("qty_received", nan),
        receipts.numbers.get("qty_inspected", nan),
        receipts.numbers.get("qty_rejected", nan),
    )
    line_keys = lines.keys()
    uncertain = frozenset(
        order
        for order, key in zip(lines.text.get("order_id", []), line_keys, strict=False)
        if order is not None and key is None
    )
    receipt_line, problems = link_receipts(
        lines.file,
        lines.rows.tolist(),
        line_keys,
        receipts.file,
        receipts.rows.tolist(),
        receipts.keys(),
        check_unknown=lines.readable and {"order_id", "line_no"} <= lines.present,
        uncertain_orders=uncertain,
    )
    for problem in problems:
        (lines if problem.code == "duplicate_line" else receipts).problems.append(problem)
    return receipt_line


def _parse_and_check(
    lines_path: StrPath, receipts_path: StrPath
) -> tuple[_Parsed, _Parsed, NDArray[np.int64]]:
    lines = _read_file(lines_path, LINE_COLUMNS)
    receipts = _read_file(receipts_path, RECEIPT_COLUMNS)
    receipt_line = _check(lines, receipts)
    problems = sorted(lines.problems, key=Problem.sort_key)
    problems += sorted(receipts.problems, key=Problem.sort_key)
    if problems:
        raise QcdInputError(problems)
    return lines, receipts, receipt_line


def _codes(values: list[str | None]) -> tuple[tuple[str, ...], NDArray[np.int64]]:
    index: dict[str, int] = {}
    codes = [index.setdefault(v or "", len(index)) for v in values]
    return tuple(index), np.array(codes, dtype=np.int64)


def read_csv(lines_path: StrPath, receipts_path: StrPath) -> QcdData:
    """Read and check both files of the common format.

    Parameters
    ----------
    lines_path, receipts_path : str or path
        ``order_lines.csv`` and ``receipts.csv``. Problems name the files as given here.

    Returns
    -------
    QcdData

    Raises
    ------
    QcdInputError
        With every problem of both files (the order lines file first, each by row).
    """
    lines, receipts, receipt_line = _parse_and_check(lines_path, receipts_path)
    suppliers, supplier_codes = _codes(lines.text["supplier_id"])
    buyers, buyer_codes = _codes(lines.text["buyer_id"])
    return QcdData(
        supplier_ids=suppliers,
        line_supplier=supplier_codes,
        qty_ordered=lines.numbers["qty_ordered"],
        order_day=lines.days["order_date"],
        promised_day=lines.days["promised_date"],
        receipt_line=receipt_line,
        received_day=receipts.days["received_date"],
        qty_received=receipts.numbers["qty_received"],
        qty_inspected=receipts.numbers["qty_inspected"],
        qty_rejected=receipts.numbers["qty_rejected"],
        buyer_ids=buyers,
        line_buyer=buyer_codes,
        lines_file=lines.file,
        receipts_file=receipts.file,
    )


def read_csv_records(
    lines_path: StrPath, receipts_path: StrPath
) -> tuple[list[OrderLine], list[Receipt]]:
    """Read and check both files; the rows as :class:`OrderLine` and :class:`Receipt`.

    For importers that store the rows. Raises :class:`QcdInputError` like :func:`read_csv`.
    """
    lines, receipts, _ = _parse_and_check(lines_path, receipts_path)
    t, i, x, d = lines.text, lines.integers, lines.numbers, lines.days
    order_lines = [
        OrderLine(
            order_id=str(t["order_id"][k]),
            line_no=int(i["line_no"][k] or 0),
            buyer_id=str(t["buyer_id"][k]),
            supplier_id=str(t["supplier_id"][k]),
            item_id=str(t["item_id"][k]),
            qty_ordered=float(x["qty_ordered"][k]),
            unit_price=float(x["unit_price"][k]),
            order_date=date_of(d["order_date"][k]),
            promised_date=date_of(d["promised_date"][k]),
        )
        for k in range(len(lines.rows))
    ]
    rt, ri, rx = receipts.text, receipts.integers, receipts.numbers
    receipt_rows = [
        Receipt(
            order_id=str(rt["order_id"][k]),
            line_no=int(ri["line_no"][k] or 0),
            received_date=date_of(receipts.days["received_date"][k]),
            qty_received=float(rx["qty_received"][k]),
            qty_inspected=float(rx["qty_inspected"][k]),
            qty_rejected=float(rx["qty_rejected"][k]),
        )
        for k in range(len(receipts.rows))
    ]
    return order_lines, receipt_rows
