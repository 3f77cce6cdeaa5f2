"""The job worker outlives whatever a job or the database does to it.

The real worker (``renkei_worker``, django-tasks' database worker made sturdy) runs queued jobs
on its own connection: a job that raises, even "database is locked", is marked failed with a
message and the next job runs; a database too busy for the worker's own bookkeeping (another
connection holding the lock longer than the lock timeout) is waited out, not died of.
"""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection

from renkei.jobs.models import JobStatus
from renkei.jobs.registry import job_handler
from renkei.jobs.services import job_start
from renkei.registry.models import Organization
from tests.concurrency import concurrent_db, lock_timeout, write_lock_held  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("concurrent_db"),
]


@job_handler("test.database_locked")
def _locked(params, progress):
    progress(0.3, "書き込み中")
    raise OperationalError("database is locked")


@pytest.fixture
def database_worker(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _queue(django_capture_on_commit_callbacks, owner, *kinds):
    jobs = []
    for kind in kinds:
        with django_capture_on_commit_callbacks(execute=True):
            jobs.append(job_start(kind=kind, title=kind, params={"n": 3}, owner=owner))
    return jobs


def _work_through_the_queue():
    call_command("renkei_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.mark.usefixtures("database_worker")
def test_a_job_that_raises_is_marked_failed_and_the_next_one_runs(
    django_capture_on_commit_callbacks, member_a
):
    failing, good = _queue(
        django_capture_on_commit_callbacks, member_a, "test.database_locked", "demo.count"
    )
    _work_through_the_queue()
    failing.refresh_from_db()
    good.refresh_from_db()
    assert failing.status == JobStatus.FAILED
    assert "混雑しています" in failing.error
    assert failing.finished_at is not None
    assert good.status == JobStatus.SUCCEEDED
    assert good.result == {"n": 3, "sum": 3}


def _hold_the_worker_off():
    """A write the worker's own queries must wait for: on SQLite any write (the database lock),
    on PostgreSQL the task table itself."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("LOCK TABLE django_tasks_database_dbtaskresult IN ACCESS EXCLUSIVE MODE")
    else:
        Organization.objects.update(description="ロック中")


@pytest.mark.usefixtures("database_worker")
def test_the_worker_waits_out_a_database_locked_longer_than_its_lock_timeout(
    django_capture_on_commit_callbacks, member_a
):
    first, second = _queue(django_capture_on_commit_callbacks, member_a, "demo.count", "demo.count")
    with lock_timeout(50), write_lock_held(_hold_the_worker_off, release_after=1.5):
        # Meets the lock many times over (50 ms each) before it goes, then runs both jobs.
        _work_through_the_queue()
    for job in (first, second):
        job.refresh_from_db()
        assert job.status == JobStatus.SUCCEEDED, job.error
