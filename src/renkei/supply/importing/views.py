"""Pages: upload a supply file, see every problem or what was imported; download templates.

Buyers import their own organisation's items; coordinators any owner's. Member firms get 403:
they supply items, they do not keep parts lists here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy

from renkei.common.importing.core import is_english
from renkei.common.importing.forms import XLSX_TYPE, ImportForm
from renkei.supply.importing import (
    SHEETS,
    SHEETS_BY_KEY,
    import_supply,
    supply_template_csv,
    supply_template_xlsx,
)
from renkei.supply.permissions import can_import_supply

MAX_PROBLEMS_SHOWN = 1000


class SupplyImportForm(ImportForm):
    owner = forms.CharField(
        label=gettext_lazy("Owner of the items"),
        required=False,
        max_length=200,
        help_text=gettext_lazy(
            "Corporate number or name of the organisation whose items these are (or fill in the "
            "所有者 column)."
        ),
    )
    field_order = ("file", "owner", "kind", "dry_run")

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, sheets=SHEETS, **kwargs)
        if not getattr(user, "is_coordinator", False):
            # A buyer imports its own organisation's items: nothing to choose.
            del self.fields["owner"]


def _gate(request: HttpRequest) -> None:
    if not can_import_supply(request.user):
        raise PermissionDenied


@login_required
def supply_import(request: HttpRequest) -> HttpResponse:
    _gate(request)
    form = SupplyImportForm(request.POST or None, request.FILES or None, user=request.user)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_supply(
            data=upload.read(),
            filename=upload.name,
            actor=request.user,
            owner=form.cleaned_data.get("owner") or None,
            kind=form.cleaned_data["kind"] or None,
            dry_run=form.cleaned_data["dry_run"],
        )
    context = {
        "form": form,
        "result": result,
        "problems": result.problems[:MAX_PROBLEMS_SHOWN] if result else [],
        "sheets": SHEETS,
    }
    return render(request, "supply/import.html", context)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    _gate(request)
    kind = request.GET.get("kind", "")
    if request.GET.get("format") == "csv":
        if kind not in SHEETS_BY_KEY:
            raise Http404
        name = (
            f"supply_template_{kind}.csv"
            if is_english()
            else f"{SHEETS_BY_KEY[kind].name}_テンプレート.csv"
        )
        response = HttpResponse(supply_template_csv(kind), content_type="text/csv; charset=utf-8")
    else:
        name = (
            "renkei_supply_template.xlsx" if is_english() else "部品・調達先_取込テンプレート.xlsx"
        )
        response = HttpResponse(supply_template_xlsx(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
