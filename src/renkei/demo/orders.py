"""The orders domain of the demo: two years of purchase orders, deliveries and inspections, up
to the build's ``ctx.today``.

Every buyer orders each part from the member firms that supply it today (the active
:class:`~renkei.supply.models.Sourcing` rows the supply module wrote: the supplier is the
sourcing site's organisation, the unit price and lead time are the row's). Each buyer–supplier
pair has its own rhythm (a purchase order every three to eight weeks on a fixed weekday, every week or two for the two suppliers below), each line
asks for the pair's share of the part's requirement over the interval, and the promised date is
the order date plus the lead time (moved off a weekend).

The story the QCD pages should tell is planted, not left to chance:

- seasonal peaks: more is ordered in March (年度末) and December (年末), less in August (お盆)
  and during the holidays, and deliveries slip more often in the peaks;
- one supplier whose on-time rate worsens over the last six months (``worsening_supplier``);
- one supplier with a quality incident: a month in which most lots fail incoming inspection,
  mostly 寸法不良 or めっき不良 (``incident_supplier``, ``incident_month``);
- lines ordered in the last weeks that are not due yet, and some partly delivered;
- the RFQs the orders came from, a recent award split across two suppliers, a handful of
  recent RFQs with quotes submitted, declined with a reason, or still a draft, and a couple of
  drawings (:mod:`renkei.demo.quotations`).

The chosen suppliers are recorded in ``ctx.highlights`` (by corporate number) so that the
printed summary and the tests can name them. Every draw comes from ``ctx.rng("orders", ...)``.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models
from django.db.models import F

from renkei.demo.plans import DemoContext, months_before
from renkei.orders.models import (
    Attachment,
    DefectClass,
    Inspection,
    OrderLine,
    PurchaseOrder,
    Quote,
    QuoteLine,
    QuotePriceBreak,
    Receipt,
    Rfq,
    RfqLine,
    RfqRecipient,
)
from renkei.registry.models import Organization, OrganizationKind
from renkei.supply.models import BomLine, Item, ItemKind, RoutingStep, Sourcing, SourcingStatus

WORSENING_DAYS = 183  # the worsening supplier's last six months
WORKING_DAYS_A_WEEK = 5
# Month -> how much more (or less) the buyers order: 年度末 and 年末 peaks, お盆 and holidays.
SEASON = {1: 0.85, 2: 1.0, 3: 1.4, 4: 0.95, 5: 0.85, 6: 1.0, 7: 1.0, 8: 0.75, 9: 1.05, 10: 1.0}
SEASON |= {11: 1.05, 12: 1.35}
PEAK_MONTHS = frozenset({3, 12})
CADENCE_WEEKS = (3, 4, 4, 6, 8)  # weeks between orders; the two stories order weekly-ish
SAMPLE_SIZES = ((280, 50), (500, 80), (1200, 125), (3200, 200), (10_000, 315))  # JIS Z 9015-ish
# The defect classes incoming inspection finds, by the category of the part's first process.
DEFECTS_BY_CATEGORY = {
    "cutting": (DefectClass.DIMENSION, DefectClass.BURR, DefectClass.APPEARANCE),
    "forming": (DefectClass.BURR, DefectClass.DIMENSION, DefectClass.APPEARANCE),
    "joining": (DefectClass.WELDING, DefectClass.DIMENSION, DefectClass.APPEARANCE),
    "moulding": (DefectClass.APPEARANCE, DefectClass.DIMENSION, DefectClass.FOREIGN_MATTER),
    "surface": (DefectClass.PLATING, DefectClass.APPEARANCE, DefectClass.FOREIGN_MATTER),
    "heat": (DefectClass.DIMENSION, DefectClass.OTHER, DefectClass.APPEARANCE),
    "assembly": (DefectClass.COUNT, DefectClass.APPEARANCE, DefectClass.OTHER),
}
DEFAULT_DEFECTS = (DefectClass.DIMENSION, DefectClass.APPEARANCE, DefectClass.COUNT)
INCIDENT_NOTE = "ロット不良: 是正処置報告書(8D)を要求済み"
DECLINE_REASONS = (
    "設備の稼働が埋まっており、ご希望の納期に対応できません。",
    "ご指定の材質は当社では扱っておりません。",
    "ロット数が当社の設備規模に合わないため辞退いたします。",
)
WRITTEN_MODELS = 11


@dataclass
class Line:
    """One active sourcing row of a buyer's part at a member firm."""

    buyer: Organization
    supplier: Organization
    item: Item
    category: str
    share: float
    lead_days: int
    unit_price: Decimal
    requirement: float  # units per day over the buyer's products


@dataclass
class Profile:
    """How one supplier delivers."""

    late_rate: float
    defect_rate: float  # share of lots with some rejected parts
    worsening: bool = False
    incident_month: tuple[int, int] | None = None


def build(ctx: DemoContext) -> None:
    ctx.progress(0.05, "orders")
    lines = _load_lines(ctx)
    by_pair: dict[tuple[int, int], list[Line]] = defaultdict(list)
    for line in lines:
        by_pair[(line.buyer.pk, line.supplier.pk)].append(line)
    profiles = _profiles(ctx, lines)
    ctx.progress(0.2, "orders")

    pos: list[PurchaseOrder] = []
    order_lines: list[tuple[OrderLine, Line]] = []
    for pair_lines in by_pair.values():
        first = pair_lines[0]
        _order_pair(ctx, first.buyer, first.supplier, pair_lines, pos, order_lines)
    # The RFQs build on these orders (imported here: that module builds on this one's lines).
    from renkei.demo import quotations

    rfqs = quotations.RfqBatch()
    quotations.split_award(ctx, lines, pos, order_lines, rfqs)
    # Number the orders per buyer in date order, as a purchasing system would.
    numbers: dict[int, int] = defaultdict(int)
    pos.sort(key=lambda po: (po.buyer_id, po.order_date, po.supplier_id))
    for po in pos:
        numbers[po.buyer_id] += 1
        po.number = f"PO-{po.order_date:%y%m}-{numbers[po.buyer_id]:05d}"
    quotations.history(ctx, pos, order_lines, lines, rfqs)
    quotations.recent(ctx, lines, rfqs)
    quotations.write(ctx, rfqs, _bulk, 1)
    _bulk(ctx, 7, PurchaseOrder, pos)
    _bulk(ctx, 8, OrderLine, [ol for ol, _ in order_lines])

    receipts: list[Receipt] = []
    inspections: list[Inspection] = []
    for order_line, line in order_lines:
        _deliver(ctx, order_line, line, profiles[line.supplier.pk], receipts, inspections)
    _bulk(ctx, 9, Receipt, receipts)
    _bulk(ctx, 10, Inspection, inspections)
    quotations.write_drawings(ctx, rfqs, _bulk, 11)


def reset() -> None:
    """Delete every orders row (before the supply and registry rows they point at), and the
    attachments' files."""
    from renkei.demo import quotations

    quotations.delete_files()
    for model in (
        Attachment,
        Inspection,
        Receipt,
        OrderLine,
        PurchaseOrder,
        QuotePriceBreak,
        QuoteLine,
        Quote,
        RfqRecipient,
        RfqLine,
        Rfq,
    ):
        model._default_manager.all().delete()


# --- what is bought from whom ---------------------------------------------------------------


def _load_lines(ctx: DemoContext) -> list[Line]:
    """The buyers' active sourcing at member firms, in buyer, item and member order."""
    order = {plan.key: i for i, plan in enumerate(ctx.plans)}
    org_order = {org.pk: order[key] for key, org in ctx.organizations.items()}
    buyers = {
        org.pk: org
        for key, org in ctx.organizations.items()
        if org.kind == OrganizationKind.BUYER and key in order
    }
    members = {org.pk: org for org in ctx.organizations.values() if org.kind == "member"}
    rows = (
        Sourcing.objects.filter(status=SourcingStatus.ACTIVE, item__owner_id__in=buyers)
        .exclude(site__organization_id=F("item__owner_id"))
        .filter(site__organization_id__in=members)
        .select_related("item")
        .values_list(
            "item_id", "site__organization_id", "share", "lead_time_days", "unit_price", "pk"
        )
    )
    items = {item.pk: item for item in Item.objects.filter(owner_id__in=buyers)}
    need = _requirements(items)
    category = dict(
        RoutingStep.objects.filter(item_id__in=items, sequence=1).values_list(
            "item_id", "process__category"
        )
    )
    merged: dict[tuple[int, int], Line] = {}
    for item_id, org_id, share, lead, price, _pk in rows:
        item = items[item_id]
        key = (item_id, org_id)
        if key in merged:  # two plants of one firm: one supplier on the order
            merged[key].share += float(share or 0)
            continue
        merged[key] = Line(
            buyer=buyers[item.owner_id],
            supplier=members[org_id],
            item=item,
            category=category.get(item_id, ""),
            share=float(share or 1),
            lead_days=max(1, math.ceil(float(lead))),
            unit_price=price if price is not None else Decimal("0"),
            requirement=need.get(item_id, 0.0),
        )
    return sorted(
        merged.values(),
        key=lambda ln: (org_order[ln.buyer.pk], ln.item.code, org_order[ln.supplier.pk]),
    )


def _requirements(items: dict[int, Item]) -> dict[int, float]:
    """Units per day of every item: product demand exploded down every BOM path."""
    children: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for parent, child, qty in BomLine.objects.filter(parent_id__in=items).values_list(
        "parent_id", "child_id", "qty_per_unit"
    ):
        children[parent].append((child, float(qty)))
    need: dict[int, float] = defaultdict(float)

    def explode(item: int, rate: float) -> None:
        need[item] += rate
        for child, qty in children[item]:
            explode(child, rate * qty)

    for item in items.values():
        if item.kind == ItemKind.PRODUCT:
            explode(item.pk, float(item.demand_per_day))
    return need


def _profiles(ctx: DemoContext, lines: list[Line]) -> dict[int, Profile]:
    """Every supplier's delivery habits, and the two whose story the demo tells."""
    suppliers: dict[int, Organization] = {}
    rows: dict[int, int] = defaultdict(int)
    categories: dict[int, set[str]] = defaultdict(set)
    for line in lines:
        suppliers.setdefault(line.supplier.pk, line.supplier)
        rows[line.supplier.pk] += 1
        categories[line.supplier.pk].add(line.category)
    profiles = {}
    for pk, org in suppliers.items():
        rng = ctx.rng("orders", "profile", org.corporate_number)
        profiles[pk] = Profile(
            late_rate=rng.uniform(0.02, 0.12), defect_rate=rng.uniform(0.02, 0.08)
        )
    # The two stories go to suppliers with several parts: enough lines a month to show them.
    busy = sorted(suppliers, key=lambda pk: (-rows[pk], suppliers[pk].corporate_number))
    rng = ctx.rng("orders", "stories")
    if busy:
        worse = busy[rng.randrange(min(3, len(busy)))]
        profiles[worse].worsening = True
        profiles[worse].late_rate = 0.03
        ctx.highlights["orders.worsening_supplier"] = suppliers[worse].corporate_number
        ctx.highlights["orders.worsening_supplier.name"] = suppliers[worse].name
        rest = [pk for pk in busy if pk != worse] or busy
        # A plater's bad month makes the best story (めっき不良); else a machine shop's.
        platers = [pk for pk in rest if "surface" in categories[pk]]
        incident = (platers or rest)[0]
        year, month = months_before(ctx.today, rng.randint(4, 10))
        profiles[incident].incident_month = (year, month)
        profiles[incident].defect_rate = 0.02
        ctx.highlights["orders.incident_supplier"] = suppliers[incident].corporate_number
        ctx.highlights["orders.incident_supplier.name"] = suppliers[incident].name
        ctx.highlights["orders.incident_month"] = f"{year:04d}-{month:02d}"
    return profiles


# --- orders ---------------------------------------------------------------------------------


def _order_pair(
    ctx: DemoContext,
    buyer: Organization,
    supplier: Organization,
    lines: list[Line],
    pos: list[PurchaseOrder],
    order_lines: list[tuple[OrderLine, Line]],
) -> None:
    """The purchase orders of one buyer to one supplier over the two years."""
    rng = ctx.rng("orders", buyer.corporate_number, supplier.corporate_number)
    special = ctx.highlights.get("orders.worsening_supplier") == supplier.corporate_number or (
        ctx.highlights.get("orders.incident_supplier") == supplier.corporate_number
    )
    weeks = rng.choice((1, 2)) if special else rng.choice(CADENCE_WEEKS)
    weekday = rng.randrange(5)
    start, today = ctx.start, ctx.today
    monday = start - dt.timedelta(days=start.weekday()) + dt.timedelta(weeks=rng.randrange(weeks))
    while monday <= today:
        day = monday + dt.timedelta(days=weekday)
        monday += dt.timedelta(weeks=weeks)
        if day < start or day > today or _holiday(day) or rng.random() < 0.05:
            continue  # a skipped week: the holidays, or enough stock on hand
        po = PurchaseOrder(buyer=buyer, supplier=supplier, number="", order_date=day)
        n = 0
        for line in lines:
            if len(lines) > 1 and rng.random() < 0.15:
                continue  # not needed this time
            n += 1
            days = weeks * WORKING_DAYS_A_WEEK
            qty = line.requirement * line.share * days * SEASON[day.month] * rng.uniform(0.8, 1.2)
            order_lines.append(
                (
                    OrderLine(
                        po=po,
                        line_no=n,
                        item=line.item,
                        qty_ordered=_lot(qty, line.item.unit),
                        unit_price=line.unit_price,
                        promised_date=_weekday_on_or_after(day + dt.timedelta(line.lead_days)),
                    ),
                    line,
                )
            )
        if n:
            pos.append(po)


def _holiday(day: dt.date) -> bool:
    """年末年始, ゴールデンウィーク and お盆: the purchasing department is closed.

    The same days every year (by month and day), so any year works.
    """
    md = (day.month, day.day)
    return md >= (12, 29) or md <= (1, 4) or (5, 1) <= md <= (5, 6) or (8, 12) <= md <= (8, 16)


def _weekday_on_or_after(day: dt.date) -> dt.date:
    return day + dt.timedelta(days=max(0, 7 - day.weekday()) if day.weekday() >= 5 else 0)


def _weekday_on_or_before(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday() - 4 if day.weekday() >= 5 else 0)


def _lot(qty: float, unit: str) -> Decimal:
    """An ordered quantity as a buyer writes it: whole pieces in round lots."""
    if unit != "個":
        return Decimal(str(max(0.5, round(qty, 1))))
    step = 1 if qty < 20 else 5 if qty < 200 else 10 if qty < 2000 else 50
    return Decimal(max(step, math.ceil(qty / step) * step))


# --- deliveries and inspection --------------------------------------------------------------


def _late_rate(profile: Profile, promised: dt.date, today: dt.date) -> float:
    rate = profile.late_rate + (0.08 if promised.month in PEAK_MONTHS else 0.0)
    worsening_from = today - dt.timedelta(days=WORSENING_DAYS)
    if profile.worsening and promised >= worsening_from:
        # From 3 % to about 60 % late over the last six months: a supplier losing its grip.
        rate += 0.6 * (promised - worsening_from).days / WORSENING_DAYS
    return min(rate, 0.9)


def _deliver(
    ctx: DemoContext,
    order_line: OrderLine,
    line: Line,
    profile: Profile,
    receipts: list[Receipt],
    inspections: list[Inspection],
) -> None:
    """The receipts of one line (one, or two for a partial delivery) and their inspections."""
    po = order_line.po
    rng = ctx.rng("orders", po.number, po.buyer.corporate_number, order_line.line_no)
    promised = order_line.promised_date
    late = rng.random() < _late_rate(profile, promised, ctx.today)
    if late:
        days = 1 + min(20, int(rng.expovariate(1 / 3)))
        first = _weekday_on_or_after(promised + dt.timedelta(days))
    else:
        early = promised - dt.timedelta(days=rng.choice((0, 0, 0, 1, 1, 2, 3)))
        first = max(po.order_date, _weekday_on_or_before(early))
    total = order_line.qty_ordered
    whole = line.item.unit == "個"
    parts: list[tuple[dt.date, Decimal]] = [(first, total)]
    if rng.random() < 0.1 and total >= 2:  # a partial delivery, the rest a few days later
        part = total * Decimal(str(rng.choice((0.5, 0.6, 0.7, 0.8))))
        part = part.quantize(Decimal("1") if whole else Decimal("0.1"))
        later = _weekday_on_or_after(first + dt.timedelta(days=rng.randint(2, 10)))
        parts = [(first, part), (later, total - part)]
    for received, qty in parts:
        if received > ctx.today or qty <= 0:
            continue  # not delivered yet: an open line (or the open rest of one)
        receipt = Receipt(order_line=order_line, received_date=received, qty_received=qty)
        receipts.append(receipt)
        if (ctx.today - received).days < 2:
            continue  # still waiting for incoming inspection
        inspections.append(_inspect(rng, receipt, line, profile, whole))


def _inspect(
    rng: random.Random, receipt: Receipt, line: Line, profile: Profile, whole: bool
) -> Inspection:
    received = receipt.qty_received
    inspected = received
    if whole:  # sampling inspection for big lots, every piece for small ones
        for limit, sample in SAMPLE_SIZES:
            if received <= limit:
                inspected = min(received, Decimal(sample)) if received > 150 else received
                break
        else:
            inspected = Decimal(500)
    day = receipt.received_date
    incident = profile.incident_month == (day.year, day.month)
    rejected = Decimal(0)
    defect = ""
    note = ""
    if incident and rng.random() < 0.85:
        share = rng.uniform(0.04, 0.15)
        plating = line.category == "surface"
        main = DefectClass.PLATING if plating else DefectClass.DIMENSION
        other = DefectClass.DIMENSION if plating else DefectClass.PLATING
        defect = main if rng.random() < 0.8 else other
        note = INCIDENT_NOTE
    elif rng.random() < profile.defect_rate:
        share = rng.uniform(0.002, 0.02)
        defect = rng.choice(DEFECTS_BY_CATEGORY.get(line.category, DEFAULT_DEFECTS))
    if defect:
        value = float(inspected) * share
        rejected = Decimal(max(1, round(value))) if whole else Decimal(str(round(value, 1)))
        rejected = min(max(rejected, Decimal("0.1")), inspected)
    return Inspection(
        receipt=receipt,
        qty_inspected=inspected,
        qty_rejected=rejected,
        defect_class=defect,
        note=note,
    )


# --- helpers -------------------------------------------------------------------------------


def _corp(org: Organization) -> str:
    return org.corporate_number


# --- writing --------------------------------------------------------------------------------


def _bulk(ctx: DemoContext, step: int, model: type[models.Model], objs: list[Any]) -> None:
    """Write in bulk; the tests validate samples with ``full_clean`` (per row here would cost
    more than the whole build)."""
    model._default_manager.bulk_create(objs, batch_size=500)
    name = model._meta.model_name or model.__name__
    ctx.counts[name] = ctx.counts.get(name, 0) + len(objs)
    ctx.progress(0.2 + 0.8 * step / WRITTEN_MODELS, "orders")
