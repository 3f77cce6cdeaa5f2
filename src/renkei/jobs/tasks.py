"""The one django-tasks task: run a Job by id, recording progress on its row."""

from __future__ import annotations

import logging
import time

from django.utils import timezone
from django_tasks import task

from renkei.jobs.models import Job, JobStatus
from renkei.jobs.registry import JobRefused, handler_for

logger = logging.getLogger(__name__)

# Progress writes are throttled so a fast loop does not hammer the database.
MIN_SECONDS_BETWEEN_WRITES = 0.3


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
        Job.objects.filter(pk=self.job.pk).update(progress=fraction, message=message[:300])


@task()
def run_job(job_id: int) -> None:
    job = Job.objects.get(pk=job_id)
    Job.objects.filter(pk=job_id).update(status=JobStatus.RUNNING, started_at=timezone.now())
    try:
        result = handler_for(job.kind)(job.params, _DatabaseProgress(job))
    except Exception as exc:  # the job's failure is data for the user, not a crash of the worker
        if isinstance(exc, JobRefused):  # bad input, said to the user: no bug to trace
            logger.info("job %s (%s) refused: %s", job_id, job.kind, exc)
        else:
            logger.exception("job %s (%s) failed", job_id, job.kind)
        Job.objects.filter(pk=job_id).update(
            status=JobStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        return
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.SUCCEEDED, progress=1.0, result=result, finished_at=timezone.now()
    )
