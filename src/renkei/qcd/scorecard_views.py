"""Scorecard pages: a buying firm's supplier scorecards and criteria (any firm that places
purchase orders), a member's standing in its cluster, and the coordinator's aggregates.

Thin like :mod:`renkei.orders.views`: the firm comes from the user, the selectors
(:mod:`renkei.qcd.scorecards`, :mod:`renkei.qcd.cluster`) decide what is seen, one
service writes the criteria.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from renkei.common.forms import form_status, show_refusal
from renkei.common.importing.core import is_english
from renkei.common.permissions import is_coordinator, own_organization, require
from renkei.qcd import services
from renkei.qcd.cluster import MIN_FIRMS, cluster_aggregates, standing_for
from renkei.qcd.forms import CriteriaForm
from renkei.qcd.models import CRITERIA_FIELDS, ScorecardCriteria
from renkei.qcd.pdf import PDF_TYPE
from renkei.qcd.scorecard_export import scorecard_pdf, scorecard_workbook
from renkei.qcd.scorecards import (
    DETAIL_MONTHS,
    band_ranges,
    month_rows,
    months_back,
    scorecard_for,
    scorecards,
    sort_cards,
)
from renkei.registry.models import Organization

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _own_firm(user: Any) -> Organization:
    """The firm the user acts for. Scorecards are a firm's own: a coordinator has none."""
    require(not is_coordinator(user))
    return own_organization(user)  # type: ignore[no-any-return]


@login_required
def scorecard_list(request: HttpRequest) -> HttpResponse:
    buyer = _own_firm(request.user)
    as_of = timezone.localdate()
    cards, criteria = scorecards(buyer, as_of=as_of)
    order = request.GET.get("sort", "")
    return render(
        request,
        "qcd/scorecard_list.html",
        {
            "cards": sort_cards(cards, order),
            "sort": order,
            "as_of": as_of,
            "bands": band_ranges(criteria),
            "strip_months": months_back(as_of, 12),
        },
    )


@login_required
def scorecard_detail(request: HttpRequest, supplier_id: int) -> HttpResponse:
    buyer = _own_firm(request.user)
    as_of = timezone.localdate()
    card, criteria = scorecard_for(buyer, supplier_id, as_of=as_of)
    months = months_back(as_of, DETAIL_MONTHS)
    chart = {
        "months": months,
        "scores": [card.months[m].score if m in card.months else None for m in months],
        "bands": band_ranges(criteria),
        "title": _("Monthly score"),
    }
    return render(
        request,
        "qcd/scorecard_detail.html",
        {
            "card": card,
            "rows": month_rows(card, months),
            "chart": chart,
            "bands": band_ranges(criteria),
            "weights": criteria.weights,
            "as_of": as_of,
        },
    )


@login_required
def scorecard_criteria(request: HttpRequest) -> HttpResponse:
    buyer = _own_firm(request.user)
    current = ScorecardCriteria.objects.filter(buyer=buyer).first()
    initial = (
        {name: getattr(current, name) for name in CRITERIA_FIELDS}
        if current
        else ScorecardCriteria.defaults()
    )
    form = CriteriaForm(initial=initial)
    if request.method == "POST":
        if "reset" in request.POST:
            services.scorecard_criteria_set(actor=request.user, buyer=buyer, reset=True)
            messages.success(request, _("The criteria were reset to the defaults."))
            return redirect("qcd:scorecard_criteria")
        form = CriteriaForm(request.POST)
        if form.is_valid():
            try:
                services.scorecard_criteria_set(
                    actor=request.user, buyer=buyer, **form.cleaned_data
                )
            except ValidationError as error:
                show_refusal(form, error)
            else:
                messages.success(request, _("The criteria were saved."))
                return redirect("qcd:scorecard_list")
    status = form_status(request)
    return render(
        request,
        "qcd/scorecard_criteria.html",
        {"form": form, "customised": current is not None},
        status=status,
    )


@login_required
def scorecard_export(request: HttpRequest) -> HttpResponse:
    buyer = _own_firm(request.user)
    as_of = timezone.localdate()
    content = scorecard_workbook(buyer, as_of=as_of)
    day = as_of.strftime("%Y%m%d")
    name = f"renkei_scorecards_{day}.xlsx" if is_english() else f"スコアカード_{day}.xlsx"
    response = HttpResponse(content, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
def scorecard_pdf_download(request: HttpRequest, supplier_id: int) -> HttpResponse:
    """One supplier's scorecard as a PDF: the detail page's gate and numbers."""
    buyer = _own_firm(request.user)
    as_of = timezone.localdate()
    card, criteria = scorecard_for(buyer, supplier_id, as_of=as_of)
    content = scorecard_pdf(buyer, card, criteria, as_of=as_of)
    day = as_of.strftime("%Y%m%d")
    pk = card.supplier.pk
    name = (
        f"renkei_scorecard_{pk}_{day}.pdf" if is_english() else f"サプライヤー評価表_{pk}_{day}.pdf"
    )
    response = HttpResponse(content, content_type=PDF_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response


@login_required
def qcd_standing(request: HttpRequest) -> HttpResponse:
    firm = _own_firm(request.user)
    as_of = timezone.localdate()
    return render(
        request,
        "qcd/qcd_standing.html",
        {
            "firm": firm,
            "processes": standing_for(firm, as_of=as_of),
            "as_of": as_of,
            "min_firms": MIN_FIRMS,
        },
    )


@login_required
def qcd_aggregates(request: HttpRequest) -> HttpResponse:
    require(is_coordinator(request.user))
    as_of = timezone.localdate()
    context = cluster_aggregates(as_of=as_of)
    context["as_of"] = as_of
    context["chart"] = {
        "months": [t["month"] for t in context["trend"]],
        "otd_qty": [_pct(t["row"], "otd_qty") for t in context["trend"]],
        "otif_lines": [_pct(t["row"], "otif_lines") for t in context["trend"]],
        "defect_ppm": [t["row"].defect_ppm if t["row"] else None for t in context["trend"]],
        "labels": {
            "otd_qty": _("On-time delivery (quantity) %"),
            "otif_lines": _("On time in full (lines) %"),
            "defect_ppm": _("Defect rate (ppm)"),
        },
    }
    return render(request, "qcd/qcd_aggregates.html", context)


def _pct(row: Any, key: str) -> float | None:
    value = getattr(row, key) if row is not None else None
    return None if value is None else 100.0 * value
