"""Invariants on random networks, and a path-by-path oracle for tiers and volumes."""

from __future__ import annotations

import json
import math
from collections import defaultdict
from dataclasses import replace

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from renkei.engines.network import BomLine, Item, SiteInfo, Sourcing, SupplyData, solve

# random shares often leave part of an item to nobody, which solve() warns about
pytestmark = pytest.mark.filterwarnings("ignore::renkei.engines.network.NetworkWarning")

OWNERS = ("B1", "B2", "B3")
CODES = ("15202", "15204", "23211", "")
ZONES = ("flood", "tsunami")


@st.composite
def sites(draw, site_id):
    return SiteInfo(
        id=site_id,
        organization=draw(st.sampled_from(("F1", "F2", "F3"))),
        municipality_code=draw(st.sampled_from(CODES)),
        hazard_zones=tuple(draw(st.sets(st.sampled_from(ZONES)))),
        in_region=draw(st.booleans()),
    )


@st.composite
def networks(draw, max_items=10, max_sites=5):
    n = draw(st.integers(1, max_items))
    n_products = draw(st.integers(1, max(1, n // 3)))
    items = []
    for k in range(n):
        kind = "product" if k < n_products else draw(st.sampled_from(("part", "material")))
        items.append(
            Item(
                id=f"I{k}",
                kind=kind,
                owner=draw(st.sampled_from(OWNERS)),
                demand_per_day=draw(st.sampled_from((0.0, 1.0, 5.0, 12.0)))
                if k < n_products
                else 0.0,
                unit_price=draw(st.sampled_from((None, 3.0))),
            )
        )
    # edges only from a lower to a higher position: acyclic by construction
    pairs = draw(
        st.sets(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda p: p[0] < p[1]),
            max_size=2 * n,
        )
    )
    bom = [
        BomLine(f"I{i}", f"I{j}", draw(st.sampled_from((0.5, 1.0, 2.0, 3.0))))
        for i, j in sorted(pairs)
    ]
    m = draw(st.integers(1, max_sites))
    site_list = [draw(sites(f"S{k}")) for k in range(m)]
    sourcing = []
    for item in items:
        chosen = draw(st.lists(st.integers(0, m - 1), unique=True, max_size=m))
        rows = []
        for s in chosen:
            status = draw(st.sampled_from(("active", "active", "backup", "candidate")))
            share = draw(st.sampled_from((None, 0.25, 0.5, 1.0))) if status == "active" else None
            rows.append(
                Sourcing(
                    item.id,
                    f"S{s}",
                    status,
                    share=share,
                    unit_price=draw(st.sampled_from((None, 1.0, 10.0, 100.0))),
                )
            )
        if sum(r.share or 0 for r in rows if r.status == "active") > 1:
            rows = [replace(r, share=None) for r in rows]
        sourcing.extend(rows)
    return SupplyData(items=items, bom=bom, sourcing=sourcing, sites=site_list)


def paths(data: SupplyData, product: str):
    """Every BOM path from the product: item -> list of (depth, cumulative qty)."""
    children = defaultdict(list)
    for line in data.bom:
        children[line.parent].append((line.child, line.qty_per_unit))
    found = defaultdict(list)
    stack = [(product, 0, 1.0)]
    while stack:
        item, depth, qty = stack.pop()
        found[item].append((depth, qty))
        stack.extend((child, depth + 1, qty * q) for child, q in children[item])
    return found


def flags(result):
    """Every risk flag as a set of hashable facts."""
    return {
        *(("single", s.item, s.step) for s in result.single_sourced),
        *(("unsourced", u.item, u.reason) for u in result.unsourced),
        *(
            ("sole", s.site, item)
            for s in result.sole_source_sites
            for item in s.items_without_backup
        ),
        # one fact per place, so that a flag that loses a place counts as weaker, not new
        *(
            ("conc", c.basis, c.item, c.step, c.municipality)
            for c in result.concentrated_items
            if c.municipality
        ),
        *(
            ("conc", c.basis, c.item, c.step, z)
            for c in result.concentrated_items
            for z in c.hazard_zones
        ),
        *(
            ("conc-product", c.product, item)
            for c in result.concentrated_products
            for item in c.items
        ),
    }


@settings(max_examples=30, deadline=None)
@given(networks())
def test_tiers_and_volumes_match_path_enumeration(data):
    result = solve(data)
    requirement = defaultdict(float)
    for product in result.products:
        found = paths(data, product.id)
        tiers = result.tiers[product.id]
        assert set(tiers) == set(found)
        for item, walks in found.items():
            assert tiers[item].depths == tuple(sorted({d for d, _ in walks}))
            assert tiers[item].tier == max(d for d, _ in walks)
            assert math.isclose(tiers[item].qty_per_unit, sum(q for _, q in walks))
    # gross requirement: every item's own demand, exploded path by path
    for item in data.items:
        if item.demand_per_day > 0:
            for child, walks in paths(data, item.id).items():
                requirement[child] += item.demand_per_day * sum(q for _, q in walks)
    for item in data.items:
        assert math.isclose(result.requirements[item.id], requirement[item.id], abs_tol=1e-9)


@settings(max_examples=30, deadline=None)
@given(networks())
def test_children_sit_deeper_than_parents(data):
    result = solve(data)
    for tiers in result.tiers.values():
        for line in data.bom:
            if line.parent in tiers:
                assert tiers[line.child].tier > tiers[line.parent].tier
    for product, site_tiers in result.site_tiers.items():
        assert all(t >= 1 for t in site_tiers.values())
        assert set(site_tiers) == {r.site for r in data.sourcing if r.item in result.tiers[product]}


@settings(max_examples=30, deadline=None)
@given(networks())
def test_local_ratios_are_shares(data):
    local = solve(data).local_sourcing
    for ratio in [local.overall, *local.by_product.values(), *local.by_owner.values()]:
        for value in (ratio.by_spend, ratio.by_volume):
            assert value is None or 0.0 <= value <= 1.0 + 1e-12
        assert ratio.unpriced_volume <= ratio.volume_total + 1e-9


@settings(max_examples=30, deadline=None)
@given(networks())
def test_source_volumes_add_up_to_the_requirement(data):
    result = solve(data)
    by_need = defaultdict(list)
    for row in data.sourcing:
        if row.status == "active":
            by_need[row.need].append(row.share)
    supplied = defaultdict(float)
    for flow in result.source_volumes:
        supplied[(flow.item, flow.step)] += flow.volume_per_day
    for need, shares in by_need.items():
        given_sum = sum(s for s in shares if s is not None)
        total = result.requirements[need[0]]
        if None in shares or math.isclose(given_sum, 1.0):
            # the shares cover the whole requirement: nothing is lost or made up
            assert math.isclose(supplied[need], total, rel_tol=1e-9, abs_tol=1e-9)
        else:
            assert supplied[need] <= total + 1e-9


@settings(max_examples=40, deadline=None)
@given(networks(), st.data())
def test_a_backup_removes_a_single_source_and_adds_no_flag(data, draw):
    before = solve(data)
    assume(before.single_sourced)
    target = draw.draw(st.sampled_from(before.single_sourced))
    used = {r.site for r in data.sourcing if r.need == (target.item, target.step)}
    free = [s.id for s in data.sites if s.id not in used]
    new_site = draw.draw(sites("S-new"))
    site_id = draw.draw(st.sampled_from([*free, "S-new"]))
    extended = replace(
        data,
        sourcing=[*data.sourcing, Sourcing(target.item, site_id, "backup", step=target.step)],
        sites=[*data.sites, new_site],
    )
    after = solve(extended)
    assert (target.item, target.step) not in {(s.item, s.step) for s in after.single_sourced}
    assert (target.item, target.step) in {(s.item, s.step) for s in after.single_active_with_backup}
    assert flags(after) <= flags(before)


@settings(max_examples=40, deadline=None)
@given(networks(), st.randoms(use_true_random=False))
def test_input_order_does_not_change_the_findings(data, rnd):
    def shuffled(seq):
        seq = list(seq)
        rnd.shuffle(seq)
        return seq

    other = SupplyData(
        items=shuffled(data.items),
        bom=shuffled(data.bom),
        sourcing=shuffled(data.sourcing),
        sites=shuffled(data.sites),
    )
    a, b = solve(data), solve(other)
    assert flags(a) == flags(b)
    assert a.tiers == b.tiers and a.site_tiers == b.site_tiers
    assert {k: round(v, 9) for k, v in a.requirements.items()} == {
        k: round(v, 9) for k, v in b.requirements.items()
    }
    assert {(s.ref, s.owners) for s in a.shared_sites} == {
        (s.ref, s.owners) for s in b.shared_sites
    }
    ra, rb = a.local_sourcing.overall, b.local_sourcing.overall
    assert math.isclose(ra.volume_total, rb.volume_total, abs_tol=1e-9)
    assert math.isclose(ra.spend_local, rb.spend_local, abs_tol=1e-9)


@settings(max_examples=20, deadline=None)
@given(networks())
def test_solve_is_deterministic(data):
    first = json.dumps(solve(data, seed=1).to_json(), sort_keys=True)
    assert json.dumps(solve(data, seed=2).to_json(), sort_keys=True) == first


@settings(max_examples=60, deadline=None)
@given(networks(max_items=14, max_sites=6))
def test_solve_equals_the_per_product_dfs_on_random_dags(data):
    """The vectorised solve() finds what the benchmark's per-product DFS finds, path by path."""
    from bench.network import check_same

    # tiers, cumulative quantities, site tiers, sole-source and shared sites, 地産地消率
    check_same(data)
