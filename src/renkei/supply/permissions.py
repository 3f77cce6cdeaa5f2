"""The permission gate for supply data: items, BOMs, sourcing, inventory.

- The organisation that owns an item (usually a buyer) sees the item, its BOM, its routing, all of
  its sourcing (with prices) and its inventory.
- A supplier (member firm) sees the items it supplies (code and name) and only its own sourcing
  rows for them: never other suppliers' rows or prices, never the owner's BOM.
- Coordinators see every network (the cluster-wide stress test and area scenarios need them),
  but not a firm's money: unit prices, margins and the lost profit in yen derived from them are
  shown to the people of the owning firm only (:func:`can_see_prices`). The engines still use
  them. The public sees nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from renkei.common.permissions import belongs_to, is_coordinator, user_organization_id
from renkei.supply.models import BomLine, InventoryPosition, Item, Sourcing


def items_visible_to(user: Any) -> QuerySet[Item]:
    qs = Item.objects.all()
    if is_coordinator(user):
        return qs
    org_id = user_organization_id(user)
    if org_id is None:
        return qs.none()
    return qs.filter(Q(owner_id=org_id) | Q(sourcing__site__organization_id=org_id)).distinct()


def items_owned_by(user: Any) -> QuerySet[Item]:
    """Items whose full data (BOM, all sourcing, prices) ``user`` may read and change."""
    qs = Item.objects.all()
    if is_coordinator(user):
        return qs
    org_id = user_organization_id(user)
    return qs.filter(owner_id=org_id) if org_id is not None else qs.none()


def can_analyse_supply(user: Any) -> bool:
    """Who opens the supply-network pages: the people of a firm (buyers, and member firms that
    own products) analyse their own network; coordinators any."""
    return is_coordinator(user) or user_organization_id(user) is not None


def can_import_supply(user: Any) -> bool:
    """Buyers keep their own parts lists, coordinators anyone's; member firms supply, they do
    not keep BOMs here."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_coordinator(user) or bool(getattr(user, "is_buyer", False))


def can_manage_items_of(user: Any, organization: Any) -> bool:
    """Whether ``user`` may add and change the items owned by ``organization``: the rule of
    :func:`items_owned_by` for items that do not exist yet."""
    return is_coordinator(user) or belongs_to(user, organization)


def item_for_user(user: Any, item_id: int, *, for_edit: bool = False) -> Item:
    try:
        item = items_visible_to(user).get(pk=item_id)
    except Item.DoesNotExist:
        raise Http404 from None
    if for_edit and not items_owned_by(user).filter(pk=item.pk).exists():
        raise PermissionDenied
    return item


def sourcing_visible_to(user: Any) -> QuerySet[Sourcing]:
    qs = Sourcing.objects.all()
    if is_coordinator(user):
        return qs
    org_id = user_organization_id(user)
    if org_id is None:
        return qs.none()
    return qs.filter(Q(item__owner_id=org_id) | Q(site__organization_id=org_id))


def bom_lines_visible_to(user: Any) -> QuerySet[BomLine]:
    qs = BomLine.objects.all()
    if is_coordinator(user):
        return qs
    org_id = user_organization_id(user)
    return qs.filter(parent__owner_id=org_id) if org_id is not None else qs.none()


def inventory_visible_to(user: Any) -> QuerySet[InventoryPosition]:
    qs = InventoryPosition.objects.all()
    if is_coordinator(user):
        return qs
    org_id = user_organization_id(user)
    if org_id is None:
        return qs.none()
    return qs.filter(Q(item__owner_id=org_id) | Q(site__organization_id=org_id))


# The fields that hold a firm's money, by model: hidden with :func:`can_see_prices` in the pages,
# the admin and the audit log.
PRICE_FIELDS: dict[type[Model], tuple[str, ...]] = {Item: ("margin",), Sourcing: ("unit_price",)}


def can_see_prices(user: Any, owner: Any) -> bool:
    """Whether ``user`` may read the prices and margins of the items of ``owner`` (an
    organisation or its pk; ``None`` for several owners, as the whole cluster), and the yen
    amounts computed from them: only the people of the owning firm, never a coordinator."""
    return belongs_to(user, owner)
