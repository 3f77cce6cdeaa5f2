"""Network engine: sparse all-products explosion vs a per-product DFS in pure Python.

The baseline is what one writes first: for every product, walk its BOM path by path,
accumulate depths and cumulative quantities, then recompute the product's volumes and
local-sourcing ratio (the *propagation*), and, for the whole *analysis*, its site tiers
and single-source exposure, merged at the end into sole-source sites and shared sites.
Two comparisons, each on the same figures (checked against each other before timing):

* propagation: tiers, cumulative quantities, volumes and per-product 地産地消率 — the
  engine's sparse explosion and roll-up against the DFS;
* analysis: the engine's whole ``solve()`` against the DFS analysis. ``solve()`` also finds
  concentration, unsourced parts and single sources and builds every flag's product and
  owner lists, which the baseline skips, so this ratio is kind to the baseline.
"""

from __future__ import annotations

import statistics
import time
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from renkei.engines.network import Params, SupplyData, analysis, solve
from renkei.engines.network.graph import Explosion, build_index, explode, requirements
from renkei.engines.network.result import LocalSourcing
from renkei.engines.network.synthetic import synthetic_network

# (nodes, repeats): a run at 1,000 nodes takes milliseconds, so more of them steady its median
SIZES = ((1_000, 15), (10_000, 3), (50_000, 3))
DEPTHS = (4, 7)  # BOM levels: the generator's default, and a deep machine-like BOM


def sparse_propagation(data: SupplyData) -> tuple[Explosion, LocalSourcing]:
    """The engine's propagation alone: explosion, requirements, roll-up of the ratios."""
    index = build_index(data)
    explosion = explode(index)
    ctx = analysis.Context.build(index, explosion, requirements(index))
    return explosion, analysis.local_sourcing(ctx)


def naive_analysis(data: SupplyData, *, flags: bool = True) -> dict[str, Any]:
    """Per-product DFS in pure Python (the baseline); ``flags=False``: propagation only."""
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
        tiers[product.id] = {item: (max(d), qty[item]) for item, d in depths.items()}
        if flags:
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
                if flags:
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
    tiers = {
        p: {i: (t.tier, t.qty_per_unit) for i, t in d.items()} for p, d in engine.tiers.items()
    }
    assert tiers.keys() == naive["tiers"].keys()
    for product, items in naive["tiers"].items():
        assert items.keys() == tiers[product].keys()
        for item, (tier, qty) in items.items():
            assert tiers[product][item][0] == tier
            assert abs(tiers[product][item][1] - qty) <= 1e-9 * max(1.0, qty)
    assert naive["site_tiers"] == engine.site_tiers
    assert naive["sole_source_sites"] == {s.site for s in engine.sole_source_sites}
    assert naive["shared_sites"] == {s.ref for s in engine.shared_sites}
    _same_ratios(naive["ratios"], engine.local_sourcing)
    explosion, local = sparse_propagation(data)
    assert len(explosion.pair_item) == sum(len(t) for t in naive["tiers"].values())
    _same_ratios(naive_analysis(data, flags=False)["ratios"], local)


def _same_ratios(naive: dict[str, tuple[float | None, float | None]], local: LocalSourcing) -> None:
    for product, (spend, volume) in naive.items():
        ratio = local.by_product[product]
        for a, b in ((spend, ratio.by_spend), (volume, ratio.by_volume)):
            assert (a is None and b is None) or abs(a - b) < 1e-9, (product, a, b)


def build(data: SupplyData) -> SupplyData:
    """The model built again from the same records: the validation both sides start from."""
    return SupplyData(
        items=data.items, bom=data.bom, sourcing=data.sourcing, sites=data.sites, name=data.name
    )


def median_time(fn: Callable[[], object], repeats: int) -> float:
    """Median CPU seconds (the 2-core machine is shared: wall time measures the neighbours)."""
    times = []
    for _ in range(repeats):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)


def run() -> str:
    lines = [
        "## network — multi-tier supply analysis",
        "",
        "The engine (every product exploded at once, one NumPy pass per BOM level over the "
        "BOM's CSR arrays, ratios by one roll-up) against a per-product DFS in pure Python "
        "that recomputes every product's volumes (`bench/network.py`). *Propagation*: tiers, "
        "cumulative quantities, volumes and per-product 地産地消率 only. *Analysis*: "
        "`solve(Params(build_graph=False))` (and with the plain graph lists) against the DFS "
        "that also derives site tiers, sole-source sites and shared sites; `solve()` further "
        "finds concentration, unsourced parts and single sources, which the DFS skips. "
        "`solve()` decides every flag on arrays and, like the per-product tier dicts, builds "
        "the flags' records (dataclasses with their product and owner lists) when first "
        "read: *`solve()` + records* is `solve()` followed by reading every list. Both "
        "sides are checked to agree before timing (and a hypothesis property checks it on "
        "random DAGs). "
        "Networks from `synthetic_network(n, seed=n, depth=d)`: a fifth of the nodes are "
        "sites, `depth` BOM levels from products to materials. Median CPU milliseconds "
        "(`time.process_time`: the 2-core machine is shared) of the repeats. **What is "
        "timed:** both sides start from the same built `SupplyData` and time only their own "
        "analysis. Building it (*`SupplyData` build*: the validator, which also keeps every "
        "reference as a position and every field the engines read as a read-only NumPy "
        "column) is timed on its own and is in neither side's figure: `solve()` reads those "
        "columns, the DFS reads the records (it needs no columns; it would need the same "
        "validation). *pairs* = (product, item) pairs of all product trees, *paths* = BOM "
        "paths the DFS walks.",
        "",
        "| depth | nodes | items | products | pairs | paths | repeats | `SupplyData` build "
        "| propagation: sparse | propagation: DFS | DFS / sparse "
        "| `solve()` | `solve()` + records | `solve()` + graph | analysis: DFS "
        "| DFS / `solve()` |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for depth in DEPTHS:
        for n_nodes, repeats in SIZES:
            data = synthetic_network(n_nodes, seed=n_nodes, depth=depth)
            check_same(data)
            result = solve(data, params=Params(build_graph=False))
            pairs = sum(p.n_items for p in result.products)
            built = median_time(lambda d=data: build(d), repeats)
            sparse = median_time(lambda d=data: sparse_propagation(d), repeats)
            dfs = median_time(lambda d=data: naive_analysis(d, flags=False), repeats)
            engine = median_time(lambda d=data: solve(d, params=Params(build_graph=False)), repeats)
            records = median_time(lambda d=data: read_records(d), repeats)
            with_graph = median_time(lambda d=data: solve(d), repeats)
            naive = median_time(lambda d=data: naive_analysis(d), repeats)
            lines.append(
                f"| {depth} | {n_nodes:,} | {len(data.items):,} | {len(result.products):,} "
                f"| {pairs:,} | {count_paths(data):,} | {repeats} | {ms(built)} "
                f"| {ms(sparse)} | {ms(dfs)} | {dfs / sparse:.1f}x "
                f"| {ms(engine)} | {ms(records)} | {ms(with_graph)} | {ms(naive)} "
                f"| {naive / engine:.2f}x |"
            )
    return "\n".join(lines)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def read_records(data: SupplyData) -> None:
    """``solve()`` and every flag's records built (what a page that lists them all pays)."""
    result = solve(data, params=Params(build_graph=False))
    for name in (
        "single_sourced",
        "single_active_with_backup",
        "unsourced",
        "sole_source_sites",
        "concentrated_items",
        "concentrated_products",
        "shared_sites",
        "shared_items",
    ):
        getattr(result, name)


def count_paths(data: SupplyData) -> int:
    """BOM paths from every product (what the per-product DFS walks), by memoised counting."""
    children: dict[str, list[str]] = defaultdict(list)
    for line in data.bom:
        children[line.parent].append(line.child)
    below: dict[str, int] = {}

    def paths_from(item: str) -> int:
        if item not in below:
            below[item] = 1 + sum(paths_from(c) for c in children[item])
        return below[item]

    return sum(paths_from(i.id) for i in data.items if i.kind == "product")


def main() -> None:
    print(run())


if __name__ == "__main__":
    main()
