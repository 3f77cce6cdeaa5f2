"""Deterministic synthetic supply networks in the contract format (``renkei gen-network``).

The shape follows a regional cluster: product families (a buyer's products sharing a plant and a
supplier base), each product a BOM of 3-6 tiers with common parts inside the family, parts with
one to three sources, site capacities sized from the load they carry with some slack, a few
suppliers serving two families (which ties their LPs together) and raw-material distributors
without a capacity limit serving everyone. Sites and about a fifth of the items get a TTR.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

from renkei.engines.stress.contract import network_to_json
from renkei.engines.stress.model import (
    BomLine,
    Network,
    Node,
    Options,
    SupplyEdge,
)


@dataclass
class _Builder:
    rng: np.random.Generator
    nodes: list[Node] = field(default_factory=list)
    bom: list[BomLine] = field(default_factory=list)
    supply: list[SupplyEdge] = field(default_factory=list)
    n_items: int = 0
    n_sites: int = 0
    # per item id: daily requirement (filled in after the BOM is known)
    children: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    demand: dict[str, float] = field(default_factory=dict)

    def item_id(self) -> str:
        self.n_items += 1
        return f"I{self.n_items:06d}"

    def site_id(self, prefix: str) -> str:
        self.n_sites += 1
        return f"{prefix}{self.n_sites:05d}"


def generate_network(n_nodes: int, seed: int = 0, *, name: str | None = None) -> Network:
    """A layered synthetic network with about ``n_nodes`` nodes.

    Parameters
    ----------
    n_nodes
        Target node count (sites plus items); the result is within a few percent.
    seed
        Seed of the generator; the same (n_nodes, seed) gives the same network.

    Returns
    -------
    Network
    """
    if n_nodes < 10:
        raise ValueError(f"n_nodes must be >= 10. Got: {n_nodes}")
    import numpy as np  # here, not at import: `renkei --help` lists this command

    rng = np.random.default_rng(seed)
    b = _Builder(rng)
    # Raw-material distributors: no capacity limit, shared by every family.
    n_dist = max(1, n_nodes // 2000)
    distributors = [b.site_id("D") for _ in range(n_dist)]
    for sid in distributors:
        b.nodes.append(Node(id=sid, type="supplier", ttr_days=float(rng.integers(5, 30))))
    families: list[list[str]] = []  # supplier ids per family
    site_load: dict[str, float] = {}
    site_is_plant: dict[str, bool] = {}

    while len(b.nodes) + len(site_load) < n_nodes * 0.97:
        left = n_nodes - len(b.nodes) - len(site_load)
        fam_sites = _family(b, rng, families, site_load, site_is_plant, distributors, left)
        families.append(fam_sites)

    # Site capacities from the load they carry: slack 1.05-2.0, a tenth without a limit.
    for sid, load in site_load.items():
        unlimited = rng.random() < 0.1
        slack = 1.05 + rng.random() * 0.95
        cap = None if unlimited else float(math.ceil(max(load, 1.0) * slack))
        ttr = float(rng.integers(2, 60)) if not site_is_plant[sid] else float(rng.integers(1, 15))
        b.nodes.append(
            Node(
                id=sid,
                type="plant" if site_is_plant[sid] else "supplier",
                capacity_per_day=cap,
                ttr_days=ttr,
            )
        )
    return Network(
        name=name or f"synthetic-{n_nodes}-{seed}",
        nodes=tuple(b.nodes),
        bom=tuple(b.bom),
        supply=tuple(b.supply),
        options=Options(),
    )


def _family(
    b: _Builder,
    rng: np.random.Generator,
    families: list[list[str]],
    site_load: dict[str, float],
    site_is_plant: dict[str, bool],
    distributors: list[str],
    budget: int,
) -> list[str]:
    """One product family: 1-4 products, a plant, 4-15 suppliers; returns its suppliers."""
    # Small budgets (tiny networks, the last family) get a smaller family.
    n_products = min(int(rng.integers(1, 5)), max(1, budget // 25))
    depth = int(rng.integers(3, 7))  # tiers of parts below the products
    plant = b.site_id("PL")
    site_is_plant[plant] = True
    site_load[plant] = 0.0
    n_suppliers = min(int(rng.integers(4, 16)), max(2, budget // 8))
    suppliers = [b.site_id("S") for _ in range(n_suppliers)]
    for sid in suppliers:
        site_is_plant[sid] = False
        site_load[sid] = 0.0
    # A few suppliers also serve an earlier family (shared sub-tier, ties the two LPs).
    pool = list(suppliers)
    if families and rng.random() < 0.35:
        other = families[int(rng.integers(len(families)))]
        pool.append(other[int(rng.integers(len(other)))])

    tiers: list[list[str]] = [[] for _ in range(depth)]
    requirement: dict[str, float] = {}
    products: list[str] = []
    for _ in range(n_products):
        pid = b.item_id()
        demand = float(rng.integers(5, 200))
        margin = float(rng.integers(1, 50) * 100)
        inventory = float(round(demand * rng.integers(0, 4)))
        b.nodes.append(
            Node(
                id=pid,
                type="product",
                inventory=inventory,
                demand_per_day=demand,
                margin=margin,
                ttr_days=float(rng.integers(1, 10)) if rng.random() < 0.3 else None,
            )
        )
        requirement[pid] = demand
        products.append(pid)
        _edge(b, plant, pid, None, demand, site_load)

    # Parts tier by tier: each parent gets 1-3 children, reusing a tier's parts at times.
    parents = products
    size_cap = max(2, min(60, budget // 8))
    for tier in range(depth):
        width = min(size_cap, max(2, int(len(parents) * rng.uniform(1.0, 1.8))))
        new_parts = [b.item_id() for _ in range(width)]
        tiers[tier] = new_parts
        used: dict[str, None] = {}
        for parent in parents:
            k = int(rng.integers(1, 4))
            for child in rng.choice(new_parts, size=min(k, width), replace=False).tolist():
                qty = float(rng.choice([1, 1, 1, 2, 2, 4]))
                b.bom.append(BomLine(parent, child, qty))
                requirement[child] = requirement.get(child, 0.0) + qty * requirement[parent]
                used[child] = None
        parents = list(used)  # unused parts are dropped
        for pid in parents:
            stock = (
                float(round(requirement[pid] * rng.uniform(1, 20))) if rng.random() < 0.4 else 0.0
            )
            b.nodes.append(
                Node(
                    id=pid,
                    type="part",
                    inventory=stock,
                    ttr_days=float(rng.integers(3, 45)) if rng.random() < 0.2 else None,
                )
            )
            is_raw = tier == depth - 1
            n_src = int(rng.choice([1, 1, 1, 2, 2, 3]))
            if is_raw:
                _edge(
                    b, distributors[int(rng.integers(len(distributors)))], pid, None, 0.0, site_load
                )
                n_src -= 1
            sources = rng.choice(pool, size=min(n_src, len(pool)), replace=False).tolist()
            share = requirement[pid] / max(1, len(sources))
            for sid in sources:
                # Each source can carry its share; a contractual edge limit now and then.
                limited = len(sources) > 1 and rng.random() < 0.3
                edge_cap = float(math.ceil(share * rng.uniform(1.0, 1.6))) if limited else None
                _edge(b, sid, pid, edge_cap, share, site_load)
    return suppliers


def _edge(
    b: _Builder,
    site: str,
    item: str,
    capacity: float | None,
    load: float,
    site_load: dict[str, float],
) -> None:
    b.supply.append(SupplyEdge(site, item, capacity))
    if site in site_load:
        site_load[site] += load


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--nodes", type=int, required=True, help="about how many nodes")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--out", help="write to this file instead of stdout")


def run(args: argparse.Namespace) -> int:
    try:
        net = generate_network(args.nodes, args.seed)
    except ValueError as exc:
        print(f"renkei gen-network: {exc}", file=sys.stderr)
        return 2
    text = json.dumps(network_to_json(net), ensure_ascii=False, separators=(",", ":"))
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            fh.write(text + "\n")
    else:
        from renkei.engines.stress.cli import write_stdout

        write_stdout(text + "\n")
    return 0
