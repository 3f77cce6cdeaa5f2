"""From order records to the QCD engine's input (ORM rows -> :class:`QcdData`), and the
engine's figures over a firm's own orders or the whole cluster.

One computation path: every QCD figure on the platform is ``renkei.engines.qcd.solve`` on
:func:`qcd_data`; nothing here computes a rate itself. What a user may see of them is
:mod:`renkei.qcd.selectors` (the reads, with the gates inside).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import numpy as np
from django.db import connections
from django.db.models import QuerySet

from renkei.common.columns import (
    DayNumber,
    among,
    estimated_rows,
    fetch_columns,
    fetch_many,
    integer,
    real,
)
from renkei.engines.qcd import (
    Criteria,
    Params,
    QcdData,
    QcdResult,
    SupplierMonthScore,
    score,
    solve,
)
from renkei.orders.models import Inspection, OrderLine, PurchaseOrder, Receipt
from renkei.qcd.models import ScorecardCriteria


def qcd_data(order_lines: QuerySet[OrderLine]) -> QcdData:
    """The engine's input for ``order_lines``, with their receipts and inspections.

    Ids are strings: ``supplier_id`` and ``buyer_id`` the organisations' pks (sorted as
    strings). Lines are in pk order; receipts in the order of their line, then received date,
    then pk. A receipt not inspected yet counts as 0 inspected, 0 rejected.

    Built column-wise: four plain queries (lines, their orders, their receipts, the
    inspections of these), each read straight into NumPy arrays with the database casting
    quantities to floats and dates to day numbers (:func:`renkei.common.columns.fetch_columns`),
    and joined here by pk with ``searchsorted``. No Python object per row, and no join for the
    database to hash (on a million lines that is most of its time).
    """
    return qcd_data_from_columns(*qcd_columns(order_lines))


Columns = dict[str, np.ndarray]
# From this many order lines (the planner's estimate) the whole tables are read on two
# PostgreSQL connections at once.
TWO_CONNECTIONS_FROM_LINES = 100_000
# Up to this many selected lines, PostgreSQL narrows the other tables to their pks by index.
ARRAY_LINES = 200_000

LINE_COLUMNS = {
    "pk": integer("pk"),
    "po": integer("po_id"),
    "qty": real("qty_ordered"),
    "promised": DayNumber("promised_date"),
}
RECEIPT_COLUMNS = {
    "pk": integer("pk"),
    "line": integer("order_line_id"),
    "received": DayNumber("received_date"),
    "qty": real("qty_received"),
}
INSPECTION_COLUMNS = {
    "receipt": integer("receipt_id"),
    "inspected": real("qty_inspected"),
    "rejected": real("qty_rejected"),
}
ORDER_COLUMNS = {
    "pk": integer("pk"),
    "supplier": integer("supplier_id"),
    "buyer": integer("buyer_id"),
    "ordered": DayNumber("order_date"),
}


def qcd_columns(order_lines: QuerySet[OrderLine]) -> tuple[Columns, Columns, Columns, Columns]:
    """The columns :func:`qcd_data` reads: of the lines, their orders, receipts, inspections.

    Three ways, the same rows: all the lines -> the four tables read whole (on PostgreSQL on
    two connections when large); a selection on PostgreSQL -> the lines first, then each
    table narrowed by index to the pks just read (``= ANY(array)``); otherwise each table
    narrowed by a subquery on the selection.
    """
    order_lines = order_lines.order_by()
    query = order_lines.query
    every_line = not query.where and not query.is_sliced and not query.combinator
    if every_line:
        lines, receipts, inspections, orders = fetch_many(
            [
                (order_lines, LINE_COLUMNS),
                (Receipt.objects.using(order_lines.db), RECEIPT_COLUMNS),
                (Inspection.objects.using(order_lines.db), INSPECTION_COLUMNS),
                (PurchaseOrder.objects.using(order_lines.db), ORDER_COLUMNS),
            ],
            # A second connection costs some milliseconds: worth it on large tables only.
            two_connections=estimated_rows(OrderLine, order_lines.db) >= TWO_CONNECTIONS_FROM_LINES,
        )
        return lines, orders, receipts, inspections
    lines = fetch_columns(order_lines, **LINE_COLUMNS)
    if connections[order_lines.db].vendor == "postgresql" and len(lines["pk"]) <= ARRAY_LINES:
        receipts = fetch_columns(
            Receipt.objects.using(order_lines.db).filter(
                among(Receipt, "order_line_id", lines["pk"])
            ),
            **RECEIPT_COLUMNS,
        )
        inspections = fetch_columns(
            Inspection.objects.using(order_lines.db).filter(
                among(Inspection, "receipt_id", receipts["pk"])
            ),
            **INSPECTION_COLUMNS,
        )
        orders = fetch_columns(
            PurchaseOrder.objects.using(order_lines.db).filter(
                among(PurchaseOrder, "id", np.unique(lines["po"]))
            ),
            **ORDER_COLUMNS,
        )
        return lines, orders, receipts, inspections
    selected = order_lines.values("pk")
    receipts, inspections, orders = (
        fetch_columns(model.objects.using(order_lines.db).filter(**{path: selected}), **columns)
        for model, path, columns in (
            (Receipt, "order_line__in", RECEIPT_COLUMNS),
            (Inspection, "receipt__order_line__in", INSPECTION_COLUMNS),
            (PurchaseOrder, "lines__in", ORDER_COLUMNS),
        )
    )
    return lines, orders, receipts, inspections


def qcd_data_from_columns(
    lines: Columns, orders: Columns, receipts: Columns, inspections: Columns
) -> QcdData:
    """:func:`qcd_data` from :func:`qcd_columns`: joins the four tables by pk.

    A row whose parent is missing (a line whose order, a receipt whose line was deleted or
    written between two of the queries) is left out, as if it had been read a moment earlier
    or later; so is an inspection of a receipt not read.
    """
    lines = _by_pk(lines, "pk")
    orders = _by_pk(orders, "pk")
    order = _positions(orders["pk"], lines["po"])
    if (order < 0).any():
        lines, order = _take(lines, order >= 0), order[order >= 0]
    receipts = _by_pk(receipts, "pk")
    line = _positions(lines["pk"], receipts["line"])
    if (line < 0).any():
        receipts, line = _take(receipts, line >= 0), line[line >= 0]
    receipt = _positions(receipts["pk"], inspections["receipt"])
    known = receipt >= 0
    inspected = np.zeros(len(line))
    rejected = np.zeros(len(line))
    inspected[receipt[known]] = inspections["inspected"][known]
    rejected[receipt[known]] = inspections["rejected"][known]
    receipts = {**receipts, "inspected": inspected, "rejected": rejected, "line": line}
    # Receipts by line, then date, then pk (they are in pk order, and the sort is stable).
    received = receipts["received"]
    first = int(received.min()) if len(received) else 0
    span = int(received.max()) - first + 1 if len(received) else 1
    key = line * span + (received - first) if len(lines["pk"]) * span < 2**62 else None
    if key is None or not bool(np.all(key[1:] >= key[:-1])):  # else in order already
        by_line = np.lexsort((received, line)) if key is None else np.argsort(key, kind="stable")
        receipts = _take(receipts, by_line)
    suppliers, line_supplier = _string_codes(orders["supplier"][order])
    buyers, line_buyer = _string_codes(orders["buyer"][order])
    return QcdData(
        supplier_ids=suppliers,
        line_supplier=line_supplier,
        qty_ordered=lines["qty"],
        order_day=orders["ordered"][order],
        promised_day=lines["promised"],
        receipt_line=receipts["line"],
        received_day=receipts["received"],
        qty_received=receipts["qty"],
        qty_inspected=receipts["inspected"],
        qty_rejected=receipts["rejected"],
        buyer_ids=buyers,
        line_buyer=line_buyer,
    )


def _by_pk(columns: Columns, key: str) -> Columns:
    """The rows sorted by ``key``, each once (a selection filtered across a to-many relation
    repeats its rows). Most often a table scan returns them so already: no copy then."""
    values = columns[key]
    if len(values) < 2 or bool(np.all(values[1:] > values[:-1])):
        return columns
    order = np.argsort(values, kind="stable")
    first = np.ones(len(order), dtype=bool)
    first[1:] = values[order[1:]] != values[order[:-1]]
    return _take(columns, order[first])


def _take(columns: Columns, index: np.ndarray) -> Columns:
    """The rows at ``index`` (positions, or a boolean mask)."""
    return {name: column[index] for name, column in columns.items()}


def _positions(keys: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """The position of each of ``wanted`` in the sorted, distinct ``keys``; -1 where absent."""
    if not len(keys):
        return np.full(len(wanted), -1, dtype=np.int64)
    low, high = int(keys[0]), int(keys[-1])
    if high - low < 4 * len(keys) + 1024:
        # Pks are nearly dense: a table over their range beats a binary search per value.
        table = np.full(high - low + 1, -1, dtype=np.int64)
        table[keys - low] = np.arange(len(keys), dtype=np.int64)
        inside = (wanted >= low) & (wanted <= high)
        if inside.all():
            return table[wanted - low]
        result = np.full(len(wanted), -1, dtype=np.int64)
        result[inside] = table[wanted[inside] - low]
        return result
    position = np.minimum(np.searchsorted(keys, wanted), len(keys) - 1)
    return np.where(keys[position] == wanted, position, -1)


def _string_codes(pks: np.ndarray) -> tuple[tuple[str, ...], np.ndarray]:
    """Distinct pks as strings, sorted as strings, and each row's index among them."""
    if not len(pks):
        return (), np.zeros(0, dtype=np.int64)
    low, high = int(pks.min()), int(pks.max())
    if high - low < 4 * len(pks) + 1024:  # a table over the range: no sort of a million pks
        present = np.zeros(high - low + 1, dtype=bool)
        present[pks - low] = True
        distinct = np.flatnonzero(present) + low
        codes = (np.cumsum(present) - 1)[pks - low]
    else:
        distinct, codes = np.unique(pks, return_inverse=True)
    labels = [str(pk) for pk in distinct.tolist()]
    rank = sorted(range(len(labels)), key=labels.__getitem__)
    new_code = np.empty(len(labels), dtype=np.int64)
    new_code[rank] = np.arange(len(labels), dtype=np.int64)
    return tuple(labels[i] for i in rank), new_code[codes.reshape(-1)]


# --- scorecards and the cluster ---------------------------------------------------------------

CLUSTER = "cluster"


def buyer_criteria(buyer: Any) -> Criteria:
    """The firm's scorecard criteria, or the engine's defaults when it has set none."""
    row = ScorecardCriteria.objects.filter(buyer=buyer).first()
    return Criteria() if row is None else row.to_criteria()


def buyer_qcd(buyer: Any, *, as_of: dt.date) -> QcdResult:
    """The QCD figures of the firm's suppliers over its OWN purchase orders only (the lines
    whose purchase order the firm issued), whoever else orders from the same suppliers."""
    return solve(qcd_data(OrderLine.objects.filter(po__buyer=buyer)), params=Params(as_of=as_of))


def supplier_scores(
    buyer: Any,
    *,
    as_of: dt.date,
    criteria: Criteria | None = None,
    figures: QcdResult | None = None,
) -> list[SupplierMonthScore]:
    """The firm's scorecards: the engine's ``score`` over :func:`buyer_qcd` under its
    criteria (or ``criteria``); ``figures`` reuses a :func:`buyer_qcd` already computed."""
    if figures is None:
        figures = buyer_qcd(buyer, as_of=as_of)
    return score(figures.rows, buyer_criteria(buyer) if criteria is None else criteria)


def cluster_data() -> QcdData:
    """The engine's input over every order line of the platform — for aggregates only."""
    return qcd_data(OrderLine.objects.all())


def cluster_qcd(*, as_of: dt.date, data: QcdData | None = None) -> QcdResult:
    """Every supplier's figures over all its order lines, whoever the buyer (for medians and
    quartiles; never shown per firm)."""
    return solve(cluster_data() if data is None else data, params=Params(as_of=as_of))


def cluster_trend(*, as_of: dt.date, data: QcdData | None = None) -> QcdResult:
    """The cluster's figures per month: the engine on every line with every supplier mapped
    to one pseudo-supplier :data:`CLUSTER`, so the formula is the suppliers' own."""
    data = cluster_data() if data is None else data
    pooled = dataclasses.replace(
        data,
        supplier_ids=(CLUSTER,),
        line_supplier=np.zeros(data.n_lines, dtype=np.int64),
    )
    return solve(pooled, params=Params(as_of=as_of))
