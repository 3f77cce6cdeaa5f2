"""Pages: upload a supply file, see every problem or what was imported; download templates.

Buyers import their own organisation's items; coordinators any owner's. Member firms get 403:
they supply items, they do not keep parts lists here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext, gettext_lazy

from renkei.common.importing.core import ImportResult, is_english
from renkei.common.importing.forms import ImportForm
from renkei.common.importing.views import (
    ImportJob,
    import_job_page,
    import_page,
    template_download,
)
from renkei.common.permissions import is_coordinator, require
from renkei.supply.importing import (
    SHEETS,
    SHEETS_BY_KEY,
    import_supply,
    supply_template_csv,
    supply_template_xlsx,
)
from renkei.supply.importing import job as import_job
from renkei.supply.permissions import can_import_supply


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
        if not is_coordinator(user):
            # A buyer imports its own organisation's items: nothing to choose.
            del self.fields["owner"]


@login_required
def supply_import(request: HttpRequest) -> HttpResponse:
    require(can_import_supply(request.user))

    def import_upload(data: bytes, filename: str, cleaned: dict[str, Any]) -> ImportResult:
        return import_supply(
            data=data,
            filename=filename,
            actor=request.user,
            owner=cleaned.get("owner") or None,
            kind=cleaned["kind"] or None,
            dry_run=cleaned["dry_run"],
        )

    def options(cleaned: dict[str, Any]) -> dict[str, Any]:
        return {
            "owner": cleaned.get("owner") or None,
            "kind": cleaned["kind"] or None,
            "dry_run": cleaned["dry_run"],
        }

    return import_page(
        request,
        form=SupplyImportForm(request.POST or None, request.FILES or None, user=request.user),
        import_upload=import_upload,
        template="supply/import.html",
        sheets=SHEETS,
        job=ImportJob(
            kind=import_job.KIND, title=gettext("Import parts and suppliers"), options=options
        ),
    )


@login_required
def supply_import_result(request: HttpRequest, job_id: int) -> HttpResponse:
    require(can_import_supply(request.user))
    return import_job_page(
        request,
        job_id=job_id,
        kind=import_job.KIND,
        form=SupplyImportForm(user=request.user),
        template="supply/import.html",
        sheets=SHEETS,
    )


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    require(can_import_supply(request.user))
    return template_download(
        request,
        sheets_by_key=SHEETS_BY_KEY,
        csv_template=supply_template_csv,
        xlsx_template=supply_template_xlsx,
        csv_name=lambda kind: (
            f"supply_template_{kind}.csv"
            if is_english()
            else f"{SHEETS_BY_KEY[kind].name}_テンプレート.csv"
        ),
        xlsx_name=(
            "renkei_supply_template.xlsx" if is_english() else "部品・調達先_取込テンプレート.xlsx"
        ),
    )
