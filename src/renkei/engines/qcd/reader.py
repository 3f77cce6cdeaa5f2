"""Read ``order_lines.csv`` and ``receipts.csv`` (the common format) and check every rule.

The encoding is detected: UTF-8 with or without BOM, else CP932 (the Windows Shift_JIS that
Japanese Excel writes). Dates are ``YYYY-MM-DD`` or ``YYYY/MM/DD`` (one-digit month and day
too, as Japanese Excel writes ``2026/9/1``). Numbers may carry thousands separators
(``"1,200"``). Every problem in both files is collected before the input is refused as a
whole, each named by file, row (header = row 1, as a spreadsheet counts; blank rows are
skipped but counted) and column.

Files of a million rows are read column by column: each distinct cell text is parsed once
and the rules run on numpy arrays, so only the cells with a problem cost a Python step each.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import gc
import io
import math
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from .model import OrderLine, QcdData, Receipt, date_of, day_number, factorize
from .problems import Problem, QcdInputError
from .validate import (
    LINE_COLUMNS,
    RECEIPT_COLUMNS,
    UNPARSED,
    link_receipts,
    negative_problems,
    receipt_problems,
)

StrPath = str | os.PathLike[str]

_DATE = re.compile(r"(\d{4})([-/])(\d{1,2})\2(\d{1,2})")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d*)?")

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


@contextmanager
def _gc_paused() -> Iterator[None]:
    # Millions of small lists and strings would trigger the cyclic collector over and over
    # (it made reading a million rows four times slower); none of them form cycles.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class _Parsed:
    """One file, column by column. Unparsed values: "" text, NaN number, UNPARSED int/day."""

    file: str
    readable: bool = False
    present: set[str] = field(default_factory=set)
    rows: NDArray[np.int64] = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    text: dict[str, NDArray[np.object_]] = field(default_factory=dict)
    integers: dict[str, NDArray[np.int64]] = field(default_factory=dict)
    numbers: dict[str, NDArray[np.float64]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def orders(self) -> NDArray[np.object_]:
        return self.text.get("order_id", np.full(len(self.rows), "", dtype=object))

    def line_nos(self) -> NDArray[np.int64]:
        return self.integers.get("line_no", np.full(len(self.rows), UNPARSED, dtype=np.int64))


# From this size on, pandas' C tokenizer and hash tables pay for importing pandas.
PANDAS_MIN_CHARS = 1 << 20


def _tokenize(text: str) -> list[NDArray[np.object_]]:
    """The cells of every record (header included), one object array per column.

    A record is a spreadsheet row: blank rows are kept so the numbering holds, short rows
    are padded with "". Large files go through pandas' C tokenizer; small ones, and any file
    it refuses (a row longer than the header, an unterminated quote), through the csv module,
    padded to the longest row. The tests run every reader case through both.
    """
    if len(text) >= PANDAS_MIN_CHARS:
        import pandas as pd

        try:
            frame = pd.read_csv(
                io.StringIO(text),
                header=None,
                dtype=str,
                na_filter=False,
                skip_blank_lines=False,
                index_col=False,
            )
            return [frame[c].to_numpy(dtype=object) for c in frame.columns]
        except pd.errors.EmptyDataError:
            return []
        except pd.errors.ParserError:
            pass
    records = list(csv.reader(io.StringIO(text, newline="")))
    width = max(map(len, records), default=0)
    padded = [r if len(r) == width else r + [""] * (width - len(r)) for r in records]
    table = np.empty((len(records), width), dtype=object)
    if records and width:
        table[:] = padded
    return [table[:, c] for c in range(width)]


def _read_file(path: StrPath, columns: tuple[str, ...]) -> _Parsed:
    file = os.fspath(path)
    parsed = _Parsed(file=file)
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
    del raw
    if text is None:
        parsed.problems.append(Problem(file, bad_row, None, "encoding"))
        return parsed
    with _gc_paused():
        cells = _tokenize(text)
    del text
    header = [str(column[0]).strip().lstrip("\ufeff").strip().lower() for column in cells]
    if not any(header):
        parsed.problems.append(Problem(file, None, None, "empty_file"))
        return parsed
    parsed.readable = True
    for name in columns:
        if name not in header:
            parsed.problems.append(Problem(file, 1, name, "missing_column", {"column": name}))
    wanted = {name: cells[header.index(name)][1:] for name in columns if name in header}
    parsed.present = set(wanted)
    distinct = {name: _distinct(values) for name, values in wanted.items()}
    # A row with no value in any column of the format is blank: skipped, but still counted.
    n = len(cells[0]) - 1
    blank = np.ones(n, dtype=bool)
    for codes, _, empty in distinct.values():
        blank &= empty[codes]
    keep = np.flatnonzero(~blank)
    parsed.rows = keep + 2  # the header is row 1
    for name, (codes, uniques, _) in distinct.items():
        _parse_column(parsed, name, codes[keep], uniques)
    return parsed


def _distinct(
    cells: NDArray[np.object_],
) -> tuple[NDArray[np.int64], NDArray[np.object_], NDArray[np.bool_]]:
    """``cells == uniques[codes]`` with the distinct texts stripped, and which are empty."""
    if len(cells) * 8 >= PANDAS_MIN_CHARS:
        import pandas as pd

        found, uniques = pd.factorize(cells)
        codes = np.asarray(found, dtype=np.int64)
    else:
        index: dict[str, int] = {}
        codes = np.fromiter(
            (index.setdefault(cell, len(index)) for cell in cells), np.int64, len(cells)
        )
        uniques = list(index)
    stripped = np.array([str(u).strip() for u in uniques] + [""], dtype=object)
    # (pandas codes a missing cell -1, which indexes the trailing "" above.)
    return codes, stripped, stripped == ""


def _parse_column(
    parsed: _Parsed, name: str, codes: NDArray[np.int64], uniques: NDArray[np.object_]
) -> None:
    """Parse each distinct text once, spread by ``codes``, and name every bad cell."""
    texts: list[str] = uniques.tolist()
    if name in _TEXT_COLUMNS:
        parsed.text[name] = uniques[codes]
        bad = np.array([not t for t in texts], dtype=bool)
        code = ""
    elif name == "line_no":
        values = np.array([_parse_integer(t) for t in texts], dtype=np.int64)
        parsed.integers[name] = values[codes]
        bad, code = values == UNPARSED, "bad_integer"
    elif name in _NUMBER_COLUMNS:
        numbers = np.array([_parse_float(t) for t in texts], dtype=np.float64)
        parsed.numbers[name] = numbers[codes]
        bad, code = np.isnan(numbers), "bad_number"
    else:  # a date column
        days = np.array([_parse_day(t) for t in texts], dtype=np.int64)
        parsed.integers[name] = days[codes]
        bad, code = days == UNPARSED, "bad_date"
    for i in np.flatnonzero(bad[codes]).tolist():
        row, cell = int(parsed.rows[i]), texts[codes[i]]
        if not cell:
            parsed.problems.append(Problem(parsed.file, row, name, "missing_value"))
        else:
            parsed.problems.append(Problem(parsed.file, row, name, code, {"value": cell}))


def _parse_integer(text: str) -> int:
    number = parse_number(text)
    return int(number) if number is not None and number.is_integer() else int(UNPARSED)


def _parse_float(text: str) -> float:
    number = parse_number(text)
    return math.nan if number is None else number


def _parse_day(text: str) -> int:
    day = parse_date(text)
    return int(UNPARSED) if day is None else day_number(day)


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
    receipt_line, problems = link_receipts(
        lines.file,
        lines.rows,
        lines.orders(),
        lines.line_nos(),
        receipts.file,
        receipts.rows,
        receipts.orders(),
        receipts.line_nos(),
        check_unknown=lines.readable and {"order_id", "line_no"} <= lines.present,
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
    suppliers, supplier_codes = factorize(lines.text["supplier_id"])
    buyers, buyer_codes = factorize(lines.text["buyer_id"])
    return QcdData(
        supplier_ids=suppliers,
        line_supplier=supplier_codes,
        qty_ordered=lines.numbers["qty_ordered"],
        order_day=lines.integers["order_date"],
        promised_day=lines.integers["promised_date"],
        receipt_line=receipt_line,
        received_day=receipts.integers["received_date"],
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
    t, i, x = lines.text, lines.integers, lines.numbers
    order_lines = [
        OrderLine(
            order_id=str(t["order_id"][k]),
            line_no=int(i["line_no"][k]),
            buyer_id=str(t["buyer_id"][k]),
            supplier_id=str(t["supplier_id"][k]),
            item_id=str(t["item_id"][k]),
            qty_ordered=float(x["qty_ordered"][k]),
            unit_price=float(x["unit_price"][k]),
            order_date=date_of(i["order_date"][k]),
            promised_date=date_of(i["promised_date"][k]),
        )
        for k in range(len(lines.rows))
    ]
    rt, ri, rx = receipts.text, receipts.integers, receipts.numbers
    receipt_rows = [
        Receipt(
            order_id=str(rt["order_id"][k]),
            line_no=int(ri["line_no"][k]),
            received_date=date_of(ri["received_date"][k]),
            qty_received=float(rx["qty_received"][k]),
            qty_inspected=float(rx["qty_inspected"][k]),
            qty_rejected=float(rx["qty_rejected"][k]),
        )
        for k in range(len(receipts.rows))
    ]
    return order_lines, receipt_rows
