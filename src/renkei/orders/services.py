"""Writes to orders. Each service checks that the actor may act for the firm it writes for
(``orders.permissions.can_act_for``), validates fully and records the actor in the audit log.

Every service runs in one transaction: a refused line or quantity leaves nothing written.
How much may be ordered from an RFQ and received on an order line: :mod:`renkei.orders.limits`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from renkei.common.permissions import require
from renkei.common.writes import save_validated as _save
from renkei.orders.files import check_upload
from renkei.orders.limits import check_ordered_quantities, check_receivable
from renkei.orders.models import (
    Attachment,
    AttachmentKind,
    Inspection,
    OrderLine,
    PurchaseOrder,
    Quote,
    QuoteLine,
    QuotePriceBreak,
    QuoteStatus,
    Receipt,
    Rfq,
    RfqLine,
    RfqRecipient,
    RfqStatus,
)
from renkei.orders.permissions import can_act_for, can_change_attachment
from renkei.orders.prices import agreed_price
from renkei.registry.models import Organization


def _require(actor: Any, organization: Organization) -> None:
    require(can_act_for(actor, organization))


def _no_negative(value: Any, field: str) -> None:
    """Refuse a negative quantity before anything is built from it."""
    if value is not None and Decimal(str(value)) < 0:
        raise ValidationError(
            {
                field: ValidationError(
                    _("A quantity cannot be negative. Got: %(value)s"),
                    code="negative_quantity",
                    params={"value": value},
                )
            }
        )


@transaction.atomic
def rfq_create(
    *,
    actor: Any,
    buyer: Organization,
    title: str,
    lines: Sequence[Mapping[str, Any]],
    recipients: Iterable[Organization],
    needed_by: dt.date | None = None,
    send: bool = True,
    attachments: Sequence[tuple[Any, str]] = (),
) -> Rfq:
    """Create an RFQ with its lines (``item``/``description``, ``quantity``, ``unit``) and the
    suppliers it goes to; ``send=False`` keeps it a draft the suppliers do not see yet.
    ``attachments`` are ``(file, kind)`` pairs (drawings), checked before anything is written."""
    _require(actor, buyer)
    recipients = list(recipients)
    if not lines:
        raise ValidationError(_("An RFQ needs at least one line."), code="rfq_without_lines")
    if not recipients:
        raise ValidationError(_("Send the RFQ to at least one supplier."), code="rfq_no_recipient")
    if any(s.pk == buyer.pk for s in recipients):
        raise ValidationError(_("A firm cannot order from itself."), code="order_to_self")
    rfq = _save(
        Rfq(),
        {
            "buyer": buyer,
            "title": title,
            "needed_by": needed_by,
            "status": RfqStatus.SENT if send else RfqStatus.DRAFT,
            "created_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
        actor=actor,
    )
    for n, line in enumerate(lines, start=1):
        _no_negative(line.get("quantity"), "quantity")
        _save(RfqLine(rfq=rfq, line_no=n), dict(line), actor=actor)
    for supplier in dict.fromkeys(recipients):
        _save(RfqRecipient(rfq=rfq), {"supplier": supplier}, actor=actor)
    _attach_all(actor, buyer, attachments, rfq=rfq)
    return rfq


def _already_answered() -> ValidationError:
    return ValidationError(
        _("This supplier has already answered the RFQ."), code="quote_already_answered"
    )


def _answered_quote(rfq: Rfq, supplier: Organization) -> Quote | None:
    """The supplier's quote to ``rfq`` as committed now (a draft or an answer), if any."""
    return Quote.objects.filter(rfq=rfq, supplier=supplier).first()


def _open_quote(actor: Any, rfq: Rfq, supplier: Organization) -> Quote:
    _require(actor, supplier)
    # Lock the supplier's place on the RFQ: a second submit at the same moment waits here and
    # then sees the first one's quote (PostgreSQL; SQLite serialises writers anyway).
    require(bool(list(RfqRecipient.objects.select_for_update().filter(rfq=rfq, supplier=supplier))))
    if rfq.status != RfqStatus.SENT:
        raise ValidationError(_("This RFQ is not open for quotes."), code="rfq_not_open")
    quote = _answered_quote(rfq, supplier)
    if quote is not None and quote.status != QuoteStatus.DRAFT:
        raise _already_answered()
    return quote or Quote(rfq=rfq, supplier=supplier)


@transaction.atomic
def quote_submit(
    *,
    actor: Any,
    rfq: Rfq,
    supplier: Organization,
    prices: Mapping[RfqLine, Sequence[tuple[Any, Any]]],
    valid_until: dt.date | None = None,
    lead_time_days: int | None = None,
    notes: str = "",
    attachments: Sequence[tuple[Any, str]] = (),
) -> Quote:
    """Submit a supplier's quote (new, or its draft): for each RFQ line it prices, price breaks
    as ``(min_qty, unit_price)``. From now on the buyer sees it."""
    quote = _open_quote(actor, rfq, supplier)
    if not prices:
        raise ValidationError(_("Price at least one line."), code="quote_without_lines")
    return _write_quote(
        actor,
        quote,
        QuoteStatus.SUBMITTED,
        prices,
        {"valid_until": valid_until, "lead_time_days": lead_time_days, "notes": notes},
        attachments,
    )


@transaction.atomic
def quote_save_draft(
    *,
    actor: Any,
    rfq: Rfq,
    supplier: Organization,
    prices: Mapping[RfqLine, Sequence[tuple[Any, Any]]],
    valid_until: dt.date | None = None,
    lead_time_days: int | None = None,
    notes: str = "",
    attachments: Sequence[tuple[Any, str]] = (),
) -> Quote:
    """Keep the supplier's quote as a draft (下書き): lines may be left unpriced, the buyer
    does not see it, and it can be reopened and submitted later."""
    quote = _open_quote(actor, rfq, supplier)
    return _write_quote(
        actor,
        quote,
        QuoteStatus.DRAFT,
        {line: breaks for line, breaks in prices.items() if breaks},
        {"valid_until": valid_until, "lead_time_days": lead_time_days, "notes": notes},
        attachments,
    )


def _write_quote(
    actor: Any,
    quote: Quote,
    status: str,
    prices: Mapping[RfqLine, Sequence[tuple[Any, Any]]],
    fields: Mapping[str, Any],
    attachments: Sequence[tuple[Any, str]],
) -> Quote:
    quote = _save_quote(quote, {**fields, "status": status, "decline_reason": ""}, actor=actor)
    quote.lines.all().delete()
    for rfq_line, breaks in prices.items():
        if rfq_line.rfq_id != quote.rfq_id:
            raise ValidationError(_("The line is not part of this RFQ."), code="line_not_in_rfq")
        if not breaks:
            raise ValidationError(_("Give a price for every quoted line."), code="line_unpriced")
        quote_line = _save(QuoteLine(quote=quote), {"rfq_line": rfq_line}, actor=actor)
        for min_qty, unit_price in breaks:
            _no_negative(min_qty, "min_qty")
            _save(
                QuotePriceBreak(quote_line=quote_line),
                {"min_qty": Decimal(str(min_qty)), "unit_price": Decimal(str(unit_price))},
                actor=actor,
            )
    _attach_all(actor, quote.supplier, attachments, quote=quote)
    return quote


def _save_quote(quote: Quote, data: dict[str, Any], *, actor: Any) -> Quote:
    """Save the quote; a second answer that slipped past the checks (two requests at once)
    meets the unique constraint and is refused like any second answer."""
    try:
        with transaction.atomic():
            return _save(quote, data, actor=actor)
    except IntegrityError:
        raise _already_answered() from None


@transaction.atomic
def quote_decline(*, actor: Any, rfq: Rfq, supplier: Organization, reason: str = "") -> Quote:
    quote = _open_quote(actor, rfq, supplier)
    return _save_quote(
        quote, {"status": QuoteStatus.DECLINED, "decline_reason": reason}, actor=actor
    )


@transaction.atomic
def purchase_order_create(
    *,
    actor: Any,
    buyer: Organization,
    supplier: Organization,
    number: str,
    order_date: dt.date,
    lines: Sequence[Mapping[str, Any]],
    rfq: Rfq | None = None,
    split_order: bool = False,
    quantity_increase_confirmed: bool = False,
) -> PurchaseOrder:
    """Create a purchase order with its lines.

    Each line has ``qty_ordered``, ``promised_date`` and either ``quote_line`` (item,
    description and the price of the matching break are taken from the quote) or ``item`` /
    ``description`` and ``unit_price``. Without ``unit_price`` the line takes the agreed price
    in force on the order date (``prices.agreed_price``), and is refused without one
    (``no_agreed_price``); ``over_delivery_tolerance_pct`` is the line's 過納許容率 (0).
    A line from an RFQ (quote line or ``rfq_line``) keeps the rule of :mod:`~renkei.orders.limits`:
    one order per RFQ line unless ``split_order``, within the quoted quantity over all orders
    unless ``quantity_increase_confirmed``, never after the line is fully ordered or the RFQ
    closed.
    """
    _require(actor, buyer)
    if not lines:
        raise ValidationError(_("An order needs at least one line."), code="order_without_lines")
    po = _save(
        PurchaseOrder(),
        {
            "buyer": buyer,
            "supplier": supplier,
            "number": number,
            "order_date": order_date,
            "rfq": rfq,
        },
        actor=actor,
    )
    prepared = []
    for given in lines:
        data = dict(given)
        _no_negative(data.get("qty_ordered"), "qty_ordered")
        quote_line = data.pop("quote_line", None)
        if quote_line is not None:
            data.update(_from_quote(quote_line, po, data, actor=actor))
        elif data.get("unit_price") is None:
            data["unit_price"] = _agreed(po, data)
        prepared.append(data)
    check_ordered_quantities(
        po,
        [d for d in prepared if d.get("qty_ordered") is not None],
        split_order=split_order,
        quantity_increase_confirmed=quantity_increase_confirmed,
    )
    for n, data in enumerate(prepared, start=1):
        _save(OrderLine(po=po, line_no=n), data, actor=actor)
    return po


def _agreed(po: PurchaseOrder, data: Mapping[str, Any]) -> Decimal:
    item, description = data.get("item"), data.get("description") or ""
    revision = agreed_price(
        buyer=po.buyer, supplier=po.supplier, item=item, description=description, on=po.order_date
    )
    if revision is None:
        raise ValidationError(
            _(
                "No price is agreed with %(supplier)s for %(subject)s on %(date)s: give the "
                "unit price or record the agreed price first."
            ),
            code="no_agreed_price",
            params={
                "supplier": po.supplier,
                "subject": item if item is not None else description,
                "date": po.order_date,
            },
        )
    return revision.unit_price


def _from_quote(
    quote_line: QuoteLine, po: PurchaseOrder, data: Mapping[str, Any], *, actor: Any
) -> dict[str, Any]:
    quote = quote_line.quote
    if (
        quote.status != QuoteStatus.SUBMITTED
        or quote.supplier_id != po.supplier_id
        or quote.rfq.buyer_id != po.buyer_id
    ):
        raise ValidationError(
            _("The order can only use a submitted quote of this supplier to this buyer."),
            code="quote_not_usable",
        )
    if po.rfq_id is None:
        _save(po, {"rfq": quote.rfq}, actor=actor)
    rfq_line = quote_line.rfq_line
    out: dict[str, Any] = {
        "item": rfq_line.item,
        "description": rfq_line.description,
        "rfq_line": rfq_line,
    }
    if data.get("unit_price") is None:
        price = quote_line.unit_price_for(Decimal(str(data.get("qty_ordered") or 0)))
        if price is None:
            raise ValidationError(
                _("No price break of the quote covers %(qty)s."),
                code="no_price_break",
                params={"qty": data.get("qty_ordered")},
            )
        out["unit_price"] = price
    return out


@transaction.atomic
def receipt_record(
    *,
    actor: Any,
    order_line: OrderLine,
    received_date: dt.date,
    qty_received: Any,
    qty_inspected: Any = None,
    qty_rejected: Any = 0,
    defect_class: str = "",
    accept_over_delivery: bool = False,
) -> Receipt:
    """Record one delivery (partial deliveries are several calls); with ``qty_inspected`` its
    inspection too, in the same transaction. Above the open quantity only with
    ``accept_over_delivery`` and within the line's tolerance (:mod:`~renkei.orders.limits`)."""
    _require(actor, order_line.po.buyer)
    _no_negative(qty_received, "qty_received")
    check_receivable(
        order_line, Decimal(str(qty_received)), accept_over_delivery=accept_over_delivery
    )
    receipt = _save(
        Receipt(order_line=order_line),
        {"received_date": received_date, "qty_received": Decimal(str(qty_received))},
        actor=actor,
    )
    if qty_inspected is not None:
        inspection_record(
            actor=actor,
            receipt=receipt,
            qty_inspected=qty_inspected,
            qty_rejected=qty_rejected,
            defect_class=defect_class,
        )
    return receipt


@transaction.atomic
def inspection_record(
    *,
    actor: Any,
    receipt: Receipt,
    qty_inspected: Any,
    qty_rejected: Any = 0,
    defect_class: str = "",
    note: str = "",
) -> Inspection:
    """Record (or correct) the incoming inspection of a receipt."""
    _require(actor, receipt.order_line.po.buyer)
    _no_negative(qty_inspected, "qty_inspected")
    _no_negative(qty_rejected, "qty_rejected")
    inspection = Inspection.objects.filter(receipt=receipt).first() or Inspection(receipt=receipt)
    return _save(
        inspection,
        {
            "qty_inspected": Decimal(str(qty_inspected)),
            "qty_rejected": Decimal(str(qty_rejected)),
            "defect_class": defect_class,
            "note": note,
        },
        actor=actor,
    )


# --- awarding an RFQ, split by line across suppliers ------------------------------------------


@transaction.atomic
def purchase_orders_from_award(
    *,
    actor: Any,
    rfq: Rfq,
    award_lines: Sequence[Mapping[str, Any]],
    order_date: dt.date,
    number_prefix: str,
    split_order: bool = False,
    quantity_increase_confirmed: bool = False,
    over_delivery_tolerance_pct: Any = 0,
) -> list[PurchaseOrder]:
    """Award an RFQ line by line: each award line names ``rfq_line``, ``supplier``,
    ``qty_ordered`` and ``promised_date``. One purchase order per supplier, numbered
    ``<prefix>-1``, ``<prefix>-2`` … in line order, priced from that supplier's submitted quote
    (the break matching the quantity); the RFQ is closed once every line is awarded. Any bad
    line and nothing is created. The flags and limits are :func:`purchase_order_create`'s."""
    _require(actor, rfq.buyer)
    # Lock the RFQ: a second award at the same moment waits, then meets the first one's
    # orders (their numbers) or the closed RFQ, and is refused.
    status = Rfq.objects.select_for_update().values_list("status", flat=True).get(pk=rfq.pk)
    if status != RfqStatus.SENT:
        raise ValidationError(_("This RFQ is not open for quotes."), code="rfq_not_open")
    if not award_lines:
        raise ValidationError(_("An order needs at least one line."), code="order_without_lines")
    offers = {
        (ql.quote.supplier_id, ql.rfq_line_id): ql
        for ql in QuoteLine.objects.filter(
            quote__rfq=rfq, quote__status=QuoteStatus.SUBMITTED
        ).select_related("quote__supplier", "quote__rfq", "rfq_line")
    }
    by_supplier: dict[int, list[dict[str, Any]]] = {}
    suppliers: dict[int, Organization] = {}
    seen: set[tuple[int, int]] = set()
    for award in sorted(award_lines, key=lambda a: a["rfq_line"].line_no):
        rfq_line, supplier = award["rfq_line"], award["supplier"]
        qty = award.get("qty_ordered")
        if rfq_line.rfq_id != rfq.pk:
            raise ValidationError(_("The line is not part of this RFQ."), code="line_not_in_rfq")
        _no_negative(qty, "qty_ordered")
        if qty is None or Decimal(str(qty)) <= 0:
            raise ValidationError(
                _("The quantity must be greater than zero. Got: %(value)s"),
                code="quantity_not_positive",
                params={"value": qty},
            )
        quote_line = offers.get((supplier.pk, rfq_line.pk))
        if quote_line is None:
            raise ValidationError(
                _("%(supplier)s did not quote line %(line)s."),
                code="supplier_not_quoting_line",
                params={"supplier": supplier, "line": rfq_line.line_no},
            )
        if (supplier.pk, rfq_line.pk) in seen:
            raise ValidationError(
                _("Line %(line)s is awarded twice to %(supplier)s."),
                code="line_awarded_twice",
                params={"supplier": supplier, "line": rfq_line.line_no},
            )
        seen.add((supplier.pk, rfq_line.pk))
        suppliers[supplier.pk] = supplier
        by_supplier.setdefault(supplier.pk, []).append(
            {
                "quote_line": quote_line,
                "qty_ordered": Decimal(str(qty)),
                "promised_date": award.get("promised_date"),
                "over_delivery_tolerance_pct": Decimal(str(over_delivery_tolerance_pct or 0)),
            }
        )
    pos = [
        purchase_order_create(
            actor=actor,
            buyer=rfq.buyer,
            supplier=suppliers[supplier_id],
            number=f"{number_prefix}-{n}",
            order_date=order_date,
            lines=lines,
            rfq=rfq,
            split_order=split_order,
            quantity_increase_confirmed=quantity_increase_confirmed,
        )
        for n, (supplier_id, lines) in enumerate(by_supplier.items(), start=1)
    ]
    # Closed once every line is on an order, whether awarded now or in an earlier award.
    if not rfq.lines.filter(order_lines__isnull=True).exists():
        _save(rfq, {"status": RfqStatus.CLOSED}, actor=actor)
    return pos


# --- attachments ------------------------------------------------------------------------------


def _attach_all(
    actor: Any,
    owner: Organization,
    attachments: Sequence[tuple[Any, str]],
    *,
    rfq: Rfq | None = None,
    quote: Quote | None = None,
) -> list[Attachment]:
    """Check every file first (a refused one and none is stored), then store them."""
    if not attachments:
        return []
    _require(actor, owner)
    checked = [(check_upload(file), file, kind) for file, kind in attachments]
    out = []
    for info, file, kind in checked:
        attachment = Attachment(
            rfq=rfq,
            quote=quote,
            kind=kind or AttachmentKind.DRAWING,
            original_name=info.original_name,
            content_type=info.content_type,
            size=info.size,
            sha256=info.sha256,
            owner=owner,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        attachment.file.save(info.stored_name, file, save=False)
        try:
            out.append(_save(attachment, {}, actor=actor))
        except Exception:
            attachment.file.storage.delete(attachment.file.name)
            raise
    return out


@transaction.atomic
def attachment_add(
    *,
    actor: Any,
    file: Any,
    kind: str = AttachmentKind.DRAWING,
    rfq: Rfq | None = None,
    quote: Quote | None = None,
) -> Attachment:
    """Attach a file to an RFQ (by its buyer, while a draft or sent) or to a quote (by its
    supplier, while a draft). Refused with ``attachment_type``, ``attachment_too_large`` or
    ``attachment_empty``, nothing stored."""
    if rfq is not None and quote is None:
        owner = rfq.buyer
        if rfq.status not in (RfqStatus.DRAFT, RfqStatus.SENT):
            raise ValidationError(_("This RFQ is closed."), code="rfq_closed")
    elif quote is not None and rfq is None:
        owner = quote.supplier
        if quote.status != QuoteStatus.DRAFT:
            raise ValidationError(
                _("This supplier has already answered the RFQ."), code="quote_already_answered"
            )
    else:
        raise ValueError("Give exactly one of rfq and quote.")
    _require(actor, owner)
    return _attach_all(actor, owner, [(file, kind)], rfq=rfq, quote=quote)[0]


@transaction.atomic
def rfq_attach(*, actor: Any, rfq: Rfq, attachments: Sequence[tuple[Any, str]]) -> list[Attachment]:
    """Add drawings to an RFQ after it was written (by its buyer, while a draft or sent):
    ``(file, kind)`` pairs, all checked before any is stored."""
    _require(actor, rfq.buyer)
    if rfq.status not in (RfqStatus.DRAFT, RfqStatus.SENT):
        raise ValidationError(_("This RFQ is closed."), code="rfq_closed")
    if not attachments:
        raise ValidationError(_("Choose at least one file."), code="attachment_missing")
    return _attach_all(actor, rfq.buyer, attachments, rfq=rfq)


@transaction.atomic
def attachment_delete(*, actor: Any, attachment: Attachment) -> None:
    """Remove a file: only the uploading firm, only while its RFQ is a draft or sent or its
    quote a draft. The file leaves the disk once the deletion is committed."""
    require(can_change_attachment(actor, attachment))
    storage, name = attachment.file.storage, attachment.file.name
    with set_actor(actor):
        attachment.delete()
    transaction.on_commit(lambda: storage.delete(name))
