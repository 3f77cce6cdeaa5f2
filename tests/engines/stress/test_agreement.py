"""The fast sweep agrees with the naive per-node LPs and with an independent formulation."""

from __future__ import annotations

import math

import pytest

from renkei.engines.stress import Params, solve, solve_naive
from renkei.engines.stress.generate import generate_network
from tests.engines.stress.randnet import Oracle, close, random_network


def _scales(net) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    demand = sum(n.demand_per_day for n in net.nodes)
    margin = max(1.0, max(n.margin for n in net.nodes))
    return max(1.0, demand), margin


@pytest.mark.parametrize("seed", range(24))
def test_fast_naive_and_oracle_agree_on_random_networks(seed: int) -> None:
    net = random_network(seed, size=seed % 3)
    fast = solve(net)
    naive = solve_naive(net)
    oracle = Oracle(net)
    demand, margin = _scales(net)
    assert close(fast.baseline_tts_days, naive.baseline_tts_days)
    assert close(fast.baseline_tts_days, oracle.tts(set()))
    assert {r.node for r in fast.rows} == {n.id for n in net.stress_nodes()}
    for row in fast.rows:
        ref = naive.row(row.node)
        window = row.ttr_days
        units = oracle.lost({row.node}, window, "units")
        profit = oracle.lost({row.node}, window, "profit")
        tts = oracle.tts({row.node})
        for got, want, scale in (
            (row.lost_units, ref.lost_units, demand * window),
            (row.lost_units, units, demand * window),
            (row.lost_profit, ref.lost_profit, demand * window * margin),
            (row.lost_profit, profit, demand * window * margin),
            (row.tts_days, ref.tts_days, 1.0),
            (row.tts_days, tts, 1.0),
            (row.rei_units, ref.rei_units, 1.0),
            (row.rei_profit, ref.rei_profit, 1.0),
        ):
            assert close(got, want, scale), (row.node, got, want)
        assert row.exposed == ref.exposed


@pytest.mark.parametrize("seed", range(6))
def test_shortcuts_change_nothing(seed: int) -> None:
    net = random_network(1000 + seed, size=2)
    assert solve(net).to_json() == solve(net, params=Params(shortcuts=False)).to_json()


@pytest.mark.parametrize(("nodes", "seed"), [(60, 1), (200, 2)])
def test_fast_and_naive_agree_on_generated_networks(nodes: int, seed: int) -> None:
    net = generate_network(nodes, seed)
    fast = solve(net)
    sample = [r.node for r in fast.rows[:: max(1, len(fast.rows) // 12)]]
    naive = solve_naive(net, nodes=sample)
    demand, margin = _scales(net)
    for node in sample:
        a, b = fast.row(node), naive.row(node)
        assert close(a.tts_days, b.tts_days)
        assert close(a.lost_units, b.lost_units, demand * a.ttr_days)
        assert close(a.lost_profit, b.lost_profit, demand * a.ttr_days * margin)


def test_network_that_cannot_meet_demand_when_whole() -> None:
    # 10/day demand, 6/day capacity, 20 in stock: short 4/day from day 0, TTS = 20 / 4 = 5.
    from renkei.engines.stress import network_from_json

    net = network_from_json(
        {
            "name": "short",
            "nodes": [
                {"id": "S", "type": "supplier", "capacity_per_day": 6, "ttr_days": 10},
                {"id": "X", "type": "supplier", "ttr_days": 10},
                {"id": "P", "type": "product", "inventory": 20, "demand_per_day": 10, "margin": 2},
            ],
            "supply": [{"site": "S", "makes": "P"}],
        }
    )
    result = solve(net)
    assert result.baseline_tts_days == 5.0
    s, x = result.row("S"), result.row("X")
    assert (s.tts_days, s.lost_units, s.lost_profit) == (2.0, 80.0, 160.0)  # 100 - 20
    # X makes nothing: its PI is the baseline loss, 100 - 20 - 60 = 20 units
    assert (x.tts_days, x.lost_units, x.exposed) == (5.0, 20.0, True)
    assert math.isclose(x.rei_units, 0.25)
