"""Network engine: sparse all-products explosion vs a per-product DFS in pure Python.

The baseline is what one writes first: for every product, walk its BOM path by path,
accumulate depths and cumulative quantities, then recompute the product's site tiers,
volumes, local-sourcing ratio and single-source exposure from them; merge the products
at the end for sole-source sites and shared sites. It produces the same figures as the
engine's core (the section checks them against each other) but not the engine's extras
(concentration, unsourced parts, source volumes, graph lists), so the ratio is, if
anything, kind to the baseline.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from renkei.engines.network import Params, SupplyData, solve
from renkei.engines.network.synthetic import synthetic_network

SIZES = ((1_000, 5), (10_000, 3), (50_000, 3))  # (nodes, repeats)


def naive_analysis(data: SupplyData) -> dict[str, Any]:
    """Per-product DFS in pure Python (the baseline)."""
    children: dict[str, list[tuple[str, float]]] = defaultdict(list)
    has_parent = set()
    for line in data.bom:
        children[line.parent].append((line.child, line.qty_per_unit))
        has_parent.add(line.child)
    sites = {s.id: s for s in data.sites}
    items = {i.id: i for i in data.items}
    rows_by_need: dict[tuple[str, str | None], list[Any]] = defaultdict(list)
    for row in data.sourcing:
        rows_by_need[row.need].append(row)
    # effective shares, per need
    supply: dict[str, list[tuple[str, float, float | None, bool, bool]]] = defaultdict(list)
    all_sites: dict[str, set[str]] = defaultdict(set)
    for (item, _), rows in rows_by_need.items():
        active = [r for r in rows if r.status == "active"]
        given = sum(r.share for r in active if r.share is not None)
        missing = sum(1 for r in active if r.share is None)
        rest = max(0.0, 1.0 - given) / max(missing, 1)
        for r in rows:
            all_sites[item].add(r.site)
        for r in active:
            share = r.share if r.share is not None else rest
            price = r.unit_price if r.unit_price is not None else items[item].unit_price
            supply[item].append((r.site, share, price, sites[r.site].in_region, len(active) == 1))

    products = [
        i
        for i in data.items
        if i.kind == "product" or (i.id not in has_parent and i.demand_per_day > 0)
    ]
    tiers: dict[str, dict[str, int]] = {}
    ratios: dict[str, tuple[float | None, float | None]] = {}
    sole: dict[str, set[str]] = defaultdict(set)
    shared: dict[str, set[str]] = defaultdict(set)
    site_tiers: dict[str, dict[str, int]] = {}
    for product in products:
        depths: dict[str, set[int]] = defaultdict(set)
        qty: dict[str, float] = defaultdict(float)
        stack = [(product.id, 0, 1.0)]
        while stack:
            item, depth, q = stack.pop()
            depths[item].add(depth)
            qty[item] += q
            stack.extend((child, depth + 1, q * k) for child, k in children[item])
        tiers[product.id] = {item: max(d) for item, d in depths.items()}
        per_site: dict[str, int] = {}
        for item, d in depths.items():
            for site in all_sites[item]:
                tier = max(1, min(d))
                per_site[site] = min(tier, per_site.get(site, tier))
        site_tiers[product.id] = per_site
        scale = product.demand_per_day if product.demand_per_day > 0 else 1.0
        spend_local = spend_total = volume_local = volume_total = 0.0
        for item, q in qty.items():
            for site, share, price, local, only in supply[item]:
                volume = scale * q * share
                volume_total += volume
                volume_local += volume if local else 0.0
                if price is not None:
                    spend_total += volume * price
                    spend_local += volume * price if local else 0.0
                if only:
                    sole[site].add(product.id)
                shared[site].add(product.owner)
        ratios[product.id] = (
            spend_local / spend_total if spend_total > 0 else None,
            volume_local / volume_total if volume_total > 0 else None,
        )
    return {
        "tiers": tiers,
        "site_tiers": site_tiers,
        "ratios": ratios,
        "sole_source_sites": {s for s, p in sole.items() if p},
        "shared_sites": {s for s, owners in shared.items() if len(owners) >= 2},
    }


def check_same(data: SupplyData) -> None:
    """The baseline and the engine agree (else the timing compares different work)."""
    engine = solve(data, params=Params(build_graph=False))
    naive = naive_analysis(data)
    assert naive["tiers"] == {p: {i: t.tier for i, t in d.items()} for p, d in engine.tiers.items()}
    assert naive["site_tiers"] == engine.site_tiers
    assert naive["sole_source_sites"] == {s.site for s in engine.sole_source_sites}
    assert naive["shared_sites"] == {s.ref for s in engine.shared_sites}
    for product, (spend, volume) in naive["ratios"].items():
        local = engine.local_sourcing.by_product[product]
        for a, b in ((spend, local.by_spend), (volume, local.by_volume)):
            assert (a is None and b is None) or abs(a - b) < 1e-9, (product, a, b)


def median_time(fn: Callable[[], object], repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> str:
    lines = [
        "## network — multi-tier supply analysis",
        "",
        "`renkei.engines.network.solve` (sparse explosion of all products at once, "
        "`Params(build_graph=False)`; with the graph lists in a separate column) against a "
        "per-product DFS in pure Python that recomputes the volumes of every product "
        "(`bench/network.py:naive_analysis`). Networks from "
        "`renkei.engines.network.synthetic.synthetic_network(n, seed=n)`: four BOM levels, "
        "a fifth of the nodes are sites. Both give the same tiers, site tiers, per-product "
        "地産地消率, sole-source sites and shared sites (checked before timing). "
        "Medians of the repeats, seconds; building the input records is not timed.",
        "",
        "| nodes | items | BOM lines | sourcing rows | products | repeats | engine | engine + graph | naive DFS | naive / engine |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n_nodes, repeats in SIZES:
        data = synthetic_network(n_nodes, seed=n_nodes)
        check_same(data)
        engine = median_time(lambda d=data: solve(d, params=Params(build_graph=False)), repeats)
        with_graph = median_time(lambda d=data: solve(d), repeats)
        naive = median_time(lambda d=data: naive_analysis(d), repeats)
        n_products = sum(1 for i in data.items if i.kind == "product")
        lines.append(
            f"| {n_nodes:,} | {len(data.items):,} | {len(data.bom):,} | {len(data.sourcing):,} "
            f"| {n_products:,} | {repeats} | {engine:.3f} | {with_graph:.3f} | {naive:.3f} "
            f"| {naive / engine:.2f}x |"
        )
    return "\n".join(lines)


def main() -> None:
    print(run())


if __name__ == "__main__":
    main()
