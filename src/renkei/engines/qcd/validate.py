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

# A line number that could not be parsed.
UNPARSED = np.iinfo(np.int64).min


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
    line_rows: NDArray[np.int64],
    line_orders: Sequence[str] | NDArray[np.object_],
    line_nos: NDArray[np.int64],
    receipts_file: str,
    receipt_rows: NDArray[np.int64],
    receipt_orders: Sequence[str] | NDArray[np.object_],
    receipt_nos: NDArray[np.int64],
    *,
    check_unknown: bool = True,
) -> tuple[NDArray[np.int64], list[Problem]]:
    """Join receipts to their order lines by ``(order_id, line_no)``, vectorised.

    Returns the index of each receipt's line (-1 when unknown or unparsed) and the problems:
    a duplicate ``(order_id, line_no)`` among the lines (named on the later row), a receipt
    for a line that does not exist. A key part that could not be parsed (``""`` order id,
    :data:`UNPARSED` line number) is skipped: its cell already has a problem. Receipts of an
    order that has a line with an unparsed number are not called unknown, since they may
    belong to that line; with ``check_unknown=False`` (the lines file lacks a key column) no
    receipt is called unknown.
    """
    # Order ids as integer codes shared by both files ("" -> -1).
    index = {order: i for i, order in enumerate(dict.fromkeys([*line_orders, *receipt_orders]))}
    index[""] = -1
    line_code = np.fromiter(map(index.__getitem__, line_orders), np.int64, len(line_orders))
    receipt_code = np.fromiter(
        map(index.__getitem__, receipt_orders), np.int64, len(receipt_orders)
    )
    line_ok = (line_code >= 0) & (line_nos != UNPARSED)
    receipt_ok = (receipt_code >= 0) & (receipt_nos != UNPARSED)
    # One int64 key per (order, line_no): line numbers ranked so the product cannot overflow.
    numbers, rank = np.unique(
        np.concatenate([line_nos[line_ok], receipt_nos[receipt_ok]]), return_inverse=True
    )
    rank = rank.reshape(-1)
    n_ok = int(line_ok.sum())
    line_key = line_code[line_ok] * len(numbers) + rank[:n_ok]
    receipt_key = receipt_code[receipt_ok] * len(numbers) + rank[n_ok:]

    problems: list[Problem] = []
    line_index = np.flatnonzero(line_ok)
    order = np.argsort(line_key, kind="stable")  # equal keys stay in row order
    sorted_key = line_key[order]
    repeat = np.zeros(len(order), dtype=bool)
    repeat[1:] = sorted_key[1:] == sorted_key[:-1]
    run_start = np.maximum.accumulate(np.where(repeat, 0, np.arange(len(order))))
    for j in np.flatnonzero(repeat):
        i, first = line_index[order[j]], line_index[order[run_start[j]]]
        params = {
            "order_id": line_orders[i],
            "line_no": str(line_nos[i]),
            "first_row": str(line_rows[first]),
        }
        problems.append(Problem(lines_file, int(line_rows[i]), "line_no", "duplicate_line", params))

    distinct_key = sorted_key[~repeat]
    distinct_line = line_index[order[~repeat]]
    receipt_line = np.full(len(receipt_orders), -1, dtype=np.int64)
    receipt_index = np.flatnonzero(receipt_ok)
    position = np.minimum(np.searchsorted(distinct_key, receipt_key), max(len(distinct_key) - 1, 0))
    found = (
        distinct_key[position] == receipt_key
        if len(distinct_key)
        else np.zeros(len(receipt_key), bool)
    )
    receipt_line[receipt_index[found]] = distinct_line[position[found]]
    if not check_unknown:
        return receipt_line, problems
    unknown = receipt_index[~found]
    uncertain = line_code[(line_code >= 0) & (line_nos == UNPARSED)]
    unknown = unknown[~np.isin(receipt_code[unknown], uncertain)]
    # Name the column that is wrong: the whole order is unknown, or only its line.
    order_known = np.isin(receipt_code[unknown], line_code[line_ok])
    for j, known in zip(unknown.tolist(), order_known.tolist(), strict=True):
        params = {"order_id": receipt_orders[j], "line_no": str(receipt_nos[j])}
        column = "line_no" if known else "order_id"
        problems.append(
            Problem(receipts_file, int(receipt_rows[j]), column, "unknown_line", params)
        )
    return receipt_line, problems
