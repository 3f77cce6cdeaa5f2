"""The synthetic network generator makes the shapes the benchmark claims to test."""

from __future__ import annotations

from collections import defaultdict
from functools import cache

import pytest

from renkei.engines.stress import Network, network_from_json, network_to_json, solve
from renkei.engines.stress.generate import generate_network


@pytest.fixture(scope="module")
def net() -> Network:
    return generate_network(1500, seed=11)


def test_size_and_determinism(net: Network) -> None:
    assert 1400 <= len(net.nodes) <= 1600
    assert generate_network(1500, seed=11) == net
    assert generate_network(1500, seed=12) != net
    for n in (10, 30, 100, 5000):
        assert 0.85 * n <= len(generate_network(n, seed=1).nodes) <= 1.15 * n + 10


def test_round_trips_through_the_contract_json(net: Network) -> None:
    assert network_from_json(network_to_json(net)) == net


def test_layered_products_parts_and_sites(net: Network) -> None:
    children = defaultdict(list)
    for line in net.bom:
        children[line.parent].append(line.child)

    @cache
    def depth(item: str) -> int:
        return 1 + max((depth(c) for c in children[item]), default=0)

    products = [n for n in net.nodes if n.type == "product"]
    assert products and all(p.demand_per_day > 0 and p.margin > 0 for p in products)
    tiers = {depth(p.id) - 1 for p in products}  # part tiers below each product
    assert tiers <= set(range(3, 7)) and len(tiers) > 1

    sources = defaultdict(set)
    for edge in net.supply:
        sources[edge.makes].add(edge.site)
    parts = [n for n in net.nodes if n.type == "part"]
    alternates = sum(len(sources[p.id]) > 1 for p in parts)
    assert 0.1 * len(parts) < alternates < 0.9 * len(parts)
    assert all(sources[n.id] for n in parts + products)

    # shared sites: some site makes items for more than one product
    product_of = defaultdict(set)
    for p in products:
        stack = [p.id]
        while stack:
            item = stack.pop()
            product_of[item].add(p.id)
            stack.extend(children[item])
    serves = defaultdict(set)
    for edge in net.supply:
        serves[edge.site] |= product_of[edge.makes]
    assert sum(len(v) > 1 for v in serves.values()) > 10

    stocked = sum(n.inventory > 0 for n in parts)
    assert 0.2 * len(parts) < stocked < 0.8 * len(parts)
    sites = [n for n in net.nodes if n.is_site]
    assert all(s.ttr_days is not None for s in sites)
    assert any(s.capacity_per_day is None for s in sites)
    assert 0.05 * len(parts) < sum(p.ttr_days is not None for p in parts) < 0.5 * len(parts)


def test_generated_network_meets_demand_when_whole(net: Network) -> None:
    result = solve(net)
    assert result.baseline_tts_days == float("inf")
    assert 0 < sum(r.exposed for r in result.rows) < len(result.rows)
