from __future__ import annotations

from typing import Any

from django.db import transaction

from renkei.accounts.models import User
from renkei.jobs.models import Job
from renkei.jobs.registry import handler_for


def job_start(*, kind: str, title: str, params: dict[str, Any], owner: User | None) -> Job:
    """Create a job and queue it; the worker (or the immediate backend in tests) runs it."""
    handler_for(kind)  # fail now, not in the worker, on an unknown kind
    job = Job(
        kind=kind,
        title=title,
        params=params,
        owner=owner,
        organization_id=getattr(owner, "organization_id", None),
    )
    job.full_clean()
    job.save()
    from renkei.jobs.tasks import run_job

    # Enqueue after commit so the worker never looks for a row it cannot see yet.
    transaction.on_commit(lambda: run_job.enqueue(job.pk))
    return job
