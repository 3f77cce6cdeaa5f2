"""QCD sheet pages: the sheets I may see, one firm's sheet (page, Excel, PDF) and the firm's
consent setting. The gate (``qcd_sheets_visible_to``) decides; a sheet not shared with the
user is 404, whether or not the firm exists. No login is needed for a public sheet."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from renkei.common.forms import form_status, show_refusal
from renkei.common.params import date_param
from renkei.common.permissions import belongs_to, own_organization
from renkei.qcd import services
from renkei.qcd.exports import XLSX_TYPE, sheet_pdf, sheet_title, sheet_workbook
from renkei.qcd.forms import SHARING_EXPLANATIONS, QcdSharingForm
from renkei.qcd.models import QcdSharing, SharingLevel
from renkei.qcd.pdf import PDF_TYPE
from renkei.qcd.permissions import qcd_sheet_for_user
from renkei.qcd.selectors import QcdSheet, qcd_sheet, qcd_sheet_list, sharing_level
from renkei.qcd.sheets import (
    calendar_figure,
    headers,
    pareto_figure,
    table_rows,
    trend_figures,
)


def _as_of(request: HttpRequest) -> dt.date:
    """``?as_of=YYYY-MM-DD``, today by default; a bad one is a 400 that says why."""
    return date_param(request, "as_of", timezone.localdate())


def qcd_list(request: HttpRequest) -> HttpResponse:
    """The firms whose sheet I may open, my own first."""
    return render(request, "qcd/qcd_list.html", {"rows": qcd_sheet_list(request.user)})


def _sheet(request: HttpRequest, org_id: int) -> QcdSheet:
    supplier = qcd_sheet_for_user(request.user, org_id)
    return qcd_sheet(supplier, as_of=_as_of(request))


def qcd_sheet_page(request: HttpRequest, org_id: int) -> HttpResponse:
    sheet = _sheet(request, org_id)
    own = belongs_to(request.user, sheet.supplier)
    context = {
        "sheet": sheet,
        "title": sheet_title(sheet),
        "headers": headers(),
        "rows": table_rows(sheet),
        "own": own,
        "level": SharingLevel(sharing_level(sheet.supplier)).label,
        "charts": {
            **trend_figures(sheet),
            "pareto": pareto_figure(sheet),
            "calendar": calendar_figure(sheet),
        },
        "has_pareto": len(sheet.pareto) > 0,
        "query": request.GET.urlencode(),
    }
    return render(request, "qcd/qcd_sheet.html", context)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def qcd_sheet_xlsx(request: HttpRequest, org_id: int) -> HttpResponse:
    sheet = _sheet(request, org_id)
    name = f"qcd-{sheet.supplier.pk}-{sheet.as_of:%Y%m%d}.xlsx"
    return _download(sheet_workbook(sheet), XLSX_TYPE, name)


def qcd_sheet_pdf(request: HttpRequest, org_id: int) -> HttpResponse:
    sheet = _sheet(request, org_id)
    name = f"qcd-{sheet.supplier.pk}-{sheet.as_of:%Y%m%d}.pdf"
    return _download(sheet_pdf(sheet), PDF_TYPE, name)


@login_required
def qcd_sharing(request: HttpRequest) -> HttpResponse:
    """The firm's consent: who may open its QCD sheet. Only the firm's own staff set it."""
    organization = own_organization(request.user)
    current = QcdSharing.objects.filter(organization=organization).first()
    form = QcdSharingForm(
        request.POST or None,
        initial={"level": current.level if current else SharingLevel.PRIVATE},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.qcd_sharing_set(
                actor=request.user, organization=organization, level=form.cleaned_data["level"]
            )
        except ValidationError as e:
            show_refusal(form, e)
        else:
            messages.success(request, _("Your sharing setting was saved."))
            return redirect("qcd:qcd_sharing")
    choices = [
        {
            "value": value,
            "label": label,
            "explanation": SHARING_EXPLANATIONS[SharingLevel(value)],
            "checked": str(form["level"].value()) == value,
        }
        for value, label in SharingLevel.choices
    ]
    status = form_status(request)
    return render(
        request,
        "qcd/qcd_sharing.html",
        {"form": form, "choices": choices, "organization": organization},
        status=status,
    )
