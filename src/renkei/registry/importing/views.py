"""Pages: upload a registry file, see every problem or what was imported; download templates.

Coordinators only: an import creates and changes firms across the cluster.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext

from renkei.common.importing.core import ImportResult, is_english
from renkei.common.importing.forms import ImportForm
from renkei.common.importing.views import (
    ImportJob,
    import_job_page,
    import_page,
    template_download,
)
from renkei.common.permissions import require
from renkei.registry.importing import (
    SHEETS,
    SHEETS_BY_KEY,
    import_registry,
    registry_template_csv,
    registry_template_xlsx,
)
from renkei.registry.importing import job as import_job
from renkei.registry.permissions import can_import_registry


@login_required
def registry_import(request: HttpRequest) -> HttpResponse:
    require(can_import_registry(request.user))

    def import_upload(data: bytes, filename: str, cleaned: dict[str, Any]) -> ImportResult:
        return import_registry(
            data=data,
            filename=filename,
            actor=request.user,
            kind=cleaned["kind"] or None,
            dry_run=cleaned["dry_run"],
        )

    def options(cleaned: dict[str, Any]) -> dict[str, Any]:
        return {"kind": cleaned["kind"] or None, "dry_run": cleaned["dry_run"]}

    return import_page(
        request,
        form=ImportForm(request.POST or None, request.FILES or None, sheets=SHEETS),
        import_upload=import_upload,
        template="registry/import.html",
        sheets=SHEETS,
        job=ImportJob(kind=import_job.KIND, title=gettext("Import the registry"), options=options),
    )


@login_required
def registry_import_result(request: HttpRequest, job_id: int) -> HttpResponse:
    require(can_import_registry(request.user))
    return import_job_page(
        request,
        job_id=job_id,
        kind=import_job.KIND,
        form=ImportForm(sheets=SHEETS),
        template="registry/import.html",
        sheets=SHEETS,
    )


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    require(can_import_registry(request.user))
    return template_download(
        request,
        sheets_by_key=SHEETS_BY_KEY,
        csv_template=registry_template_csv,
        xlsx_template=registry_template_xlsx,
        csv_name=lambda kind: (
            f"template_{kind}.csv"
            if is_english()
            else f"{SHEETS_BY_KEY[kind].name}_テンプレート.csv"
        ),
        xlsx_name=(
            "renkei_registry_template.xlsx" if is_english() else "企業情報_取込テンプレート.xlsx"
        ),
    )
