"""The reads of QCD, with the gate inside: the figures over the order lines a user may see,
the shared sheets, one firm's sheet, and the figures the RFQ comparison shows per supplier.

The figures are the engine's over :func:`renkei.qcd.adapters.qcd_data`; the gates are
:mod:`renkei.orders.permissions` (order lines) and :mod:`renkei.qcd.permissions` (sheets).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from renkei.common.permissions import user_organization_id
from renkei.engines.qcd import (
    ALL_MONTHS,
    DefectPareto,
    LateCalendar,
    Params,
    QcdResult,
    QcdRow,
    defect_pareto,
    late_calendar,
    solve,
)
from renkei.orders.models import Inspection, OrderLine
from renkei.orders.permissions import order_lines_visible_to
from renkei.qcd.adapters import qcd_data
from renkei.qcd.models import SharingLevel
from renkei.qcd.permissions import qcd_sheets_visible_to
from renkei.registry.models import Organization

SHEET_MONTHS = 24  # the monthly table of a QCD sheet: the last two years


def qcd_figures_for(user: Any, *, as_of: dt.date, supplier_id: Any = None) -> QcdResult:
    """The QCD figures over the order lines ``user`` may see, as of ``as_of``; with
    ``supplier_id`` (an organisation pk), that supplier's only."""
    lines = order_lines_visible_to(user)
    if supplier_id is not None:
        lines = lines.filter(po__supplier_id=supplier_id)
    return solve(qcd_data(lines), params=Params(as_of=as_of))


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


def shared_figures(user: Any, supplier_ids: Any, *, as_of: dt.date) -> dict[int, QcdRow]:
    """The all-time figures of those of ``supplier_ids`` whose QCD sheet ``user`` may open,
    over all their order lines (every buyer): what a buyer compares a supplier it has not
    ordered from yet on. Keyed by organisation pk; suppliers not shared are absent."""
    shared = list(
        qcd_sheets_visible_to(user).filter(pk__in=supplier_ids).values_list("pk", flat=True)
    )
    if not shared:
        return {}
    result = solve(
        qcd_data(OrderLine.objects.filter(po__supplier_id__in=shared)), params=Params(as_of=as_of)
    )
    return {
        row_id: row
        for row_id in shared
        for row in result.rows_for(str(row_id))
        if row.month == ALL_MONTHS
    }


def qcd_sheet(supplier: Organization, *, as_of: dt.date) -> QcdSheet:
    """``supplier``'s QCD sheet as of ``as_of``, over all its order lines (every buyer).

    Call it only after the gate allowed it
    (:func:`renkei.qcd.permissions.qcd_sheet_visible`): it reads every order line of the
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


def sharing_level(organization: Organization) -> str:
    """The firm's sharing level (a firm that never chose one is private)."""
    sharing = getattr(organization, "qcd_sharing", None)
    return sharing.level if sharing is not None else SharingLevel.PRIVATE


def qcd_sheet_list(user: Any) -> list[dict[str, Any]]:
    """The firms whose sheet ``user`` may open, the user's own first, then by reading:
    ``{"firm", "own", "level"}`` (the level's label)."""
    own = user_organization_id(user)
    firms = sorted(
        qcd_sheets_visible_to(user).select_related("qcd_sharing"),
        key=lambda org: (org.pk != own, org.name_kana or org.name, org.pk),
    )
    return [
        {"firm": org, "own": org.pk == own, "level": SharingLevel(sharing_level(org)).label}
        for org in firms
    ]


@dataclass(frozen=True)
class SupplierFigures:
    """What a buyer compares a supplier on beside its quote.

    ``own``: the all-time figures over the order lines the user may see (its own orders with the
    supplier); ``shared``: over all the supplier's lines, when the supplier shares its sheet
    with the user (``is_shared``), else ``None``.
    """

    own: QcdRow | None
    shared: QcdRow | None
    is_shared: bool


def supplier_figures(
    user: Any, supplier_ids: Iterable[int], *, as_of: dt.date
) -> dict[int, SupplierFigures]:
    """:class:`SupplierFigures` of each of ``supplier_ids``, keyed by organisation pk."""
    ids = list(supplier_ids)
    figures = qcd_figures_for(user, as_of=as_of)
    own = {
        int(row.supplier_id): row
        for row in figures.rows
        if row.month == ALL_MONTHS and row.supplier_id.isdigit()
    }
    shared = shared_figures(user, ids, as_of=as_of)
    return {
        pk: SupplierFigures(own=own.get(pk), shared=shared.get(pk), is_shared=pk in shared)
        for pk in ids
    }
