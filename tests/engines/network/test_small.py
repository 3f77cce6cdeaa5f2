"""The network of conftest.small_network, worked by hand."""

from __future__ import annotations

import json

import pytest

from renkei.engines.network import (
    BomLine,
    Item,
    ItemTier,
    NetworkWarning,
    Params,
    SiteInfo,
    Sourcing,
    SupplyData,
    sankey,
    solve,
)


def test_tiers_of_items_and_sites(small):
    result = solve(small)
    assert [p.id for p in result.products] == ["P1", "P2"]
    # P1: A at depth 1; X via P1 (1) and via A (2); M one below X (2, 3).
    # Cumulative quantities: A = 2, X = 1 + 2*3 = 7, M = 7 * 0.5 = 3.5.
    assert result.tiers["P1"] == {
        "P1": ItemTier(0, (0,), 1.0),
        "A": ItemTier(1, (1,), 2.0),
        "X": ItemTier(2, (1, 2), 7.0),
        "M": ItemTier(3, (2, 3), 3.5),
    }
    # P2: Y = 4, Z = 1, M = 4 * 2 = 8.
    assert result.tiers["P2"] == {
        "P2": ItemTier(0, (0,), 1.0),
        "Y": ItemTier(1, (1,), 4.0),
        "Z": ItemTier(1, (1,), 1.0),
        "M": ItemTier(2, (2,), 8.0),
    }
    # Site tier = min over supplied items of max(1, min depth); every status counts.
    # P1: S1 (A, 1), S2 / S3 / S4 (X, min depth 1), S5 (M, min depth 2).
    assert result.site_tiers["P1"] == {"S1": 1, "S2": 1, "S3": 1, "S4": 1, "S5": 2}
    # P2: S2 (Y, 1); S5 is Y's backup (1) and M's source (2): the closer counts.
    assert result.site_tiers["P2"] == {"S2": 1, "S5": 1}
    p1, p2 = result.products
    assert (p1.owner, p1.demand_per_day, p1.n_items, p1.n_sites, p1.max_tier) == ("B1", 10, 4, 5, 3)
    assert (p2.owner, p2.demand_per_day, p2.n_items, p2.n_sites, p2.max_tier) == ("B2", 5, 4, 2, 2)


def test_requirements_and_source_volumes(small):
    result = solve(small)
    # A = 10*2 = 20; X = 10*1 + 20*3 = 70; Y = 5*4 = 20; Z = 5; M = 70*0.5 + 20*2 = 75.
    assert result.requirements == pytest.approx(
        {"P1": 10, "P2": 5, "A": 20, "X": 70, "M": 75, "Y": 20, "Z": 5, "Q": 0}
    )
    volumes = {(v.item, v.site): v.volume_per_day for v in result.source_volumes}
    spends = {(v.item, v.site): v.spend_per_day for v in result.source_volumes}
    assert volumes == pytest.approx(
        {
            ("A", "S1"): 20,
            ("X", "S2"): 70 * 0.6,
            ("X", "S3"): 70 * 0.4,
            ("M", "S5"): 75,
            ("Y", "S2"): 20,
            ("Q", "S1"): 0,
        }
    )
    # S2 can make 40 shafts a day but its 60 % share is 42: over capacity
    by_row = {(v.item, v.site): v for v in result.source_volumes}
    assert by_row[("X", "S2")].utilisation == pytest.approx(42 / 40)
    assert by_row[("X", "S3")].utilisation is None
    assert spends.pop(("Y", "S2")) is None  # no price anywhere: volume only
    assert spends == pytest.approx(
        {
            ("A", "S1"): 20 * 1000,
            ("X", "S2"): 42 * 100,
            ("X", "S3"): 28 * 120,
            ("M", "S5"): 75 * 10,  # the item's price fills in for the row's
            ("Q", "S1"): 0,
        }
    )


def test_local_sourcing_ratio(small):
    local = solve(small).local_sourcing
    # In region: S1..S4. Spend: A 20000 + X 4200 + 3360 = 27560 local, M 750 outside.
    # Volume: A 20 + X 42 + 28 + Y 20 = 110 local, M 75 outside; Y's 20 are unpriced.
    overall = local.overall
    assert overall.spend_local == pytest.approx(27560)
    assert overall.spend_total == pytest.approx(28310)
    assert overall.by_spend == pytest.approx(27560 / 28310)
    assert overall.by_volume == pytest.approx(110 / 185)
    assert overall.unpriced_volume == pytest.approx(20)
    # P1 (10/day): A 20000, X 7560 local; M 35 units * 10 = 350 outside.
    p1 = local.by_product["P1"]
    assert p1.by_spend == pytest.approx(27560 / 27910)
    assert p1.by_volume == pytest.approx((20 + 70) / (20 + 70 + 35))
    # P2 (5/day): Y 20 local but unpriced, Z unsourced, M 40 units * 10 = 400 outside.
    p2 = local.by_product["P2"]
    assert p2.by_spend == pytest.approx(0.0)
    assert p2.by_volume == pytest.approx(20 / 60)
    assert p2.unpriced_volume == pytest.approx(20)
    # One product each: the owners' figures are their products'.
    assert local.by_owner["B1"] == p1
    assert local.by_owner["B2"] == p2


def test_single_sourced_and_unsourced(small):
    result = solve(small)
    # M (one active source, no backup, in both products, 75/day) before A (20/day);
    # Q has one source too but is used nowhere, so it is not listed.
    assert [(s.item, s.site, s.products, s.owners) for s in result.single_sourced] == [
        ("M", "S5", ("P1", "P2"), ("B1", "B2")),
        ("A", "S1", ("P1",), ("B1",)),
    ]
    assert result.single_sourced[0].volume_per_day == pytest.approx(75)
    assert all(not s.has_backup for s in result.single_sourced)
    # Y has one active source but a qualified backup.
    [covered] = result.single_active_with_backup
    assert (covered.item, covered.site, covered.has_backup) == ("Y", "S2", True)
    # Z is bought (no BOM) and has no sourcing; P1/P2 have BOMs: made in-house.
    [gap] = result.unsourced
    assert (gap.item, gap.reason, gap.products, gap.volume_per_day) == (
        "Z",
        "no_sourcing",
        ("P2",),
        5,
    )


def test_sole_source_sites(small):
    result = solve(small)
    ranked = [
        (s.site, s.items, s.items_without_backup, s.products, s.owners)
        for s in result.sole_source_sites
    ]
    # S5 is the only active source of M (both products), S1 of A (P1, 10/day),
    # S2 of Y (P2, 5/day; Y has a backup).
    assert ranked == [
        ("S5", ("M",), ("M",), ("P1", "P2"), ("B1", "B2")),
        ("S1", ("A",), ("A",), ("P1",), ("B1",)),
        ("S2", ("Y",), (), ("P2",), ("B2",)),
    ]
    assert [s.demand_at_risk for s in result.sole_source_sites] == [15, 10, 5]
    only_shared = solve(small, params=Params(min_products_for_sole_source=2))
    assert [s.site for s in only_shared.sole_source_sites] == ["S5"]


def test_concentration(small):
    result = solve(small)
    found = {
        (c.basis, c.item): (c.municipality, c.hazard_zones, c.sites)
        for c in result.concentrated_items
    }
    assert found == {
        # active sources only: X's two sources are both in 15202 (S3 given with its check
        # digit) and both in a flood zone; single sources are trivially concentrated.
        ("active", "A"): ("15202", ("flood",), ("S1",)),
        ("active", "X"): ("15202", ("flood",), ("S2", "S3")),
        ("active", "M"): ("23211", ("liquefaction",), ("S5",)),
        ("active", "Y"): ("15202", ("flood",), ("S2",)),
        # with backups: S4 (15204, no zone) saves X, S5 (23211, liquefaction) saves Y.
        ("active+backup", "A"): ("15202", ("flood",), ("S1",)),
        ("active+backup", "M"): ("23211", ("liquefaction",), ("S5",)),
    }
    products = {
        (c.product, c.basis): (c.items, c.municipalities, c.hazard_zones)
        for c in result.concentrated_products
    }
    assert products == {
        ("P1", "active+backup"): (("A", "M"), ("15202", "23211"), ("flood", "liquefaction")),
        ("P2", "active+backup"): (("M",), ("23211",), ("liquefaction",)),
    }
    active = solve(small, params=Params(include_backup_in_concentration=False))
    assert {(c.product, c.items) for c in active.concentrated_products} == {
        ("P1", ("A", "M", "X")),
        ("P2", ("M", "Y")),
    }
    assert len(active.concentrated()) == 4
    assert result.summary()["concentrated_multi_sourced_items"] == 0
    assert active.summary()["concentrated_multi_sourced_items"] == 1  # X


def test_shared_dependencies(small):
    result = solve(small)
    sites = {
        (d.ref, d.owners, d.products, tuple(d.tiers_by_owner.items()), d.hidden_for)
        for d in result.shared_sites
    }
    assert sites == {
        # S2 supplies X to B1's P1 and Y to B2's P2, both at tier 1: visible to both.
        ("S2", ("B1", "B2"), ("P1", "P2"), (("B1", 1), ("B2", 1)), ()),
        # S5 supplies M to both, two tiers down: the hidden common dependency.
        ("S5", ("B1", "B2"), ("P1", "P2"), (("B1", 2), ("B2", 2)), ("B1", "B2")),
    }
    [m] = result.shared_items
    assert (m.ref, m.tiers_by_owner, m.hidden_for) == ("M", {"B1": 3, "B2": 2}, ("B1", "B2"))


def test_graph_and_sankey(small):
    result = solve(small)
    assert len(result.graph_nodes) == 8 + 6
    assert sum(e["kind"] == "bom" for e in result.graph_edges) == 7
    assert sum(e["kind"] == "supply" for e in result.graph_edges) == 8
    g = result.graph
    # material flows from suppliers to products
    assert g.has_edge("site:S5", "item:M") and g.has_edge("item:M", "item:X")
    assert g.nodes["item:M"]["tier"] == 3 and g.nodes["site:S5"]["tier"] == 1
    assert g.nodes["item:Q"]["tier"] is None and g.nodes["site:S6"]["tier"] is None
    assert g.edges["site:S2", "item:X"]["share"] == pytest.approx(0.6)

    chart = sankey(result, "P1")
    labels = chart["labels"]
    links = {
        (labels[s], labels[t]): v
        for s, t, v in zip(
            chart["links"]["source"], chart["links"]["target"], chart["links"]["value"], strict=True
        )
    }
    assert chart["unit"] == "per_day"
    assert labels[:4] == ["Pump", "Housing", "Shaft", "Steel bar"]
    # BOM links carry what the parent consumes per day: A -> P1: 10*2; X -> P1: 10*1;
    # X -> A: 20*3; M -> X: 70*0.5. Supply links the sources' volumes (S4 is a backup).
    assert links == pytest.approx(
        {
            ("Housing", "Pump"): 20,
            ("Shaft", "Pump"): 10,
            ("Shaft", "Housing"): 60,
            ("Steel bar", "Shaft"): 35,
            ("長岡第一", "Housing"): 20,
            ("S2", "Shaft"): 42,
            ("S3", "Shaft"): 28,
            ("S5", "Steel bar"): 35,
        }
    )
    with pytest.raises(ValueError, match="'A' is not a product"):
        sankey(result, "A")


def test_summary_and_json(small):
    result = solve(small)
    assert result.is_feasible()
    summary = result.summary()
    assert summary["products"] == 2
    assert summary["single_sourced"] == 2
    assert summary["unsourced"] == 1
    assert summary["sole_source_sites"] == 3
    assert summary["shared_sites"] == 2
    assert summary["hidden_shared_sites"] == 1
    assert summary["max_tier"] == 3
    plain = json.loads(json.dumps(result.to_json()))
    assert plain["tiers"]["P1"]["X"] == {"tier": 2, "depths": [1, 2], "qty_per_unit": 7.0}
    assert plain["local_sourcing"]["overall"]["by_volume"] == pytest.approx(110 / 185)
    assert plain["sole_source_sites"][0]["n_products"] == 2
    assert len(plain["graph"]["edges"]) == 15
    no_graph = solve(small, params=Params(build_graph=False))
    assert no_graph.to_json()["graph"] is None
    with pytest.raises(ValueError, match="build_graph"):
        _ = no_graph.graph


def test_product_without_demand_is_drawn_per_unit(small):
    from dataclasses import replace

    items = [replace(i, demand_per_day=0) if i.id == "P2" else i for i in small.items]
    result = solve(replace(small, items=items))
    assert "P2" in result.tiers
    chart = sankey(result, "P2")
    assert chart["unit"] == "per_unit"
    # per unit of P2: 4 Y from S2
    labels = chart["labels"]
    pairs = dict(
        zip(
            zip(chart["links"]["source"], chart["links"]["target"], strict=True),
            chart["links"]["value"],
            strict=True,
        )
    )
    assert pairs[(labels.index("S2"), labels.index("Stem"))] == pytest.approx(4)
    # the per-product ratio is per unit, so it still has a value
    assert result.local_sourcing.by_product["P2"].by_volume == pytest.approx(4 / (4 + 8))


def test_tiny_quantities_keep_their_place_in_the_tree():
    # 1e-200 ** 2 underflows to 0: the item must still be in the tree at its depth
    data = SupplyData(
        items=[
            Item("P", "product", "B", demand_per_day=1),
            Item("X", "part", "B"),
            Item("Y", "part", "B"),
        ],
        bom=[BomLine("P", "X", 1e-200), BomLine("X", "Y", 1e-200)],
    )
    tiers = solve(data).tiers["P"]
    assert tiers["Y"].depths == (2,)
    assert tiers["Y"].qty_per_unit == 0.0


def test_shares_short_of_one_warn_and_leave_volume_unassigned(small):
    from dataclasses import replace

    rows = [replace(r, share=0.3) if (r.item, r.site) == ("X", "S3") else r for r in small.sourcing]
    with pytest.warns(
        NetworkWarning, match=r"1 item\(s\) add up to less than 1 \(first: 'X', 0.9\)"
    ):
        result = solve(replace(small, sourcing=rows))
    # 10 % of X's 70/day goes to no source
    assert sum(v.volume_per_day for v in result.source_volumes if v.item == "X") == pytest.approx(
        63
    )


def test_local_sourcing_counts_the_own_demand_of_a_part():
    """A spare part's own demand counts in the overall and the owner's ratio, not the product's."""
    data = SupplyData(
        items=[
            Item("P", "product", "B1", demand_per_day=10),
            Item("X", "part", "B1", demand_per_day=5),  # sold as a spare part too
        ],
        bom=[BomLine("P", "X", 2)],
        sourcing=[
            Sourcing("X", "S1", "active", unit_price=100),
            Sourcing("P", "S2", "active", unit_price=1000),
        ],
        sites=[SiteInfo("S1", "F1", in_region=True), SiteInfo("S2", "F2")],
    )
    local = solve(data).local_sourcing
    product = local.by_product["P"]  # per day of P's demand: 20 X and 10 P
    assert (product.volume_local, product.volume_total) == (20, 30)
    assert (product.spend_local, product.spend_total) == (2_000, 12_000)
    for ratio in (local.overall, local.by_owner["B1"]):  # plus the 5 spare X a day
        assert (ratio.volume_local, ratio.volume_total) == (25, 35)
        assert (ratio.spend_local, ratio.spend_total) == (2_500, 12_500)
