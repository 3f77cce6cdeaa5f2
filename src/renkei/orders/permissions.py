"""The permission gate for orders: RFQs, quotes, purchase orders, receipts and inspections.

- A buyer (the organisation that issued an RFQ or a purchase order) sees it and everything under
  it: lines, recipients, the quotes submitted or declined to it, receipts and inspections. It
  does not see a quote the supplier is still drafting.
- A supplier sees the RFQs it was sent (with their lines), only its own quotes (never a
  competitor's), the purchase orders addressed to it and their receipts and inspections.
- Coordinators see everything. The public sees nothing.

Daily reports, the outsourcing table and agreed prices are a firm's own business: only the
people of that firm see them (and, for a price, the supplier it was agreed with). Coordinators
get no exception here.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from renkei.common.permissions import is_coordinator, user_organization_id
from renkei.orders.models import (
    DailyReport,
    Inspection,
    OrderLine,
    PriceRevision,
    PurchaseOrder,
    Quote,
    QuoteStatus,
    Receipt,
    Rfq,
    RfqLine,
)


def can_act_for(user: Any, organization: Any) -> bool:
    """Whether ``user`` may issue, answer or record orders in the name of ``organization``."""
    if is_coordinator(user):
        return True
    org_id = user_organization_id(user)
    return org_id is not None and organization is not None and org_id == organization.pk


def rfqs_visible_to(user: Any) -> QuerySet[Rfq]:
    qs = Rfq.objects.all()
    if is_coordinator(user):
        return qs
    org_id = user_organization_id(user)
    if org_id is None:
        return qs.none()
    # A draft has not been sent yet: its recipients do not see it.
    sent_to_me = Q(recipients__supplier_id=org_id) & ~Q(status="draft")
    return qs.filter(Q(buyer_id=org_id) | sent_to_me).distinct()


def rfq_lines_visible_to(user: Any) -> QuerySet[RfqLine]:
    return RfqLine.objects.filter(rfq__in=rfqs_visible_to(user))


def rfq_for_user(user: Any, rfq_id: int, *, for_edit: bool = False) -> Rfq:
    """The RFQ if visible (else ``Http404``); ``for_edit`` asks for the buyer's right."""
    try:
        rfq = rfqs_visible_to(user).get(pk=rfq_id)
    except Rfq.DoesNotExist:
        raise Http404 from None
    if for_edit and not can_act_for(user, rfq.buyer):
        raise PermissionDenied
    return rfq


def quotes_visible_to(user: Any) -> QuerySet[Quote]:
    qs = Quote.objects.all()
    if is_coordinator(user):
        return qs
    org_id = user_organization_id(user)
    if org_id is None:
        return qs.none()
    to_my_rfq = Q(rfq__buyer_id=org_id) & ~Q(status=QuoteStatus.DRAFT)
    return qs.filter(Q(supplier_id=org_id) | to_my_rfq)


def purchase_orders_visible_to(user: Any) -> QuerySet[PurchaseOrder]:
    qs = PurchaseOrder.objects.all()
    if is_coordinator(user):
        return qs
    org_id = user_organization_id(user)
    if org_id is None:
        return qs.none()
    return qs.filter(Q(buyer_id=org_id) | Q(supplier_id=org_id))


def purchase_order_for_user(user: Any, po_id: int, *, for_edit: bool = False) -> PurchaseOrder:
    try:
        po = purchase_orders_visible_to(user).get(pk=po_id)
    except PurchaseOrder.DoesNotExist:
        raise Http404 from None
    if for_edit and not can_act_for(user, po.buyer):
        raise PermissionDenied
    return po


def order_lines_visible_to(user: Any) -> QuerySet[OrderLine]:
    qs = OrderLine.objects.all()
    if is_coordinator(user):
        return qs
    org_id = user_organization_id(user)
    if org_id is None:
        return qs.none()
    return qs.filter(Q(po__buyer_id=org_id) | Q(po__supplier_id=org_id))


def receipts_visible_to(user: Any) -> QuerySet[Receipt]:
    return Receipt.objects.filter(order_line__in=order_lines_visible_to(user))


def inspections_visible_to(user: Any) -> QuerySet[Inspection]:
    return Inspection.objects.filter(receipt__order_line__in=order_lines_visible_to(user))


# --- a firm's own records: daily reports, the outsourcing table, agreed prices ---------------


def is_of(user: Any, organization: Any) -> bool:
    """Whether ``user`` belongs to ``organization`` (a coordinator is no exception)."""
    org_id = user_organization_id(user)
    return org_id is not None and organization is not None and org_id == organization.pk


def daily_reports_visible_to(user: Any) -> QuerySet[DailyReport]:
    org_id = user_organization_id(user)
    if org_id is None:
        return DailyReport.objects.none()
    return DailyReport.objects.filter(organization_id=org_id)


def daily_report_for_user(user: Any, report_id: int) -> DailyReport:
    """A daily report of the user's own firm (anyone of the firm may correct it), else 404."""
    try:
        return daily_reports_visible_to(user).get(pk=report_id)
    except DailyReport.DoesNotExist:
        raise Http404 from None


def received_order_lines_of(user: Any) -> QuerySet[OrderLine]:
    """The order lines the user's firm received as the supplier: what a daily report is for."""
    org_id = user_organization_id(user)
    if org_id is None:
        return OrderLine.objects.none()
    return OrderLine.objects.filter(po__supplier_id=org_id)


def outsourced_lines_visible_to(user: Any) -> QuerySet[OrderLine]:
    """The 外注管理表: the order lines the user's firm placed as the buyer."""
    org_id = user_organization_id(user)
    if org_id is None:
        return OrderLine.objects.none()
    return OrderLine.objects.filter(po__buyer_id=org_id)


def price_revisions_visible_to(user: Any) -> QuerySet[PriceRevision]:
    """Agreed prices: the buyer's, and those agreed with the user's firm as the supplier."""
    org_id = user_organization_id(user)
    if org_id is None:
        return PriceRevision.objects.none()
    return PriceRevision.objects.filter(Q(buyer_id=org_id) | Q(supplier_id=org_id))


def price_revision_for_user(
    user: Any, revision_id: int, *, for_edit: bool = False
) -> PriceRevision:
    """A visible price revision (else 404); ``for_edit`` asks for the buyer's right (else 403):
    the supplier reads its prices, the buyer keeps them."""
    try:
        revision = price_revisions_visible_to(user).get(pk=revision_id)
    except PriceRevision.DoesNotExist:
        raise Http404 from None
    if for_edit and not is_of(user, revision.buyer):
        raise PermissionDenied
    return revision
