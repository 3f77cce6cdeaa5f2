"""The permission gates of QCD: who may open a firm's QCD sheet, and whose scorecards a user
sees.

QCD sheets (共通フォーマット QCDシート) follow the firm's consent (:class:`QcdSharing`; no row is
private): the firm itself always sees its own; ``buyers`` opens it to the organisations that
have ordered from the firm at least once; ``cluster`` to every logged-in user of an
organisation and to the coordinators; ``public`` to everyone. A coordinator sees a sheet only
when it is shared with the cluster or the public, never through ``buyers``. A sheet the user
may not open is 404, whether or not the firm exists.

Scorecards, the criteria and a firm's standing in its cluster are the buying firm's own: only
its people see them, never a coordinator. The figures under a QCD page are read over the order
lines the orders gate lets through (:func:`renkei.orders.permissions.order_lines_visible_to`),
or, for a shared sheet, over all the firm's lines once this gate allowed it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from renkei.common.permissions import is_coordinator, user_organization_id
from renkei.orders.models import PurchaseOrder
from renkei.qcd.models import SharingLevel
from renkei.registry.models import Organization


def qcd_sheets_visible_to(user: Any) -> QuerySet[Organization]:
    """The organisations whose QCD sheet ``user`` may open (see the module docstring)."""
    allowed = Q(qcd_sharing__level=SharingLevel.PUBLIC)
    org_id = user_organization_id(user)
    coordinator = is_coordinator(user)
    if org_id is not None or coordinator:
        allowed |= Q(qcd_sharing__level=SharingLevel.CLUSTER)
    if org_id is not None:
        allowed |= Q(pk=org_id)
        if not coordinator:
            served = PurchaseOrder.objects.filter(buyer_id=org_id).values("supplier_id")
            allowed |= Q(qcd_sharing__level=SharingLevel.BUYERS, pk__in=served)
    return Organization.objects.filter(allowed)


def qcd_sheet_visible(user: Any, supplier: Organization) -> bool:
    """Whether ``user`` may open ``supplier``'s QCD sheet."""
    return qcd_sheets_visible_to(user).filter(pk=supplier.pk).exists()


def qcd_sheet_for_user(user: Any, organization_id: int) -> Organization:
    """The organisation whose sheet ``user`` asks for, if visible (else ``Http404``)."""
    return get_object_or_404(qcd_sheets_visible_to(user), pk=organization_id)
