"""The supply-network model: items, BOM lines, sourcing and sites, and their one validator.

Both network engines read it: the multi-tier analysis (:func:`renkei.engines.network.solve`)
and the stress test (:mod:`renkei.engines.stress` compiles its LPs from it; its contract JSON
is read into the same records). Every record checks its own fields when it is built;
:class:`SupplyData` checks the references between records (unknown ids, duplicates, shares
of an item's active sources, BOM cycles with networkx). Every refusal is a
:class:`~renkei.engines.network.errors.NetworkDataError` that names the offending item, site
or line and carries a stable :class:`~renkei.engines.network.errors.NetworkCode`.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

from renkei.engines.network.errors import NetworkCode, NetworkDataError, Reason, Record

ItemKind = Literal["product", "part", "material"]
SiteRole = Literal["supplier", "plant"]
SourcingStatus = Literal["active", "backup", "candidate"]

ITEM_KINDS: tuple[str, ...] = ("product", "part", "material")
SITE_ROLES: tuple[str, ...] = ("supplier", "plant")
SOURCING_STATUSES: tuple[str, ...] = ("active", "backup", "candidate")

#: Shares of an item's active sources may add up to at most ``1 + SHARE_TOLERANCE``
#: (sourcing tables are typed in with rounded percentages: 33.33 % three times is fine).
SHARE_TOLERANCE = 1e-6

_MUNICIPALITY_CODE = re.compile(r"^\d{5,6}$")


_R = TypeVar("_R", "Item", "SiteInfo")


@dataclass(frozen=True, slots=True)
class _Owner:
    """Who a field belongs to, for the error: ``"item 'P'"`` and its record and ids."""

    text: str
    record: Record
    ref: tuple[str, ...]


def _check_number(
    value: float | None,
    *,
    what: str,
    owner: _Owner,
    field: str,
    code: NetworkCode,
    allow_none: bool = True,
    strictly_positive: bool = False,
) -> None:
    def refuse(message: str, reason: Reason) -> NetworkDataError:
        return NetworkDataError(
            message,
            code=code,
            ref=owner.ref,
            record=owner.record,
            field=field,
            value=value,
            reason=reason,
        )

    if value is None:
        if allow_none:
            return
        raise refuse(f"{what} of {owner.text} is missing.", "missing")
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise refuse(f"{what} of {owner.text} must be a number. Got: {value!r}", "not_a_number")
    if not math.isfinite(value):
        raise refuse(f"{what} of {owner.text} must be finite. Got: {value}", "not_finite")
    if strictly_positive and value <= 0:
        raise refuse(f"{what} of {owner.text} must be > 0. Got: {value}", "not_positive")
    if value < 0:
        raise refuse(f"{what} of {owner.text} must be >= 0. Got: {value}", "negative")


def _check_id(value: object, *, what: str, record: Record, field: str) -> None:
    if not isinstance(value, str) or not value:
        raise NetworkDataError(
            f"{what} id must be a non-empty string. Got: {value!r}",
            code=NetworkCode.BAD_ID,
            record=record,
            field=field,
            value=value,
        )


@dataclass(frozen=True, slots=True)
class Item:
    """A product, part or material.

    Parameters
    ----------
    id
        Unique id (the app passes its primary key as a string).
    kind
        ``"product"``, ``"part"`` or ``"material"``.
    owner
        Id of the organisation that keeps the item's data (a buyer for its products and
        parts, a member firm for its own parts and materials).
    name
        Label shown in graphs; the id is shown when empty.
    demand_per_day
        Independent demand in item units per day (>= 0); usually only products have one.
    unit_price
        Fallback price per unit (yen) for spend when a sourcing row has no price.
    inventory
        Units on hand (>= 0), usable by any consumer (the stress test draws it down).
    margin
        Margin per unit (yen, >= 0): the stress test's weight of a lost unit of demand.
    ttr_days
        Time to recover in days (>= 0) when the item cannot be made (a lost die or mould);
        None: the stress test does not disrupt it.
    """

    id: str
    kind: ItemKind
    owner: str
    name: str = ""
    demand_per_day: float = 0.0
    unit_price: float | None = None
    inventory: float = 0.0
    margin: float = 0.0
    ttr_days: float | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, what="Item", record="item", field="id")
        who = _Owner(f"item {self.id!r}", "item", (self.id,))
        if self.kind not in ITEM_KINDS:
            raise NetworkDataError(
                f"Kind of {who.text} must be one of {', '.join(ITEM_KINDS)}. Got: {self.kind!r}",
                code=NetworkCode.BAD_KIND,
                ref=who.ref,
                record="item",
                field="kind",
                value=self.kind,
            )
        if not isinstance(self.owner, str) or not self.owner:
            raise NetworkDataError(
                f"Owner of {who.text} must be a non-empty organisation id. Got: {self.owner!r}",
                code=NetworkCode.BAD_OWNER,
                ref=who.ref,
                record="item",
                field="owner",
                value=self.owner,
            )
        for what, name, code, allow_none in (
            ("Demand per day", "demand_per_day", NetworkCode.NEGATIVE_DEMAND, False),
            ("Unit price", "unit_price", NetworkCode.NEGATIVE_PRICE, True),
            ("Inventory", "inventory", NetworkCode.NEGATIVE_INVENTORY, False),
            ("Margin", "margin", NetworkCode.NEGATIVE_MARGIN, False),
            ("Time to recover", "ttr_days", NetworkCode.NEGATIVE_TTR, True),
        ):
            _check_number(
                getattr(self, name),
                what=what,
                owner=who,
                field=name,
                code=code,
                allow_none=allow_none,
            )

    @property
    def label(self) -> str:
        return self.name or self.id


@dataclass(frozen=True, slots=True)
class BomLine:
    """``qty_per_unit`` units of ``child`` go into one unit of ``parent`` (> 0)."""

    parent: str
    child: str
    qty_per_unit: float

    def __post_init__(self) -> None:
        _check_id(self.parent, what="BOM parent", record="bom_line", field="parent")
        _check_id(self.child, what="BOM child", record="bom_line", field="child")
        _check_number(
            self.qty_per_unit,
            what="Quantity per unit",
            owner=_Owner(
                f"BOM line {self.parent} -> {self.child}", "bom_line", (self.parent, self.child)
            ),
            field="qty_per_unit",
            code=NetworkCode.BAD_QTY,
            allow_none=False,
            strictly_positive=True,
        )


@dataclass(frozen=True, slots=True)
class Sourcing:
    """An item (or one routing step of it) supplied from a site.

    Parameters
    ----------
    item, site
        Ids of the item and of the supplying site.
    status
        ``"active"`` (supplies today), ``"backup"`` (qualified backup, can take over) or
        ``"candidate"`` (could be qualified).
    share
        Share in [0, 1] of the item's requirement that this active source supplies. Active
        sources without a share split what the given shares leave equally; the shares of
        backups and candidates are kept but move no volume.
    unit_price, capacity_per_day, lead_time_days
        Optional figures (>= 0). The price is per item unit (yen). The stress test caps
        the row's output at ``capacity_per_day`` (None: unlimited).
    step
        Routing step id when only one process step is sourced (plating, heat treatment):
        shares, single sourcing and concentration are then judged per ``(item, step)``.
        The stress test reads item-level active and backup rows only (its supply edges).
    """

    item: str
    site: str
    status: SourcingStatus = "active"
    share: float | None = None
    unit_price: float | None = None
    capacity_per_day: float | None = None
    lead_time_days: float | None = None
    step: str | None = None

    def __post_init__(self) -> None:
        _check_id(self.item, what="Sourcing item", record="sourcing", field="item")
        _check_id(self.site, what="Sourcing site", record="sourcing", field="site")
        who = _Owner(f"sourcing {self.item} <- {self.site}", "sourcing", (self.item, self.site))
        if self.step is not None and (not isinstance(self.step, str) or not self.step):
            raise NetworkDataError(
                f"Step of {who.text} must be a non-empty string or None. Got: {self.step!r}",
                code=NetworkCode.BAD_ID,
                ref=who.ref,
                record="sourcing",
                field="step",
                value=self.step,
            )
        if self.status not in SOURCING_STATUSES:
            raise NetworkDataError(
                f"Status of {who.text} must be one of {', '.join(SOURCING_STATUSES)}. "
                f"Got: {self.status!r}",
                code=NetworkCode.BAD_STATUS,
                ref=who.ref,
                record="sourcing",
                field="status",
                value=self.status,
            )
        _check_number(
            self.share, what="Share", owner=who, field="share", code=NetworkCode.BAD_SHARE
        )
        if self.share is not None and self.share > 1:
            raise NetworkDataError(
                f"Share of {who.text} must be between 0 and 1. Got: {self.share}",
                code=NetworkCode.BAD_SHARE,
                ref=who.ref,
                record="sourcing",
                field="share",
                value=self.share,
                reason="too_large",
            )
        for what, name, code in (
            ("Unit price", "unit_price", NetworkCode.NEGATIVE_PRICE),
            ("Capacity per day", "capacity_per_day", NetworkCode.NEGATIVE_CAPACITY),
            ("Lead time", "lead_time_days", NetworkCode.NEGATIVE_LEAD_TIME),
        ):
            _check_number(getattr(self, name), what=what, owner=who, field=name, code=code)

    @property
    def need(self) -> tuple[str, str | None]:
        """What this row supplies: ``(item, step)``; ``step`` is None for the whole item."""
        return (self.item, self.step)

    @property
    def is_supply_edge(self) -> bool:
        """Whether the stress test counts the row: a qualified (active or backup) item-level source."""
        return self.status != "candidate" and self.step is None


@dataclass(frozen=True, slots=True)
class SiteInfo:
    """A supplying site.

    Parameters
    ----------
    id, organization
        Site id and the id of the organisation it belongs to.
    municipality_code
        JIS municipality code (5 digits, or 6 with the check digit; "" if unknown). Sources
        are "in one municipality" when their first five digits agree.
    prefecture
        Prefecture name (display only).
    lat, lon
        WGS84 degrees, optional (display only).
    hazard_zones
        Hazard zones the site lies in (``"flood"``, ``"tsunami"``, ...).
    in_region
        Whether the site lies in the cluster's region (counts as local for 地産地消率).
    name
        Label shown in graphs; the id is shown when empty.
    role
        ``"supplier"`` or ``"plant"`` (a buyer's own site), as the stress test reports it.
    capacity_per_day
        Units per day shared by every item the site makes (>= 0; None: unlimited).
    ttr_days
        Time to recover in days (>= 0); None: the stress test does not disrupt the site.
    """

    id: str
    organization: str
    municipality_code: str = ""
    prefecture: str = ""
    lat: float | None = None
    lon: float | None = None
    hazard_zones: tuple[str, ...] = ()
    in_region: bool = False
    name: str = ""
    role: SiteRole = "supplier"
    capacity_per_day: float | None = None
    ttr_days: float | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, what="Site", record="site", field="id")
        who = _Owner(f"site {self.id!r}", "site", (self.id,))

        def refuse(message: str, code: NetworkCode, name: str, value: object) -> NetworkDataError:
            return NetworkDataError(
                message, code=code, ref=who.ref, record="site", field=name, value=value
            )

        if not isinstance(self.organization, str) or not self.organization:
            raise refuse(
                f"Organisation of {who.text} must be a non-empty id. Got: {self.organization!r}",
                NetworkCode.BAD_OWNER,
                "organization",
                self.organization,
            )
        if self.municipality_code and not _MUNICIPALITY_CODE.match(self.municipality_code):
            raise refuse(
                f"Municipality code of {who.text} must be 5 or 6 digits (JIS code). "
                f"Got: {self.municipality_code!r}",
                NetworkCode.BAD_MUNICIPALITY,
                "municipality_code",
                self.municipality_code,
            )
        for name, value, bound in (("Latitude", self.lat, 90.0), ("Longitude", self.lon, 180.0)):
            if value is not None and not (math.isfinite(value) and -bound <= value <= bound):
                raise refuse(
                    f"{name} of {who.text} must be between {-bound} and {bound}. Got: {value}",
                    NetworkCode.BAD_COORDINATE,
                    "lat" if name == "Latitude" else "lon",
                    value,
                )
        if self.role not in SITE_ROLES:
            raise refuse(
                f"Role of {who.text} must be one of {', '.join(SITE_ROLES)}. Got: {self.role!r}",
                NetworkCode.BAD_ROLE,
                "role",
                self.role,
            )
        _check_number(
            self.capacity_per_day,
            what="Capacity per day",
            owner=who,
            field="capacity_per_day",
            code=NetworkCode.NEGATIVE_CAPACITY,
        )
        _check_number(
            self.ttr_days,
            what="Time to recover",
            owner=who,
            field="ttr_days",
            code=NetworkCode.NEGATIVE_TTR,
        )
        # Accept any iterable (the app stores a JSON list) but keep a hashable tuple.
        object.__setattr__(self, "hazard_zones", tuple(self.hazard_zones))

    @property
    def label(self) -> str:
        return self.name or self.id

    @property
    def municipality(self) -> str:
        """The 5-digit JIS code ("" if unknown)."""
        return self.municipality_code[:5]


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
        object.__setattr__(self, "_items_by_id", _unique(self.items, Item, "item"))
        object.__setattr__(self, "_sites_by_id", _unique(self.sites, SiteInfo, "site"))
        object.__setattr__(self, "positions", _check_references(self))

    def item(self, item_id: str) -> Item:
        return self._items_by_id[item_id]

    def site(self, site_id: str) -> SiteInfo:
        return self._sites_by_id[site_id]

    def has_item(self, item_id: str) -> bool:
        return item_id in self._items_by_id

    def has_site(self, site_id: str) -> bool:
        return site_id in self._sites_by_id


@dataclass(frozen=True, slots=True)
class Positions:
    """Where each reference of a :class:`SupplyData` points: item and site positions."""

    item: dict[str, int]
    site: dict[str, int]
    bom_parent: list[int]
    bom_child: list[int]
    row_item: list[int]
    row_site: list[int]


def _unique(
    records: Iterable[_R], expected: type[_R], what: Literal["item", "site"]
) -> dict[str, _R]:
    by_id: dict[str, _R] = {}
    code = NetworkCode.DUPLICATE_ITEM if what == "item" else NetworkCode.DUPLICATE_SITE
    for record in records:
        if not isinstance(record, expected):
            raise NetworkDataError(
                f"Every {what} must be an instance of {expected.__name__}. Got: {record!r}",
                code=NetworkCode.BAD_RECORD,
                record=what,
                value=record,
            )
        if record.id in by_id:
            raise NetworkDataError(
                f"Duplicate {what} id {record.id!r}.",
                code=code,
                ref=(record.id,),
                record=what,
                field="id",
                value=record.id,
            )
        by_id[record.id] = record
    return by_id


def _check_references(data: SupplyData) -> Positions:
    items = {item.id: k for k, item in enumerate(data.items)}
    sites = {site.id: k for k, site in enumerate(data.sites)}
    positions = Positions(items, sites, [], [], [], [])
    seen_lines: set[tuple[str, str]] = set()
    for line in data.bom:
        if not isinstance(line, BomLine):
            raise NetworkDataError(
                f"Every BOM line must be a BomLine. Got: {line!r}",
                code=NetworkCode.BAD_RECORD,
                record="bom_line",
                value=line,
            )
        key = (line.parent, line.child)
        for end, name in ((line.parent, "parent"), (line.child, "child")):
            if end not in items:
                raise NetworkDataError(
                    f"BOM line {line.parent} -> {line.child} refers to unknown item {end!r}.",
                    code=NetworkCode.UNKNOWN_ITEM,
                    ref=key,
                    record="bom_line",
                    field=name,
                    value=end,
                )
        if key in seen_lines:
            raise NetworkDataError(
                f"Duplicate BOM line {line.parent} -> {line.child}.",
                code=NetworkCode.DUPLICATE_BOM_LINE,
                ref=key,
                record="bom_line",
            )
        seen_lines.add(key)
        positions.bom_parent.append(items[line.parent])
        positions.bom_child.append(items[line.child])

    seen_rows: set[tuple[str, str | None, str]] = set()
    active_shares: dict[tuple[str, str | None], float] = defaultdict(float)
    for row in data.sourcing:
        if not isinstance(row, Sourcing):
            raise NetworkDataError(
                f"Every sourcing row must be a Sourcing. Got: {row!r}",
                code=NetworkCode.BAD_RECORD,
                record="sourcing",
                value=row,
            )
        ref = (row.item, row.site)
        # the site first: the stress contract names an edge by its site
        if row.site not in sites:
            raise NetworkDataError(
                f"Sourcing {row.item} <- {row.site} refers to unknown site {row.site!r}.",
                code=NetworkCode.UNKNOWN_SITE,
                ref=ref,
                record="sourcing",
                field="site",
                value=row.site,
            )
        if row.item not in items:
            raise NetworkDataError(
                f"Sourcing {row.item} <- {row.site} refers to unknown item {row.item!r}.",
                code=NetworkCode.UNKNOWN_ITEM,
                ref=ref,
                record="sourcing",
                field="item",
                value=row.item,
            )
        key3 = (row.item, row.step, row.site)
        if key3 in seen_rows:
            step_text = f" (step {row.step})" if row.step else ""
            raise NetworkDataError(
                f"Duplicate sourcing {row.item}{step_text} <- {row.site}: one row per item and site.",
                code=NetworkCode.DUPLICATE_SOURCING,
                ref=ref,
                record="sourcing",
                value=row.step,
            )
        seen_rows.add(key3)
        positions.row_item.append(items[row.item])
        positions.row_site.append(sites[row.site])
        if row.status == "active" and row.share is not None:
            active_shares[row.need] += row.share
    for (item_id, step), total in active_shares.items():
        if total > 1 + SHARE_TOLERANCE:
            what = f"item {item_id!r}" + (f" step {step!r}" if step else "")
            raise NetworkDataError(
                f"Shares of the active sources of {what} add up to more than 1. Got: {total:.6g}",
                code=NetworkCode.SHARES_OVER_ONE,
                ref=(item_id,),
                record="sourcing",
                field="share",
                value=total,
            )

    cycle = find_bom_cycle(data.bom)
    if cycle is not None:
        raise NetworkDataError(
            "BOM cycle: " + " -> ".join(cycle),
            code=NetworkCode.BOM_CYCLE,
            ref=tuple(cycle),
            record="bom_line",
        )
    return positions


def find_bom_cycle(bom: Iterable[BomLine | tuple[str, str]]) -> list[str] | None:
    """Return one cycle of a BOM, closed (``["A", "B", "C", "A"]``), or None if it has none.

    Parameters
    ----------
    bom
        BOM lines, or ``(parent, child)`` pairs (an import can check rows before it builds
        records).

    Notes
    -----
    The one cycle check of the model, with networkx: an acyclicity test (a topological
    sort), and only when it fails a depth-first search for the cycle. The graph is built
    with the lines sorted, so the search is deterministic: parents and children are visited
    in sorted order and the cycle is reported from where the walk first re-enters it. Both
    are iterative: a 50 000-deep chain does not hit Python's recursion limit.
    """
    import networkx as nx  # here, not at import: `renkei --help` reads the stress contract

    pairs = sorted(
        (line.parent, line.child) if isinstance(line, BomLine) else (line[0], line[1])
        for line in bom
    )
    graph = nx.DiGraph()
    graph.add_edges_from(pairs)
    if nx.is_directed_acyclic_graph(graph):
        return None
    edges = nx.find_cycle(graph)
    return [edges[0][0], *(child for _, child in edges)]
