"""Writes to supply data. The caller has passed the permission gate (supply.permissions).

The fields a service sets are its keyword arguments, typed per model by the ``...Fields``
``TypedDict``s below (:mod:`renkei.common.services`): a misspelt one is a ``TypeError``.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from renkei.common.services import atomic_service
from renkei.common.writes import save_validated as _save
from renkei.registry.models import Organization, Site
from renkei.supply.models import (
    BomLine,
    InventoryPosition,
    Item,
    RoutingStep,
    SiteRecovery,
    Sourcing,
)

Number = Decimal | int | float


# --- the fields each service may set (the models' editable fields) ---------------------------
class ItemFields(TypedDict, total=False):
    owner: Organization
    code: str
    name: str
    kind: str
    unit: str
    demand_per_day: Number
    margin: Number | None
    ttr_days: Number | None


class SourcingFields(TypedDict, total=False):
    item: Item
    step: RoutingStep | None
    site: Site
    status: str
    share: Number | None
    lead_time_days: Number | None
    unit_price: Number | None
    capacity_per_day: Number | None


class InventoryFields(TypedDict, total=False):
    site: Site
    item: Item
    on_hand: Number
    in_transit: Number
    safety_stock: Number


def bom_path(start: Item, goal: Item) -> list[Item] | None:
    """The items from ``start`` down the BOM to ``goal`` (inclusive), or ``None``."""
    parents: dict[int, int | None] = {start.pk: None}
    frontier = [start.pk]
    while frontier:
        children = BomLine.objects.filter(parent_id__in=frontier).values_list(
            "parent_id", "child_id"
        )
        frontier = []
        for parent_id, child_id in children:
            if child_id in parents:
                continue
            parents[child_id] = parent_id
            if child_id == goal.pk:
                chain = [child_id]
                while parents[chain[-1]] is not None:
                    chain.append(parents[chain[-1]])  # type: ignore[arg-type]
                by_id = Item.objects.in_bulk(chain)
                return [by_id[i] for i in reversed(chain)]
            frontier.append(child_id)
    return None


@atomic_service
def item_save(*, actor: Any, item: Item | None = None, **fields: Unpack[ItemFields]) -> Item:
    return _save(item or Item(), fields, actor=actor)


@atomic_service
def bom_line_save(
    *, actor: Any, parent: Item, child: Item, qty_per_unit: Any, line: BomLine | None = None
) -> BomLine:
    """Add or change a BOM line; a line that would close a cycle is refused with the cycle."""
    if parent.pk == child.pk:
        raise ValidationError(
            _("An item cannot contain itself: %(item)s"),
            code="bom_cycle",
            params={"item": parent.code},
        )
    if parent.owner_id != child.owner_id:
        # A BOM joins one owner's items: a line to another owner's item would show that
        # owner's parts and suppliers to this one.
        raise ValidationError(
            _("A BOM line joins items of the same owner: %(child)s belongs to another."),
            code="bom_other_owner",
            params={"child": child.code},
        )
    path = bom_path(child, parent)
    if path is not None:
        cycle = " → ".join(i.code for i in [parent, *path])
        raise ValidationError(
            _("This BOM line would create a cycle: %(cycle)s"),
            code="bom_cycle",
            params={"cycle": cycle},
        )
    line = line or BomLine()
    return _save(
        line, {"parent": parent, "child": child, "qty_per_unit": qty_per_unit}, actor=actor
    )


@atomic_service
def routing_set(*, actor: Any, item: Item, processes: Iterable[Any]) -> list[RoutingStep]:
    """Replace an item's routing with the given processes in order."""
    item.routing.all().delete()
    return [
        _save(RoutingStep(item=item), {"sequence": n, "process": process}, actor=actor)
        for n, process in enumerate(processes, start=1)
    ]


@atomic_service
def routing_step_save(
    *,
    actor: Any,
    item: Item,
    sequence: int,
    process: Any,
    note: str | None = None,
    step: RoutingStep | None = None,
) -> RoutingStep:
    """Add or change one step of an item's routing, keyed by item and step number.

    Unlike :func:`routing_set`, the other steps and the sourcing of this step stay in place
    (an import that names step 2 must not drop the suppliers of step 1). ``note=None`` keeps
    the stored note.
    """
    data: dict[str, Any] = {"sequence": sequence, "process": process}
    if note is not None:
        data["note"] = note
    return _save(step or RoutingStep(item=item), data, actor=actor)


@atomic_service
def sourcing_save(
    *, actor: Any, sourcing: Sourcing | None = None, **fields: Unpack[SourcingFields]
) -> Sourcing:
    return _save(sourcing or Sourcing(), fields, actor=actor)


@atomic_service
def inventory_save(
    *, actor: Any, position: InventoryPosition | None = None, **fields: Unpack[InventoryFields]
) -> InventoryPosition:
    return _save(position or InventoryPosition(), fields, actor=actor)


@atomic_service
def site_recovery_save(*, actor: Any, site: Any, ttr_days: Any, basis: str = "") -> SiteRecovery:
    recovery = SiteRecovery.objects.filter(site=site).first() or SiteRecovery(site=site)
    return _save(recovery, {"ttr_days": ttr_days, "basis": basis}, actor=actor)
