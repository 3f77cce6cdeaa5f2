"""Multi-tier supply network analysis (network engine).

From items, BOM lines, sourcing and sites: tiers, the supply graph, single-sourced items,
sole-source sites, municipality / hazard-zone concentration, the local-sourcing ratio
(地産地消率) and sub-tier dependencies shared by different buyers.

>>> from renkei.engines.network import BomLine, Item, SiteInfo, Sourcing, SupplyData, solve
>>> data = SupplyData(
...     items=[Item("P", "product", "buyer", demand_per_day=10), Item("X", "part", "buyer")],
...     bom=[BomLine("P", "X", 2)],
...     sourcing=[Sourcing("X", "S1", "active", unit_price=100)],
...     sites=[SiteInfo("S1", "firm-a", "15202", in_region=True)],
... )
>>> result = solve(data)
>>> result.tiers["P"]["X"].tier, result.site_tiers["P"]["S1"], result.requirements["X"]
(1, 1, 20.0)
>>> result.local_sourcing.overall.by_spend
1.0

The names below load on first use, so that reading the stress contract (which builds these
records) and ``renkei --help`` do not pay for NumPy, SciPy and networkx.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from renkei.engines.network.errors import NetworkCode, NetworkDataError, NetworkWarning
    from renkei.engines.network.graph import sankey
    from renkei.engines.network.model import (
        BomLine,
        Item,
        SiteInfo,
        Sourcing,
        SupplyData,
        find_bom_cycle,
    )
    from renkei.engines.network.params import Params
    from renkei.engines.network.result import (
        ConcentratedItem,
        ConcentratedProduct,
        ItemTier,
        LocalRatio,
        LocalSourcing,
        NetworkResult,
        ProductInfo,
        ProductMap,
        SharedDependency,
        SingleSourcedItem,
        SoleSourceSite,
        SourceVolume,
        UnsourcedItem,
    )
    from renkei.engines.network.solve import solve

_WHERE = {
    "NetworkCode": "errors",
    "NetworkDataError": "errors",
    "NetworkWarning": "errors",
    "sankey": "graph",
    "BomLine": "model",
    "Item": "model",
    "SiteInfo": "model",
    "Sourcing": "model",
    "SupplyData": "model",
    "find_bom_cycle": "model",
    "Params": "params",
    "ConcentratedItem": "result",
    "ConcentratedProduct": "result",
    "ItemTier": "result",
    "LocalRatio": "result",
    "LocalSourcing": "result",
    "NetworkResult": "result",
    "ProductInfo": "result",
    "ProductMap": "result",
    "SharedDependency": "result",
    "SingleSourcedItem": "result",
    "SoleSourceSite": "result",
    "SourceVolume": "result",
    "UnsourcedItem": "result",
    "solve": "solve",
}

__all__ = [
    "BomLine",
    "ConcentratedItem",
    "ConcentratedProduct",
    "Item",
    "ItemTier",
    "LocalRatio",
    "LocalSourcing",
    "NetworkCode",
    "NetworkDataError",
    "NetworkResult",
    "NetworkWarning",
    "Params",
    "ProductInfo",
    "ProductMap",
    "SharedDependency",
    "SingleSourcedItem",
    "SiteInfo",
    "SoleSourceSite",
    "SourceVolume",
    "Sourcing",
    "SupplyData",
    "UnsourcedItem",
    "find_bom_cycle",
    "sankey",
    "solve",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
