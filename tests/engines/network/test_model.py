"""Input checks: every bad record is refused with a message that names it."""

from __future__ import annotations

import math
import re
from dataclasses import replace

import pytest

from renkei.engines.network import (
    BomLine,
    Item,
    NetworkCode,
    NetworkDataError,
    Params,
    SiteInfo,
    Sourcing,
    SupplyData,
    find_bom_cycle,
    solve,
)


def _data(**changes):
    base = {
        "items": [Item("P", "product", "B"), Item("X", "part", "B"), Item("Y", "part", "B")],
        "bom": [BomLine("P", "X", 1), BomLine("X", "Y", 2)],
        "sourcing": [Sourcing("Y", "S1"), Sourcing("X", "S1")],
        "sites": [SiteInfo("S1", "F1", "15202")],
    }
    base.update(changes)
    return SupplyData(**base)


def test_valid_data_builds():
    data = _data()
    assert data.item("X").kind == "part"
    assert data.site("S1").municipality == "15202"


@pytest.mark.parametrize(
    ("changes", "code", "message"),
    [
        (
            {"bom": [BomLine("P", "W", 1)]},
            "unknown_item",
            "BOM line P -> W refers to unknown item 'W'",
        ),
        (
            {"sourcing": [Sourcing("W", "S1")]},
            "unknown_item",
            "Sourcing W <- S1 refers to unknown item 'W'",
        ),
        (
            {"sourcing": [Sourcing("X", "S9")]},
            "unknown_site",
            "Sourcing X <- S9 refers to unknown site 'S9'",
        ),
        (
            {
                "items": [Item("P", "product", "B"), Item("P", "part", "B")],
                "bom": [],
                "sourcing": [],
            },
            "duplicate_item",
            "Duplicate item id 'P'",
        ),
        (
            {"sites": [SiteInfo("S1", "F1"), SiteInfo("S1", "F2")]},
            "duplicate_site",
            "Duplicate site id 'S1'",
        ),
        (
            {"bom": [BomLine("P", "X", 1), BomLine("P", "X", 2)]},
            "duplicate_bom_line",
            "Duplicate BOM line P -> X",
        ),
        (
            {"sourcing": [Sourcing("X", "S1"), Sourcing("X", "S1", "backup")]},
            "duplicate_sourcing",
            "Duplicate sourcing X <- S1",
        ),
        (
            {
                "sites": [SiteInfo("S1", "F1"), SiteInfo("S2", "F2")],
                "sourcing": [
                    Sourcing("X", "S1", share=0.7),
                    Sourcing("X", "S2", share=0.5),
                ],
            },
            "shares_over_one",
            "Shares of the active sources of item 'X' add up to more than 1. Got: 1.2",
        ),
        (
            {"bom": [BomLine("P", "X", 1), BomLine("X", "Y", 1), BomLine("Y", "P", 1)]},
            "bom_cycle",
            "BOM cycle: P -> X -> Y -> P",
        ),
        ({"bom": [BomLine("X", "X", 1)]}, "bom_cycle", "BOM cycle: X -> X"),
        ({"items": ["P"]}, "bad_record", "Every item must be an instance of Item"),
    ],
)
def test_bad_references_are_refused(changes, code, message):
    with pytest.raises(NetworkDataError, match=re.escape(message)) as caught:
        _data(**changes)
    assert caught.value.code == code


def test_shares_of_backups_and_of_other_steps_are_not_added_up():
    sites = [SiteInfo("S1", "F1"), SiteInfo("S2", "F2")]
    _data(
        sites=sites,
        sourcing=[
            Sourcing("X", "S1", share=0.7),
            Sourcing("X", "S2", "backup", share=0.7),
            Sourcing("X", "S2", share=0.9, step="plating"),
            Sourcing("X", "S1", share=0.1, step="plating"),
        ],
    )
    # within the tolerance: three times a third typed as 0.3333334
    sites3 = [*sites, SiteInfo("S3", "F3")]
    _data(sites=sites3, sourcing=[Sourcing("X", s.id, share=0.3333334) for s in sites3])
    with pytest.raises(NetworkDataError, match="item 'X' step 'plating' add up"):
        _data(
            sites=sites,
            sourcing=[
                Sourcing("X", "S1", share=0.6, step="plating"),
                Sourcing("X", "S2", share=0.6, step="plating"),
            ],
        )


@pytest.mark.parametrize(
    ("build", "code", "message"),
    [
        (lambda: Item("P", "assembly", "B"), "bad_kind", "Kind of item 'P' must be one of"),
        (lambda: Item("P", "part", ""), "bad_owner", "Owner of item 'P'"),
        (lambda: Item("", "part", "B"), "bad_id", "Item id must be a non-empty string"),
        (
            lambda: Item("P", "part", "B", demand_per_day=-1),
            "negative_demand",
            "Demand per day of item 'P' must be >= 0. Got: -1",
        ),
        (
            lambda: Item("P", "part", "B", unit_price=-5),
            "negative_price",
            "Unit price of item 'P' must be >= 0. Got: -5",
        ),
        (
            lambda: Item("P", "part", "B", demand_per_day=math.nan),
            "negative_demand",
            "must be finite",
        ),
        (
            lambda: BomLine("P", "X", 0),
            "bad_qty",
            "Quantity per unit of BOM line P -> X must be > 0. Got: 0",
        ),
        (
            lambda: BomLine("P", "X", -2),
            "bad_qty",
            "Quantity per unit of BOM line P -> X must be > 0. Got: -2",
        ),
        (
            lambda: BomLine("P", "X", "2"),
            "bad_qty",
            "Quantity per unit of BOM line P -> X must be a number. Got: '2'",
        ),
        (
            lambda: Sourcing("X", "S1", "preferred"),
            "bad_status",
            "Status of sourcing X <- S1 must be one of active, backup, candidate",
        ),
        (
            lambda: Sourcing("X", "S1", share=1.5),
            "bad_share",
            "Share of sourcing X <- S1 must be between 0 and 1. Got: 1.5",
        ),
        (
            lambda: Sourcing("X", "S1", share=-0.1),
            "bad_share",
            "Share of sourcing X <- S1 must be >= 0. Got: -0.1",
        ),
        (
            lambda: Sourcing("X", "S1", unit_price=-1),
            "negative_price",
            "Unit price of sourcing X <- S1 must be >= 0",
        ),
        (
            lambda: Sourcing("X", "S1", capacity_per_day=-10),
            "negative_capacity",
            "Capacity per day of sourcing X <- S1 must be >= 0. Got: -10",
        ),
        (
            lambda: Sourcing("X", "S1", lead_time_days=-3),
            "negative_lead_time",
            "Lead time of sourcing X <- S1 must be >= 0",
        ),
        (
            lambda: Sourcing("X", "S1", step=""),
            "bad_id",
            "Step of sourcing X <- S1 must be a non-empty string",
        ),
        (
            lambda: SiteInfo("S1", "F1", "Nagaoka"),
            "bad_municipality",
            "Municipality code of site 'S1' must be 5 or 6 digits",
        ),
        (lambda: SiteInfo("S1", ""), "bad_owner", "Organisation of site 'S1'"),
        (
            lambda: SiteInfo("S1", "F1", lat=95.0),
            "bad_coordinate",
            "Latitude of site 'S1' must be between -90.0 and 90.0. Got: 95.0",
        ),
    ],
)
def test_bad_records_are_refused(build, code, message):
    with pytest.raises(NetworkDataError, match=re.escape(message)) as caught:
        build()
    assert caught.value.code == code
    assert isinstance(caught.value, ValueError)


def test_site_keeps_hazard_zones_as_a_tuple():
    site = SiteInfo("S1", "F1", hazard_zones=["flood", "tsunami"])
    assert site.hazard_zones == ("flood", "tsunami")
    assert replace(site, name="本社").label == "本社"


def test_find_bom_cycle():
    assert find_bom_cycle([]) is None
    assert find_bom_cycle([("A", "B"), ("B", "C"), ("A", "C")]) is None
    # the cycle is reported from where the walk first re-enters it, in BOM order
    assert find_bom_cycle([("R", "A"), ("A", "B"), ("B", "C"), ("C", "A")]) == ["A", "B", "C", "A"]
    assert find_bom_cycle([BomLine("A", "B", 1), BomLine("B", "A", 1)]) == ["A", "B", "A"]
    # no recursion limit on a deep chain
    chain = [(f"n{k}", f"n{k + 1}") for k in range(20_000)]
    assert find_bom_cycle(chain) is None
    assert find_bom_cycle([*chain, ("n20000", "n5")]) == [f"n{k}" for k in range(5, 20_001)] + [
        "n5"
    ]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        (
            {"min_products_for_sole_source": 0},
            "min_products_for_sole_source must be an integer >= 1. Got: 0",
        ),
        ({"min_products_for_sole_source": 1.5}, "must be an integer >= 1. Got: 1.5"),
        ({"min_owners_for_shared": 1}, "min_owners_for_shared must be an integer >= 2. Got: 1"),
        (
            {"include_backup_in_concentration": "yes"},
            "include_backup_in_concentration must be a bool",
        ),
        ({"build_graph": 1}, "build_graph must be a bool. Got: 1"),
    ],
)
def test_bad_params_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        Params(**kwargs)


def test_solve_refuses_anything_but_supply_data():
    with pytest.raises(TypeError, match="data must be a SupplyData"):
        solve({"items": []})  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="params must be a Params"):
        solve(_data(), params={"build_graph": False})  # type: ignore[arg-type]


def test_empty_and_unsourced_networks_solve():
    empty = solve(SupplyData(items=[]))
    assert empty.summary()["products"] == 0
    assert empty.local_sourcing.overall.by_spend is None
    bare = solve(SupplyData(items=[Item("P", "product", "B", demand_per_day=3)]))
    # a product without BOM and without source is a purchased item nobody supplies
    assert [(u.item, u.reason) for u in bare.unsourced] == [("P", "no_sourcing")]
    assert bare.tiers == {"P": {"P": bare.tiers["P"]["P"]}}


@pytest.mark.parametrize(
    ("build", "code", "ref", "field", "value", "reason"),
    [
        (lambda: Item("P", "part", "B", inventory=-1), "negative_inventory", ("P",), "inventory", -1, "negative"),
        (lambda: Item("P", "part", "B", margin=math.inf), "negative_margin", ("P",), "margin", math.inf, "not_finite"),
        (lambda: Item("P", "part", "B", ttr_days="3"), "negative_ttr", ("P",), "ttr_days", "3", "not_a_number"),
        (lambda: BomLine("P", "X", 0), "bad_qty", ("P", "X"), "qty_per_unit", 0, "not_positive"),
        (lambda: SiteInfo("S1", "F1", capacity_per_day=-2), "negative_capacity", ("S1",), "capacity_per_day", -2, "negative"),
        (lambda: SiteInfo("S1", "F1", role="warehouse"), "bad_role", ("S1",), "role", "warehouse", ""),
        (lambda: Sourcing("X", "S1", share=1.5), "bad_share", ("X", "S1"), "share", 1.5, "too_large"),
        (lambda: _data(bom=[BomLine("P", "W", 1)]), "unknown_item", ("P", "W"), "child", "W", ""),
        (lambda: _data(sourcing=[Sourcing("X", "S9")]), "unknown_site", ("X", "S9"), "site", "S9", ""),
        (lambda: _data(bom=[BomLine("X", "X", 1)]), "bom_cycle", ("X", "X"), "", None, ""),
    ],
)  # fmt: skip
def test_refusals_carry_a_stable_code_and_the_offending_ids(build, code, ref, field, value, reason):
    with pytest.raises(NetworkDataError) as caught:
        build()
    error = caught.value
    assert isinstance(error.code, NetworkCode) and error.code == NetworkCode(code)
    assert (error.ref, error.field, error.value, error.reason) == (ref, field, value, reason)


def test_the_cycle_check_is_networkx_and_deterministic():
    # the same cycle whatever order the lines come in
    lines = [("B", "C"), ("C", "A"), ("A", "B"), ("R", "A")]
    assert {tuple(find_bom_cycle(p)) for p in (lines, lines[::-1], sorted(lines))} == {
        ("A", "B", "C", "A")
    }
