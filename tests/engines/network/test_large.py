"""Synthetic networks: the generator, and a 20 000-node network end to end."""

from __future__ import annotations

import math
import re
from collections import Counter

import pytest

from renkei.engines.network import Params, sankey, solve
from renkei.engines.network.synthetic import synthetic_network


def test_synthetic_networks_are_seeded():
    assert synthetic_network(300, seed=4) == synthetic_network(300, seed=4)
    assert synthetic_network(300, seed=4) != synthetic_network(300, seed=5)
    data = synthetic_network(300, seed=4)
    assert len(data.items) + len(data.sites) == 300
    with pytest.raises(ValueError, match=re.escape("n_nodes must be an integer >= 20. Got: 5")):
        synthetic_network(5)


@pytest.mark.parametrize(
    "n_nodes",
    # 20 000 nodes take 5-10 s on the 2-core machine (most of it building the records)
    [3_000, pytest.param(20_000, marks=pytest.mark.slow)],
)
def test_a_large_network_is_analysed_consistently(n_nodes):
    data = synthetic_network(n_nodes, seed=3)
    result = solve(data, params=Params(min_products_for_sole_source=2))
    summary = result.summary()
    assert summary["items"] + len(data.sites) == n_nodes
    assert summary["products"] == sum(1 for i in data.items if i.kind == "product")
    # four BOM levels, plus parts hung straight under products
    assert summary["max_tier"] == 3

    active = Counter(r.need for r in data.sourcing if r.status == "active")
    backup = Counter(r.need for r in data.sourcing if r.status == "backup")
    assert result.single_sourced
    for entry in result.single_sourced:
        need = (entry.item, entry.step)
        assert active[need] == 1 and backup[need] == 0
    assert all(s.n_products >= 2 for s in result.sole_source_sites)

    # owners' figures add up to the overall ones
    local = result.local_sourcing
    for attr in ("spend_local", "spend_total", "volume_local", "volume_total"):
        by_owner = sum(getattr(r, attr) for r in local.by_owner.values())
        assert math.isclose(by_owner, getattr(local.overall, attr), rel_tol=1e-9)
    assert 0.3 < local.overall.by_volume < 0.9  # 60 % of the sites are in the region

    product = result.products[0].id
    chart = sankey(result, product)
    assert len(chart["links"]["source"]) == len(chart["links"]["value"]) > 0
