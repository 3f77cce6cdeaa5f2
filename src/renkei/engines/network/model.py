"""Input data of the network engine: items, BOM lines, sourcing and sites, and their checks.

Every record checks its own fields when it is built; :class:`SupplyData` checks the
references between records (unknown ids, duplicates, shares of an item's active sources,
BOM cycles). Every :class:`NetworkDataError` names the offending item, site or line and
carries a stable ``code`` so that an import page can translate it.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal, TypeVar

ItemKind = Literal["product", "part", "material"]
SourcingStatus = Literal["active", "backup", "candidate"]

ITEM_KINDS: tuple[str, ...] = ("product", "part", "material")
SOURCING_STATUSES: tuple[str, ...] = ("active", "backup", "candidate")

#: Shares of an item's active sources may add up to at most ``1 + SHARE_TOLERANCE``
#: (sourcing tables are typed in with rounded percentages: 33.33 % three times is fine).
SHARE_TOLERANCE = 1e-6

_MUNICIPALITY_CODE = re.compile(r"^\d{5,6}$")


_R = TypeVar("_R", "Item", "SiteInfo")


class NetworkDataError(ValueError):
    """Supply data that the engine cannot analyse.

    Parameters
    ----------
    message
        English sentence that names the offending record.
    code
        Stable machine code (``"unknown_item"``, ``"bom_cycle"``, ...) for translation.
    ref
        The offending ids: an item id, a site id, ``(parent, child)`` or ``(item, site)``,
        or the cycle's items in order.
    """

    def __init__(self, message: str, *, code: str, ref: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.code = code
        self.ref = ref


class NetworkWarning(UserWarning):
    """Data the engine analyses but that probably is not what the user meant."""


def _check_number(
    value: float | None,
    *,
    what: str,
    owner: str,
    code: str,
    allow_none: bool = True,
    strictly_positive: bool = False,
    ref: tuple[str, ...] = (),
) -> None:
    if value is None:
        if allow_none:
            return
        raise NetworkDataError(f"{what} of {owner} is missing.", code=code, ref=ref)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise NetworkDataError(
            f"{what} of {owner} must be a number. Got: {value!r}", code=code, ref=ref
        )
    if not math.isfinite(value):
        raise NetworkDataError(
            f"{what} of {owner} must be finite. Got: {value}", code=code, ref=ref
        )
    if strictly_positive and value <= 0:
        raise NetworkDataError(f"{what} of {owner} must be > 0. Got: {value}", code=code, ref=ref)
    if value < 0:
        raise NetworkDataError(f"{what} of {owner} must be >= 0. Got: {value}", code=code, ref=ref)


def _check_id(value: object, *, what: str) -> None:
    if not isinstance(value, str) or not value:
        raise NetworkDataError(
            f"{what} id must be a non-empty string. Got: {value!r}", code="bad_id", ref=()
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
    """

    id: str
    kind: ItemKind
    owner: str
    name: str = ""
    demand_per_day: float = 0.0
    unit_price: float | None = None

    def __post_init__(self) -> None:
        _check_id(self.id, what="Item")
        who = f"item {self.id!r}"
        if self.kind not in ITEM_KINDS:
            raise NetworkDataError(
                f"Kind of {who} must be one of {', '.join(ITEM_KINDS)}. Got: {self.kind!r}",
                code="bad_kind",
                ref=(self.id,),
            )
        if not isinstance(self.owner, str) or not self.owner:
            raise NetworkDataError(
                f"Owner of {who} must be a non-empty organisation id. Got: {self.owner!r}",
                code="bad_owner",
                ref=(self.id,),
            )
        _check_number(
            self.demand_per_day,
            what="Demand per day",
            owner=who,
            code="negative_demand",
            allow_none=False,
            ref=(self.id,),
        )
        _check_number(
            self.unit_price, what="Unit price", owner=who, code="negative_price", ref=(self.id,)
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
        _check_id(self.parent, what="BOM parent")
        _check_id(self.child, what="BOM child")
        _check_number(
            self.qty_per_unit,
            what="Quantity per unit",
            owner=f"BOM line {self.parent} -> {self.child}",
            code="bad_qty",
            allow_none=False,
            strictly_positive=True,
            ref=(self.parent, self.child),
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
        Optional figures (>= 0). The price is per item unit (yen).
    step
        Routing step id when only one process step is sourced (plating, heat treatment):
        shares, single sourcing and concentration are then judged per ``(item, step)``.
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
        _check_id(self.item, what="Sourcing item")
        _check_id(self.site, what="Sourcing site")
        who = f"sourcing {self.item} <- {self.site}"
        ref = (self.item, self.site)
        if self.step is not None and (not isinstance(self.step, str) or not self.step):
            raise NetworkDataError(
                f"Step of {who} must be a non-empty string or None. Got: {self.step!r}",
                code="bad_id",
                ref=ref,
            )
        if self.status not in SOURCING_STATUSES:
            raise NetworkDataError(
                f"Status of {who} must be one of {', '.join(SOURCING_STATUSES)}. "
                f"Got: {self.status!r}",
                code="bad_status",
                ref=ref,
            )
        _check_number(self.share, what="Share", owner=who, code="bad_share", ref=ref)
        if self.share is not None and self.share > 1:
            raise NetworkDataError(
                f"Share of {who} must be between 0 and 1. Got: {self.share}",
                code="bad_share",
                ref=ref,
            )
        _check_number(self.unit_price, what="Unit price", owner=who, code="negative_price", ref=ref)
        _check_number(
            self.capacity_per_day,
            what="Capacity per day",
            owner=who,
            code="negative_capacity",
            ref=ref,
        )
        _check_number(
            self.lead_time_days, what="Lead time", owner=who, code="negative_lead_time", ref=ref
        )

    @property
    def need(self) -> tuple[str, str | None]:
        """What this row supplies: ``(item, step)``; ``step`` is None for the whole item."""
        return (self.item, self.step)


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

    def __post_init__(self) -> None:
        _check_id(self.id, what="Site")
        who = f"site {self.id!r}"
        if not isinstance(self.organization, str) or not self.organization:
            raise NetworkDataError(
                f"Organisation of {who} must be a non-empty id. Got: {self.organization!r}",
                code="bad_owner",
                ref=(self.id,),
            )
        if self.municipality_code and not _MUNICIPALITY_CODE.match(self.municipality_code):
            raise NetworkDataError(
                f"Municipality code of {who} must be 5 or 6 digits (JIS code). "
                f"Got: {self.municipality_code!r}",
                code="bad_municipality",
                ref=(self.id,),
            )
        for name, value, bound in (("Latitude", self.lat, 90.0), ("Longitude", self.lon, 180.0)):
            if value is not None and not (math.isfinite(value) and -bound <= value <= bound):
                raise NetworkDataError(
                    f"{name} of {who} must be between {-bound} and {bound}. Got: {value}",
                    code="bad_coordinate",
                    ref=(self.id,),
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
    """Everything the engine analyses. Building it checks the references (see module doc)."""

    items: Sequence[Item]
    bom: Sequence[BomLine] = ()
    sourcing: Sequence[Sourcing] = ()
    sites: Sequence[SiteInfo] = ()
    _items_by_id: dict[str, Item] = field(init=False, repr=False, compare=False)
    _sites_by_id: dict[str, SiteInfo] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for name in ("items", "bom", "sourcing", "sites"):
            object.__setattr__(self, name, tuple(getattr(self, name)))
        object.__setattr__(self, "_items_by_id", _unique(self.items, Item, "item"))
        object.__setattr__(self, "_sites_by_id", _unique(self.sites, SiteInfo, "site"))
        _check_references(self)

    def item(self, item_id: str) -> Item:
        return self._items_by_id[item_id]

    def site(self, site_id: str) -> SiteInfo:
        return self._sites_by_id[site_id]


def _unique(records: Iterable[_R], expected: type[_R], what: str) -> dict[str, _R]:
    by_id: dict[str, _R] = {}
    for record in records:
        if not isinstance(record, expected):
            raise NetworkDataError(
                f"Every {what} must be an instance of {expected.__name__}. Got: {record!r}",
                code="bad_record",
            )
        if record.id in by_id:
            raise NetworkDataError(
                f"Duplicate {what} id {record.id!r}.", code=f"duplicate_{what}", ref=(record.id,)
            )
        by_id[record.id] = record
    return by_id


def _check_references(data: SupplyData) -> None:
    items = data._items_by_id
    sites = data._sites_by_id
    seen_lines: set[tuple[str, str]] = set()
    for line in data.bom:
        if not isinstance(line, BomLine):
            raise NetworkDataError(
                f"Every BOM line must be a BomLine. Got: {line!r}", code="bad_record"
            )
        for end in (line.parent, line.child):
            if end not in items:
                raise NetworkDataError(
                    f"BOM line {line.parent} -> {line.child} refers to unknown item {end!r}.",
                    code="unknown_item",
                    ref=(line.parent, line.child),
                )
        key = (line.parent, line.child)
        if key in seen_lines:
            raise NetworkDataError(
                f"Duplicate BOM line {line.parent} -> {line.child}.",
                code="duplicate_bom_line",
                ref=key,
            )
        seen_lines.add(key)

    seen_rows: set[tuple[str, str | None, str]] = set()
    active_shares: dict[tuple[str, str | None], float] = defaultdict(float)
    for row in data.sourcing:
        if not isinstance(row, Sourcing):
            raise NetworkDataError(
                f"Every sourcing row must be a Sourcing. Got: {row!r}", code="bad_record"
            )
        if row.item not in items:
            raise NetworkDataError(
                f"Sourcing {row.item} <- {row.site} refers to unknown item {row.item!r}.",
                code="unknown_item",
                ref=(row.item, row.site),
            )
        if row.site not in sites:
            raise NetworkDataError(
                f"Sourcing {row.item} <- {row.site} refers to unknown site {row.site!r}.",
                code="unknown_site",
                ref=(row.item, row.site),
            )
        key3 = (row.item, row.step, row.site)
        if key3 in seen_rows:
            step_text = f" (step {row.step})" if row.step else ""
            raise NetworkDataError(
                f"Duplicate sourcing {row.item}{step_text} <- {row.site}: one row per item and site.",
                code="duplicate_sourcing",
                ref=(row.item, row.site),
            )
        seen_rows.add(key3)
        if row.status == "active" and row.share is not None:
            active_shares[row.need] += row.share
    for (item_id, step), total in active_shares.items():
        if total > 1 + SHARE_TOLERANCE:
            what = f"item {item_id!r}" + (f" step {step!r}" if step else "")
            raise NetworkDataError(
                f"Shares of the active sources of {what} add up to more than 1. Got: {total:.6g}",
                code="shares_over_one",
                ref=(item_id,),
            )

    cycle = find_bom_cycle(data.bom)
    if cycle is not None:
        raise NetworkDataError(
            "BOM cycle: " + " -> ".join(cycle), code="bom_cycle", ref=tuple(cycle)
        )


def find_bom_cycle(bom: Iterable[BomLine | tuple[str, str]]) -> list[str] | None:
    """Return one cycle of a BOM, closed (``["A", "B", "C", "A"]``), or None if it has none.

    Parameters
    ----------
    bom
        BOM lines, or ``(parent, child)`` pairs (an import can check rows before it builds
        records). The search is deterministic: parents and children are visited in sorted order.

    Notes
    -----
    Iterative depth-first search with three colours, O(lines + items); no recursion, so a
    50 000-deep chain does not hit Python's recursion limit.
    """
    children: dict[str, list[str]] = defaultdict(list)
    for line in bom:
        parent, child = (line.parent, line.child) if isinstance(line, BomLine) else line
        children[parent].append(child)
    for kids in children.values():
        kids.sort()
    white, grey, black = 0, 1, 2
    colour: dict[str, int] = defaultdict(int)
    for root in sorted(children):
        if colour[root] != white:
            continue
        path = [root]
        iters = [iter(children[root])]
        colour[root] = grey
        while iters:
            nxt = next(iters[-1], None)
            if nxt is None:
                colour[path.pop()] = black
                iters.pop()
                continue
            if colour[nxt] == grey:
                start = path.index(nxt)
                return [*path[start:], nxt]
            if colour[nxt] == white:
                colour[nxt] = grey
                path.append(nxt)
                iters.append(iter(children.get(nxt, ())))
    return None
