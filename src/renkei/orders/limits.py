"""The limits of ordering from an RFQ and of receiving against an order line.

The rule a Japanese buyer expects (見積数量の範囲で発注し、過納は確認のうえ許容範囲内で):

- **One order per RFQ line.** A line quoted for 10 is ordered once, from one supplier, for up to
  10. Ordering the rest of a partly ordered line in another order (分割発注, from the same or
  another supplier's quote) is a deliberate act: the buyer ticks "split order". Whatever the
  split, the quantity ordered over all orders of the line stays within the RFQ line's quantity
  (見積数量, what every supplier priced), unless the buyer ticks "order more than the quoted
  quantity" on the order that goes over (数量増の承認).
- **A fully ordered line is closed** (ordered ≥ quantity): it is not ordered again, with or
  without the flags; more of it is a new RFQ (再見積) or an order at an agreed price.
  **A closed RFQ** (closed by its award) takes no more orders from its quotes.
- **Receipts within the open quantity.** The open quantity of an order line is what was ordered
  minus what was accepted (received minus rejected at incoming inspection: rejected parts go
  back and are replaced, 代品納入). A delivery above it is an over-delivery (過納): refused unless
  the buyer ticks "accept over-delivery" and the total stays within the line's over-delivery
  tolerance (過納許容率, set by the buyer on the order, 0 % unless set).

Both checks run under a row lock taken in the writing transaction (the RFQ for orders, the
order line for receipts), so requests arriving at once are counted one after the other
(PostgreSQL ``SELECT … FOR UPDATE``; SQLite serialises writers with ``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from renkei.orders.models import Inspection, OrderLine, PurchaseOrder, Receipt, Rfq, RfqStatus

ZERO = Decimal("0")


def _qty(value: Decimal) -> str:
    """A quantity as people write it: ``10``, ``2.5`` (no trailing zeros of the decimal)."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def check_ordered_quantities(
    po: PurchaseOrder,
    lines: Sequence[Mapping[str, Any]],
    *,
    split_order: bool,
    quantity_increase_confirmed: bool,
) -> None:
    """Refuse the order's lines that name an RFQ line (``rfq_line``) beyond the rule above.
    Locks the RFQs concerned until the end of the caller's transaction."""
    wanted: dict[int, Decimal] = {}
    rfq_lines: dict[int, Any] = {}
    for data in lines:
        rfq_line = data.get("rfq_line")
        if rfq_line is None:
            continue
        rfq_lines[rfq_line.pk] = rfq_line
        wanted[rfq_line.pk] = wanted.get(rfq_line.pk, ZERO) + Decimal(str(data["qty_ordered"]))
    if not wanted:
        return
    rfq_ids = sorted({line.rfq_id for line in rfq_lines.values()})
    # In pk order, so that two orders over the same RFQs never wait for each other in a cycle.
    rfqs = {r.pk: r for r in Rfq.objects.select_for_update().filter(pk__in=rfq_ids).order_by("pk")}
    before: dict[int, Decimal] = {}
    numbers: dict[int, list[str]] = {}
    for rfq_line_id, qty, number in (
        OrderLine.objects.filter(rfq_line_id__in=wanted)
        .order_by("po__number")
        .values_list("rfq_line_id", "qty_ordered", "po__number")
    ):
        before[rfq_line_id] = before.get(rfq_line_id, ZERO) + qty
        numbers.setdefault(rfq_line_id, []).append(number)
    for pk in sorted(wanted, key=lambda k: rfq_lines[k].line_no):
        rfq_line, rfq = rfq_lines[pk], rfqs[rfq_lines[pk].rfq_id]
        if rfq.buyer_id != po.buyer_id:
            raise ValidationError(
                _("The RFQ line is not one of this buyer's."), code="rfq_line_not_usable"
            )
        if rfq.status == RfqStatus.CLOSED:
            raise ValidationError(
                _(
                    "The RFQ “%(rfq)s” is closed: its lines cannot be ordered again. Order more "
                    "through a new RFQ or at an agreed price."
                ),
                code="rfq_closed",
                params={"rfq": rfq.title},
            )
        ordered, quantity = before.get(pk, ZERO), rfq_line.quantity
        params = {
            "line": rfq_line.line_no,
            "ordered": _qty(ordered),
            "quantity": _qty(quantity),
            "total": _qty(ordered + wanted[pk]),
            "orders": ", ".join(dict.fromkeys(numbers.get(pk, []))),
        }
        if ordered >= quantity:
            raise ValidationError(
                _(
                    "Line %(line)s is already fully ordered (%(ordered)s of %(quantity)s, "
                    "order %(orders)s): it cannot be ordered again."
                ),
                code="rfq_line_fully_ordered",
                params=params,
            )
        if ordered > 0 and not split_order:
            raise ValidationError(
                _(
                    "Line %(line)s is already on order %(orders)s (%(ordered)s of "
                    "%(quantity)s). To order the rest in another order, tick “split order”."
                ),
                code="rfq_line_already_ordered",
                params=params,
            )
        if ordered + wanted[pk] > quantity and not quantity_increase_confirmed:
            raise ValidationError(
                _(
                    "Line %(line)s: %(total)s would be ordered against a quoted quantity of "
                    "%(quantity)s. To order more than quoted, tick “order more than the quoted "
                    "quantity”."
                ),
                code="quote_quantity_exceeded",
                params=params,
            )


def check_receivable(order_line: OrderLine, qty: Decimal, *, accept_over_delivery: bool) -> None:
    """Refuse receiving ``qty`` more on ``order_line`` beyond the rule above. Locks the order
    line until the end of the caller's transaction: parallel receipts are counted in turn."""
    line = OrderLine.objects.select_for_update().get(pk=order_line.pk)
    received = Receipt.objects.filter(order_line=line).aggregate(s=Sum("qty_received"))["s"]
    rejected = Inspection.objects.filter(receipt__order_line=line).aggregate(s=Sum("qty_rejected"))[
        "s"
    ]
    accepted = (received or ZERO) - (rejected or ZERO)
    total = accepted + qty
    if total <= line.qty_ordered:
        return
    tolerance = line.over_delivery_tolerance_pct
    limit = line.qty_ordered * (100 + tolerance) / 100
    params = {
        "ordered": _qty(line.qty_ordered),
        "total": _qty(total),
        "open": _qty(max(line.qty_ordered - accepted, ZERO)),
        "limit": _qty(limit.quantize(Decimal("0.001"))),
        "tolerance": _qty(tolerance),
    }
    if total > limit:
        raise ValidationError(
            _(
                "Over-delivery beyond the tolerance: %(total)s would be received against "
                "%(ordered)s ordered (%(open)s still open); at most %(limit)s may be received "
                "(over-delivery tolerance %(tolerance)s %%)."
            ),
            code="over_delivery_beyond_tolerance",
            params=params,
        )
    if not accept_over_delivery:
        raise ValidationError(
            _(
                "Over-delivery: %(total)s would be received against %(ordered)s ordered "
                "(%(open)s still open). To accept it, tick “accept over-delivery” "
                "(tolerance %(tolerance)s %%)."
            ),
            code="over_delivery_unconfirmed",
            params=params,
        )
