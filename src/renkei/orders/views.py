"""Order pages: RFQs and their comparison (buyer), the quote portal (supplier), purchase
orders and receipts. Thin: the gate (``orders.permissions``) decides what is seen, one service
call writes, its ``ValidationError`` is shown on the form and nothing is kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.orders import services
from renkei.orders.adapters import qcd_figures_for
from renkei.orders.forms import (
    DeclineForm,
    PurchaseOrderFromQuoteForm,
    QuoteForm,
    ReceiptForm,
    RfqForm,
)
from renkei.orders.models import QuoteLine, QuoteStatus, Rfq
from renkei.orders.permissions import (
    can_act_for,
    purchase_order_for_user,
    purchase_orders_visible_to,
    quotes_visible_to,
    rfq_for_user,
    rfqs_visible_to,
)
from renkei.registry.models import Organization


def _organization(user: Any) -> Organization:
    """The firm the user acts for; the order pages are for people of a firm."""
    if user.organization_id is None:
        raise PermissionDenied
    return user.organization


def _refused(form: Form, error: ValidationError) -> None:
    """Show a service's refusal on the form (its fields need not be the form's)."""
    form.add_error(None, error.messages)


@login_required
def rfq_list(request: HttpRequest) -> HttpResponse:
    org_id = request.user.organization_id  # type: ignore[union-attr]
    rfqs = rfqs_visible_to(request.user).select_related("buyer")
    return render(
        request,
        "orders/rfq_list.html",
        {
            "sent": [r for r in rfqs if r.buyer_id == org_id],
            "received": rfqs.filter(recipients__supplier_id=org_id) if org_id else [],
        },
    )


@login_required
def rfq_new(request: HttpRequest) -> HttpResponse:
    buyer = _organization(request.user)
    form = RfqForm(request.POST or None, buyer=buyer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rfq = services.rfq_create(
                actor=request.user,
                buyer=buyer,
                title=data["title"],
                needed_by=data["needed_by"],
                lines=data["lines"],
                recipients=data["recipients"],
            )
        except ValidationError as e:
            _refused(form, e)
        else:
            messages.success(request, _("The RFQ was sent."))
            return redirect("orders:rfq_detail", rfq.pk)
    return render(request, "orders/rfq_new.html", {"form": form})


@login_required
def rfq_detail(request: HttpRequest, rfq_id: int) -> HttpResponse:
    """The buyer's comparison of the answers; a supplier goes to its own quote page."""
    rfq = rfq_for_user(request.user, rfq_id)
    if not can_act_for(request.user, rfq.buyer):
        return redirect("orders:rfq_quote", rfq.pk)
    return render(request, "orders/rfq_detail.html", _comparison(request, rfq))


def _comparison(request: HttpRequest, rfq: Rfq) -> dict[str, Any]:
    lines = list(rfq.lines.select_related("item"))
    quotes = {
        q.supplier_id: q
        for q in quotes_visible_to(request.user)
        .filter(rfq=rfq)
        .prefetch_related(Prefetch("lines", QuoteLine.objects.prefetch_related("price_breaks")))
    }
    figures = qcd_figures_for(request.user, as_of=timezone.localdate())
    columns = []
    for recipient in rfq.recipients.select_related("supplier"):
        supplier = recipient.supplier
        quote = quotes.get(supplier.pk)
        qcd = next((row for row in figures.rows_for(str(supplier.pk)) if row.month == "all"), None)
        by_line = {ql.rfq_line_id: ql for ql in quote.lines.all()} if quote else {}
        submitted = quote is not None and quote.status == QuoteStatus.SUBMITTED
        columns.append(
            {
                "supplier": supplier,
                "quote": quote,
                "submitted": submitted,
                "qcd": qcd,
                "cells": [by_line.get(line.pk) for line in lines],
                "po_form": _po_form(rfq, quote) if submitted and quote else None,
            }
        )
    rows = [
        {"line": line, "cells": [c["cells"][i] for c in columns]} for i, line in enumerate(lines)
    ]
    return {"rfq": rfq, "columns": columns, "rows": rows}


def _po_form(rfq: Rfq, quote: Any, data: Any = None) -> PurchaseOrderFromQuoteForm:
    today = timezone.localdate()
    promised = today + dt.timedelta(days=quote.lead_time_days or 14)
    return PurchaseOrderFromQuoteForm(
        data,
        quote=quote,
        prefix=f"quote{quote.pk}",
        initial={
            "number": f"PO-{today:%Y%m%d}-{rfq.pk}-{quote.supplier_id}",
            "order_date": today,
            "promised_date": rfq.needed_by or promised,
        },
    )


@login_required
@require_POST
def po_from_quote(request: HttpRequest, rfq_id: int, quote_id: int) -> HttpResponse:
    rfq = rfq_for_user(request.user, rfq_id, for_edit=True)
    quote = get_object_or_404(
        quotes_visible_to(request.user), pk=quote_id, rfq=rfq, status=QuoteStatus.SUBMITTED
    )
    form = _po_form(rfq, quote, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            po = services.purchase_order_create(
                actor=request.user,
                buyer=rfq.buyer,
                supplier=quote.supplier,
                number=data["number"],
                order_date=data["order_date"],
                lines=data["lines"],
                rfq=rfq,
            )
        except ValidationError as e:
            _refused(form, e)
        else:
            messages.success(request, _("The purchase order was created."))
            return redirect("orders:po_detail", po.pk)
    context = _comparison(request, rfq)
    for column in context["columns"]:
        if column["quote"] == quote:
            column["po_form"] = form
    return render(request, "orders/rfq_detail.html", context, status=422)


@login_required
def rfq_quote(request: HttpRequest, rfq_id: int) -> HttpResponse:
    """The supplier's page of an RFQ sent to it: its own answer, or the forms to give one."""
    supplier = _organization(request.user)
    rfq = rfq_for_user(request.user, rfq_id)
    if not rfq.recipients.filter(supplier=supplier).exists():
        raise Http404
    quote = quotes_visible_to(request.user).filter(rfq=rfq, supplier=supplier).first()
    answered = quote is not None and quote.status != QuoteStatus.DRAFT
    lines = list(rfq.lines.select_related("item"))
    quote_form = QuoteForm(
        request.POST if request.POST.get("action") == "quote" else None, lines=lines
    )
    decline_form = DeclineForm(request.POST if request.POST.get("action") == "decline" else None)
    if request.method == "POST" and not answered:
        try:
            if quote_form.is_bound and quote_form.is_valid():
                data = quote_form.cleaned_data
                quote = services.quote_submit(
                    actor=request.user,
                    rfq=rfq,
                    supplier=supplier,
                    prices=data["prices"],
                    valid_until=data["valid_until"],
                    lead_time_days=data["lead_time_days"],
                    notes=data["notes"],
                )
                messages.success(request, _("The quote was sent."))
                return redirect("orders:quote_detail", quote.pk)
            if decline_form.is_bound and decline_form.is_valid():
                quote = services.quote_decline(
                    actor=request.user,
                    rfq=rfq,
                    supplier=supplier,
                    reason=decline_form.cleaned_data["reason"],
                )
                messages.success(request, _("You declined to quote."))
                return redirect("orders:quote_detail", quote.pk)
        except ValidationError as e:
            _refused(quote_form if quote_form.is_bound else decline_form, e)
    status = 422 if request.method == "POST" else 200
    context = {
        "rfq": rfq,
        "quote": quote,
        "answered": answered,
        "quote_form": quote_form,
        "decline_form": decline_form,
    }
    return render(request, "orders/rfq_quote.html", context, status=status)


@login_required
def quote_detail(request: HttpRequest, quote_id: int) -> HttpResponse:
    quote = get_object_or_404(
        quotes_visible_to(request.user).select_related("rfq", "supplier"), pk=quote_id
    )
    lines = quote.lines.select_related("rfq_line").prefetch_related("price_breaks")
    return render(request, "orders/quote_detail.html", {"quote": quote, "lines": lines})


@login_required
def po_list(request: HttpRequest) -> HttpResponse:
    org_id = request.user.organization_id  # type: ignore[union-attr]
    pos = purchase_orders_visible_to(request.user).select_related("buyer", "supplier")
    return render(
        request,
        "orders/po_list.html",
        {
            "issued": [p for p in pos if p.buyer_id == org_id],
            "received": [p for p in pos if p.supplier_id == org_id],
        },
    )


@login_required
def po_detail(request: HttpRequest, po_id: int) -> HttpResponse:
    po = purchase_order_for_user(request.user, po_id)
    return _po_page(request, po, forms={})


def _po_page(
    request: HttpRequest, po: Any, *, forms: dict[int, ReceiptForm], status: int = 200
) -> HttpResponse:
    can_receive = can_act_for(request.user, po.buyer)
    today = timezone.localdate()
    lines = [
        {
            "line": line,
            "receipts": line.receipts.select_related("inspection"),
            "form": forms.get(line.pk)
            or (
                ReceiptForm(prefix=f"r{line.pk}", initial={"received_date": today})
                if can_receive
                else None
            ),
        }
        for line in po.lines.select_related("item")
    ]
    return render(request, "orders/po_detail.html", {"po": po, "lines": lines}, status=status)


@login_required
@require_POST
def receipt_new(request: HttpRequest, po_id: int, line_id: int) -> HttpResponse:
    po = purchase_order_for_user(request.user, po_id, for_edit=True)
    line = get_object_or_404(po.lines, pk=line_id)
    form = ReceiptForm(request.POST, prefix=f"r{line.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.receipt_record(
                actor=request.user,
                order_line=line,
                received_date=data["received_date"],
                qty_received=data["qty_received"],
                qty_inspected=data["qty_inspected"],
                qty_rejected=data["qty_rejected"] or 0,
                defect_class=data["defect_class"],
            )
        except ValidationError as e:
            _refused(form, e)
        else:
            messages.success(request, _("The delivery was recorded."))
            return redirect("orders:po_detail", po.pk)
    return _po_page(request, po, forms={line.pk: form}, status=422)
