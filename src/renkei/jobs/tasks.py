"""The one django-tasks task: run a Job by id, recording progress on its row.

Whatever the handler raises becomes the job's error (a busy database in words the user can act
on) and the worker goes on with the next job. The job's own bookkeeping (running, failed, done)
waits out a busy database a few times before giving up, so that a job does not stay "running"
because an import held the lock when it finished.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.db import DatabaseError
from django.utils import timezone
from django_tasks import task

from renkei.common.busy import busy_message, is_database_busy
from renkei.jobs.models import Job, JobStatus
from renkei.jobs.registry import JobRefused, handler_for

logger = logging.getLogger(__name__)

# Progress writes are throttled so a fast loop does not hammer the database.
MIN_SECONDS_BETWEEN_WRITES = 0.3
# Bookkeeping writes that find the database busy are tried again after these pauses (seconds).
RETRY_PAUSES = (0.5, 1.0, 2.0, 4.0, 8.0)


def _record(job_id: int, **fields: Any) -> None:
    """Write ``fields`` on the job's row, waiting out a busy database a few times."""
    for pause in (*RETRY_PAUSES, None):
        try:
            Job.objects.filter(pk=job_id).update(**fields)
            return
        except DatabaseError as exc:
            if pause is None or not is_database_busy(exc):
                raise
            logger.warning("job %s: database busy, trying again in %s s", job_id, pause)
            time.sleep(pause)


def _without_transient(job: Job) -> dict[str, Any]:
    """Parameters named ``_…`` (an uploaded file) are inputs only: not kept once the job ends."""
    params = job.params or {}
    if not any(key.startswith("_") for key in params):
        return {}
    return {"params": {k: v for k, v in params.items() if not k.startswith("_")}}


def _error_text(exc: Exception) -> str:
    if is_database_busy(exc):
        return f"{busy_message()} ({exc})"
    return str(exc)


class _DatabaseProgress:
    def __init__(self, job: Job) -> None:
        self.job = job
        self._last_write = 0.0

    def __call__(self, fraction: float, message: str = "") -> None:
        fraction = min(1.0, max(0.0, float(fraction)))
        now = time.monotonic()
        if now - self._last_write < MIN_SECONDS_BETWEEN_WRITES and fraction < 1.0:
            return
        self._last_write = now
        try:
            Job.objects.filter(pk=self.job.pk).update(progress=fraction, message=message[:300])
        except DatabaseError as exc:
            # Progress is a courtesy: a busy database skips one report, not the job.
            if not is_database_busy(exc):
                raise
            logger.info("job %s: progress not recorded, database busy", self.job.pk)


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    _record(job_id, status=JobStatus.RUNNING, started_at=timezone.now())
    try:
        result = handler_for(job.kind)(job.params, _DatabaseProgress(job))
    except Exception as exc:  # the job's failure is data for the user, not a crash of the worker
        if isinstance(exc, JobRefused):  # bad input, said to the user: no bug to trace
            logger.info("job %s (%s) refused: %s", job_id, job.kind, exc)
        else:
            logger.exception("job %s (%s) failed", job_id, job.kind)
        _record(
            job_id,
            status=JobStatus.FAILED,
            error=_error_text(exc)[:2000],
            finished_at=timezone.now(),
            **_without_transient(job),
        )
        return
    _record(
        job_id,
        status=JobStatus.SUCCEEDED,
        progress=1.0,
        result=result,
        finished_at=timezone.now(),
        **_without_transient(job),
    )
