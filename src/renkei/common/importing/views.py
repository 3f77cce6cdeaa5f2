"""What the import pages share: run an upload through an importer and show the result (at once,
or as a background job for a big file), and hand out a template as an Excel workbook or one CSV
file per kind."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import get_language

from renkei.common.importing.core import ImportResult, SheetSpec
from renkei.common.importing.forms import XLSX_TYPE, ImportForm
from renkei.common.importing.jobs import StoredResult, inline_max_bytes, job_params
from renkei.jobs.selectors import job_get
from renkei.jobs.services import job_start

MAX_PROBLEMS_SHOWN = 1000

#: Runs the import of an upload: ``(data, filename, cleaned_data)`` -> result.
UploadImport = Callable[[bytes, str, dict[str, Any]], ImportResult]


@dataclass(frozen=True)
class ImportJob:
    """How a page runs a big upload as a job: the job's kind (its handler imports
    ``params``), its title, and the form's choices as the handler's parameters."""

    kind: str
    title: str
    options: Callable[[dict[str, Any]], dict[str, Any]]


def import_page(
    request: HttpRequest,
    *,
    form: ImportForm,
    import_upload: UploadImport,
    template: str,
    sheets: Sequence[SheetSpec],
    job: ImportJob | None = None,
) -> HttpResponse:
    """Run a valid POSTed upload through ``import_upload``; render ``template`` with the form,
    the result and at most MAX_PROBLEMS_SHOWN of its problems. With ``job``, an upload larger
    than :func:`~renkei.common.importing.jobs.inline_max_bytes` is queued as that job instead,
    and the browser goes to the job's result page."""
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if job is not None and upload.size > inline_max_bytes():
            started = job_start(
                kind=job.kind,
                title=job.title,
                params=job_params(
                    data=upload.read(),
                    filename=upload.name,
                    actor=request.user,
                    language=get_language() or "ja",
                    **job.options(form.cleaned_data),
                ),
                owner=request.user,  # type: ignore[arg-type]
            )
            return redirect(started.result_url)
        result = import_upload(upload.read(), upload.name, form.cleaned_data)
    return _render(request, template, form=form, result=result, sheets=sheets)


def _render(
    request: HttpRequest,
    template: str,
    *,
    form: ImportForm,
    result: ImportResult | StoredResult | None,
    sheets: Sequence[SheetSpec],
    **extra: Any,
) -> HttpResponse:
    context = {
        "form": form,
        "result": result,
        "problems": result.problems[:MAX_PROBLEMS_SHOWN] if result else [],
        "sheets": sheets,
        **extra,
    }
    return render(request, template, context)


def import_job_page(
    request: HttpRequest,
    *,
    job_id: int,
    kind: str,
    form: ImportForm,
    template: str,
    sheets: Sequence[SheetSpec],
) -> HttpResponse:
    """The import page of a queued import: its progress until it ends, then its result
    (or the job's error). Another organisation's job is a 404, like any other object."""
    job = job_get(user=request.user, job_id=job_id)  # type: ignore[arg-type]
    if job.kind != kind:
        raise Http404
    result = StoredResult.from_json(job.result) if job.result else None
    return _render(request, template, form=form, result=result, sheets=sheets, job=job)


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
