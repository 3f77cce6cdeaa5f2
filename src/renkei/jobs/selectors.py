from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from renkei.accounts.models import User
from renkei.jobs.models import Job


def job_list(*, user: User) -> QuerySet[Job]:
    """Jobs of the user's organisation (a job without one: only its starter); all for
    coordinators."""
    jobs = Job.objects.select_related("owner")
    if user.is_coordinator:
        return jobs
    if user.organization_id is None:
        return jobs.filter(owner=user, organization__isnull=True)
    return jobs.filter(
        Q(organization_id=user.organization_id) | Q(owner=user, organization__isnull=True)
    )


def job_get(*, user: User, job_id: int) -> Job:
    job = get_object_or_404(Job, pk=job_id)
    if not job_list(user=user).filter(pk=job.pk).exists():
        raise PermissionDenied
    return job
