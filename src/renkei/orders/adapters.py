"""From order records to the QCD engine's input, and the figures a user may see.

One computation path: every QCD figure on the platform is ``renkei.engines.qcd.solve`` on
:func:`qcd_data`; nothing here computes a rate itself.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import QuerySet

from renkei.engines.qcd import (
    ALL_MONTHS,
    Criteria,
    DefectPareto,
    LateCalendar,
    Params,
    QcdData,
    QcdResult,
    QcdRow,
    SupplierMonthScore,
    defect_pareto,
    late_calendar,
    score,
    solve,
)
from renkei.engines.qcd import OrderLine as QcdLine
from renkei.engines.qcd import Receipt as QcdReceipt
from renkei.orders.models import Inspection, OrderLine, Receipt, ScorecardCriteria
from renkei.orders.permissions import order_lines_visible_to
from renkei.registry.models import Organization

SHEET_MONTHS = 24  # the monthly table of a QCD sheet: the last two years


def qcd_data(order_lines: QuerySet[OrderLine]) -> QcdData:
    """The engine's input for ``order_lines``, with their receipts and inspections.

    Ids are strings: ``order_id`` the purchase order's pk, ``supplier_id`` and ``buyer_id``
    the organisations' pks, ``item_id`` the item's pk (empty for a described line). A receipt
    not inspected yet counts as 0 inspected, 0 rejected.
    """
    rows = list(
        order_lines.order_by().values_list(
            "pk",
            "po_id",
            "line_no",
            "po__buyer_id",
            "po__supplier_id",
            "item_id",
            "qty_ordered",
            "unit_price",
            "po__order_date",
            "promised_date",
        )
    )
    lines = [
        QcdLine(
            order_id=str(po_id),
            line_no=line_no,
            buyer_id=str(buyer_id),
            supplier_id=str(supplier_id),
            item_id="" if item_id is None else str(item_id),
            qty_ordered=float(qty),
            unit_price=float(price),
            order_date=order_date,
            promised_date=promised,
        )
        for _pk, po_id, line_no, buyer_id, supplier_id, item_id, qty, price, order_date, promised in rows
    ]
    receipts = [
        QcdReceipt(
            order_id=str(po_id),
            line_no=line_no,
            received_date=received,
            qty_received=float(qty),
            qty_inspected=float(inspected or 0),
            qty_rejected=float(rejected or 0),
        )
        for po_id, line_no, received, qty, inspected, rejected in Receipt.objects.filter(
            order_line_id__in=[row[0] for row in rows]
        )
        .order_by("order_line_id", "received_date", "pk")
        .values_list(
            "order_line__po_id",
            "order_line__line_no",
            "received_date",
            "qty_received",
            "inspection__qty_inspected",
            "inspection__qty_rejected",
        )
    ]
    return QcdData.from_records(lines, receipts)


def qcd_figures_for(user: Any, *, as_of: dt.date, supplier_id: Any = None) -> QcdResult:
    """The QCD figures over the order lines ``user`` may see, as of ``as_of``; with
    ``supplier_id`` (an organisation pk), that supplier's only."""
    lines = order_lines_visible_to(user)
    if supplier_id is not None:
        lines = lines.filter(po__supplier_id=supplier_id)
    return solve(qcd_data(lines), params=Params(as_of=as_of))


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


@dataclass(frozen=True)
class QcdSheet:
    """A firm's common-format QCD sheet (共通フォーマット QCDシート), over all its buyers.

    No price and no buyer appears here: the figures, the defect classes and the days are all
    a sheet holds. ``months`` lists the last :data:`SHEET_MONTHS` months up to ``as_of``,
    oldest first, each with its row (``None``: nothing due and nothing received that month).
    """

    supplier: Organization
    as_of: dt.date
    result: QcdResult
    months: tuple[tuple[str, QcdRow | None], ...]
    overall: QcdRow | None
    pareto: DefectPareto
    calendar: LateCalendar


def _last_months(as_of: dt.date, n: int) -> list[str]:
    first = as_of.year * 12 + as_of.month - 1 - (n - 1)
    return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(first, first + n)]


def qcd_sheet(supplier: Organization, *, as_of: dt.date) -> QcdSheet:
    """``supplier``'s QCD sheet as of ``as_of``, over all its order lines (every buyer).

    Call it only after the gate allowed it
    (:func:`renkei.orders.permissions.qcd_sheet_visible`): it reads every order line of the
    supplier, whoever the user is.
    """
    data = qcd_data(OrderLine.objects.filter(po__supplier=supplier))
    result = solve(data, params=Params(as_of=as_of))
    rows = {row.month: row for row in result.rows_for(str(supplier.pk))}
    rejected = Inspection.objects.filter(
        receipt__order_line__po__supplier=supplier,
        receipt__received_date__lte=as_of,
        qty_rejected__gt=0,
    ).values_list("defect_class", "qty_rejected")
    pairs = list(rejected)
    return QcdSheet(
        supplier=supplier,
        as_of=as_of,
        result=result,
        months=tuple((m, rows.get(m)) for m in _last_months(as_of, SHEET_MONTHS)),
        overall=rows.get(ALL_MONTHS),
        pareto=defect_pareto([c for c, _ in pairs], [float(q) for _, q in pairs]),
        calendar=late_calendar(data, as_of),
    )
