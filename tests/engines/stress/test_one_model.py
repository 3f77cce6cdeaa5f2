"""The stress test reads the network model: one input type, one validator, coded refusals."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from renkei.engines import network
from renkei.engines.network import NetworkCode, NetworkDataError, SupplyData
from renkei.engines.stress import (
    NetworkError,
    StressCode,
    network_from_data,
    network_from_json,
    network_to_json,
    solve,
    solve_naive,
    solve_scenario,
    with_added_source,
)
from tests.engines.stress.randnet import random_network
from tests.engines.stress.test_validation import GOOD

EXAMPLES = json.loads((Path(__file__).parent / "data" / "stress_examples.json").read_text("utf-8"))[
    "examples"
]


@pytest.mark.parametrize("index", range(len(EXAMPLES)))
def test_the_model_of_a_contract_network_gives_the_same_answer(index: int) -> None:
    net = network_from_json(EXAMPLES[index]["network"])
    assert isinstance(net.data, SupplyData)
    assert solve(net.data).to_json() == solve(net).to_json()
    # and the network analysis reads the very same object
    assert set(network.solve(net.data).requirements) == {i.id for i in net.data.items}


@pytest.mark.parametrize("seed", range(6))
def test_the_model_round_trips_through_the_contract_view(seed: int) -> None:
    net = random_network(seed, size=2)
    # sites first in the view, so compare the answer, not the record order
    view = network_from_data(net.data, options=net.options)
    assert solve(view).to_json() == solve(net).to_json()
    assert network_from_json(network_to_json(net.data)).data.sourcing == view.data.sourcing


def test_a_bare_model_keeps_backups_and_drops_candidates_and_steps() -> None:
    data = SupplyData(
        items=[
            network.Item("P", "product", "B", demand_per_day=10, margin=5),
            network.Item("A", "part", "B", inventory=20),
        ],
        bom=[network.BomLine("P", "A", 1)],
        sourcing=[
            network.Sourcing("A", "S1"),
            network.Sourcing("A", "S2", "backup"),
            network.Sourcing("A", "S3", "candidate"),
            network.Sourcing("A", "S4", step="plating"),
            network.Sourcing("P", "S1"),
        ],
        sites=[network.SiteInfo(f"S{k}", f"F{k}", ttr_days=10) for k in range(1, 5)],
        name="bare",
    )
    view = network_from_data(data)
    assert {(e.site, e.makes) for e in view.supply} == {("S1", "A"), ("S2", "A"), ("S1", "P")}
    result = solve(data)
    assert result.network == "bare"
    # S3 (a candidate) and S4 (a plating step) make nothing the stress test counts
    assert result.row("S3").lost_units == result.row("S4").lost_units == 0
    assert result.row("S2").lost_units == 0  # the backup takes over A
    assert solve_naive(data).to_json()["results"] == result.to_json()["results"]


def test_what_if_on_the_model_qualifies_a_candidate_and_refuses_a_source_twice() -> None:
    data = network_from_json(EXAMPLES[0]["network"]).data
    with pytest.raises(NetworkError) as twice:
        with_added_source(data, "S1", "A")
    assert twice.value.code == NetworkCode.DUPLICATE_SOURCING
    assert twice.value.ref == ("A", "S1")
    candidate = SupplyData(
        items=data.items,
        bom=data.bom,
        sourcing=[*data.sourcing, network.Sourcing("A", "S2", "candidate")],
        sites=[*data.sites, network.SiteInfo("S2", "F2")],
    )
    after = with_added_source(candidate, "S2", "A", capacity_per_day=100)
    assert isinstance(after, SupplyData)
    assert [(r.site, r.status) for r in after.sourcing if r.item == "A"] == [
        ("S1", "active"),
        ("S2", "backup"),
    ]
    assert solve(after).row("S1").lost_units == 0
    with pytest.raises(NetworkError) as item_as_site:
        with_added_source(data, "CAR", "A")
    assert item_as_site.value.code == StressCode.NOT_A_SITE


def _refusal(mutate: Any) -> NetworkError:
    doc = copy.deepcopy(GOOD)
    mutate(doc)
    with pytest.raises(NetworkError) as info:
        network_from_json(doc)
    assert isinstance(info.value, NetworkDataError) and isinstance(info.value, ValueError)
    return info.value


@pytest.mark.parametrize(
    ("mutate", "code", "ref", "field", "value"),
    [
        (lambda d: d["nodes"][2].update(inventory=-10), NetworkCode.NEGATIVE_INVENTORY, ("A",), "inventory", -10),
        (lambda d: d["nodes"][0].update(ttr_days=-0.5), NetworkCode.NEGATIVE_TTR, ("S1",), "ttr_days", -0.5),
        (lambda d: d["nodes"][0].update(capacity_per_day=-1), NetworkCode.NEGATIVE_CAPACITY, ("S1",), "capacity_per_day", -1),
        (lambda d: d["nodes"][3].update(margin=-5), NetworkCode.NEGATIVE_MARGIN, ("CAR",), "margin", -5),
        (lambda d: d["bom"][0].update(qty_per_unit=-1), NetworkCode.BAD_QTY, ("CAR", "A"), "qty_per_unit", -1),
        (lambda d: d["supply"].append({"site": "S9", "makes": "A"}), NetworkCode.UNKNOWN_SITE, ("A", "S9"), "site", "S9"),
        (lambda d: d["bom"].append({"parent": "CAR", "child": "B", "qty_per_unit": 1}), NetworkCode.UNKNOWN_ITEM, ("CAR", "B"), "child", "B"),
        (lambda d: d["bom"].append({"parent": "CAR", "child": "S1", "qty_per_unit": 1}), StressCode.NOT_AN_ITEM, ("CAR", "S1"), "child", "S1"),
        (lambda d: d["supply"].append({"site": "A", "makes": "CAR"}), StressCode.NOT_A_SITE, ("CAR", "A"), "site", "A"),
        (lambda d: d["supply"].append({"site": "S1", "makes": "A"}), NetworkCode.DUPLICATE_SOURCING, ("A", "S1"), "", None),
        (lambda d: d["bom"].append(dict(d["bom"][0])), NetworkCode.DUPLICATE_BOM_LINE, ("CAR", "A"), "", None),
        (lambda d: d["nodes"].append({"id": "A", "type": "part"}), StressCode.DUPLICATE_NODE, ("A",), "", "A"),
        (lambda d: d["nodes"][0].update(colour=1), StressCode.UNKNOWN_KEY, (), "colour", "node 'S1'"),
    ],
)  # fmt: skip
def test_refusals_carry_a_code_and_the_offending_ids(
    mutate: Any, code: Any, ref: tuple[str, ...], field: str, value: Any
) -> None:
    error = _refusal(mutate)
    assert error.code == code and type(error.code) is type(code)
    assert (error.ref, error.field, error.value) == (ref, field, value)


def test_a_cycle_is_found_by_the_models_check_even_through_a_zero_line() -> None:
    def cycle(d: dict[str, Any]) -> None:
        d["nodes"].append({"id": "B", "type": "part"})
        d["bom"] += [
            {"parent": "A", "child": "B", "qty_per_unit": 0},
            {"parent": "B", "child": "A", "qty_per_unit": 2},
        ]

    error = _refusal(cycle)
    assert error.code == NetworkCode.BOM_CYCLE and str(error) == "BOM cycle: A -> B -> A"
    assert error.ref == ("A", "B", "A")
    # a zero line is valid and moves nothing: the model leaves it out
    doc = copy.deepcopy(GOOD)
    doc["nodes"].append({"id": "B", "type": "part"})
    doc["bom"].append({"parent": "A", "child": "B", "qty_per_unit": 0})
    net = network_from_json(doc)
    assert len(net.bom) == 2 and [(b.parent, b.child) for b in net.data.bom] == [("CAR", "A")]
    unknown = _refusal(lambda d: d["bom"].append({"parent": "A", "child": "Z", "qty_per_unit": 0}))
    assert unknown.code == NetworkCode.UNKNOWN_ITEM and "unknown child 'Z'" in str(unknown)


def test_scenario_refusals_are_coded() -> None:
    net = network_from_json(EXAMPLES[0]["network"])
    with pytest.raises(NetworkError) as unknown:
        solve_scenario(net.data, {"NOPE"}, 5)
    assert (unknown.value.code, unknown.value.ref) == (StressCode.UNKNOWN_NODE, ("NOPE",))
    with pytest.raises(NetworkError) as window:
        solve_scenario(net, {"S1"}, True)  # type: ignore[arg-type]
    assert window.value.code == StressCode.BAD_WINDOW


def test_a_model_whose_site_and_item_share_an_id_is_refused() -> None:
    data = SupplyData(
        items=[network.Item("X", "product", "B", demand_per_day=1)],
        sourcing=[network.Sourcing("X", "X")],
        sites=[network.SiteInfo("X", "F")],
    )
    with pytest.raises(NetworkError) as shared:
        solve(data)
    assert shared.value.code == StressCode.DUPLICATE_NODE and shared.value.ref == ("X",)
