"""The reads of the order pages, with the gate inside (:mod:`renkei.orders.permissions`).

Each returns plain data for one page: the views add the forms and render. What the orders app
shows of another app's figures (the suppliers' QCD beside their quotes) is not read here: the
qcd app sits above orders and adds it in the template (``{% load qcd_comparison %}``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NotRequired, TypedDict

from django.db.models import Prefetch, Q, QuerySet

from renkei.common.permissions import user_organization_id
from renkei.orders.models import (
    Attachment,
    PurchaseOrder,
    Quote,
    QuoteLine,
    QuoteStatus,
    Rfq,
    RfqLine,
)
from renkei.orders.permissions import (
    attachments_visible_to,
    can_change_attachment,
    purchase_orders_visible_to,
    quotes_visible_to,
    rfqs_visible_to,
)
from renkei.registry.models import Organization


@dataclass
class RfqList:
    """The RFQs a firm sent and those it received (a user of no firm has none)."""

    sent: list[Rfq]
    received: Any  # a QuerySet, or an empty list


def rfq_list(user: Any) -> RfqList:
    org_id = user_organization_id(user)
    rfqs = rfqs_visible_to(user).select_related("buyer")
    return RfqList(
        sent=[r for r in rfqs if r.buyer_id == org_id],
        received=rfqs.filter(recipients__supplier_id=org_id) if org_id else [],
    )


@dataclass
class PurchaseOrderList:
    """The purchase orders a firm issued and those it received."""

    issued: list[PurchaseOrder]
    received: list[PurchaseOrder]


def purchase_order_list(user: Any) -> PurchaseOrderList:
    org_id = user_organization_id(user)
    pos = purchase_orders_visible_to(user).select_related("buyer", "supplier")
    return PurchaseOrderList(
        issued=[p for p in pos if p.buyer_id == org_id],
        received=[p for p in pos if p.supplier_id == org_id],
    )


def attachment_list(user: Any, where: Q) -> list[Attachment]:
    """The attachments matching ``where`` that ``user`` may see, each marked ``deletable`` when
    the user may still remove it."""
    out = list(attachments_visible_to(user).filter(where).select_related("rfq", "quote"))
    for attachment in out:
        attachment.deletable = can_change_attachment(user, attachment)  # type: ignore[attr-defined]
    return out


class ComparisonColumn(TypedDict):
    """One supplier the RFQ went to: its quote (if any) and its price per RFQ line. The view
    adds ``po_form`` (the form to order from a submitted quote)."""

    supplier: Organization
    quote: Quote | None
    submitted: bool
    cells: list[QuoteLine | None]
    files: list[Attachment]
    po_form: NotRequired[Any]


class RfqComparison(TypedDict):
    """The buyer's comparison of the answers to one RFQ (見積比較): a column per supplier, a
    row per line (``{"line", "cells"}``), the files and the purchase orders made from it. A
    dict: the view adds its forms to it and renders it as the page's context."""

    rfq: Rfq
    lines: list[RfqLine]
    columns: list[ComparisonColumn]
    rows: list[dict[str, Any]]
    rfq_files: list[Attachment]
    orders: QuerySet[PurchaseOrder]


def rfq_comparison(user: Any, rfq: Rfq) -> RfqComparison:
    """The comparison of ``rfq`` (an RFQ the gate returned) as ``user`` may see it: only the
    quotes and files the orders gate lets through (never a draft, never a competitor's)."""
    lines = list(rfq.lines.select_related("item"))
    files = attachment_list(user, Q(rfq=rfq) | Q(quote__rfq=rfq))
    quotes = {
        q.supplier_id: q
        for q in quotes_visible_to(user)
        .filter(rfq=rfq)
        .prefetch_related(Prefetch("lines", QuoteLine.objects.prefetch_related("price_breaks")))
    }
    columns: list[ComparisonColumn] = []
    for recipient in rfq.recipients.select_related("supplier"):
        supplier = recipient.supplier
        quote = quotes.get(supplier.pk)
        by_line = {ql.rfq_line_id: ql for ql in quote.lines.all()} if quote else {}
        columns.append(
            {
                "supplier": supplier,
                "quote": quote,
                "submitted": quote is not None and quote.status == QuoteStatus.SUBMITTED,
                "cells": [by_line.get(line.pk) for line in lines],
                "files": [f for f in files if quote is not None and f.quote_id == quote.pk],
            }
        )
    return {
        "rfq": rfq,
        "lines": lines,
        "columns": columns,
        "rows": [
            {"line": line, "cells": [c["cells"][i] for c in columns]}
            for i, line in enumerate(lines)
        ],
        "rfq_files": [f for f in files if f.rfq_id == rfq.pk],
        "orders": purchase_orders_visible_to(user).filter(rfq=rfq).select_related("supplier"),
    }
