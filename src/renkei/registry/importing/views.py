"""Pages: upload a registry file, see every problem or what was imported; download templates.

Coordinators only: an import creates and changes firms across the cluster.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renkei.common.importing.core import is_english
from renkei.registry.importing import (
    SHEETS,
    SHEETS_BY_KEY,
    import_registry,
    registry_template_csv,
    registry_template_xlsx,
)

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_PROBLEMS_SHOWN = 1000


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        help_text=gettext_lazy("Excel (.xlsx) or CSV (UTF-8 or Shift_JIS), at most 10 MB."),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Contents"), required=False)
    dry_run = forms.BooleanField(label=gettext_lazy("Check only, import nothing"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Built per request: the sheet names follow the user's language.
        self.fields["kind"].choices = [
            ("", _("Tell from the sheet names or headers")),
            *[(spec.key, spec.name) for spec in SHEETS],
        ]
        self.fields["kind"].help_text = _(
            "Needed only for a CSV file or a sheet not named like the template's when the "
            "headers do not tell."
        )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is larger than 10 MB. Split it into several files."),
                code="file_too_large",
            )
        return upload


def _coordinator_only(request: HttpRequest) -> None:
    if not getattr(request.user, "is_coordinator", False):
        raise PermissionDenied


@login_required
def registry_import(request: HttpRequest) -> HttpResponse:
    _coordinator_only(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_registry(
            data=upload.read(),
            filename=upload.name,
            actor=request.user,
            kind=form.cleaned_data["kind"] or None,
            dry_run=form.cleaned_data["dry_run"],
        )
    context = {
        "form": form,
        "result": result,
        "problems": result.problems[:MAX_PROBLEMS_SHOWN] if result else [],
        "sheets": SHEETS,
    }
    return render(request, "registry/import.html", context)


@login_required
def import_template(request: HttpRequest) -> HttpResponse:
    _coordinator_only(request)
    kind = request.GET.get("kind", "")
    if request.GET.get("format") == "csv":
        if kind not in SHEETS_BY_KEY:
            raise Http404
        name = (
            f"template_{kind}.csv"
            if is_english()
            else f"{SHEETS_BY_KEY[kind].name}_テンプレート.csv"
        )
        response = HttpResponse(registry_template_csv(kind), content_type="text/csv; charset=utf-8")
    else:
        name = "renkei_registry_template.xlsx" if is_english() else "企業情報_取込テンプレート.xlsx"
        response = HttpResponse(registry_template_xlsx(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
