"""Shared helpers of the QCD engine tests: CSV writers, record builders, a plain-Python oracle."""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import statistics
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from renkei.engines.qcd import OrderLine, Receipt
from renkei.engines.qcd.validate import LINE_COLUMNS, RECEIPT_COLUMNS

D = dt.date
SEPT_1 = D(2026, 9, 1)
SEPT_10 = D(2026, 9, 10)


def line(
    order_id: str = "PO1",
    line_no: int = 1,
    *,
    supplier: str = "S001",
    buyer: str = "B01",
    qty: float = 100,
    ordered: D = SEPT_1,
    promised: D = SEPT_10,
    item: str = "I1",
    price: float = 10.0,
) -> OrderLine:
    return OrderLine(order_id, line_no, buyer, supplier, item, qty, price, ordered, promised)


def receipt(
    order_id: str = "PO1",
    line_no: int = 1,
    *,
    on: D,
    qty: float,
    inspected: float | None = None,
    rejected: float = 0,
) -> Receipt:
    return Receipt(order_id, line_no, on, qty, qty if inspected is None else inspected, rejected)


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def _cell(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def line_rows(lines: Iterable[OrderLine]) -> list[list[str]]:
    return [[_cell(getattr(ln, c)) for c in LINE_COLUMNS] for ln in lines]


def receipt_rows(receipts: Iterable[Receipt]) -> list[list[str]]:
    return [[_cell(getattr(r, c)) for c in RECEIPT_COLUMNS] for r in receipts]


def write_files(
    directory: Path,
    lines: Iterable[OrderLine],
    receipts: Iterable[Receipt],
    *,
    encoding: str = "utf-8",
) -> tuple[Path, Path]:
    """order_lines.csv and receipts.csv in ``directory`` (encoding "utf-8-sig" adds a BOM)."""
    lines_path = directory / "order_lines.csv"
    receipts_path = directory / "receipts.csv"
    lines_path.write_bytes(csv_text(LINE_COLUMNS, line_rows(lines)).encode(encoding))
    receipts_path.write_bytes(csv_text(RECEIPT_COLUMNS, receipt_rows(receipts)).encode(encoding))
    return lines_path, receipts_path


# --- An independent re-computation, one line at a time, written from the text of QCD.md. ---


def oracle(
    lines: Sequence[OrderLine], receipts: Sequence[Receipt], as_of: D
) -> list[dict[str, Any]]:
    """The output rows of QCD.md computed by hand-style loops (no numpy)."""
    receipts = [r for r in receipts if r.received_date <= as_of]  # after A: ignored
    supplier_of = {(ln.order_id, ln.line_no): ln.supplier_id for ln in lines}
    by_line: dict[tuple[str, int], list[Receipt]] = defaultdict(list)
    for r in receipts:
        by_line[(r.order_id, r.line_no)].append(r)

    due: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for ln in lines:
        if ln.promised_date > as_of:
            continue
        recs = sorted(by_line[(ln.order_id, ln.line_no)], key=lambda r: r.received_date)
        on_time = min(
            ln.qty_ordered,
            sum(r.qty_received for r in recs if r.received_date <= ln.promised_date),
        )
        completed = None
        cumulative = 0.0
        for r in recs:
            cumulative += r.qty_received
            if cumulative >= ln.qty_ordered:
                completed = r.received_date
                break
        days_late = ((completed or as_of) - ln.promised_date).days
        measure = {
            "qty": ln.qty_ordered,
            "on_time": on_time,
            "otif": completed is not None and completed <= ln.promised_date,
            "days_late": days_late,
            "lead": None if completed is None else (completed - ln.order_date).days,
        }
        month = ln.promised_date.strftime("%Y-%m")
        due[(ln.supplier_id, month)].append(measure)
        due[(ln.supplier_id, "all")].append(measure)

    inspections: dict[tuple[str, str], list[Receipt]] = defaultdict(list)
    for r in receipts:
        supplier = supplier_of[(r.order_id, r.line_no)]
        inspections[(supplier, r.received_date.strftime("%Y-%m"))].append(r)
        inspections[(supplier, "all")].append(r)

    rows = []
    keys = set(due) | set(inspections)
    for supplier, month in sorted(keys, key=lambda k: (k[0], k[1] == "all", k[1])):
        ms = due.get((supplier, month), [])
        insp = inspections.get((supplier, month), [])
        qty_due = sum(m["qty"] for m in ms)
        late = [m["days_late"] for m in ms if m["days_late"] > 0]
        leads = [m["lead"] for m in ms if m["lead"] is not None]
        inspected = sum(r.qty_inspected for r in insp)
        rows.append(
            {
                "supplier_id": supplier,
                "month": month,
                "lines_due": len(ms),
                "qty_due": qty_due,
                "otd_qty": sum(m["on_time"] for m in ms) / qty_due if qty_due else None,
                "otif_lines": sum(m["otif"] for m in ms) / len(ms) if ms else None,
                "late_lines": len(late) if ms else None,
                "avg_days_late": sum(late) / len(late) if late else None,
                "defect_ppm": (
                    sum(r.qty_rejected for r in insp) / inspected * 1_000_000 if inspected else None
                ),
                "lead_time_days_median": float(statistics.median(leads)) if leads else None,
            }
        )
    return rows


def assert_rows_equal(actual: list[dict[str, Any]], expected: list[dict[str, Any]]) -> None:
    """Same rows, same keys, same numbers (floats to 1e-12 relative: the order of float
    operations may differ in the last bit), None where None."""
    assert [(r["supplier_id"], r["month"]) for r in actual] == [
        (r["supplier_id"], r["month"]) for r in expected
    ]
    for got, want in zip(actual, expected, strict=True):
        assert list(got) == list(want), (got, want)
        for key, value in want.items():
            if value is None or isinstance(value, str):
                assert got[key] == value, (key, got, want)
            else:
                assert got[key] is not None, (key, got, want)
                assert math.isclose(got[key], value, rel_tol=1e-12, abs_tol=0), (key, got, want)
