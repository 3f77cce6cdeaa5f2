from __future__ import annotations

import pytest

from renkei.engines.network import BomLine, Item, SiteInfo, Sourcing, SupplyData


def small_network() -> SupplyData:
    """Two buyers, one shared material, worked by hand in test_small.py.

    ::

        P1 (B1, 10/day) ─2→ A ─3→ X ─0.5→ M        P2 (B2, 5/day) ─4→ Y ─2→ M
          └──────────────1→ X                        └─────────────1→ Z (no source)
        Q: a part used nowhere.

        A <- S1 active                      (no backup)
        X <- S2 active 0.6, S3 active 0.4, S4 backup
        M <- S5 active (price from the item: 10)
        Y <- S2 active (no price anywhere), S5 backup
        Q <- S1 active
    """
    items = [
        Item("P1", "product", "B1", "Pump", demand_per_day=10),
        Item("P2", "product", "B2", "Valve", demand_per_day=5),
        Item("A", "part", "B1", "Housing"),
        Item("X", "part", "B1", "Shaft"),
        Item("M", "material", "F5", "Steel bar", unit_price=10),
        Item("Y", "part", "B2", "Stem"),
        Item("Z", "part", "B2", "Seal"),
        Item("Q", "part", "B1", "Spare"),
    ]
    bom = [
        BomLine("P1", "A", 2),
        BomLine("P1", "X", 1),
        BomLine("A", "X", 3),
        BomLine("X", "M", 0.5),
        BomLine("P2", "Y", 4),
        BomLine("P2", "Z", 1),
        BomLine("Y", "M", 2),
    ]
    sourcing = [
        Sourcing("A", "S1", "active", unit_price=1000),
        Sourcing("X", "S2", "active", share=0.6, unit_price=100, capacity_per_day=40),
        Sourcing("X", "S3", "active", share=0.4, unit_price=120),
        Sourcing("X", "S4", "backup", unit_price=110),
        Sourcing("M", "S5", "active"),
        Sourcing("Y", "S2", "active"),
        Sourcing("Y", "S5", "backup"),
        Sourcing("Q", "S1", "active", unit_price=5),
    ]
    sites = [
        SiteInfo("S1", "F1", "15202", "新潟県", 37.44, 138.85, ("flood",), True, "長岡第一"),
        SiteInfo("S2", "F2", "15202", "新潟県", 37.45, 138.84, ("flood",), True),
        SiteInfo("S3", "F3", "152021", "新潟県", None, None, ("flood", "liquefaction"), True),
        SiteInfo("S4", "F4", "15204", "新潟県", None, None, (), True),
        SiteInfo("S5", "F5", "23211", "愛知県", None, None, ("liquefaction",), False),
        SiteInfo("S6", "F6", "", "", None, None, (), False),
    ]
    return SupplyData(items=items, bom=bom, sourcing=sourcing, sites=sites)


@pytest.fixture
def small() -> SupplyData:
    return small_network()
