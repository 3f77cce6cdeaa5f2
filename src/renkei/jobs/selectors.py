from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from renkei.accounts.models import User
from renkei.jobs.models import Job


def job_list(*, user: User) -> QuerySet[Job]:
    jobs = Job.objects.select_related("owner")
    if user.is_coordinator:
        return jobs
    return jobs.filter(owner=user)


def job_get(*, user: User, job_id: int) -> Job:
    """A job is visible to the user who started it and to coordinators."""
    job = get_object_or_404(Job, pk=job_id)
    if not (user.is_coordinator or job.owner_id == user.pk):
        raise PermissionDenied
    return job
