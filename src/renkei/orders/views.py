"""Order pages: RFQs and their comparison (buyer), the quote portal (supplier), purchase
orders and receipts. Thin: the gate (``orders.permissions``) decides what is seen, one service
call writes, its ``ValidationError`` is shown on the form and nothing is kept."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote as url_quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.common import idempotency
from renkei.common.forms import form_status, show_refusal
from renkei.common.permissions import own_organization
from renkei.orders import selectors, services
from renkei.orders.forms import (
    AttachFilesForm,
    AwardForm,
    DeclineForm,
    PurchaseOrderFromQuoteForm,
    QuoteForm,
    ReceiptForm,
    RfqForm,
)
from renkei.orders.models import Attachment, Quote, QuoteLine, QuoteStatus, Rfq, RfqStatus
from renkei.orders.permissions import (
    attachment_for_user,
    attachments_visible_to,
    can_act_for,
    purchase_order_for_user,
    quotes_visible_to,
    rfq_for_user,
)
from renkei.registry.models import Organization

# Each create form carries a one-time token ({% form_token %} in its template, the same name and
# parts here): a second submit of it leads to the first one's result and records nothing.


@login_required
def rfq_list(request: HttpRequest) -> HttpResponse:
    rfqs = selectors.rfq_list(request.user)
    return render(request, "orders/rfq_list.html", {"sent": rfqs.sent, "received": rfqs.received})


@login_required
def rfq_new(request: HttpRequest) -> HttpResponse:
    buyer = own_organization(request.user)
    form = RfqForm(request.POST or None, request.FILES or None, buyer=buyer)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with idempotency.submission(request, "orders.rfq_new") as submitted:
                rfq = services.rfq_create(
                    actor=request.user,
                    buyer=buyer,
                    title=data["title"],
                    needed_by=data["needed_by"],
                    lines=data["lines"],
                    recipients=data["recipients"],
                    attachments=data["attachments"],
                )
                submitted.leads_to(reverse("orders:rfq_detail", args=[rfq.pk]))
        except idempotency.AlreadySubmitted as done:
            return done.redirect(request)
        except ValidationError as e:
            show_refusal(form, e)
        else:
            messages.success(request, _("The RFQ was sent."))
            return redirect(submitted.url)
    return render(request, "orders/rfq_new.html", {"form": form}, status=form_status(request))


@login_required
@require_POST
def rfq_attach(request: HttpRequest, rfq_id: int) -> HttpResponse:
    """The buyer adds drawings to its RFQ; refused files are shown, nothing is stored."""
    rfq = rfq_for_user(request.user, rfq_id, for_edit=True)
    form = AttachFilesForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            with idempotency.submission(request, "orders.rfq_attach", rfq.pk) as submitted:
                services.rfq_attach(
                    actor=request.user, rfq=rfq, attachments=form.cleaned_data["attachments"]
                )
                submitted.leads_to(reverse("orders:rfq_detail", args=[rfq.pk]))
        except idempotency.AlreadySubmitted as done:
            return done.redirect(request)
        except ValidationError as e:
            show_refusal(form, e)
        else:
            messages.success(request, _("The files were attached."))
            return redirect(submitted.url)
    context = _comparison(request, rfq)
    context["attach_form"] = form
    return render(request, "orders/rfq_detail.html", context, status=form_status(request))


@login_required
def rfq_detail(request: HttpRequest, rfq_id: int) -> HttpResponse:
    """The buyer's comparison of the answers; a supplier goes to its own quote page."""
    rfq = rfq_for_user(request.user, rfq_id)
    if not can_act_for(request.user, rfq.buyer):
        return redirect("orders:rfq_quote", rfq.pk)
    return render(request, "orders/rfq_detail.html", _comparison(request, rfq))


def _comparison(
    request: HttpRequest, rfq: Rfq, *, award_form: AwardForm | None = None
) -> dict[str, Any]:
    """The comparison page's context: the selector's read, and the forms to act on it."""
    context: dict[str, Any] = dict(selectors.rfq_comparison(request.user, rfq))
    for column in context["columns"]:
        quote = column["quote"]
        column["po_form"] = (
            _po_form(rfq, quote)
            if column["submitted"] and quote and rfq.status != RfqStatus.CLOSED
            else None
        )
    if award_form is None and rfq.status == RfqStatus.SENT:
        award_form = _award_form(rfq, context["lines"], context["columns"])
    context["attach_form"] = AttachFilesForm() if rfq.status != RfqStatus.CLOSED else None
    context["award_form"] = award_form
    return context


def _award_form(
    rfq: Rfq, lines: list[Any], columns: list[dict[str, Any]], data: Any = None
) -> AwardForm | None:
    """The line-by-line award, offering each line to the suppliers whose submitted quote
    prices it; None while no quote can be ordered from."""
    offers: dict[int, list[tuple[Organization, QuoteLine]]] = {}
    for column in columns:
        if not column["submitted"]:
            continue
        for line, quote_line in zip(lines, column["cells"], strict=True):
            if quote_line is not None:
                offers.setdefault(line.pk, []).append((column["supplier"], quote_line))
    if not offers:
        return None
    today = timezone.localdate()
    return AwardForm(
        data,
        lines=lines,
        offers=offers,
        default_promised=rfq.needed_by or today + dt.timedelta(days=14),
        initial={"number_prefix": f"PO-{today:%Y%m%d}-{rfq.pk}", "order_date": today},
    )


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
            with idempotency.submission(request, "orders.po_from_quote", quote.pk) as submitted:
                po = services.purchase_order_create(
                    actor=request.user,
                    buyer=rfq.buyer,
                    supplier=quote.supplier,
                    number=data["number"],
                    order_date=data["order_date"],
                    lines=data["lines"],
                    rfq=rfq,
                    split_order=data["split_order"],
                    quantity_increase_confirmed=data["quantity_increase_confirmed"],
                )
                submitted.leads_to(reverse("orders:po_detail", args=[po.pk]))
        except idempotency.AlreadySubmitted as done:
            return done.redirect(request)
        except ValidationError as e:
            show_refusal(form, e)
        else:
            messages.success(request, _("The purchase order was created."))
            return redirect(submitted.url)
    context = _comparison(request, rfq)
    for column in context["columns"]:
        if column["quote"] == quote:
            column["po_form"] = form
    return render(request, "orders/rfq_detail.html", context, status=form_status(request))


@login_required
@require_POST
def rfq_award(request: HttpRequest, rfq_id: int) -> HttpResponse:
    """Order the chosen lines from the chosen suppliers: one purchase order per supplier."""
    rfq = rfq_for_user(request.user, rfq_id, for_edit=True)
    context = _comparison(request, rfq)
    form = _award_form(rfq, list(rfq.lines.all()), context["columns"], request.POST)
    if form is None:
        raise Http404
    if form.is_valid():
        data = form.cleaned_data
        try:
            with idempotency.submission(request, "orders.rfq_award", rfq.pk) as submitted:
                pos = services.purchase_orders_from_award(
                    actor=request.user,
                    rfq=rfq,
                    award_lines=data["awards"],
                    order_date=data["order_date"],
                    number_prefix=data["number_prefix"],
                    split_order=data["split_order"],
                    quantity_increase_confirmed=data["quantity_increase_confirmed"],
                    over_delivery_tolerance_pct=data["over_delivery_tolerance_pct"] or 0,
                )
                submitted.leads_to(reverse("orders:rfq_detail", args=[rfq.pk]))
        except idempotency.AlreadySubmitted as done:
            return done.redirect(request)
        except ValidationError as e:
            show_refusal(form, e)
        else:
            numbers = ", ".join(po.number for po in pos)
            messages.success(
                request,
                _("Purchase orders created: %(numbers)s") % {"numbers": numbers},
            )
            return redirect(submitted.url)
    context["award_form"] = form
    return render(request, "orders/rfq_detail.html", context, status=form_status(request))


@login_required
def rfq_quote(request: HttpRequest, rfq_id: int) -> HttpResponse:
    """The supplier's page of an RFQ sent to it: its own answer, or the forms to give one."""
    supplier = own_organization(request.user)
    rfq = rfq_for_user(request.user, rfq_id)
    if not rfq.recipients.filter(supplier=supplier).exists():
        raise Http404
    quote = quotes_visible_to(request.user).filter(rfq=rfq, supplier=supplier).first()
    answered = quote is not None and quote.status != QuoteStatus.DRAFT
    lines = list(rfq.lines.select_related("item"))
    action = request.POST.get("action")
    quote_form = QuoteForm(
        request.POST if action in ("quote", "draft") else None,
        request.FILES if action in ("quote", "draft") else None,
        lines=lines,
        draft=action == "draft",
        quote=quote,
    )
    decline_form = DeclineForm(request.POST if action == "decline" else None)
    if request.method == "POST":
        # Also once answered: a repeated submit leads to the answer, another one is refused
        # by the service ("already answered").
        done_message = ""
        try:
            with idempotency.submission(request, "orders.rfq_quote", rfq.pk) as submitted:
                if quote_form.is_bound and quote_form.is_valid():
                    data = quote_form.cleaned_data
                    draft = action == "draft"
                    write = services.quote_save_draft if draft else services.quote_submit
                    quote = write(
                        actor=request.user,
                        rfq=rfq,
                        supplier=supplier,
                        prices=data["prices"],
                        valid_until=data["valid_until"],
                        lead_time_days=data["lead_time_days"],
                        notes=data["notes"],
                        attachments=data["attachments"],
                    )
                    if draft:
                        done_message = _("The draft was saved. The buyer does not see it.")
                        submitted.leads_to(reverse("orders:rfq_quote", args=[rfq.pk]))
                    else:
                        done_message = _("The quote was sent.")
                        submitted.leads_to(reverse("orders:quote_detail", args=[quote.pk]))
                elif decline_form.is_bound and decline_form.is_valid():
                    quote = services.quote_decline(
                        actor=request.user,
                        rfq=rfq,
                        supplier=supplier,
                        reason=decline_form.cleaned_data["reason"],
                    )
                    done_message = _("You declined to quote.")
                    submitted.leads_to(reverse("orders:quote_detail", args=[quote.pk]))
        except idempotency.AlreadySubmitted as done:
            return done.redirect(request)
        except ValidationError as e:
            show_refusal(quote_form if quote_form.is_bound else decline_form, e)
        else:
            if submitted.url:
                messages.success(request, done_message)
                return redirect(submitted.url)
    status = form_status(request)
    context = {
        "rfq": rfq,
        "quote": quote,
        "answered": answered,
        "quote_form": quote_form,
        "decline_form": decline_form,
        "rfq_files": selectors.attachment_list(request.user, Q(rfq=rfq)),
        "quote_files": selectors.attachment_list(request.user, Q(quote=quote)) if quote else [],
    }
    return render(request, "orders/rfq_quote.html", context, status=status)


@login_required
def quote_detail(request: HttpRequest, quote_id: int) -> HttpResponse:
    quote = get_object_or_404(
        quotes_visible_to(request.user).select_related("rfq", "supplier"), pk=quote_id
    )
    lines = quote.lines.select_related("rfq_line").prefetch_related("price_breaks")
    context = {
        "quote": quote,
        "lines": lines,
        "quote_files": attachments_visible_to(request.user).filter(quote=quote),
        "rfq_files": attachments_visible_to(request.user).filter(rfq=quote.rfq),
    }
    return render(request, "orders/quote_detail.html", context)


@login_required
def po_list(request: HttpRequest) -> HttpResponse:
    pos = selectors.purchase_order_list(request.user)
    return render(request, "orders/po_list.html", {"issued": pos.issued, "received": pos.received})


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
            with idempotency.submission(request, "orders.receipt", line.pk) as submitted:
                services.receipt_record(
                    actor=request.user,
                    order_line=line,
                    received_date=data["received_date"],
                    qty_received=data["qty_received"],
                    qty_inspected=data["qty_inspected"],
                    qty_rejected=data["qty_rejected"] or 0,
                    defect_class=data["defect_class"],
                    accept_over_delivery=data["accept_over_delivery"],
                )
                submitted.leads_to(reverse("orders:po_detail", args=[po.pk]))
        except idempotency.AlreadySubmitted as done:
            return done.redirect(request)
        except ValidationError as e:
            show_refusal(form, e)
        else:
            messages.success(request, _("The delivery was recorded."))
            return redirect(submitted.url)
    return _po_page(request, po, forms={line.pk: form}, status=form_status(request))


# --- attachments ------------------------------------------------------------------------------


def attachment_download(request: HttpRequest, attachment_id: int) -> FileResponse:
    """Stream a file through the gate (404 for whoever may not see it, the public included):
    attachments have no public URL. The original name survives as RFC 5987 ``filename*``."""
    attachment = attachment_for_user(request.user, attachment_id)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, content_type=attachment.content_type)
    response.headers["Content-Disposition"] = _content_disposition(attachment)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _content_disposition(attachment: Attachment) -> str:
    """``attachment; filename="<ASCII fallback>"; filename*=UTF-8''<percent-encoded name>``."""
    name = attachment.original_name
    fallback = attachment.file.name.rsplit("/", 1)[-1]
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{url_quote(name, safe='')}"


@login_required
@require_POST
def attachment_delete(request: HttpRequest, attachment_id: int) -> HttpResponse:
    attachment = attachment_for_user(request.user, attachment_id)
    back = _attachment_page(request, attachment)
    services.attachment_delete(actor=request.user, attachment=attachment)
    messages.success(request, _("The file was removed."))
    return redirect(back)


def _attachment_page(request: HttpRequest, attachment: Attachment) -> str:
    quote: Quote | None = attachment.quote
    if quote is not None:
        return reverse("orders:rfq_quote", args=[quote.rfq_id])
    return reverse("orders:rfq_detail", args=[attachment.rfq_id])
