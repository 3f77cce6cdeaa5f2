"""Outsourcing between members and agreed prices with their revisions (demo).

Built after the buyers' orders (:mod:`renkei.demo.orders`):

- **Outsourcing.** A machine shop or press shop that received a buyer's order often sends the
  parts out for finishing: plating, painting, heat treatment. The first three member firms
  (whose logins a presenter uses) and about a third of the others do so with one or two of the
  cluster's finishing specialists (members with a surface or heat-treatment capability), for
  about half of the orders they receive, a few days after receiving them. These purchase orders
  (numbered ``GC-yymm-nnnn`` per firm) are delivered and inspected like the buyers' ones, so a
  member's 外注管理表 has delivered, late and still open lines. The suppliers the QCD stories
  are about (``orders.worsening_supplier``, ``orders.incident_supplier``) get no such orders:
  their figures stay the story.
- **Agreed prices.** Every outsourced job has its price master: revision 1 when the business
  began (two years before the build's ``ctx.today``), for most an energy or material surcharge
  on the 1 July before the current fiscal year and for half an annual revision on 1 April, when
  the fiscal year (年度) of ``ctx.today`` began; the outsourcing lines are priced by the
  revision in force on their order date. For about a third of the buyers' parts the buyers'
  master holds the same story ending at today's sourcing price (a steel surcharge, then the
  annual revision), and the buyers' earlier order lines are re-priced to the revision in force
  when they were ordered.

Every draw comes from ``ctx.rng("outsourcing", ...)``.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from renkei.demo.plans import DemoContext, fiscal_year
from renkei.orders.models import (
    DefectClass,
    Inspection,
    OrderLine,
    PriceRevision,
    PurchaseOrder,
    QuotePriceBreak,
    Receipt,
)
from renkei.registry.models import Capability, Organization, OrganizationKind

FIRST_SENDERS = 3  # m001–m003 always outsource: the logins a presenter opens
SENDER_SHARE = 0.3
OUTSOURCED_SHARE = 0.45  # of the received orders, those sent out for finishing
BUYER_PRICE_SHARE = 0.35  # of the buyers' parts, those with a revision history
FINISHING = ("surface", "heat")
DEFECTS = {
    "plating": (DefectClass.PLATING, DefectClass.APPEARANCE),
    "painting": (DefectClass.APPEARANCE, DefectClass.FOREIGN_MATTER),
    "heat": (DefectClass.DIMENSION, DefectClass.OTHER),
}
REASON_FIRST = "新規取引"
REASON_ENERGY = "エネルギー費高騰"
REASON_MATERIAL = "材料費高騰"
REASON_ANNUAL = "年次改定"
WRITTEN_MODELS = 6
CENT = Decimal("0.01")
HALF_YEN = Decimal("0.5")


def annual_day(today: dt.date) -> dt.date:
    """年次改定: the first day of the fiscal year ``today`` falls in."""
    return dt.date(fiscal_year(today), 4, 1)


def surcharge_day(today: dt.date) -> dt.date:
    """材料費・エネルギー費の高騰: the 1 July of the fiscal year before ``today``'s."""
    return dt.date(fiscal_year(today) - 1, 7, 1)


@dataclass
class Finisher:
    org: Organization
    processes: list[tuple[str, str, str]]  # (code, 日本語名, category)


@dataclass
class Job:
    """One outsourced job's price master: what, from whom, and its revisions."""

    buyer: Organization
    supplier: Organization
    description: str
    category: str
    revisions: list[tuple[dt.date, Decimal, str]] = field(default_factory=list)

    def price_on(self, day: dt.date) -> Decimal:
        return [price for start, price, _ in self.revisions if start <= day][-1]


def build(ctx: DemoContext) -> None:
    ctx.progress(0.05, "outsourcing")
    members = [
        ctx.organizations[plan.key]
        for plan in ctx.plans_of_kind(OrganizationKind.MEMBER)
        if plan.key in ctx.organizations
    ]
    story = {
        ctx.highlights.get("orders.worsening_supplier"),
        ctx.highlights.get("orders.incident_supplier"),
    }
    finishers = _finishers(members, story)
    received = _received_orders(members)
    pos: list[PurchaseOrder] = []
    lines: list[OrderLine] = []
    jobs: dict[tuple[int, int, str], Job] = {}
    for index, sender in enumerate(members):
        rng = ctx.rng("outsourcing", sender.corporate_number)
        chosen = index < FIRST_SENDERS or rng.random() < SENDER_SHARE
        partners = [f for f in finishers if f.org.pk != sender.pk]
        if not chosen or not partners or sender.pk in {f.org.pk for f in finishers}:
            continue
        picked = rng.sample(partners, k=min(len(partners), rng.choice((1, 2))))
        _outsource(ctx, rng, sender, picked, received.get(sender.pk, []), pos, lines, jobs)
    ctx.progress(0.3, "outsourcing")
    numbers: dict[int, int] = defaultdict(int)
    pos.sort(key=lambda po: (po.buyer_id, po.order_date, po.supplier_id))
    for po in pos:
        numbers[po.buyer_id] += 1
        po.number = f"GC-{po.order_date:%y%m}-{numbers[po.buyer_id]:04d}"
    _bulk(ctx, 1, PurchaseOrder, pos)
    _bulk(ctx, 2, OrderLine, lines)
    receipts: list[Receipt] = []
    inspections: list[Inspection] = []
    overdue = _overdue(lines, ctx.today)
    for line in lines:
        job = jobs[(line.po.buyer_id, line.po.supplier_id, line.description)]
        _deliver(ctx, line, job, receipts, inspections, overdue=id(line) in overdue)
    _bulk(ctx, 3, Receipt, receipts)
    _bulk(ctx, 4, Inspection, inspections)
    revisions = [
        PriceRevision(
            buyer=job.buyer,
            supplier=job.supplier,
            description=job.description,
            revision=n,
            unit_price=price,
            effective_from=start,
            reason=reason,
        )
        for job in jobs.values()
        for n, (start, price, reason) in enumerate(job.revisions, start=1)
    ]
    revisions += _buyer_price_history(ctx)
    _bulk(ctx, 6, PriceRevision, revisions)


def reset() -> None:
    """Delete the price masters (the outsourcing orders go with the orders module's reset)."""
    PriceRevision.objects.all().delete()


# --- who finishes, who sends ------------------------------------------------------------------


def _finishers(members: list[Organization], story: set[str | None]) -> list[Finisher]:
    """Members with a surface or heat-treatment capability, in member order."""
    offered: dict[int, dict[str, tuple[str, str, str]]] = defaultdict(dict)
    rows = Capability.objects.filter(
        site__organization__in=members, process__category__code__in=FINISHING
    ).values_list(
        "site__organization_id", "process__code", "process__name_ja", "process__category__code"
    )
    for org_id, code, name, category in rows:
        offered[org_id][code] = (code, name, category)
    return [
        Finisher(org, sorted(offered[org.pk].values()))
        for org in members
        if org.pk in offered and org.corporate_number not in story
    ]


class Received(NamedTuple):
    """A line of a buyer's order a member received (what it may send out for finishing)."""

    order_date: dt.date
    subject: str
    qty: Decimal
    unit_price: Decimal


def _received_orders(members: list[Organization]) -> dict[int, list[list[Received]]]:
    """The buyers' orders each member received: per member, lists of lines per order."""
    by_po: dict[int, list[Received]] = defaultdict(list)
    supplier_of: dict[int, int] = {}
    rows = (
        OrderLine.objects.filter(po__supplier__in=members, po__buyer__kind=OrganizationKind.BUYER)
        # Natural keys to the end: two buyers may number their orders alike, and a tie left to
        # the database comes back in whatever order its pages hold the rows (PostgreSQL after
        # other tests), so the same seed would build other outsourced orders.
        .order_by(
            "po__supplier__corporate_number",
            "po__order_date",
            "po__buyer__corporate_number",
            "po__number",
            "line_no",
        )
        .values_list(
            "po_id",
            "po__supplier_id",
            "po__order_date",
            "item__name",
            "description",
            "qty_ordered",
            "unit_price",
        )
    )
    for po_id, supplier_id, day, name, description, qty, price in rows:
        by_po[po_id].append(Received(day, name or description, qty, price))
        supplier_of[po_id] = supplier_id
    out: dict[int, list[list[Received]]] = defaultdict(list)
    for po_id, po_lines in by_po.items():
        out[supplier_of[po_id]].append(po_lines)
    return out


# --- the outsourced orders --------------------------------------------------------------------


def _round(value: Decimal, step: Decimal = HALF_YEN) -> Decimal:
    return ((value / step).quantize(Decimal(1), rounding=ROUND_HALF_UP) * step).quantize(CENT)


def _history(
    ctx: DemoContext, rng: random.Random, base: Decimal, surcharge_reason: str
) -> list[tuple[dt.date, Decimal, str]]:
    """Revision 1 from the start of the history, maybe a surcharge the July before last,
    maybe an annual revision this April."""
    revisions = [(ctx.start, base, REASON_FIRST)]
    price = base
    if rng.random() < 0.65:
        price = _round(price * Decimal(str(1 + rng.uniform(0.04, 0.09))))
        revisions.append((surcharge_day(ctx.today), price, surcharge_reason))
    if rng.random() < 0.5:
        price = _round(price * Decimal(str(1 + rng.uniform(-0.03, 0.04))))
        revisions.append((annual_day(ctx.today), price, REASON_ANNUAL))
    return revisions


def _weekday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=(7 - day.weekday()) if day.weekday() >= 5 else 0)


def _outsource(
    ctx: DemoContext,
    rng: random.Random,
    sender: Organization,
    partners: list[Finisher],
    received: list[list[Received]],
    pos: list[PurchaseOrder],
    lines: list[OrderLine],
    jobs: dict[tuple[int, int, str], Job],
) -> None:
    """About half of ``sender``'s received orders go to a partner for one finishing process."""
    process = {f.org.pk: rng.choice(f.processes) for f in partners}
    for po_lines in received:
        if rng.random() >= OUTSOURCED_SHARE:
            continue
        partner = rng.choice(partners).org
        code, process_name, category = process[partner.pk]
        day = _weekday_on_or_after(po_lines[0].order_date + dt.timedelta(rng.randint(1, 3)))
        if day > ctx.today:
            continue
        po = PurchaseOrder(buyer=sender, supplier=partner, number="", order_date=day)
        pos.append(po)
        promised = _weekday_on_or_after(day + dt.timedelta(days=rng.randint(5, 10)))
        for n, received_line in enumerate(po_lines[:3], start=1):
            description = f"{received_line.subject} {process_name}"
            key = (sender.pk, partner.pk, description)
            if key not in jobs:
                job_rng = ctx.rng(
                    "outsourcing", "price", sender.corporate_number, partner.corporate_number,
                    description,
                )  # fmt: skip
                share = Decimal(str(job_rng.uniform(0.06, 0.15)))
                base = max(Decimal(3), _round(received_line.unit_price * share))
                reason = (
                    REASON_ENERGY if category == "heat" or code == "plating" else REASON_MATERIAL
                )
                jobs[key] = Job(
                    sender, partner, description, _defect_kind(code, category),
                    _history(ctx, job_rng, base, reason),
                )  # fmt: skip
            lines.append(
                OrderLine(
                    po=po,
                    line_no=n,
                    description=description,
                    qty_ordered=received_line.qty,
                    unit_price=jobs[key].price_on(day),
                    promised_date=promised,
                )
            )


def _defect_kind(code: str, category: str) -> str:
    if category == "heat":
        return "heat"
    return "plating" if code in ("plating", "anodizing", "chemical-conversion") else "painting"


def _overdue(lines: list[OrderLine], today: dt.date) -> set[int]:
    """Each firm's last order already due on the demo's today: only partly delivered, the rest
    overdue (a 納期遅れ row in every outsourcing table)."""
    last: dict[int, dt.date] = {}
    for line in lines:
        if line.promised_date < today:
            day = line.po.order_date
            last[line.po.buyer_id] = max(last.get(line.po.buyer_id, day), day)
    return {
        id(line)
        for line in lines
        if line.po.order_date == last.get(line.po.buyer_id) and line.promised_date < today
    }


def _deliver(
    ctx: DemoContext,
    line: OrderLine,
    job: Job,
    receipts: list[Receipt],
    inspections: list[Inspection],
    *,
    overdue: bool = False,
) -> None:
    po = line.po
    rng = ctx.rng("outsourcing", po.number, po.buyer.corporate_number, line.line_no)
    promised = line.promised_date
    # The last fortnight is the busy season of the finishing shops: more of it is late, and
    # some of it is still outstanding on the demo's today (納期遅れ in the 外注管理表).
    recent = promised >= ctx.today - dt.timedelta(days=14)
    if rng.random() < (0.35 if recent else 0.09):  # late
        delay = rng.randint(3, 15) if recent else rng.randint(1, 8)
        first = _weekday_on_or_after(promised + dt.timedelta(days=delay))
    else:
        first = max(po.order_date, promised - dt.timedelta(days=rng.choice((0, 0, 1, 2))))
    total = line.qty_ordered
    whole = total == total.to_integral_value()
    parts = [(first, total)]
    if overdue:
        part = (total * Decimal(str(rng.choice((0.4, 0.5, 0.6))))).quantize(
            Decimal(1) if whole else Decimal("0.1")
        )
        parts = [(min(first, promised), part)]  # the rest is still outstanding
    elif rng.random() < 0.12 and total >= 2:
        part = (total * Decimal(str(rng.choice((0.5, 0.6, 0.8))))).quantize(
            Decimal(1) if whole else Decimal("0.1")
        )
        parts = [
            (first, part),
            (_weekday_on_or_after(first + dt.timedelta(rng.randint(2, 7))), total - part),
        ]
    for received, qty in parts:
        if received > ctx.today or qty <= 0:
            continue
        receipt = Receipt(order_line=line, received_date=received, qty_received=qty)
        receipts.append(receipt)
        if (ctx.today - received).days < 2:
            continue  # not inspected yet
        rejected = Decimal(0)
        defect = ""
        if rng.random() < 0.06:
            share = rng.uniform(0.005, 0.03)
            value = float(qty) * share
            rejected = Decimal(max(1, round(value))) if whole else Decimal(str(round(value, 1)))
            rejected = min(max(rejected, Decimal("0.1")), qty)
            defect = rng.choice(DEFECTS[job.category])
        inspections.append(
            Inspection(
                receipt=receipt, qty_inspected=qty, qty_rejected=rejected, defect_class=defect
            )
        )


# --- the buyers' price masters ----------------------------------------------------------------


def _buyer_price_history(ctx: DemoContext) -> list[PriceRevision]:
    """Revision histories for a share of the buyers' parts, ending at today's price; the
    earlier order lines are re-priced to the revision in force on their order date."""
    orgs = {org.pk: org for org in ctx.organizations.values()}
    rows = (
        OrderLine.objects.filter(po__buyer__kind=OrganizationKind.BUYER, item__isnull=False)
        .order_by("po__order_date", "pk")
        .values_list(
            "pk", "po__buyer_id", "po__supplier_id", "item_id", "item__code", "po__order_date",
            "unit_price",
        )
    )  # fmt: skip
    by_key: dict[tuple[str, str, str], list[tuple[int, dt.date, Decimal]]] = defaultdict(list)
    ids: dict[tuple[str, str, str], tuple[int, int, int]] = {}
    for pk, buyer_id, supplier_id, item_id, code, day, price in rows:
        key = (orgs[buyer_id].corporate_number, code, orgs[supplier_id].corporate_number)
        by_key[key].append((pk, day, price))
        ids[key] = (buyer_id, supplier_id, item_id)
    revisions: list[PriceRevision] = []
    repriced: dict[Decimal, list[int]] = defaultdict(list)
    for key in sorted(by_key):
        rng = ctx.rng("outsourcing", "buyer-price", *key)
        if rng.random() >= BUYER_PRICE_SHARE:
            continue
        key_lines = by_key[key]
        steps: list[tuple[dt.date, float, str]] = []
        if rng.random() < 0.8:
            steps.append((surcharge_day(ctx.today), rng.uniform(0.03, 0.08), REASON_MATERIAL))
        if rng.random() < 0.6:
            steps.append((annual_day(ctx.today), rng.uniform(-0.02, 0.03), REASON_ANNUAL))
        history = _backwards(ctx.start, key_lines[-1][2], steps)
        buyer_id, supplier_id, item_id = ids[key]
        for n, (start, price, reason) in enumerate(history, start=1):
            revisions.append(
                PriceRevision(
                    buyer_id=buyer_id,
                    supplier_id=supplier_id,
                    item_id=item_id,
                    revision=n,
                    unit_price=price,
                    effective_from=start,
                    reason=reason,
                )
            )
        for pk, day, price in key_lines:
            agreed = [p for start, p, _ in history if start <= day][-1]
            if price != agreed:
                repriced[agreed].append(pk)
    for price, pks in repriced.items():
        _requote(pks, price)
        OrderLine.objects.filter(pk__in=pks).update(unit_price=price)
    ctx.counts["orderline_repriced"] = sum(len(pks) for pks in repriced.values())
    return revisions


def _requote(line_pks: list[int], price: Decimal) -> None:
    """Keep the RFQs behind re-priced lines true: the quotes of the line's item on its RFQ
    move by the same ratio, and the winner's break at the ordered quantity is the new price
    (the first agreed price is the one the RFQ found)."""
    lines = OrderLine.objects.filter(pk__in=line_pks, po__rfq__isnull=False).values_list(
        "po__rfq_id", "po__supplier_id", "item_id", "qty_ordered", "unit_price"
    )
    for rfq_id, supplier_id, item_id, qty, old in lines:
        if not old:
            continue
        ratio = price / old
        breaks = QuotePriceBreak.objects.filter(
            quote_line__rfq_line__rfq_id=rfq_id, quote_line__rfq_line__item_id=item_id
        ).select_related("quote_line__quote")
        winner = None
        for brk in breaks:
            mine = brk.quote_line.quote.supplier_id == supplier_id
            if mine and brk.min_qty <= qty and (winner is None or brk.min_qty > winner.min_qty):
                winner = brk
            brk.unit_price = (brk.unit_price * ratio).quantize(CENT)
        if winner is not None:
            winner.unit_price = price
        QuotePriceBreak.objects.bulk_update(list(breaks), ["unit_price"])


def _backwards(
    start: dt.date, today_price: Decimal, steps: list[tuple[dt.date, float, str]]
) -> list[tuple[dt.date, Decimal, str]]:
    """Revisions that end at ``today_price``: each step's rise undone going back in time."""
    prices = [today_price]
    for _start, rise, _reason in reversed(steps):
        prices.insert(0, max(Decimal("0.01"), (prices[0] / Decimal(str(1 + rise))).quantize(CENT)))
    starts = [start, *(day for day, _, _ in steps)]
    reasons = [REASON_FIRST, *(reason for _, _, reason in steps)]
    return list(zip(starts, prices, reasons, strict=True))


# --- writing ----------------------------------------------------------------------------------


def _bulk(ctx: DemoContext, step: int, model: Any, objs: list[Any]) -> None:
    model._default_manager.bulk_create(objs, batch_size=500)
    name = model._meta.model_name or model.__name__
    ctx.counts[name] = ctx.counts.get(name, 0) + len(objs)
    ctx.progress(0.3 + 0.7 * step / WRITTEN_MODELS, "outsourcing")
