"""ORM rows -> the engines' one input: the supply-network model (``SupplyData``) that the
network analysis and the stress test both read.

Engines never see a QuerySet. Node ids are ``S<pk>`` for sites and ``I<pk>`` for items so the
two kinds never collide; :class:`NetworkScope` keeps the labels and which TTRs are estimates.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet, Sum

from renkei.registry.models import Capability, Site
from renkei.supply.engine_errors import stored_network
from renkei.supply.models import (
    BomLine,
    InventoryPosition,
    Item,
    ItemKind,
    RoutingStep,
    SiteRecovery,
    Sourcing,
    SourcingStatus,
)

# Qualified backups can take volume in a disruption; candidates are not qualified yet.
STRESS_STATUSES = (SourcingStatus.ACTIVE, SourcingStatus.BACKUP)


def site_node(pk: int) -> str:
    return f"S{pk}"


def item_node(pk: int) -> str:
    return f"I{pk}"


@dataclass
class NodeInfo:
    """What the pages show about a node besides the engine's numbers."""

    id: str
    kind: str  # "site" or "item"
    pk: int
    label: str
    organization: str = ""
    organization_id: int | None = None
    municipality_code: str = ""
    lat: float | None = None
    lon: float | None = None
    hazard_zones: tuple[str, ...] = ()
    ttr_estimated: bool = False
    inventory: float = 0.0
    owner_id: int | None = None


@dataclass
class NetworkScope:
    """The network model of a scope plus what the pages need to explain the engines' results.

    ``data`` is the engines' input (:class:`renkei.engines.network.SupplyData`); ``nodes``
    describes the nodes the stress test reads (items, and the sites with a qualified
    source); ``items`` and ``sites`` are the ORM rows by primary key; ``labels`` names every
    node id of the model (for the engines' refusals).
    """

    name: str
    data: Any = None
    nodes: dict[str, NodeInfo] = field(default_factory=dict)
    product_ids: list[str] = field(default_factory=list)
    items: dict[int, Item] = field(default_factory=dict)
    sites: dict[int, Site] = field(default_factory=dict)
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def network(self) -> dict[str, Any]:
        """The stress test's view of the model in the contract JSON (``STRESS.md``)."""
        from renkei.engines.stress import network_to_json

        return network_to_json(self.data)

    def site_ids_in(self, municipality_codes: Iterable[str]) -> set[str]:
        codes = set(municipality_codes)
        return {
            n.id for n in self.nodes.values() if n.kind == "site" and n.municipality_code in codes
        }

    def site_ids_within(self, lat: float, lon: float, radius_km: float) -> set[str]:
        return {
            n.id
            for n in self.nodes.values()
            if n.kind == "site"
            and n.lat is not None
            and n.lon is not None
            and haversine_km(lat, lon, n.lat, n.lon) <= radius_km
        }


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def bom_closure(products: Iterable[Item]) -> set[int]:
    """The pks of the products and every item below them in their BOMs."""
    seen = {p.pk for p in products}
    frontier = set(seen)
    while frontier:
        children = set(
            BomLine.objects.filter(parent_id__in=frontier).values_list("child_id", flat=True)
        )
        frontier = children - seen
        seen |= frontier
    return seen


def site_ttr_estimates(site_ids: Iterable[int]) -> dict[int, tuple[float, bool]]:
    """Per site: (TTR days, estimated?). Stated BCP answers win; else the slowest process's default."""
    site_ids = list(site_ids)
    stated = dict(
        SiteRecovery.objects.filter(site_id__in=site_ids).values_list("site_id", "ttr_days")
    )
    defaults: dict[int, float] = {}
    for site_id, days in Capability.objects.filter(site_id__in=site_ids).values_list(
        "site_id", "process__default_ttr_days"
    ):
        defaults[site_id] = max(defaults.get(site_id, 0.0), float(days))
    result = {}
    for site_id in site_ids:
        if site_id in stated:
            result[site_id] = (float(stated[site_id]), False)
        else:
            result[site_id] = (defaults.get(site_id, 30.0), True)
    return result


def item_ttr_estimates(item_ids: Iterable[int]) -> dict[int, tuple[float, bool]]:
    """Per item: (TTR days, estimated?) from the item's own value or its routing's slowest step."""
    item_ids = list(item_ids)
    result: dict[int, tuple[float, bool]] = {}
    for pk, ttr in Item.objects.filter(pk__in=item_ids, ttr_days__isnull=False).values_list(
        "pk", "ttr_days"
    ):
        result[pk] = (float(ttr), False)
    for item_id, days in RoutingStep.objects.filter(item_id__in=item_ids).values_list(
        "item_id", "process__default_ttr_days"
    ):
        if item_id in result and not result[item_id][1]:
            continue
        previous = result.get(item_id, (0.0, True))[0]
        result[item_id] = (max(previous, float(days)), True)
    return result


def supply_network(products: QuerySet[Item] | list[Item], *, name: str) -> NetworkScope:
    """The network model of the given products and all they depend on: the one input of both
    engines (the network analysis and the stress test).

    Every item of the products' BOMs, every BOM line between them, every sourcing row of them
    (any status, item-level and per routing step) and the sites of those rows. The stress
    test's own figures ride along: inventory (on hand + in transit), the products' margins,
    TTRs (stated or estimated) and which sites are the buyers' own plants. Only sites with a
    qualified item-level source (active or backup: the stress test's supply edges) get a TTR,
    so a site that is only a candidate, or only does a routing step, is not stress-tested.
    """
    from renkei.engines import network as net

    products = list(products)
    item_ids = bom_closure(products)
    items = list(Item.objects.filter(pk__in=item_ids).select_related("owner").order_by("pk"))
    bom = BomLine.objects.filter(parent_id__in=item_ids, child_id__in=item_ids).order_by("pk")
    sourcing = list(
        Sourcing.objects.filter(item_id__in=item_ids)
        .select_related("site", "site__organization", "site__municipality")
        .order_by("item_id", "step_id", "site_id")
    )
    inventory = dict(
        InventoryPosition.objects.filter(item_id__in=item_ids)
        .values("item_id")
        .annotate(total=Sum("on_hand") + Sum("in_transit"))
        .values_list("item_id", "total")
    )
    sites: dict[int, Site] = {row.site_id: row.site for row in sourcing}
    stressed = {
        row.site_id for row in sourcing if row.status in STRESS_STATUSES and row.step_id is None
    }
    site_ttr = site_ttr_estimates(sorted(stressed))
    item_ttr = item_ttr_estimates(item_ids)
    product_pks = {p.pk for p in products}
    owner_ids = {p.owner_id for p in products}

    labels = {site_node(pk): str(site) for pk, site in sites.items()}
    labels.update({item_node(item.pk): str(item) for item in items})
    scope = NetworkScope(name=name, items={i.pk: i for i in items}, sites=sites, labels=labels)
    # A row the model refuses raises here, named by its label.
    with stored_network(labels):
        site_records = []
        for site in sorted(sites.values(), key=lambda s: s.pk):
            node_id = site_node(site.pk)
            ttr, estimated = site_ttr.get(site.pk, (None, False))
            site_records.append(
                net.SiteInfo(
                    node_id,
                    f"O{site.organization_id}",
                    site.municipality_id,
                    prefecture=site.municipality.prefecture,
                    lat=site.lat,
                    lon=site.lon,
                    hazard_zones=tuple(site.hazard_zones or ()),
                    in_region=site.municipality.in_region,
                    name=str(site),
                    role="plant" if site.organization_id in owner_ids else "supplier",
                    ttr_days=ttr,
                )
            )
            if site.pk in stressed:
                scope.nodes[node_id] = NodeInfo(
                    id=node_id,
                    kind="site",
                    pk=site.pk,
                    label=str(site),
                    organization=site.organization.name,
                    organization_id=site.organization_id,
                    municipality_code=site.municipality_id,
                    lat=site.lat,
                    lon=site.lon,
                    hazard_zones=tuple(site.hazard_zones or ()),
                    ttr_estimated=estimated,
                )
        item_records = []
        for item in items:
            node_id = item_node(item.pk)
            stock = float(inventory.get(item.pk) or 0)
            is_product = item.pk in product_pks and item.kind == ItemKind.PRODUCT
            ttr, estimated = item_ttr.get(item.pk, (None, False))
            item_records.append(
                net.Item(
                    node_id,
                    "product"
                    if is_product
                    else ("material" if item.kind == ItemKind.MATERIAL else "part"),
                    f"O{item.owner_id}",
                    name=f"{item.code} {item.name}",
                    demand_per_day=float(item.demand_per_day) if item.pk in product_pks else 0.0,
                    inventory=stock,
                    margin=float(item.margin or 0) if is_product else 0.0,
                    ttr_days=ttr,
                )
            )
            if is_product:
                scope.product_ids.append(node_id)
            scope.nodes[node_id] = NodeInfo(
                id=node_id,
                kind="item",
                pk=item.pk,
                label=str(item),
                organization=item.owner.name,
                organization_id=item.owner_id,
                owner_id=item.owner_id,
                ttr_estimated=estimated,
                inventory=stock,
            )
        scope.data = net.SupplyData(
            items=item_records,
            bom=[
                net.BomLine(item_node(b.parent_id), item_node(b.child_id), float(b.qty_per_unit))
                for b in bom
            ],
            sourcing=[
                net.Sourcing(
                    item_node(row.item_id),
                    site_node(row.site_id),
                    str(row.status),
                    share=_number(row.share),
                    unit_price=_number(row.unit_price),
                    capacity_per_day=_number(row.capacity_per_day),
                    lead_time_days=_number(row.lead_time_days),
                    step=None if row.step_id is None else f"R{row.step_id}",
                )
                for row in sourcing
            ],
            sites=site_records,
            name=name,
        )
    return scope


def products_of(owner_ids: Iterable[int] | None) -> QuerySet[Item]:
    """Products with demand of the given owners (all owners when ``None``)."""
    qs = Item.objects.filter(kind=ItemKind.PRODUCT).prefetch_related(
        Prefetch("sourcing", queryset=Sourcing.objects.select_related("site"))
    )
    if owner_ids is not None:
        qs = qs.filter(owner_id__in=list(owner_ids))
    return qs.order_by("owner_id", "code")
