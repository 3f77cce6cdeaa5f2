"""The permission gate for orders: RFQs, quotes, purchase orders, receipts and inspections.

- A buyer (the organisation that issued an RFQ or a purchase order) sees it and everything under
  it: lines, recipients, the quotes submitted or declined to it, receipts and inspections. It
  does not see a quote the supplier is still drafting.
- A supplier sees the RFQs it was sent (with their lines), only its own quotes (never a
  competitor's), the purchase orders addressed to it and their receipts and inspections.
- A coordinator is no exception: order records hold the firms' prices and customers, so a
  coordinator sees only those of its own organisation (if any), like anyone else, and acts for
  no other firm. What the coordinator sees of the firms' QCD is the sheets they chose to share
  with the cluster and the cluster's aggregates (:mod:`renkei.qcd.permissions`).
- The public sees no order record; only the QCD sheets their firms made public.

Daily reports, the outsourcing table and agreed prices are a firm's own business: only the
people of that firm see them (and, for a price, the supplier it was agreed with).
Attached files (drawings, a supplier's own documents) are private to the firms of the deal
(``attachments_visible_to``).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from renkei.common.permissions import belongs_to, user_organization_id
from renkei.orders.models import (
    Attachment,
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
    RfqRecipient,
    RfqStatus,
)


def can_act_for(user: Any, organization: Any) -> bool:
    """Whether ``user`` may issue, answer or record orders in the name of ``organization``
    (its own firm only: a coordinator does not act for the firms)."""
    return belongs_to(user, organization)


def rfqs_visible_to(user: Any) -> QuerySet[Rfq]:
    qs = Rfq.objects.all()
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
    rfq = get_object_or_404(rfqs_visible_to(user), pk=rfq_id)
    if for_edit and not can_act_for(user, rfq.buyer):
        raise PermissionDenied
    return rfq


def quotes_visible_to(user: Any) -> QuerySet[Quote]:
    qs = Quote.objects.all()
    org_id = user_organization_id(user)
    if org_id is None:
        return qs.none()
    to_my_rfq = Q(rfq__buyer_id=org_id) & ~Q(status=QuoteStatus.DRAFT)
    return qs.filter(Q(supplier_id=org_id) | to_my_rfq)


def purchase_orders_visible_to(user: Any) -> QuerySet[PurchaseOrder]:
    qs = PurchaseOrder.objects.all()
    org_id = user_organization_id(user)
    if org_id is None:
        return qs.none()
    return qs.filter(Q(buyer_id=org_id) | Q(supplier_id=org_id))


def purchase_order_for_user(user: Any, po_id: int, *, for_edit: bool = False) -> PurchaseOrder:
    po = get_object_or_404(purchase_orders_visible_to(user), pk=po_id)
    if for_edit and not can_act_for(user, po.buyer):
        raise PermissionDenied
    return po


def order_lines_visible_to(user: Any) -> QuerySet[OrderLine]:
    qs = OrderLine.objects.all()
    org_id = user_organization_id(user)
    if org_id is None:
        return qs.none()
    return qs.filter(Q(po__buyer_id=org_id) | Q(po__supplier_id=org_id))


def receipts_visible_to(user: Any) -> QuerySet[Receipt]:
    return Receipt.objects.filter(order_line__in=order_lines_visible_to(user))


def inspections_visible_to(user: Any) -> QuerySet[Inspection]:
    return Inspection.objects.filter(receipt__order_line__in=order_lines_visible_to(user))


# --- a firm's own records: daily reports, the outsourcing table, agreed prices ---------------


def daily_reports_visible_to(user: Any) -> QuerySet[DailyReport]:
    org_id = user_organization_id(user)
    if org_id is None:
        return DailyReport.objects.none()
    return DailyReport.objects.filter(organization_id=org_id)


def daily_report_for_user(user: Any, report_id: int) -> DailyReport:
    """A daily report of the user's own firm (anyone of the firm may correct it), else 404."""
    return get_object_or_404(daily_reports_visible_to(user), pk=report_id)


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
    revision = get_object_or_404(price_revisions_visible_to(user), pk=revision_id)
    if for_edit and not can_act_for(user, revision.buyer):
        raise PermissionDenied
    return revision


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
    return get_object_or_404(attachments_visible_to(user), pk=attachment_id)


def can_change_attachment(user: Any, attachment: Attachment) -> bool:
    """Only the uploading firm (not a coordinator acting for it), and only while the RFQ is
    a draft or sent, or the quote a draft."""
    if user_organization_id(user) != attachment.owner_id:
        return False
    if attachment.rfq_id is not None:
        return attachment.rfq.status in (RfqStatus.DRAFT, RfqStatus.SENT)
    return attachment.quote is not None and attachment.quote.status == QuoteStatus.DRAFT
