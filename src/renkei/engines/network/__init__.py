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
"""

from renkei.engines.network.graph import sankey
from renkei.engines.network.model import (
    BomLine,
    Item,
    NetworkDataError,
    NetworkWarning,
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

__all__ = [
    "BomLine",
    "ConcentratedItem",
    "ConcentratedProduct",
    "Item",
    "ItemTier",
    "LocalRatio",
    "LocalSourcing",
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
