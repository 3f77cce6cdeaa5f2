"""What the import pages share: run an upload through an importer and show the result, and
hand out a template as an Excel workbook or one CSV file per kind."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header

from renkei.common.importing.core import ImportResult, SheetSpec
from renkei.common.importing.forms import XLSX_TYPE, ImportForm

MAX_PROBLEMS_SHOWN = 1000

#: Runs the import of an upload: ``(data, filename, cleaned_data)`` -> result.
UploadImport = Callable[[bytes, str, dict[str, Any]], ImportResult]


def import_page(
    request: HttpRequest,
    *,
    form: ImportForm,
    import_upload: UploadImport,
    template: str,
    sheets: Sequence[SheetSpec],
) -> HttpResponse:
    """Run a valid POSTed upload through ``import_upload``; render ``template`` with the form,
    the result and at most MAX_PROBLEMS_SHOWN of its problems."""
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = import_upload(upload.read(), upload.name, form.cleaned_data)
    context = {
        "form": form,
        "result": result,
        "problems": result.problems[:MAX_PROBLEMS_SHOWN] if result else [],
        "sheets": sheets,
    }
    return render(request, template, context)


def template_download(
    request: HttpRequest,
    *,
    sheets_by_key: Mapping[str, SheetSpec],
    csv_template: Callable[[str], bytes],
    xlsx_template: Callable[[], bytes],
    csv_name: Callable[[str], str],
    xlsx_name: str,
) -> HttpResponse:
    """The Excel template, or with ``?format=csv&kind=KEY`` the CSV template of one kind."""
    kind = request.GET.get("kind", "")
    if request.GET.get("format") == "csv":
        if kind not in sheets_by_key:
            raise Http404
        name = csv_name(kind)
        response = HttpResponse(csv_template(kind), content_type="text/csv; charset=utf-8")
    else:
        name = xlsx_name
        response = HttpResponse(xlsx_template(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
