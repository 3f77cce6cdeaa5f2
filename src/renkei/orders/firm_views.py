"""Pages of a firm's own records: daily reports (日報), the outsourcing table (外注管理表) and
agreed prices (単価改定履歴). Only people of the firm see them (a coordinator is no exception:
what is not visible is a 404); a supplier reads the prices agreed with it but cannot change them
(403)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.common import idempotency
from renkei.common.forms import form_status, show_refusal
from renkei.common.importing.core import is_english
from renkei.common.params import month_param
from renkei.common.permissions import user_organization_id
from renkei.orders import daily, prices
from renkei.orders.firm_forms import (
    REASONS,
    DailyReportForm,
    EntryForm,
    NewPriceForm,
    OutsourcingFilterForm,
    RevisionForm,
    entry_formset,
)
from renkei.orders.models import DailyReport
from renkei.orders.outsourcing import headers, outsourcing_table, outsourcing_workbook
from renkei.orders.permissions import (
    can_act_for,
    daily_report_for_user,
    price_revision_for_user,
)
from renkei.registry.models import Organization

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _own_organization(user: Any) -> Organization:
    """The user's firm; these pages do not exist for someone without one."""
    if user_organization_id(user) is None:
        raise Http404
    return user.organization  # type: ignore[no-any-return]


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


def _month(request: HttpRequest) -> tuple[int, int]:
    """The ``month=YYYY-MM`` asked for, else this month; a bad one is a 400 that says why."""
    return month_param(request, "month", timezone.localdate())


def _shift(year: int, month: int, by: int) -> str:
    n = year * 12 + month - 1 + by
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


# --- daily reports --------------------------------------------------------------------------


@login_required
def daily_month(request: HttpRequest) -> HttpResponse:
    _own_organization(request.user)
    year, month = _month(request)
    days, totals = daily.daily_month(request.user, year, month)
    return render(
        request,
        "orders/daily_month.html",
        {
            "days": days,
            "totals": totals,
            "month": f"{year:04d}-{month:02d}",
            "month_start": dt.date(year, month, 1),
            "previous": _shift(year, month, -1),
            "next": _shift(year, month, 1),
        },
    )


@login_required
def daily_export(request: HttpRequest) -> HttpResponse:
    _own_organization(request.user)
    year, month = _month(request)
    content = daily.daily_workbook(request.user, year, month)
    name = (
        f"daily_reports_{year}{month:02d}.xlsx"
        if is_english()
        else f"日報_{year}年{month:02d}月.xlsx"
    )
    return _xlsx(content, name)


def _daily_form_page(request: HttpRequest, report: DailyReport | None) -> HttpResponse:
    organization = _own_organization(request.user)
    data = request.POST if request.method == "POST" else None
    initial: dict[str, Any] = {"work_date": timezone.localdate()}
    if report is not None:
        initial = {
            "work_date": report.work_date,
            "worker_name": report.worker_name,
            "notes": report.notes,
        }
    elif request.user.get_full_name():  # type: ignore[union-attr]
        initial["worker_name"] = request.user.get_full_name()  # type: ignore[union-attr]
    form = DailyReportForm(data, initial=initial)
    entries = entry_formset(organization, data, report)
    if request.method == "POST" and form.is_valid() and entries.is_valid():
        head = form.cleaned_data
        try:
            with idempotency.submission(request, *_daily_form_name(report)) as submitted:
                saved = daily.daily_report_save(
                    actor=request.user,
                    organization=organization,
                    work_date=head["work_date"],
                    worker_name=head["worker_name"],
                    notes=head["notes"],
                    entries=entries.entries(),
                    report=report,
                )
                month = f"{saved.work_date:%Y-%m}"
                submitted.leads_to(f"{reverse('orders:daily_month')}?month={month}")
        except idempotency.AlreadySubmitted as done:
            return done.redirect(request)
        except ValidationError as e:
            show_refusal(form, e)
        else:
            messages.success(request, _("The daily report was saved."))
            return redirect(submitted.url)
    status = form_status(request)
    context = {
        "form": form,
        "entries": entries,
        "report": report,
        "form_name": _daily_form_name(report),
    }
    return render(request, "orders/daily_form.html", context, status=status)


def _daily_form_name(report: DailyReport | None) -> tuple[str, Any]:
    """The one-time token's form: a new report, or the edit of this one."""
    return ("orders.daily", report.pk if report is not None else "new")


@login_required
def daily_new(request: HttpRequest) -> HttpResponse:
    return _daily_form_page(request, None)


@login_required
def daily_edit(request: HttpRequest, report_id: int) -> HttpResponse:
    report = daily_report_for_user(request.user, report_id)
    return _daily_form_page(request, report)


@login_required
def daily_entry_row(request: HttpRequest) -> HttpResponse:
    """One more empty entry row for the form (htmx), with the formset's new row count."""
    organization = _own_organization(request.user)
    try:
        index = max(0, min(200, int(request.GET.get("n", "0"))))
    except ValueError:
        index = 0
    form = EntryForm(prefix=f"e-{index}", organization=organization)
    return render(
        request, "orders/_daily_entry_row.html", {"form": form, "next": index + 1, "oob": True}
    )


@login_required
@require_POST
def daily_delete(request: HttpRequest, report_id: int) -> HttpResponse:
    report = daily_report_for_user(request.user, report_id)
    month = f"{report.work_date:%Y-%m}"
    daily.daily_report_delete(actor=request.user, report=report)
    messages.success(request, _("The daily report was deleted."))
    return redirect(f"{reverse('orders:daily_month')}?month={month}")


# --- the outsourcing table ------------------------------------------------------------------


def _outsourcing(request: HttpRequest) -> tuple[OutsourcingFilterForm, Any, str]:
    """The filter form, the table and the filter's query string (without the page)."""
    organization = _own_organization(request.user)
    query = request.GET.copy()
    query.pop("page", None)
    today = timezone.localdate()
    form = OutsourcingFilterForm(query or None, buyer_id=organization.pk, today=today)
    table = outsourcing_table(request.user, form.filters(), today=today)
    return form, table, query.urlencode()


OUTSOURCING_PAGE = 100


@login_required
def outsourcing(request: HttpRequest) -> HttpResponse:
    form, table, query = _outsourcing(request)
    # Totals are over every filtered row; the page shows them OUTSOURCING_PAGE at a time.
    page = Paginator(table.rows, OUTSOURCING_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "orders/outsourcing.html",
        {
            "form": form,
            "table": table,
            "page": page,
            "query": query,
            "headers": headers(),
            "numeric": (5, 6, 7, 10, 11, 12, 13),
        },
    )


@login_required
def outsourcing_export(request: HttpRequest) -> HttpResponse:
    _form, table, _query = _outsourcing(request)
    today = timezone.localdate().strftime("%Y%m%d")
    name = f"outsourcing_{today}.xlsx" if is_english() else f"外注管理表_{today}.xlsx"
    return _xlsx(outsourcing_workbook(table), name)


# --- agreed prices --------------------------------------------------------------------------


@login_required
def price_list(request: HttpRequest) -> HttpResponse:
    organization = _own_organization(request.user)
    form = NewPriceForm(
        request.POST if request.method == "POST" else None,
        buyer=organization,
        initial={"effective_from": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with idempotency.submission(request, "orders.price_new") as submitted:
                revision = prices.price_revise(
                    actor=request.user,
                    buyer=organization,
                    supplier=data["supplier"],
                    item=data["item"],
                    description=data["description"],
                    unit_price=data["unit_price"],
                    effective_from=data["effective_from"],
                    reason=data["reason"],
                )
                submitted.leads_to(reverse("orders:price_detail", args=[revision.pk]))
        except idempotency.AlreadySubmitted as done:
            return done.redirect(request)
        except ValidationError as e:
            show_refusal(form, e)
        else:
            messages.success(request, _("The price was recorded."))
            return redirect(submitted.url)
    rows = prices.price_list(request.user, today=timezone.localdate())
    context = {
        "form": form,
        "agreed": [r for r in rows if r.latest.buyer_id == organization.pk],
        "given": [r for r in rows if r.latest.supplier_id == organization.pk],
        "reasons": REASONS,
    }
    return render(request, "orders/price_list.html", context, status=form_status(request))


@login_required
def price_detail(request: HttpRequest, revision_id: int) -> HttpResponse:
    revision = price_revision_for_user(request.user, revision_id, for_edit=request.method == "POST")
    latest = prices.same_key(revision).last() or revision
    can_edit = can_act_for(request.user, revision.buyer)
    form = RevisionForm(
        request.POST if request.method == "POST" else None,
        initial={"unit_price": latest.unit_price, "effective_from": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with idempotency.submission(request, "orders.price_revise", revision.pk) as submitted:
                new = prices.price_revise(
                    actor=request.user,
                    buyer=revision.buyer,
                    supplier=revision.supplier,
                    item=revision.item,
                    description=revision.description,
                    unit_price=data["unit_price"],
                    effective_from=data["effective_from"],
                    reason=data["reason"],
                )
                submitted.leads_to(reverse("orders:price_detail", args=[new.pk]))
        except idempotency.AlreadySubmitted as done:
            return done.redirect(request)
        except ValidationError as e:
            show_refusal(form, e)
        else:
            messages.success(request, _("The price revision was recorded."))
            return redirect(submitted.url)
    context = {
        "revision": latest,
        "history": prices.price_history(revision),
        "chart": prices.price_chart(revision, today=timezone.localdate()),
        "orders": prices.ordered_prices(revision).count(),
        "form": form if can_edit else None,
        "form_key": revision.pk,  # the page's revision (the shown one is the latest)
        "reasons": REASONS,
        "agreed_label": _("agreed price"),
        "ordered_label": _("ordered unit price"),
    }
    return render(request, "orders/price_detail.html", context, status=form_status(request))
