"""The supply-network model: items, BOM lines, sourcing and sites, and their one validator.

Both network engines read it: the multi-tier analysis (:func:`renkei.engines.network.solve`)
and the stress test (:mod:`renkei.engines.stress` compiles its LPs from it; its contract JSON
is read into the same records). Every record checks its own fields when it is built
(:mod:`~renkei.engines.network.records`); :class:`SupplyData` checks the references between
records (unknown ids, duplicates, shares of an item's active sources, BOM cycles with
networkx: :mod:`~renkei.engines.network.validate`). Every refusal is a
:class:`~renkei.engines.network.errors.NetworkDataError` that names the offending item, site
or line and carries a stable :class:`~renkei.engines.network.errors.NetworkCode`.

This module is the model's one import: it re-exports the records and the validator's names.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from renkei.engines.network.records import (
    ITEM_KINDS,
    SITE_ROLES,
    SOURCING_STATUSES,
    BomLine,
    Item,
    ItemKind,
    SiteInfo,
    SiteRole,
    Sourcing,
    SourcingStatus,
)
from renkei.engines.network.validate import (
    SHARE_TOLERANCE,
    Positions,
    check_references,
    find_bom_cycle,
    unique_ids,
)

__all__ = [
    "ITEM_KINDS",
    "SHARE_TOLERANCE",
    "SITE_ROLES",
    "SOURCING_STATUSES",
    "BomLine",
    "Item",
    "ItemKind",
    "Positions",
    "SiteInfo",
    "SiteRole",
    "Sourcing",
    "SourcingStatus",
    "SupplyData",
    "find_bom_cycle",
]


@dataclass(frozen=True)
class SupplyData:
    """Everything the engines analyse. Building it checks the references (see module doc).

    ``name`` names the network in reports (the stress test's ``"network"``).
    """

    items: Sequence[Item]
    bom: Sequence[BomLine] = ()
    sourcing: Sequence[Sourcing] = ()
    sites: Sequence[SiteInfo] = ()
    name: str = ""
    _items_by_id: dict[str, Item] = field(init=False, repr=False, compare=False)
    _sites_by_id: dict[str, SiteInfo] = field(init=False, repr=False, compare=False)
    #: The checked references as positions (items, sites in input order), kept by the
    #: validator, which looks every reference up anyway: the engines index by them.
    positions: Positions = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("items", "bom", "sourcing", "sites"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "_items_by_id", unique_ids(self.items, Item, "item"))
        object.__setattr__(self, "_sites_by_id", unique_ids(self.sites, SiteInfo, "site"))
        object.__setattr__(self, "positions", check_references(self))

    def item(self, item_id: str) -> Item:
        return self._items_by_id[item_id]

    def site(self, site_id: str) -> SiteInfo:
        return self._sites_by_id[site_id]

    def has_item(self, item_id: str) -> bool:
        return item_id in self._items_by_id

    def has_site(self, site_id: str) -> bool:
        return site_id in self._sites_by_id
