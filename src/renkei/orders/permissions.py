"""The permission gate for orders: RFQs, quotes, purchase orders, receipts and inspections.

- A buyer (the organisation that issued an RFQ or a purchase order) sees it and everything under
  it: lines, recipients, the quotes submitted or declined to it, receipts and inspections. It
  does not see a quote the supplier is still drafting.
- A supplier sees the RFQs it was sent (with their lines), only its own quotes (never a
  competitor's), the purchase orders addressed to it and their receipts and inspections.
- Coordinators see everything. The public sees nothing.
- Attached files (drawings, a supplier's own documents) are private to the firms of the deal:
  no coordinator sees them (``attachments_visible_to``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from renkei.common.permissions import is_coordinator, user_organization_id
from renkei.orders.models import (
    Attachment,
    Inspection,
    OrderLine,
    PurchaseOrder,
    Quote,
    QuoteStatus,
    Receipt,
    Rfq,
    RfqLine,
    RfqRecipient,
    RfqStatus,
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


def attachments_visible_to(user: Any) -> QuerySet[Attachment]:
    """Drawings are private to the firms of the deal, coordinators included:

    - an RFQ's files: its buyer, and the suppliers it was sent to once it is sent;
    - a quote's files: the supplier, and the buyer only once the quote is submitted (never
      while the supplier is drafting, never a competitor).
    """
    org_id = user_organization_id(user)
    if org_id is None:
        return Attachment.objects.none()
    sent_to_me = RfqRecipient.objects.filter(supplier_id=org_id).values("rfq_id")
    rfq_files = Q(rfq__buyer_id=org_id) | (
        Q(rfq_id__in=sent_to_me) & ~Q(rfq__status=RfqStatus.DRAFT)
    )
    quote_files = Q(quote__supplier_id=org_id) | (
        Q(quote__rfq__buyer_id=org_id) & Q(quote__status=QuoteStatus.SUBMITTED)
    )
    return Attachment.objects.filter(rfq_files | quote_files)


def attachment_for_user(user: Any, attachment_id: int) -> Attachment:
    try:
        return attachments_visible_to(user).get(pk=attachment_id)
    except Attachment.DoesNotExist:
        raise Http404 from None


def can_change_attachment(user: Any, attachment: Attachment) -> bool:
    """Only the uploading firm (not a coordinator acting for it), and only while the RFQ is
    a draft or sent, or the quote a draft."""
    if user_organization_id(user) != attachment.owner_id:
        return False
    if attachment.rfq_id is not None:
        return attachment.rfq.status in (RfqStatus.DRAFT, RfqStatus.SENT)
    return attachment.quote is not None and attachment.quote.status == QuoteStatus.DRAFT
