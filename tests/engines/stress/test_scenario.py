"""Area scenarios (several nodes down together) and the add-a-source what-if."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from renkei.engines.stress import (
    NetworkError,
    network_from_json,
    solve,
    solve_scenario,
    with_added_source,
)
from tests.engines.stress.randnet import Oracle, close, random_network

EXAMPLES = {
    ex["name"]: ex
    for ex in json.loads(
        (Path(__file__).parent / "data" / "stress_examples.json").read_text("utf-8")
    )["examples"]
}


def _net(name: str):  # type: ignore[no-untyped-def]
    return network_from_json(EXAMPLES[name]["network"])


def test_one_node_scenario_equals_its_stress_row() -> None:
    net = _net("3_bom_two_parts_bottleneck_multitier")
    result = solve(net)
    for row in result.rows:
        scenario = solve_scenario(net, {row.node}, row.ttr_days)
        assert scenario.lost_units == pytest.approx(row.lost_units, rel=1e-9)
        assert scenario.lost_profit == pytest.approx(row.lost_profit, rel=1e-9)
        assert scenario.tts_days == row.tts_days
        assert scenario.exposed == row.exposed
        assert scenario.lost_units_by_product == {"CAR": pytest.approx(row.lost_units)}


def test_area_scenario_loses_more_than_each_node_alone() -> None:
    # Example 2: S1 and S2 down together for 10 days -> no B made at all: 1000 - 400 = 600 lost.
    net = _net("2_dual_sourced_part_alternate_60pct")
    both = solve_scenario(net, {"S1", "S2"}, 10)
    assert (both.lost_units, both.lost_profit, both.tts_days) == (600.0, 300000.0, 4.0)
    assert both.lost_demand_days == 6.0
    assert both.to_json()["down"] == ["S1", "S2"]
    assert both.lost_units > solve_scenario(net, {"S1"}, 10).lost_units


def test_per_product_losses_follow_each_metric() -> None:
    # Example 4, S1 down 10 days: the unit plan may lose either product, the profit plan
    # keeps Y (margin 300) whole and loses 100 X (margin 100).
    scenario = solve_scenario(_net("4_two_products_shared_capacity_margin_priority"), {"S1"}, 10)
    assert sum(scenario.lost_units_by_product.values()) == pytest.approx(100)
    assert scenario.lost_profit_by_product == {"X": pytest.approx(10000), "Y": 0.0}
    assert scenario.lost_profit == pytest.approx(10000)
    assert "lost 100 units" in scenario.summary()


@pytest.mark.parametrize("seed", range(8))
def test_random_area_scenarios_match_the_oracle(seed: int) -> None:
    net = random_network(500 + seed, size=2)
    ids = [n.id for n in net.nodes]
    down = {ids[seed % len(ids)], ids[(3 * seed + 1) % len(ids)]}
    oracle = Oracle(net)
    scenario = solve_scenario(net, down, 7.5)
    demand = max(1.0, sum(n.demand_per_day for n in net.nodes))
    margin = max(1.0, max(n.margin for n in net.nodes))
    assert close(scenario.lost_units, oracle.lost(down, 7.5, "units"), demand * 7.5)
    assert close(scenario.lost_profit, oracle.lost(down, 7.5, "profit"), demand * 7.5 * margin)
    assert close(scenario.tts_days, oracle.tts(down))
    assert sum(scenario.lost_profit_by_product.values()) == pytest.approx(
        scenario.lost_profit, abs=1e-6 * demand * 7.5 * margin
    )


def test_scenario_input_errors() -> None:
    net = _net("1_single_sourced_part")
    with pytest.raises(NetworkError, match="unknown node 'NOPE'"):
        solve_scenario(net, {"S1", "NOPE"}, 5)
    with pytest.raises(NetworkError, match=r"ttr_days must be a number >= 0\. Got: -1"):
        solve_scenario(net, {"S1"}, -1)


def test_adding_a_backup_source_removes_the_exposure() -> None:
    net = _net("1_single_sourced_part")
    before = solve(net)
    after = solve(with_added_source(net, "S2", "A", capacity_per_day=100))
    assert before.row("S1").lost_units == 2000
    assert after.row("S1").lost_units == 0 and math.isinf(after.row("S1").tts_days)
    assert not after.row("S1").exposed
    # A itself stops every edge that makes A, the new one included: no change.
    assert after.row("A").lost_units == before.row("A").lost_units
    # the new site has no TTR: the same nodes are stress-tested
    assert {r.node for r in after.rows} == {r.node for r in before.rows}
    # a backup at half the rate: 1000 + 50 x 30 = 2500 of 3000 A; TTS 100 t <= 1000 + 50 t
    half = solve(with_added_source(net, "S2", "A", capacity_per_day=50)).row("S1")
    assert (half.lost_units, half.tts_days) == (500.0, 20.0)


def test_added_source_on_an_existing_site_shares_its_capacity() -> None:
    net = _net("2_dual_sourced_part_alternate_60pct")
    new = with_added_source(net, "PLANT", "B")
    assert new.node("PLANT").capacity_per_day == 200
    assert len(new.supply) == len(net.supply) + 1
    # PLANT now also makes B but it is down itself when tested: its own row is unchanged
    assert solve(new).row("PLANT").lost_units == solve(net).row("PLANT").lost_units


def test_with_added_source_rejects_bad_edges() -> None:
    net = _net("1_single_sourced_part")
    with pytest.raises(NetworkError, match="duplicate supply edge S1 -> A"):
        with_added_source(net, "S1", "A")
    with pytest.raises(NetworkError, match="unknown item 'Z'"):
        with_added_source(net, "S1", "Z")
    with pytest.raises(NetworkError, match="site 'A' is an item"):
        with_added_source(net, "A", "CAR")
    with pytest.raises(NetworkError, match="capacity_per_day must be >= 0"):
        with_added_source(net, "S2", "A", capacity_per_day=-1)


def test_tts_at_the_cap_is_inf() -> None:
    # 100 in stock, short 1/day: survives 100 days; with a cap of 60 days that counts as inf.
    doc = {
        "name": "cap",
        "nodes": [
            {"id": "S", "type": "supplier", "capacity_per_day": 9, "ttr_days": 1},
            {"id": "P", "type": "product", "inventory": 100, "demand_per_day": 10, "margin": 1},
        ],
        "supply": [{"site": "S", "makes": "P"}],
    }
    assert solve(network_from_json(doc)).baseline_tts_days == 100.0
    doc["options"] = {"tts_cap_days": 60}
    result = solve(network_from_json(doc))
    assert math.isinf(result.baseline_tts_days)
    assert result.to_json()["baseline_tts_days"] == "inf"
