"""The supply domain of the demo: the buyers' products, BOMs, routings, sourcing and stock.

Each buyer registers its products and parts (:mod:`renkei.demo.supply_catalogue`) and where it
buys them today. A part goes to member firms whose capabilities include the part's first
routing process (the registry module built them), preferring shops near the buyer's plant that
are the right size for the volume, and the shops another buyer already uses for that process:
that is how a region's sub-tier ends up shared. Raw material is bought centrally by the buyer
and handed to its suppliers (支給材), so the buyer's plant is its source. A small cluster lacks
trades: a part no member can make is left out with everything below it (bought outside the
region), a finishing step no member offers is skipped (the part below goes in as it is), and a
sub-assembly no member assembles is assembled in the buyer's own plant.

The weaknesses are deliberate (catalogue flags): single sources without a qualified backup,
parts whose every source sits in one municipality or in a flood zone, the cluster's big plater
and heat treater behind parts of several buyers, capacity barely above the requirement and
thin stock, so that the stress test finds different things for every buyer.

Every draw comes from ``ctx.rng("supply", buyer, item)``: an item's sourcing does not change
when another item is added to the catalogue.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models

from renkei.demo.plans import DemoContext
from renkei.demo.supply_catalogue import (
    BUYER_CATALOGUES,
    DEFAULT_LEAD,
    LEAD_TIMES,
    NICE_DAYS,
    TTR_BY_SPECIALTY,
    BuyerCatalogue,
    ItemTemplate,
    bcp_bases,
    plant_basis,
)
from renkei.demo.trades import SPECIALTIES_BY_CODE
from renkei.registry.models import Capability, Process, Site
from renkei.registry.reference_data import PROCESSES
from renkei.supply.adapters import haversine_km
from renkei.supply.models import (
    BomLine,
    InventoryPosition,
    Item,
    RoutingStep,
    SiteRecovery,
    Sourcing,
    SourcingStatus,
)

# Municipalities a buyer's purchasing department thinks of first for a cluster of sources:
# the industrial estates of Ota and Oizumi.
TOWN_PREFERENCE = ("10205", "10524")
STATED_TTR_SHARE = 0.6  # share of supplier sites that answered the BCP survey with a TTR
WRITTEN_MODELS = 6

# Finishing steps (surface and heat treatment): without a shop for one in the cluster, the part
# below it goes into the parent as it is, rather than losing the whole branch.
FINISHING = frozenset(code for code, category, *_ in PROCESSES if category in ("surface", "heat"))


@dataclass
class Source:
    """A member firm's site that can perform one process."""

    site: Site
    order: int  # position in the member list: the deterministic tie-break
    org_key: str
    specialty: str
    employees: int
    municipality: str
    lat: float
    lon: float
    hazards: tuple[str, ...]
    hours: dict[str, float] = field(default_factory=dict)  # process -> monthly hours


@dataclass
class PlannedItem:
    template: ItemTemplate
    owner_key: str
    item: Item
    routing: tuple[str, ...]
    inhouse: bool = False
    requirement: float = 0.0  # units per day over the buyer's products
    price: float = 0.0  # value added plus what goes into it, yen per unit
    consumer: Site | None = None  # where it is stocked before use
    lines: list[tuple[PlannedItem, float]] = field(default_factory=list)  # BOM: (child, qty)


@dataclass
class Plan:
    items: list[PlannedItem] = field(default_factory=list)
    bom: list[BomLine] = field(default_factory=list)
    sourcing: list[Sourcing] = field(default_factory=list)
    inventory: list[InventoryPosition] = field(default_factory=list)
    # site pk -> (site, days, basis): the BCP answers behind SiteRecovery
    stated_ttr: dict[int, tuple[Site, int, str]] = field(default_factory=dict)
    used: dict[tuple[int, str], set[str]] = field(default_factory=lambda: defaultdict(set))


def build(ctx: DemoContext) -> None:
    sources = _load_sources(ctx)
    processes = {p.code: p for p in Process.objects.all()}
    ctx.progress(0.1, "supply")
    plan = Plan()
    for i, catalogue in enumerate(BUYER_CATALOGUES):
        if catalogue.key in ctx.organizations:
            _plan_buyer(ctx, plan, catalogue, sources)
        ctx.progress(0.1 + 0.4 * (i + 1) / len(BUYER_CATALOGUES), "supply")
    _plan_recoveries(ctx, plan, sources)
    _write(ctx, plan, processes)


def reset() -> None:
    """Delete every supply row (the registry's reset then removes their organisations)."""
    for model in (Sourcing, InventoryPosition, SiteRecovery, RoutingStep, BomLine, Item):
        model._default_manager.all().delete()


# --- who can make what ----------------------------------------------------------------------


def _load_sources(ctx: DemoContext) -> dict[str, list[Source]]:
    """Member sites by the processes of their capabilities, in member order."""
    members = [plan for plan in ctx.plans if plan.kind == "member"]
    key_of = {ctx.organizations[p.key].pk: (i, p) for i, p in enumerate(members)}
    sites = Site.objects.filter(organization_id__in=key_of).select_related("organization")
    by_site: dict[int, Source] = {}
    for site in sorted(sites, key=lambda s: (key_of[s.organization_id][0], -s.is_headquarters)):
        member = key_of[site.organization_id][1]
        by_site[site.pk] = Source(
            site=site,
            order=len(by_site),
            org_key=member.key,
            specialty=member.specialty,
            employees=member.employees or 10,
            municipality=site.municipality_id,
            lat=site.latitude or 0.0,
            lon=site.longitude or 0.0,
            hazards=tuple(site.hazard_zones or ()),
        )
    by_process: dict[str, list[Source]] = defaultdict(list)
    rows = Capability.objects.filter(site_id__in=by_site).values_list(
        "site_id", "process__code", "monthly_capacity_hours"
    )
    for site_id, code, hours in sorted(rows, key=lambda r: (by_site[r[0]].order, r[1])):
        source = by_site[site_id]
        source.hours[code] = float(hours)
        by_process[code].append(source)
    return by_process


def _candidates(routing: tuple[str, ...], sources: dict[str, list[Source]]) -> list[Source]:
    """Sites that perform the routing's first process, else any of its other processes."""
    found = list(sources.get(routing[0], []))
    if not found:
        seen: set[int] = set()
        for code in routing[1:]:
            for source in sources.get(code, []):
                if source.site.pk not in seen:
                    seen.add(source.site.pk)
                    found.append(source)
    return found


# --- planning one buyer ---------------------------------------------------------------------


def _plan_buyer(
    ctx: DemoContext, plan: Plan, catalogue: BuyerCatalogue, sources: dict[str, list[Source]]
) -> None:
    owner = ctx.organizations[catalogue.key]
    plants = sorted(owner.sites.all(), key=lambda s: (not s.is_headquarters, s.pk))
    planned: dict[str, PlannedItem] = {}
    order: list[str] = []  # codes, parents before children

    def include(template: ItemTemplate) -> PlannedItem:
        if template.code in planned:
            return planned[template.code]
        entry = PlannedItem(
            template=template,
            owner_key=catalogue.key,
            item=_item(template, owner),
            routing=template.routing,
            inhouse="inhouse" in template.flags or _fate(template, sources) == "inhouse",
        )
        if entry.inhouse:
            entry.routing = ()  # the buyer's own line: no member capability to check it by
        planned[template.code] = entry
        order.append(template.code)
        merged: dict[str, float] = {}
        for child, qty in _lines(template, sources):
            merged[child.code] = merged.get(child.code, 0.0) + qty
            include(child)
        entry.lines = [(planned[code], qty) for code, qty in merged.items()]
        return entry

    products = [include(product) for product in catalogue.products]

    # Requirements: product demand exploded down the BOM, over every path.
    def explode(entry: PlannedItem, rate: float) -> None:
        entry.requirement += rate
        for child, qty in entry.lines:
            explode(child, rate * qty)

    def price(entry: PlannedItem) -> float:
        if not entry.price:
            entry.price = entry.template.value_yen + sum(price(c) * q for c, q in entry.lines)
        return entry.price

    for product in products:
        explode(product, product.template.demand_per_day)
        price(product)
    # Sourcing top down: a part's sources are chosen near the site that uses it.
    for product in products:
        plant = plants[min(product.template.plant, len(plants) - 1)]
        _source_in_house(ctx, plan, product, plant)
        _source_below(ctx, plan, product, plant, plants[0], sources)

    for code in order:
        entry = planned[code]
        plan.items.append(entry)
        for child, qty in entry.lines:
            plan.bom.append(BomLine(parent=entry.item, child=child.item, qty_per_unit=_qty(qty)))
        _plan_inventory(ctx, plan, entry)


def _fate(template: ItemTemplate, sources: dict[str, list[Source]]) -> str:
    """What becomes of a catalogue part in this cluster: kept, made in the buyer's plant,
    spliced out (a finishing step nobody here offers) or dropped with what is below it."""
    if template.kind != "part" or _candidates(template.routing, sources):
        return "keep"
    if template.routing[0] == "assembly":
        return "inhouse"  # a sub-assembly nobody here assembles: the buyer's own line
    if template.routing[0] in FINISHING and template.children:
        return "splice"  # finished outside the region: the part below goes in as it is
    return "drop"  # made outside the region: not in the demo


def _lines(
    template: ItemTemplate, sources: dict[str, list[Source]]
) -> list[tuple[ItemTemplate, float]]:
    """The BOM lines of ``template`` in this cluster (spliced steps replaced by their parts)."""
    out: list[tuple[ItemTemplate, float]] = []
    for child, qty in template.children:
        fate = _fate(child, sources)
        if fate == "splice":
            out += [(grandchild, qty * q) for grandchild, q in _lines(child, sources)]
        elif fate != "drop":
            out.append((child, qty))
    return out


def _item(template: ItemTemplate, owner: Any) -> Item:
    return Item(
        owner=owner,
        code=template.code,
        name=template.name,
        kind=template.kind,
        unit=template.unit,
        demand_per_day=_decimal(template.demand_per_day, 3),
        margin=_decimal(template.margin_yen, 2) if template.kind == "product" else None,
        ttr_days=_decimal(template.ttr_days, 1) if template.ttr_days else None,
    )


def _source_below(
    ctx: DemoContext,
    plan: Plan,
    entry: PlannedItem,
    maker: Site,
    buyer_site: Site,
    sources: dict[str, list[Source]],
) -> None:
    """Source the items that go into ``entry`` (made at ``maker``), top down, once each."""
    for sub, _ in entry.lines:
        if sub.consumer is not None:
            continue  # a common part, sourced under its first parent
        sub.consumer = maker
        if sub.template.kind == "material":
            _source_in_house(ctx, plan, sub, buyer_site)  # 支給材 from the buyer
            continue
        if sub.inhouse:
            own = maker.organization_id == buyer_site.organization_id
            sub_maker = maker if own else buyer_site
            _source_in_house(ctx, plan, sub, sub_maker)
        else:
            sub_maker = _source_part(ctx, plan, sub, maker, sources)
        _source_below(ctx, plan, sub, sub_maker, buyer_site, sources)


# --- sourcing -------------------------------------------------------------------------------


def _source_in_house(ctx: DemoContext, plan: Plan, entry: PlannedItem, site: Site) -> None:
    """The buyer's own site: its line for products and in-house sub-assemblies (with the
    plant's own BCP recovery time), its central purchasing for material."""
    rng = ctx.rng("supply", entry.owner_key, entry.template.code)
    material = entry.template.kind == "material"
    capacity = None if material else _nice_up(entry.requirement * rng.uniform(1.1, 1.3))
    plan.sourcing.append(
        Sourcing(
            item=entry.item,
            site=site,
            status=SourcingStatus.ACTIVE,
            share=Decimal("1"),
            lead_time_days=Decimal(2 if material else 1),
            unit_price=_price(entry.price) if material else None,
            capacity_per_day=_decimal(capacity, 3) if capacity else None,
        )
    )
    if not material:
        days = _nice(rng.uniform(10, 24))
        plan.stated_ttr.setdefault(site.pk, (site, days, plant_basis(ctx.today)))


def _source_part(
    ctx: DemoContext,
    plan: Plan,
    entry: PlannedItem,
    consumer: Site,
    sources: dict[str, list[Source]],
) -> Site:
    """Choose the part's sources and write their rows; return the main source's site."""
    rng = ctx.rng("supply", entry.owner_key, entry.template.code)
    flags = entry.template.flags
    key = entry.routing[0]
    pool = _candidates(entry.routing, sources)
    if "flood" in flags:
        pool = [s for s in pool if "flood" in s.hazards] or pool
    hub = max(pool, key=lambda s: (s.hours.get(key, 0.0), -s.order)) if "hub" in flags else None
    score = {
        s.site.pk: _score(s, entry, consumer, plan, key, rng) + (5.0 if s is hub else 0.0)
        for s in pool
    }
    ranked = []
    firms: set[str] = set()
    for source in sorted(pool, key=lambda s: (-score[s.site.pk], s.order)):
        if source.org_key not in firms:  # two plants of one firm are not two sources
            firms.add(source.org_key)
            ranked.append(source)

    chosen: list[Source]
    if "town" in flags:
        chosen = _same_town(ranked, hub)
        n_active = 2 if len(chosen) == 2 and rng.random() < 0.6 else 1
    else:
        volume_single = 0.35 if entry.requirement >= 200 else 0.55
        single = "single" in flags or len(ranked) == 1 or rng.random() < volume_single
        n_active = 1 if single or ("tight" in flags and rng.random() < 0.5) else 2
        chosen = ranked[:n_active]
        if "single" not in flags and "tight" not in flags and rng.random() < 0.4:
            chosen += ranked[n_active : n_active + 1]  # a qualified backup
    n_active = min(n_active, len(chosen))
    rest = [s for s in ranked if s not in chosen]
    candidate = rest[0] if rest and rng.random() < (0.5 if "single" in flags else 0.2) else None

    shares = _shares(rng, n_active)
    tight = "tight" in flags
    low, high = LEAD_TIMES.get(key, DEFAULT_LEAD)
    for i, source in enumerate(chosen):
        active = i < n_active
        if active:
            headroom = rng.uniform(1.02, 1.12) if tight else rng.uniform(1.3, 2.6)
            capacity = entry.requirement * float(shares[i]) * headroom
        else:
            capacity = entry.requirement * rng.uniform(0.3, 1.0)
        plan.sourcing.append(
            Sourcing(
                item=entry.item,
                site=source.site,
                status=SourcingStatus.ACTIVE if active else SourcingStatus.BACKUP,
                share=shares[i] if active else None,
                lead_time_days=Decimal(
                    rng.randint(low, high) + (0 if active else rng.randint(3, 10))
                ),
                unit_price=_price(entry.price * rng.uniform(0.95, 1.08 if active else 1.2)),
                capacity_per_day=_decimal(_nice_up(capacity), 3),
            )
        )
        plan.used[(source.site.pk, key)].add(entry.owner_key)
    if candidate is not None:
        plan.sourcing.append(
            Sourcing(
                item=entry.item,
                site=candidate.site,
                status=SourcingStatus.CANDIDATE,
                share=None,
                lead_time_days=Decimal(rng.randint(low, high) + rng.randint(5, 15)),
                unit_price=_price(entry.price * rng.uniform(1.0, 1.25)),
                capacity_per_day=_decimal(_nice_up(entry.requirement * rng.uniform(0.3, 1.2)), 3),
            )
        )
    return chosen[0].site


def _score(
    source: Source, entry: PlannedItem, consumer: Site, plan: Plan, key: str, rng: random.Random
) -> float:
    """Higher is better: near the consumer, the right size for the volume, known to others."""
    km = haversine_km(source.lat, source.lon, consumer.latitude or 0.0, consumer.longitude or 0.0)
    # Hours a month the part needs at about ¥7,000 of value added per machine hour.
    needed = max(0.5, entry.requirement * entry.template.value_yen * 20 / 7000)
    hours = source.hours.get(key) or max(source.hours.values(), default=1.0)
    size_fit = abs(math.log(needed / hours / 0.15))
    known = 0.8 if plan.used.get((source.site.pk, key), set()) - {entry.owner_key} else 0.0
    # A shop whose trade the process is (a plater for plating) before one that also does it;
    # buyers are pickier still about who finishes their parts.
    core = key in SPECIALTIES_BY_CODE[source.specialty].core
    trade = (1.5 if key in FINISHING else 1.0) if core else 0.0
    return known + trade - km / 25 - 0.5 * size_fit + rng.gauss(0.0, 0.6)


def _same_town(ranked: list[Source], hub: Source | None) -> list[Source]:
    """The two best sources of one municipality (the hub's, else the best-placed one)."""
    towns: dict[str, list[Source]] = defaultdict(list)
    for source in ranked:
        towns[source.municipality].append(source)
    if hub is not None and len(towns[hub.municipality]) >= 2:
        return towns[hub.municipality][:2]
    pairs = [t for t in towns.values() if len(t) >= 2]
    if not pairs:
        return ranked[:1]  # one source: trivially all in one place
    preferred = {code: i for i, code in enumerate(TOWN_PREFERENCE)}
    pairs.sort(key=lambda t: (preferred.get(t[0].municipality, len(preferred)), ranked.index(t[0])))
    return pairs[0][:2]


def _shares(rng: random.Random, n: int) -> list[Decimal]:
    if n <= 1:
        return [Decimal("1")]
    major = Decimal(str(rng.choice((0.5, 0.6, 0.6, 0.7, 0.7, 0.8))))
    return [major, Decimal("1") - major]


# --- stock and recovery ---------------------------------------------------------------------


def _plan_inventory(ctx: DemoContext, plan: Plan, entry: PlannedItem) -> None:
    """Stock where the item is used: a few days of its requirement, none for some."""
    rng = ctx.rng("supply", entry.owner_key, entry.template.code, "stock")
    kind, flags = entry.template.kind, entry.template.flags
    if kind == "part" and rng.random() < 0.12:
        return  # not tracked in the buyer's system
    if kind == "product":
        days = rng.uniform(0.5, 3.0)
    elif kind == "material":
        days = rng.uniform(3.0, 15.0)
    elif "lean" in flags:
        days = 0.0 if rng.random() < 0.5 else rng.uniform(0.2, 1.0)
    else:
        band = rng.choices(((0.0, 0.0), (0.5, 3.0), (3.0, 10.0), (10.0, 20.0)), (8, 30, 40, 22))[0]
        days = rng.uniform(*band)
    site = entry.consumer
    if site is None:  # a product: its finished goods stand at its plant
        site = next(s.site for s in plan.sourcing if s.item is entry.item)
    in_transit = entry.requirement * rng.uniform(0.5, 2.0) if rng.random() < 0.3 else 0.0
    safety = entry.requirement * rng.uniform(1.0, 5.0) if rng.random() < 0.7 else 0.0
    whole = entry.template.unit == "個"
    plan.inventory.append(
        InventoryPosition(
            site=site,
            item=entry.item,
            on_hand=_quantity(entry.requirement * days, whole),
            in_transit=_quantity(in_transit, whole),
            safety_stock=_quantity(safety, whole),
        )
    )


def _plan_recoveries(ctx: DemoContext, plan: Plan, sources: dict[str, list[Source]]) -> None:
    """Stated TTRs for about 60 % of the supplier sites, more often for bigger firms."""
    rng = ctx.rng("supply", "recovery")
    bases = bcp_bases(ctx.today)
    by_pk = {s.site.pk: s for group in sources.values() for s in group}
    used = sorted(
        {row.site.pk for row in plan.sourcing if row.site.pk in by_pk},
        key=lambda pk: by_pk[pk].order,
    )
    # Weighted sampling without replacement (Efraimidis–Spirakis): key u^(1/w), the largest k.
    keyed = sorted(used, key=lambda pk: -(rng.random() ** (1.0 / (1.0 + by_pk[pk].employees / 50))))
    for pk in sorted(keyed[: round(STATED_TTR_SHARE * len(used))], key=lambda pk: by_pk[pk].order):
        source = by_pk[pk]
        low, high = TTR_BY_SPECIALTY.get(source.specialty, (14, 45))
        plan.stated_ttr[pk] = (source.site, _nice(rng.uniform(low, high)), rng.choice(bases))


# --- writing --------------------------------------------------------------------------------


def _write(ctx: DemoContext, plan: Plan, processes: dict[str, Process]) -> None:
    _bulk(ctx, 1, Item, [entry.item for entry in plan.items], ("owner",))
    _bulk(ctx, 2, BomLine, plan.bom, ("parent", "child"))
    steps = [
        RoutingStep(item=entry.item, sequence=n, process=processes[code])
        for entry in plan.items
        for n, code in enumerate(entry.routing, start=1)
    ]
    _bulk(ctx, 3, RoutingStep, steps, ("item", "process"))
    _bulk(ctx, 4, Sourcing, plan.sourcing, ("item", "site", "step"))
    _bulk(ctx, 5, InventoryPosition, plan.inventory, ("site", "item"))
    recoveries = [
        SiteRecovery(site=site, ttr_days=Decimal(days), basis=basis)
        for site, days, basis in plan.stated_ttr.values()
    ]
    _bulk(ctx, 6, SiteRecovery, recoveries, ("site",))


def _bulk(
    ctx: DemoContext,
    step: int,
    model: type[models.Model],
    objs: list[Any],
    exclude: tuple[str, ...],
) -> None:
    """Check every row like the registry module does (foreign keys hold by construction and
    the database enforces them), then write them in bulk."""
    for obj in objs:
        obj.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)
    model._default_manager.bulk_create(objs, batch_size=500)
    name = model._meta.model_name or model.__name__
    ctx.counts[name] = ctx.counts.get(name, 0) + len(objs)
    ctx.progress(0.5 + 0.5 * step / WRITTEN_MODELS, "supply")


# --- numbers as people write them -----------------------------------------------------------


def _qty(value: float) -> Decimal:
    return _decimal(value, 4)


def _decimal(value: float, places: int) -> Decimal:
    return Decimal(str(round(value, places)))


def _nice(days: float) -> int:
    return min(NICE_DAYS, key=lambda d: abs(d - days))


def _nice_up(value: float) -> float:
    """Round a capacity up to a number a planner would write (never below ``value``)."""
    step = 0.5 if value < 10 else 1 if value < 100 else 5 if value < 1000 else 50
    return math.ceil(value / step) * step


def _price(yen: float) -> Decimal:
    if yen < 100:
        return _decimal(yen, 2)
    if yen < 10_000:
        return Decimal(round(yen))
    return Decimal(round(yen, -1))


def _quantity(value: float, whole: bool) -> Decimal:
    return Decimal(round(value)) if whole else _decimal(value, 1)
