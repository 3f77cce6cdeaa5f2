"""The demo's supply data: valid, complete for the stress test, and weak in the planned places.

One build of 40 firms per module (tests/platform/demo/conftest.py). Requirements and checks are
computed here from the rows, independently of the generator.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

import pytest

from renkei.engines import network as network_engine
from renkei.registry.models import Capability, Organization, OrganizationKind, Site
from renkei.supply.adapters import site_ttr_estimates, supply_network
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
from renkei.supply.services import bom_path

pytestmark = pytest.mark.django_db

STRESS = ("active", "backup")
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def buyers() -> list[Organization]:
    return list(Organization.objects.filter(kind=OrganizationKind.BUYER).order_by("name"))


def children_of() -> dict[int, list[tuple[int, float]]]:
    children: dict[int, list[tuple[int, float]]] = defaultdict(list)
    for parent, child, qty in BomLine.objects.values_list("parent_id", "child_id", "qty_per_unit"):
        children[parent].append((child, float(qty)))
    return children


def requirements() -> dict[int, float]:
    """Units per day of every item: product demand exploded down every BOM path."""
    children = children_of()
    need: dict[int, float] = defaultdict(float)

    def explode(item: int, rate: float) -> None:
        need[item] += rate
        for child, qty in children[item]:
            explode(child, rate * qty)

    for pk, demand in Item.objects.filter(kind=ItemKind.PRODUCT).values_list(
        "pk", "demand_per_day"
    ):
        explode(pk, float(demand))
    return need


def find_cycle(edges: list[tuple[str, str]]) -> list[str] | None:
    graph: dict[str, list[str]] = defaultdict(list)
    for parent, child in edges:
        graph[parent].append(child)
    state: dict[str, int] = {}  # 1 on the path, 2 done

    def visit(node: str, path: list[str]) -> list[str] | None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                return [*path, node, nxt]
            if nxt not in state and (found := visit(nxt, [*path, node])):
                return found
        state[node] = 2
        return None

    for node in list(graph):
        if node not in state and (found := visit(node, [])):
            return found
    return None


def active_rows() -> dict[int, list[Sourcing]]:
    rows: dict[int, list[Sourcing]] = defaultdict(list)
    for row in Sourcing.objects.filter(status=SourcingStatus.ACTIVE, step__isnull=True):
        rows[row.item_id].append(row)
    return rows


def test_each_buyer_registers_products_made_in_its_own_plant(demo):
    assert demo.counts["item"] == Item.objects.count() > 0
    assert demo.counts["sourcing"] == Sourcing.objects.count() > 0
    assert set(Item.objects.values_list("owner__kind", flat=True)) == {OrganizationKind.BUYER}
    for buyer in buyers():
        products = list(Item.objects.filter(owner=buyer, kind=ItemKind.PRODUCT))
        assert 2 <= len(products) <= 4, buyer.name
        for product in products:
            assert product.demand_per_day > 0 and product.margin and product.margin > 0
            (row,) = product.sourcing.all()
            assert row.site.organization_id == buyer.pk and row.status == SourcingStatus.ACTIVE
            assert row.share == 1 and row.capacity_per_day >= product.demand_per_day
            assert JAPANESE.search(product.name)
            assert product.bom_lines.exists()
    codes = Item.objects.filter(kind=ItemKind.PART).values_list("code", flat=True)
    assert all(re.fullmatch(r"[A-Z]{2}-\d{4}-\d{2}|KB-M\d+-\d+N?", c) for c in codes), codes
    assert {"個", "kg"} <= set(Item.objects.values_list("unit", flat=True)) <= {"個", "kg", "m"}


def test_a_sample_of_every_supply_model_passes_full_clean(demo):
    for model in (Item, BomLine, RoutingStep, Sourcing, InventoryPosition, SiteRecovery):
        objs = list(model.objects.order_by("pk")[:30])
        assert objs, model
        for obj in objs:
            obj.full_clean()


def test_boms_are_acyclic_and_several_tiers_deep(demo):
    edges = [(str(p), str(c)) for p, c in BomLine.objects.values_list("parent_id", "child_id")]
    assert find_cycle(edges) is None
    # The service's own path search agrees: no child reaches back up to its parent.
    for line in BomLine.objects.select_related("parent", "child").order_by("pk")[:40]:
        assert bom_path(line.child, line.parent) is None
        assert bom_path(line.parent, line.child) == [line.parent, line.child]
    children = children_of()

    def levels(pk: int) -> int:
        return 1 + max((levels(child) for child, _ in children[pk]), default=0)

    for buyer in buyers():
        depths = [levels(p.pk) for p in Item.objects.filter(owner=buyer, kind=ItemKind.PRODUCT)]
        assert max(depths) >= 4 and all(d <= 5 for d in depths), (buyer.name, depths)
    # Every part and material is used somewhere; materials are the leaves.
    used = {child for child, _ in BomLine.objects.values_list("child_id", "parent_id")}
    assert set(Item.objects.exclude(kind=ItemKind.PRODUCT).values_list("pk", flat=True)) <= used
    assert not BomLine.objects.filter(parent__kind=ItemKind.MATERIAL).exists()


def test_active_shares_sum_to_one_and_capacity_covers_the_requirement(demo):
    need = requirements()
    rows = active_rows()
    headroom = []
    for item in Item.objects.all():
        actives = rows[item.pk]
        assert actives, f"{item.code} has no active source"
        assert sum(r.share for r in actives) == Decimal("1"), item.code
        if any(r.capacity_per_day is None for r in actives):
            assert item.kind == ItemKind.MATERIAL  # centrally bought: no limit stated
            continue
        capacity = sum(float(r.capacity_per_day) for r in actives)
        assert capacity >= need[item.pk] - 1e-9, item.code  # the whole network meets demand
        for r in actives:
            assert float(r.capacity_per_day) >= need[item.pk] * float(r.share) - 1e-9
        headroom.append(capacity / need[item.pk])
    assert sum(h < 1.15 for h in headroom) >= 3  # a few tight ones
    assert sum(h >= 1.25 for h in headroom) >= 0.7 * len(headroom)  # most comfortable
    for row in Sourcing.objects.exclude(status=SourcingStatus.ACTIVE):
        assert row.share is None and row.capacity_per_day > 0
    # Prices and lead times are set and sensible; a part costs about what goes into it, or more.
    for row in Sourcing.objects.exclude(site__organization__kind=OrganizationKind.BUYER):
        assert row.unit_price > 0 and 1 <= row.lead_time_days <= 60
    cheapest: dict[int, float] = {}
    for item_id, price in Sourcing.objects.filter(
        status=SourcingStatus.ACTIVE, unit_price__isnull=False
    ).values_list("item_id", "unit_price"):
        cheapest[item_id] = min(cheapest.get(item_id, float("inf")), float(price))
    compared = 0
    for parent, lines in children_of().items():
        if parent in cheapest and all(child in cheapest for child, _ in lines):
            inputs = sum(cheapest[child] * qty for child, qty in lines)
            assert cheapest[parent] >= 0.85 * inputs, (parent, cheapest[parent], inputs)
            compared += 1
    assert compared >= 20


def test_sources_have_a_capability_for_the_routing(demo):
    offered = set(Capability.objects.values_list("site__organization_id", "process_id"))
    routing: dict[int, set[int]] = defaultdict(set)
    for item_id, process_id in RoutingStep.objects.values_list("item_id", "process_id"):
        routing[item_id].add(process_id)
    assert routing
    for row in Sourcing.objects.select_related("site__organization", "item"):
        org = row.site.organization
        if routing[row.item_id]:
            assert org.kind == OrganizationKind.MEMBER
            assert any((org.pk, p) in offered for p in routing[row.item_id]), row.item.code
        else:  # products, in-house sub-assemblies and materials: the buyer's own sites
            assert org.pk == row.item.owner_id
    # Routings are numbered 1, 2, … per item.
    steps: dict[int, list[int]] = defaultdict(list)
    for item_id, seq in RoutingStep.objects.values_list("item_id", "sequence"):
        steps[item_id].append(seq)
    assert all(sorted(s) == list(range(1, len(s) + 1)) for s in steps.values())


def test_the_planned_weaknesses_are_there(demo):
    rows: dict[int, list[Sourcing]] = defaultdict(list)
    for row in Sourcing.objects.filter(status__in=STRESS).select_related("site", "item"):
        rows[row.item_id].append(row)
    parts = Item.objects.filter(kind=ItemKind.PART).exclude(routing=None)
    for buyer in buyers():
        single = [
            p
            for p in parts.filter(owner=buyer)
            if len(rows[p.pk]) == 1 and rows[p.pk][0].status == SourcingStatus.ACTIVE
        ]
        assert single, f"{buyer.name} has no single-sourced part"
    one_town = [
        pk
        for pk, rs in rows.items()
        if len(rs) >= 2 and len({r.site.municipality_id for r in rs}) == 1
    ]
    assert one_town
    in_flood = [pk for pk, rs in rows.items() if all("flood" in r.site.hazard_zones for r in rs)]
    assert in_flood
    owners_of_site: dict[int, set[int]] = defaultdict(set)
    for rs in rows.values():
        for r in rs:
            if r.site.organization_id != r.item.owner_id:
                owners_of_site[r.site_id].add(r.item.owner_id)
    assert max(len(owners) for owners in owners_of_site.values()) >= 3
    assert sum(len(owners) >= 2 for owners in owners_of_site.values()) >= 3
    assert Sourcing.objects.filter(status=SourcingStatus.BACKUP).exists()
    assert Sourcing.objects.filter(status=SourcingStatus.CANDIDATE).exists()


def test_the_network_engine_sees_the_weaknesses(demo):
    """The same features through the network engine, fed straight from the rows."""
    items = [
        network_engine.Item(str(i.pk), i.kind, str(i.owner_id), i.code, float(i.demand_per_day))
        for i in Item.objects.all()
    ]
    bom = [
        network_engine.BomLine(str(p), str(c), float(q))
        for p, c, q in BomLine.objects.values_list("parent_id", "child_id", "qty_per_unit")
    ]
    sourcing = [
        network_engine.Sourcing(
            str(r.item_id),
            str(r.site_id),
            r.status,
            float(r.share) if r.share is not None else None,
            capacity_per_day=float(r.capacity_per_day) if r.capacity_per_day else None,
        )
        for r in Sourcing.objects.all()
    ]
    sites = [
        network_engine.SiteInfo(
            str(s.pk),
            str(s.organization_id),
            s.municipality_id,
            hazard_zones=tuple(s.hazard_zones),
            in_region=True,
        )
        for s in Site.objects.filter(sourcing__isnull=False).distinct()
    ]
    result = network_engine.solve(
        network_engine.SupplyData(items=items, bom=bom, sourcing=sourcing, sites=sites)
    )
    assert not result.unsourced
    assert {s.owners for s in result.single_sourced} >= {(str(b.pk),) for b in buyers()}
    assert any(len(c.sites) >= 2 and c.municipality for c in result.concentrated_items)
    assert any(len(s.owners) >= 3 for s in result.shared_sites)
    assert max(p.max_tier for p in result.products) >= 4


def test_inventory_positions_cover_days_of_requirement(demo):
    need = requirements()
    positions = list(InventoryPosition.objects.select_related("item", "site"))
    assert len(positions) >= 0.75 * Item.objects.count()
    days = []
    for pos in positions:
        cover = float(pos.on_hand) / need[pos.item_id]
        assert cover <= 20.05, (pos.item.code, cover)
        days.append(cover)
        if pos.item.kind == ItemKind.PRODUCT:
            assert pos.site.organization_id == pos.item.owner_id
    assert sum(d == 0 for d in days) >= 2 and sum(d >= 5 for d in days) >= 0.3 * len(days)
    assert sum(p.in_transit > 0 for p in positions) >= 0.15 * len(positions)
    assert sum(p.safety_stock > 0 for p in positions) >= 0.5 * len(positions)


def test_recovery_times_are_partly_stated_and_partly_estimated(demo):
    member_sites = set(
        Sourcing.objects.filter(site__organization__kind=OrganizationKind.MEMBER).values_list(
            "site_id", flat=True
        )
    )
    stated = {r.site_id: r for r in SiteRecovery.objects.select_related("site__organization")}
    share = len(member_sites & set(stated)) / len(member_sites)
    assert 0.5 <= share <= 0.7
    for recovery in stated.values():
        assert 3 <= recovery.ttr_days <= 180 and JAPANESE.search(recovery.basis)
    ttr = site_ttr_estimates(member_sites)
    assert {estimated for _, estimated in ttr.values()} == {True, False}
    # Die, mould and casting parts state how long a new tool takes.
    with_ttr = Item.objects.filter(ttr_days__isnull=False)
    assert with_ttr.count() >= 6 and all(60 <= i.ttr_days <= 150 for i in with_ttr)


def test_stress_networks_of_each_buyer_follow_the_contract(demo):
    for buyer in buyers():
        products = Item.objects.filter(owner=buyer, kind=ItemKind.PRODUCT)
        scope = supply_network(products, name=buyer.name)
        net = scope.network
        nodes = {n["id"]: n for n in net["nodes"]}
        assert len(nodes) == len(net["nodes"])
        items = {i for i, n in nodes.items() if n["type"] in ("product", "part")}
        site_ids = set(nodes) - items
        assert {nodes[s]["type"] for s in site_ids} == {"plant", "supplier"}
        assert sorted(scope.product_ids) == sorted(f"I{p.pk}" for p in products)
        for line in net["bom"]:
            assert line["parent"] in items and line["child"] in items and line["qty_per_unit"] > 0
        assert find_cycle([(b["parent"], b["child"]) for b in net["bom"]]) is None
        made = defaultdict(list)
        for edge in net["supply"]:
            assert edge["site"] in site_ids and edge["makes"] in items
            made[edge["makes"]].append(edge["site"])
        parents = {b["parent"] for b in net["bom"]}
        for item in items:
            assert made[item] or item in parents, item
        for product in scope.product_ids:
            assert nodes[product]["demand_per_day"] > 0 and nodes[product]["margin"] > 0
        # Stress-tested: every site and most parts carry a TTR, some of them stated.
        assert all("ttr_days" in nodes[s] for s in site_ids)
        assert any(not scope.nodes[s].ttr_estimated for s in site_ids)


def test_each_buyer_sees_different_exposures_in_the_stress_test(demo):
    from renkei.engines.stress import network_from_json, solve

    for buyer in buyers():
        products = Item.objects.filter(owner=buyer, kind=ItemKind.PRODUCT)
        scope = supply_network(products, name=buyer.name)
        result = solve(network_from_json(scope.network))
        assert result.is_feasible() and result.baseline_tts_days == float("inf")
        top = result.rows[:3]
        assert all(r.rei_profit > 0 and r.exposed for r in top), buyer.name
        assert len({round(r.rei_profit, 6) for r in top}) >= 2, buyer.name
        # Not just the buyer's own plant and products: suppliers and parts lead the list.
        assert any(r.type in ("supplier", "part") for r in top)
