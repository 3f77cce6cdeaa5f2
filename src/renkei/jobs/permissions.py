"""The permission gate for jobs (stress tests, imports, …) and their results.

- A job belongs to the organisation of the user who started it: everyone of that firm sees it
  (colleagues share their stress tests), and someone who moves to another firm leaves it behind.
- A job started by a user without an organisation is seen by that user only.
- Coordinators see every job (they run the cluster-wide analyses).
- Anyone else gets a 404, as for every other object they may not know exists.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from renkei.common.permissions import is_coordinator, user_organization_id
from renkei.jobs.models import Job


def jobs_visible_to(user: Any) -> QuerySet[Job]:
    jobs = Job.objects.all()
    if is_coordinator(user):
        return jobs
    if not user.is_authenticated:
        return jobs.none()
    own_unattached = Q(owner=user, organization__isnull=True)
    org_id = user_organization_id(user)
    if org_id is None:
        return jobs.filter(own_unattached)
    return jobs.filter(Q(organization_id=org_id) | own_unattached)


def job_for_user(user: Any, job_id: int) -> Job:
    """The job if ``user`` may see it, else ``Http404`` (whether or not it exists)."""
    return get_object_or_404(jobs_visible_to(user), pk=job_id)
