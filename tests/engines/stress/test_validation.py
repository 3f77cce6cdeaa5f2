"""Bad input: every error class raises NetworkError naming the offending node or edge."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from renkei.engines.stress import (
    BomLine,
    Network,
    NetworkError,
    Node,
    Options,
    Params,
    SupplyEdge,
    network_from_json,
)

GOOD: dict[str, Any] = {
    "name": "ok",
    "description": "free text is allowed here",
    "nodes": [
        {"id": "S1", "type": "supplier", "capacity_per_day": 150, "ttr_days": 30, "note": "x"},
        {"id": "PLANT", "type": "plant", "capacity_per_day": None, "name": "本社工場"},
        {"id": "A", "type": "part", "inventory": 1000, "description": "bracket"},
        {"id": "CAR", "type": "product", "demand_per_day": 100, "margin": 1000},
    ],
    "bom": [{"parent": "CAR", "child": "A", "qty_per_unit": 1, "note": "x"}],
    "supply": [
        {"site": "S1", "makes": "A", "capacity_per_day": None, "name": "main"},
        {"site": "PLANT", "makes": "CAR"},
    ],
    "options": {"tts_service_level": 1.0, "tts_cap_days": 1e6, "note": "x"},
}


def _bad(mutate: Any) -> str:
    data = copy.deepcopy(GOOD)
    mutate(data)
    with pytest.raises(NetworkError) as info:
        network_from_json(data)
    message = str(info.value)
    assert "\n" not in message
    return message


def test_good_network_parses_with_free_text_keys() -> None:
    net = network_from_json(GOOD)
    assert [n.id for n in net.stress_nodes()] == ["S1"]
    assert net.node("PLANT").capacity_per_day is None and net.node("PLANT").name == "本社工場"
    assert net.node("CAR").inventory == 0.0


@pytest.mark.parametrize(
    ("mutate", "names"),
    [
        (lambda d: d["nodes"][0].update(capcity_per_day=1), ["'S1'", "capcity_per_day"]),
        (lambda d: d["nodes"][2].update(demand_per_day=1), ["'A'", "demand_per_day"]),
        (lambda d: d["nodes"][0].update(inventory=1), ["'S1'", "inventory"]),
        (lambda d: d["bom"][0].update(qty=1), ["CAR -> A", "qty"]),
        (lambda d: d["supply"][0].update(lead_time=3), ["S1 -> A", "lead_time"]),
        (lambda d: d["options"].update(horizon=3), ["options", "horizon"]),
        (lambda d: d.update(edges=[]), ["network", "edges"]),
    ],
)
def test_unknown_key(mutate: Any, names: list[str]) -> None:
    message = _bad(mutate)
    assert "unknown key" in message
    for name in names:
        assert name in message


@pytest.mark.parametrize(
    ("mutate", "names"),
    [
        (
            lambda d: d["bom"].append({"parent": "CAR", "child": "B", "qty_per_unit": 1}),
            ["CAR -> B", "'B'"],
        ),
        (
            lambda d: d["bom"].append({"parent": "VAN", "child": "A", "qty_per_unit": 1}),
            ["VAN -> A", "'VAN'"],
        ),
        (lambda d: d["supply"].append({"site": "S9", "makes": "A"}), ["S9 -> A", "'S9'"]),
        (lambda d: d["supply"].append({"site": "S1", "makes": "Z"}), ["S1 -> Z", "'Z'"]),
    ],
)
def test_unknown_reference(mutate: Any, names: list[str]) -> None:
    message = _bad(mutate)
    assert "unknown" in message
    for name in names:
        assert name in message


def test_reference_of_the_wrong_kind() -> None:
    message = _bad(lambda d: d["bom"].append({"parent": "CAR", "child": "S1", "qty_per_unit": 1}))
    assert "CAR -> S1" in message and "is a site" in message
    message = _bad(lambda d: d["supply"].append({"site": "A", "makes": "CAR"}))
    assert "A -> CAR" in message and "is an item" in message


def test_duplicates() -> None:
    assert "duplicate node id 'A'" in _bad(lambda d: d["nodes"].append({"id": "A", "type": "part"}))
    assert "CAR -> A" in _bad(lambda d: d["bom"].append(dict(d["bom"][0])))
    assert "S1 -> A" in _bad(lambda d: d["supply"].append({"site": "S1", "makes": "A"}))


@pytest.mark.parametrize(
    ("mutate", "names"),
    [
        (lambda d: d["nodes"][0].update(capacity_per_day=-1), ["'S1'", "capacity_per_day", "-1"]),
        (lambda d: d["nodes"][0].update(ttr_days=-0.5), ["'S1'", "ttr_days", "-0.5"]),
        (lambda d: d["nodes"][2].update(inventory=-10), ["'A'", "inventory", "-10"]),
        (lambda d: d["nodes"][3].update(demand_per_day=-1), ["'CAR'", "demand_per_day"]),
        (lambda d: d["nodes"][3].update(margin=-5), ["'CAR'", "margin"]),
        (lambda d: d["bom"][0].update(qty_per_unit=-1), ["CAR -> A", "qty_per_unit"]),
        (lambda d: d["supply"][0].update(capacity_per_day=-3), ["S1 -> A", "capacity_per_day"]),
    ],
)
def test_negative_number(mutate: Any, names: list[str]) -> None:
    message = _bad(mutate)
    assert "must be >= 0" in message
    for name in names:
        assert name in message


@pytest.mark.parametrize("value", ["10", True, None, float("nan"), float("inf"), [1]])
def test_not_a_number(value: Any) -> None:
    message = _bad(lambda d: d["nodes"][2].update(inventory=value))
    assert "'A'" in message and "inventory" in message


def test_bom_cycle_names_its_ids() -> None:
    def cycle(d: dict[str, Any]) -> None:
        d["nodes"] += [{"id": "B", "type": "part"}, {"id": "C", "type": "part"}]
        d["bom"] += [
            {"parent": "A", "child": "B", "qty_per_unit": 1},
            {"parent": "B", "child": "C", "qty_per_unit": 2},
            {"parent": "C", "child": "A", "qty_per_unit": 1},
        ]

    message = _bad(cycle)
    assert message.startswith("BOM cycle: ")
    ids = message.removeprefix("BOM cycle: ").split(" -> ")
    assert ids[0] == ids[-1] and set(ids) == {"A", "B", "C"}
    # consecutive pairs are real BOM lines, parent before child
    assert {(ids[i], ids[i + 1]) for i in range(3)} == {("A", "B"), ("B", "C"), ("C", "A")}
    self_loop = _bad(lambda d: d["bom"].append({"parent": "A", "child": "A", "qty_per_unit": 1}))
    assert self_loop == "BOM cycle: A -> A"


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        ([], "network: must be a JSON object"),
        ({"name": "x"}, "'nodes' is missing"),
        ({"nodes": {}}, "nodes must be a JSON list"),
        ({"nodes": [{"type": "part"}]}, "node #0: id"),
        ({"nodes": [{"id": "X", "type": "warehouse"}]}, "node 'X': type must be one of"),
        (
            {"nodes": [{"id": "X", "type": "product", "margin": 1}]},
            "node 'X': a product needs demand_per_day",
        ),
        ({"nodes": [], "bom": [{"parent": "A"}]}, "BOM line A -> None"),
        ({"nodes": [], "options": {"tts_service_level": 0}}, "tts_service_level must be in (0, 1]"),
        ({"nodes": [], "options": {"tts_cap_days": -1}}, "tts_cap_days must be a positive"),
    ],
)
def test_malformed_documents(data: Any, fragment: str) -> None:
    with pytest.raises(NetworkError) as info:
        network_from_json(data)
    assert fragment in str(info.value)


def test_dataclasses_validate_too() -> None:
    with pytest.raises(NetworkError, match="unknown child 'B'"):
        Network("n", (Node("A", "part"),), bom=(BomLine("A", "B", 1),))
    with pytest.raises(NetworkError, match="node 'S': an item has no capacity_per_day"):
        Network("n", (Node("S", "part", capacity_per_day=3),))
    with pytest.raises(NetworkError, match="unknown site 'S'"):
        Network("n", (Node("A", "part"),), supply=[SupplyEdge("S", "A")])
    with pytest.raises(NetworkError, match="tts_service_level"):
        Options(tts_service_level=1.5)


@pytest.mark.parametrize(
    ("kwargs", "fragment"),
    [
        ({"workers": 0}, "workers must be an integer >= 1. Got: 0"),
        ({"chunks_per_worker": 0}, "chunks_per_worker must be"),
        ({"lp_tolerance": 1.0}, "lp_tolerance must be"),
        ({"dask_scheduler": 42}, "dask_scheduler must be"),
    ],
)
def test_params_are_validated(kwargs: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValueError, match="Got: "):
        Params(**kwargs)
    with pytest.raises(ValueError) as info:
        Params(**kwargs)
    assert fragment in str(info.value)
