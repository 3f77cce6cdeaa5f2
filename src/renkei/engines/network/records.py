"""The records of the supply-network model: items, BOM lines, sourcing rows and sites.

Every record checks its own fields when it is built (ids, kinds, statuses, signs and ranges of
its numbers) and refuses with a coded
:class:`~renkei.engines.network.errors.NetworkDataError` that names it. The checks between
records (references, duplicates, shares, BOM cycles) are :mod:`renkei.engines.network.validate`'s.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from renkei.engines.network.errors import NetworkCode, NetworkDataError, Reason, Record

ItemKind = Literal["product", "part", "material"]
SiteRole = Literal["supplier", "plant"]
SourcingStatus = Literal["active", "backup", "candidate"]

ITEM_KINDS: tuple[str, ...] = ("product", "part", "material")
SITE_ROLES: tuple[str, ...] = ("supplier", "plant")
SOURCING_STATUSES: tuple[str, ...] = ("active", "backup", "candidate")

_MUNICIPALITY_CODE = re.compile(r"^\d{5,6}$")


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
