from __future__ import annotations

from django.db.models import QuerySet

from renkei.accounts.models import User
from renkei.jobs.models import Job
from renkei.jobs.permissions import job_for_user, jobs_visible_to


def job_list(*, user: User) -> QuerySet[Job]:
    """The jobs ``user`` may see (:func:`renkei.jobs.permissions.jobs_visible_to`)."""
    return jobs_visible_to(user).select_related("owner")


def job_get(*, user: User, job_id: int) -> Job:
    """One job through the gate: another organisation's job is a 404, like a missing one."""
    return job_for_user(user, job_id)
