"""The demo's requests for quotation: where the history's purchase orders came from, one recent
award split across two suppliers, a few open RFQs, and a couple of drawings.

- **History.** The first order of every buyer–supplier–item relationship, and a share of the
  later ones (a yearly 相見積), came from an RFQ sent one to three weeks before to the supplier
  and one to three other firms that make parts of the same kind: the chosen supplier's quote
  has price breaks around the ordered price (the break the quantity reaches is exactly the
  ordered price), a competitor quoted higher, another declined with a reason. The RFQ is
  closed and the order points at it.
- **Split award.** A recent RFQ of two parts to two suppliers, each cheaper on one part: two
  purchase orders, one per supplier, from the one RFQ (``quotations.split_rfq`` in
  ``ctx.highlights``), with a drawing per part.
- **Open RFQs.** A few recent RFQs per buyer: answered (a quote, a refusal, a draft), open,
  or still the buyer's draft.

Every draw comes from ``ctx.rng("orders", ...)``; drawings are tiny PDFs made in code
(:mod:`renkei.demo.drawings`) under UUIDs drawn from the same generators.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile

from renkei.demo.drawings import drawing_pdf
from renkei.demo.orders import (
    DECLINE_REASONS,
    Line,
    _corp,
    _holiday,
    _lot,
    _weekday_on_or_after,
)
from renkei.demo.plans import DemoContext
from renkei.orders.files import safe_name
from renkei.orders.models import (
    Attachment,
    AttachmentKind,
    OrderLine,
    PurchaseOrder,
    Quote,
    QuoteLine,
    QuotePriceBreak,
    QuoteStatus,
    Rfq,
    RfqLine,
    RfqRecipient,
    RfqStatus,
    private_storage,
)
from renkei.registry.models import Organization

ALL = "*"  # every supplier, whatever it makes
RE_QUOTE_SHARE = 0.07  # later orders that went through a fresh RFQ (相見積)
MATERIALS = ("SS400", "SPCC", "S45C", "A5052", "SUS304", "C3604")

Bulk = Callable[[DemoContext, int, type, list[Any]], None]


@dataclass
class RfqBatch:
    """The RFQ rows of one build, written together before the purchase orders."""

    rfqs: list[Rfq] = field(default_factory=list)
    created: list[dt.datetime] = field(default_factory=list)
    lines: list[RfqLine] = field(default_factory=list)
    recipients: list[RfqRecipient] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quote_lines: list[QuoteLine] = field(default_factory=list)
    breaks: list[QuotePriceBreak] = field(default_factory=list)
    drawings: list[tuple[Attachment, bytes]] = field(default_factory=list)

    def rfq(self, buyer: Organization, title: str, asked: dt.date, **fields: Any) -> Rfq:
        rfq = Rfq(buyer=buyer, title=title, **fields)
        self.rfqs.append(rfq)
        self.created.append(dt.datetime.combine(asked, dt.time(9, 30), tzinfo=dt.UTC))
        return rfq

    def quote_line(self, quote: Quote, rfq_line: RfqLine, prices: list[tuple[Decimal, float]]):
        quote_line = QuoteLine(quote=quote, rfq_line=rfq_line)
        self.quote_lines.append(quote_line)
        for min_qty, price in prices:
            self.breaks.append(
                QuotePriceBreak(
                    quote_line=quote_line,
                    min_qty=min_qty,
                    unit_price=Decimal(str(round(price, 2))),
                )
            )


def _title(items: list[Any], asked: dt.date) -> str:
    more = " ほか" if len(items) > 1 else ""
    return f"{items[0].name}{more} 見積依頼 ({asked:%Y年%m月})"


def _breaks_around(qty: Decimal, price: Decimal) -> list[tuple[Decimal, float]]:
    """Breaks whose step at ``qty`` is exactly ``price``: dearer below, cheaper at 3×."""
    p = float(price)
    return [(Decimal(0), p * 1.06), (qty, float(price)), (qty * 3, p * 0.95)]


def _capable(lines: list[Line]) -> dict[str, list[Organization]]:
    """The suppliers of each kind of part (category of the first process), by corporate number."""
    by_category: dict[str, dict[int, Organization]] = defaultdict(dict)
    for line in lines:
        by_category[line.category][line.supplier.pk] = line.supplier
        by_category[ALL][line.supplier.pk] = line.supplier
    return {cat: sorted(orgs.values(), key=_corp) for cat, orgs in by_category.items()}


def _quote_competitors(
    rng: Any,
    batch: RfqBatch,
    rfq: Rfq,
    rfq_lines: list[RfqLine],
    prices: list[Decimal],
    others: list[Organization],
    asked: dt.date,
    lead_days: int,
) -> None:
    """The losing answers: dearer quotes, and the last of two or more competitors declines
    (a lone competitor declines one time in three)."""
    for n, other in enumerate(others):
        last = n == len(others) - 1
        if (last and n > 0) or (len(others) == 1 and rng.random() < 0.35):
            reason = rng.choice(DECLINE_REASONS)
            batch.quotes.append(
                Quote(rfq=rfq, supplier=other, status=QuoteStatus.DECLINED, decline_reason=reason)
            )
            continue
        quote = Quote(
            rfq=rfq,
            supplier=other,
            status=QuoteStatus.SUBMITTED,
            valid_until=asked + dt.timedelta(days=90),
            lead_time_days=max(1, lead_days + rng.randint(-2, 7)),
        )
        batch.quotes.append(quote)
        for rfq_line, price in zip(rfq_lines, prices, strict=True):
            batch.quote_line(
                quote, rfq_line, _breaks_around(rfq_line.quantity, _dearer(price, rng))
            )


def _rfq_for_order(
    ctx: DemoContext,
    batch: RfqBatch,
    po: PurchaseOrder,
    lines: list[tuple[OrderLine, Line]],
    capable: dict[str, list[Organization]],
) -> Rfq:
    """The closed RFQ an order came from, its answers, and the order linked to it."""
    rng = ctx.rng("orders", "rfq-history", po.buyer.corporate_number, po.number)
    asked = po.order_date - dt.timedelta(days=rng.randint(7, 21))
    rfq = batch.rfq(
        po.buyer,
        _title([line.item for _ol, line in lines], asked),
        asked,
        needed_by=min(ol.promised_date for ol, _line in lines),
        status=RfqStatus.CLOSED,
    )
    rfq_lines = []
    for n, (ol, line) in enumerate(lines, start=1):
        rfq_line = RfqLine(
            rfq=rfq, line_no=n, item=line.item, quantity=ol.qty_ordered, unit=line.item.unit
        )
        rfq_lines.append(rfq_line)
    batch.lines += rfq_lines
    category = lines[0][1].category
    pool = [s for s in capable.get(category) or capable[ALL] if s.pk != po.supplier_id]
    others = rng.sample(pool, k=min(len(pool), rng.randint(1, 3)))
    batch.recipients += [RfqRecipient(rfq=rfq, supplier=s) for s in [po.supplier, *others]]
    lead_days = max(line.lead_days for _ol, line in lines)
    won = Quote(
        rfq=rfq,
        supplier=po.supplier,
        status=QuoteStatus.SUBMITTED,
        valid_until=asked + dt.timedelta(days=90),
        lead_time_days=lead_days,
    )
    batch.quotes.append(won)
    for rfq_line, (ol, _line) in zip(rfq_lines, lines, strict=True):
        batch.quote_line(won, rfq_line, _breaks_around(ol.qty_ordered, ol.unit_price))
    prices = [ol.unit_price for ol, _line in lines]
    _quote_competitors(rng, batch, rfq, rfq_lines, prices, others, asked, lead_days)
    po.rfq = rfq
    return rfq


def history(
    ctx: DemoContext,
    pos: list[PurchaseOrder],
    order_lines: list[tuple[OrderLine, Line]],
    lines: list[Line],
    batch: RfqBatch,
) -> None:
    """Link the first order of each buyer–supplier–item relationship (and a share of the
    later ones) to the RFQ it came from."""
    by_po: dict[int, list[tuple[OrderLine, Line]]] = defaultdict(list)
    for ol, line in order_lines:
        by_po[id(ol.po)].append((ol, line))
    capable = _capable(lines)
    seen: set[tuple[int, int, int]] = set()
    for po in sorted(pos, key=lambda p: (p.order_date, p.buyer_id, p.supplier_id, p.number)):
        if po.rfq is not None:
            continue
        po_lines = by_po[id(po)]
        keys = {(po.buyer_id, po.supplier_id, line.item.pk) for _ol, line in po_lines}
        new = bool(keys - seen)
        seen |= keys
        rng = ctx.rng("orders", "re-quote", po.buyer.corporate_number, po.number)
        if new or rng.random() < RE_QUOTE_SHARE:
            _rfq_for_order(ctx, batch, po, po_lines, capable)


def split_award(
    ctx: DemoContext,
    lines: list[Line],
    pos: list[PurchaseOrder],
    order_lines: list[tuple[OrderLine, Line]],
    batch: RfqBatch,
) -> None:
    """A recent RFQ of two parts awarded to two suppliers, each cheaper on its part: two
    purchase orders from one RFQ, and a drawing per part."""
    rng = ctx.rng("orders", "split-award")
    by_buyer: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        by_buyer[line.buyer.pk].append(line)
    pair = None
    for buyer_lines in by_buyer.values():
        for x in buyer_lines:
            for y in buyer_lines:
                if x.supplier.pk < y.supplier.pk and x.item.pk != y.item.pk:
                    pair = (x, y)
                    break
            if pair:
                break
        if pair:
            break
    if pair is None:
        return
    x, y = pair
    buyer = x.buyer
    day = ctx.today - dt.timedelta(days=rng.randint(15, 25))
    while day.weekday() >= 5 or _holiday(day):
        day -= dt.timedelta(days=1)
    asked = day - dt.timedelta(days=rng.randint(8, 14))
    quantities = [_lot(ln.requirement * ln.share * 20, ln.item.unit) for ln in (x, y)]
    rfq = batch.rfq(
        buyer,
        _title([x.item, y.item], asked),
        asked,
        needed_by=_weekday_on_or_after(day + dt.timedelta(max(x.lead_days, y.lead_days))),
        status=RfqStatus.CLOSED,
    )
    rfq_lines = [
        RfqLine(rfq=rfq, line_no=n, item=ln.item, quantity=qty, unit=ln.item.unit)
        for n, (ln, qty) in enumerate(zip((x, y), quantities, strict=True), start=1)
    ]
    batch.lines += rfq_lines
    capable = _capable(lines)
    winners = (x.supplier.pk, y.supplier.pk)
    pool = [s for s in capable.get(x.category) or capable[ALL] if s.pk not in winners]
    third = pool[:1]
    batch.recipients += [
        RfqRecipient(rfq=rfq, supplier=s) for s in (x.supplier, y.supplier, *third)
    ]
    for winner in (x, y):
        quote = Quote(
            rfq=rfq,
            supplier=winner.supplier,
            status=QuoteStatus.SUBMITTED,
            valid_until=asked + dt.timedelta(days=60),
            lead_time_days=winner.lead_days,
        )
        batch.quotes.append(quote)
        for rfq_line, ln in zip(rfq_lines, (x, y), strict=True):
            price = ln.unit_price if ln is winner else _dearer(ln.unit_price, rng)
            batch.quote_line(quote, rfq_line, _breaks_around(rfq_line.quantity, price))
    for other in third:
        reason = rng.choice(DECLINE_REASONS)
        batch.quotes.append(
            Quote(rfq=rfq, supplier=other, status=QuoteStatus.DECLINED, decline_reason=reason)
        )
    for ln, qty in zip((x, y), quantities, strict=True):
        po = PurchaseOrder(buyer=buyer, supplier=ln.supplier, number="", order_date=day, rfq=rfq)
        pos.append(po)
        order_lines.append(
            (
                OrderLine(
                    po=po,
                    line_no=1,
                    item=ln.item,
                    qty_ordered=qty,
                    unit_price=ln.unit_price,
                    promised_date=_weekday_on_or_after(day + dt.timedelta(ln.lead_days)),
                ),
                ln,
            )
        )
    for n, ln in enumerate((x, y), start=1):
        _drawing(ctx, batch, rfq, ln, f"split-{n}")
    ctx.highlights["quotations.split_rfq"] = rfq.title


def _dearer(price: Decimal, rng: Any) -> Decimal:
    """A losing bid: 4 to 20 % above the winning price."""
    return price * Decimal(str(round(rng.uniform(1.04, 1.2), 3)))


def _drawing(ctx: DemoContext, batch: RfqBatch, rfq: Rfq, line: Line, label: str) -> None:
    rng = ctx.rng("orders", "drawing", rfq.buyer.corporate_number, label)
    item = line.item
    content = drawing_pdf(
        title=item.name,
        number=item.code,
        material=rng.choice(MATERIALS),
        issuer=rfq.buyer.name,
        width_mm=rng.choice((80, 120, 160, 200)),
        height_mm=rng.choice((40, 60, 90)),
    )
    name = f"図面_{item.code}_{item.name}.pdf"
    attachment = Attachment(
        uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
        rfq=rfq,
        kind=AttachmentKind.DRAWING,
        original_name=name,
        content_type="application/pdf",
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        owner=rfq.buyer,
    )
    batch.drawings.append((attachment, content))


def recent(ctx: DemoContext, lines: list[Line], batch: RfqBatch) -> None:
    """A few recent RFQs per buyer: one answered (a quote, a refusal, a draft), one open, one
    still the buyer's draft. The first open one has a drawing."""
    by_buyer: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        by_buyer[line.buyer.pk].append(line)
    suppliers = sorted({ln.supplier.pk: ln.supplier for ln in lines}.values(), key=_corp)
    drawn = False
    for buyer_lines in list(by_buyer.values())[:4]:
        buyer = buyer_lines[0].buyer
        rng = ctx.rng("orders", "rfq", buyer.corporate_number)
        for status in (RfqStatus.CLOSED, RfqStatus.SENT, RfqStatus.DRAFT):
            picked = rng.sample(buyer_lines, k=min(len(buyer_lines), rng.randint(1, 2)))
            asked = ctx.today - dt.timedelta(days=rng.randint(10, 100))
            rfq = batch.rfq(
                buyer,
                f"{picked[0].item.name} ほか 見積依頼 ({asked:%Y年%m月})",
                asked,
                needed_by=asked + dt.timedelta(days=rng.choice((30, 45, 60))),
                status=status,
            )
            first = len(batch.lines)
            for n, line in enumerate(picked, start=1):
                monthly = line.requirement * line.share * 20
                batch.lines.append(
                    RfqLine(
                        rfq=rfq,
                        line_no=n,
                        item=line.item,
                        quantity=_lot(monthly, line.item.unit),
                        unit=line.item.unit,
                    )
                )
            if status == RfqStatus.SENT and not drawn:
                _drawing(ctx, batch, rfq, picked[0], "open")
                drawn = True
            current = [ln.supplier for ln in picked]
            others = [s for s in suppliers if s not in current]
            to = list(dict.fromkeys([*current, *rng.sample(others, k=min(len(others), 2))]))
            batch.recipients += [RfqRecipient(rfq=rfq, supplier=s) for s in to]
            if status == RfqStatus.DRAFT:
                continue  # not sent: nobody has seen it
            answers = (QuoteStatus.SUBMITTED, QuoteStatus.DECLINED, QuoteStatus.DRAFT)
            for supplier, answer in zip(to, answers, strict=False):
                quote = Quote(rfq=rfq, supplier=supplier, status=answer)
                batch.quotes.append(quote)
                if answer == QuoteStatus.DECLINED:
                    quote.decline_reason = rng.choice(DECLINE_REASONS)
                    continue
                quote.valid_until = asked + dt.timedelta(days=90)
                quote.lead_time_days = picked[0].lead_days + rng.randint(0, 5)
                for rfq_line, line in zip(batch.lines[first:], picked, strict=True):
                    price = float(line.unit_price) * rng.uniform(0.92, 1.08)
                    batch.quote_line(
                        quote,
                        rfq_line,
                        [
                            (rfq_line.quantity * step, price * discount)
                            for step, discount in ((0, 1.0), (1, 0.97), (3, 0.93))
                        ],
                    )


def write(ctx: DemoContext, batch: RfqBatch, bulk: Bulk, first_step: int) -> None:
    """Write the RFQ rows (before the purchase orders that point at them)."""
    bulk(ctx, first_step, Rfq, batch.rfqs)
    # Dated when they were asked (auto_now_add stamps the build's clock on insert).
    by_time: dict[dt.datetime, list[int]] = defaultdict(list)
    for rfq, when in zip(batch.rfqs, batch.created, strict=True):
        by_time[when].append(rfq.pk)
    for when, pks in by_time.items():
        Rfq.objects.filter(pk__in=pks).update(created_at=when, updated_at=when)
    bulk(ctx, first_step + 1, RfqLine, batch.lines)
    bulk(ctx, first_step + 2, RfqRecipient, batch.recipients)
    bulk(ctx, first_step + 3, Quote, batch.quotes)
    bulk(ctx, first_step + 4, QuoteLine, batch.quote_lines)
    bulk(ctx, first_step + 5, QuotePriceBreak, batch.breaks)


def write_drawings(ctx: DemoContext, batch: RfqBatch, bulk: Bulk, step: int) -> None:
    """Store the drawings' files, then their rows."""
    storage = private_storage()
    attachments = []
    for attachment, content in batch.drawings:
        ext = "pdf"
        path = f"orders/attachments/{attachment.uuid}/{safe_name(attachment.original_name, ext)}"
        storage.delete(path)  # a file left by an interrupted build
        attachment.file.name = storage.save(path, ContentFile(content))
        attachments.append(attachment)
    bulk(ctx, step, Attachment, attachments)


def delete_files() -> None:
    """Remove the attachments' files (before their rows go)."""
    storage = private_storage()
    for name in Attachment.objects.values_list("file", flat=True):
        if name:
            storage.delete(name)
