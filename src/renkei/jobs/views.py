from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renkei.jobs.selectors import job_get, job_list
from renkei.jobs.services import job_start


@login_required
def job_list_view(request: HttpRequest) -> HttpResponse:
    return render(request, "jobs/list.html", {"jobs": job_list(user=request.user)[:100]})


@login_required
def job_detail_view(request: HttpRequest, job_id: int) -> HttpResponse:
    job = job_get(user=request.user, job_id=job_id)
    template = "jobs/_progress.html" if request.htmx else "jobs/detail.html"
    return render(request, template, {"job": job})


@login_required
@require_POST
def job_demo_start_view(request: HttpRequest) -> HttpResponse:
    job = job_start(
        kind="demo.count", title=_("Demo job"), params={"n": 40, "delay": 0.1}, owner=request.user
    )
    return redirect(job)
