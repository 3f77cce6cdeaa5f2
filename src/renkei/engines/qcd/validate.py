"""The input rules of the common format, each written once.

The CSV reader and :class:`~renkei.engines.qcd.model.QcdData` both call these, so a negative
quantity is refused the same way whether it came from a spreadsheet or from the database. The
checks are vectorised; a value that could not be parsed is NaN and so never trips a rule twice.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from .problems import Problem, format_number

LINE_COLUMNS: tuple[str, ...] = (
    "order_id",
    "line_no",
    "buyer_id",
    "supplier_id",
    "item_id",
    "qty_ordered",
    "unit_price",
    "order_date",
    "promised_date",
)
RECEIPT_COLUMNS: tuple[str, ...] = (
    "order_id",
    "line_no",
    "received_date",
    "qty_received",
    "qty_inspected",
    "qty_rejected",
)

LineKey = tuple[str, int]


def negative_problems(
    file: str,
    rows: NDArray[np.int64],
    column: str,
    values: NDArray[np.float64],
    *,
    code: str = "negative_quantity",
) -> list[Problem]:
    """A quantity (or price, with ``code="negative_price"``) below zero."""
    return [
        Problem(file, int(rows[i]), column, code, {"value": format_number(values[i])})
        for i in np.flatnonzero(values < 0)
    ]


def receipt_problems(
    file: str,
    rows: NDArray[np.int64],
    received: NDArray[np.float64],
    inspected: NDArray[np.float64],
    rejected: NDArray[np.float64],
) -> list[Problem]:
    """Negative receipt quantities, rejected > inspected, inspected > received."""
    problems = [
        *negative_problems(file, rows, "qty_received", received),
        *negative_problems(file, rows, "qty_inspected", inspected),
        *negative_problems(file, rows, "qty_rejected", rejected),
    ]
    # A negative side already has its problem; comparing it would only add noise.
    for i in np.flatnonzero((inspected > received) & (received >= 0)):
        params = {"inspected": format_number(inspected[i]), "received": format_number(received[i])}
        problems.append(
            Problem(file, int(rows[i]), "qty_inspected", "inspected_exceeds_received", params)
        )
    for i in np.flatnonzero((rejected > inspected) & (inspected >= 0)):
        params = {"rejected": format_number(rejected[i]), "inspected": format_number(inspected[i])}
        problems.append(
            Problem(file, int(rows[i]), "qty_rejected", "rejected_exceeds_inspected", params)
        )
    return problems


def link_receipts(
    lines_file: str,
    line_rows: Sequence[int],
    line_keys: Sequence[LineKey | None],
    receipts_file: str,
    receipt_rows: Sequence[int],
    receipt_keys: Sequence[LineKey | None],
    *,
    check_unknown: bool = True,
    uncertain_orders: frozenset[str] = frozenset(),
) -> tuple[NDArray[np.int64], list[Problem]]:
    """Join receipts to their order lines by ``(order_id, line_no)``.

    Returns the index of each receipt's line (-1 when unknown or unparsed) and the problems:
    a duplicate ``(order_id, line_no)`` among the lines, a receipt for a line that does not
    exist. A key that could not be parsed is ``None`` and is skipped (its cell already has a
    problem). Receipts of an order in ``uncertain_orders`` (an order with a line whose key could
    not be parsed) are not called unknown, since they may belong to that line. With
    ``check_unknown=False`` (the lines file lacks a key column) no receipt is called unknown.
    """
    problems: list[Problem] = []
    index: dict[LineKey, int] = {}
    first_row: dict[LineKey, int] = {}
    orders: set[str] = set()
    for i, key in enumerate(line_keys):
        if key is None:
            continue
        if key in index:
            params = {
                "order_id": key[0],
                "line_no": str(key[1]),
                "first_row": str(first_row[key]),
            }
            problems.append(Problem(lines_file, line_rows[i], "line_no", "duplicate_line", params))
            continue
        index[key] = i
        first_row[key] = line_rows[i]
        orders.add(key[0])
    receipt_line = np.full(len(receipt_keys), -1, dtype=np.int64)
    for j, key in enumerate(receipt_keys):
        if key is None:
            continue
        found = index.get(key)
        if found is not None:
            receipt_line[j] = found
        elif check_unknown and key[0] not in uncertain_orders:
            # Name the column that is wrong: the whole order is unknown, or only its line.
            column = "line_no" if key[0] in orders else "order_id"
            params = {"order_id": key[0], "line_no": str(key[1])}
            problems.append(Problem(receipts_file, receipt_rows[j], column, "unknown_line", params))
    return receipt_line, problems
