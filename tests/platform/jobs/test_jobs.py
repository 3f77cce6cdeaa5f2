from __future__ import annotations

import pytest
from django.urls import reverse

from renkei.jobs.models import Job, JobStatus
from renkei.jobs.registry import job_handler
from renkei.jobs.services import job_start


@job_handler("test.fails")
def _fails(params, progress):
    progress(0.5, "half")
    raise RuntimeError("部品表に循環があります")


def test_job_runs_and_reports_progress(django_capture_on_commit_callbacks, member_a):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="demo.count", title="t", params={"n": 5}, owner=member_a)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.progress == 1.0
    assert job.result == {"n": 5, "sum": 10}


def test_failed_job_keeps_its_error(django_capture_on_commit_callbacks, member_a):
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="test.fails", title="t", params={}, owner=member_a)
    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert "循環" in job.error


def test_unknown_kind_is_refused_before_queueing(member_a):
    with pytest.raises(LookupError):
        job_start(kind="nope", title="t", params={}, owner=member_a)
    assert not Job.objects.exists()


def test_job_page_polls_until_done(client, member_a):
    job = Job.objects.create(
        kind="demo.count", title="集計", owner=member_a, progress=0.4, status=JobStatus.RUNNING
    )
    client.force_login(member_a)
    html = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in html and "40%" in html
    partial = client.get(reverse("jobs:detail", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert b"<html" not in partial.content
    Job.objects.filter(pk=job.pk).update(status=JobStatus.SUCCEEDED, progress=1.0)
    html = client.get(reverse("jobs:detail", args=[job.pk])).content.decode()
    assert "every 1s" not in html and "100%" in html


def test_other_users_job_is_not_found(client, member_a, member_b, coordinator):
    job = Job.objects.create(kind="demo.count", title="集計", owner=member_a)
    client.force_login(member_b)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
    client.force_login(coordinator)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200


def test_cli_progress_bar_goes_to_stderr():
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "renkei.cli", "job-demo", "-n", "5", "--delay", "0"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == '{"n": 5, "sum": 10}'
    assert "demo.count" in result.stderr and "1000/1000" in result.stderr


# The worker closes its database connection after each task, as in production: the test must not
# run inside a transaction that the closed connection would lose.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_worker_runs_a_queued_job(settings, django_capture_on_commit_callbacks, member_a):
    """The embedded default: the job is queued in the database and the real worker runs it."""
    from django.core.management import call_command

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="demo.count", title="t", params={"n": 4}, owner=member_a)
    job.refresh_from_db()
    assert job.status == JobStatus.QUEUED  # nothing ran yet: it waits for the worker
    call_command("renkei_worker", "--batch", "--no-startup-delay", verbosity=0)
    job.refresh_from_db()
    assert job.status == JobStatus.SUCCEEDED
    assert job.result == {"n": 4, "sum": 6}


def test_colleagues_share_jobs_and_a_mover_leaves_them(
    client, django_capture_on_commit_callbacks, member_a, firm_a, firm_b
):
    from tests.factories import MemberFactory

    colleague = MemberFactory(organization=firm_a, username="colleague")
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="demo.count", title="t", params={"n": 2}, owner=member_a)
    client.force_login(colleague)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 200
    member_a.organization = firm_b
    member_a.save()
    client.force_login(member_a)
    assert client.get(reverse("jobs:detail", args=[job.pk])).status_code == 404
