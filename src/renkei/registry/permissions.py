"""The permission gate for organisations and everything that hangs off them.

Every page, API endpoint and export reads organisations through these functions; nothing else
decides who may see or change a firm.

- Public visitors see organisations listed in the public directory.
- Members and buyers see listed organisations, their own, and (logged in) every member firm of
  the cluster's directory profile; they change only their own organisation.
- Coordinators see and change everything.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from renkei.common.permissions import belongs_to, is_coordinator
from renkei.registry.models import Contact, Organization, OrganizationKind, Visibility


def organizations_visible_to(user: Any) -> QuerySet[Organization]:
    """Organisations whose directory profile ``user`` may read."""
    qs = Organization.objects.all()
    if is_coordinator(user):
        return qs
    if not user.is_authenticated:
        return qs.filter(listed_in_directory=True)
    # Logged-in cluster users see every member firm's profile (the cluster directory),
    # plus listed organisations of any kind, plus their own.
    return qs.filter(
        Q(listed_in_directory=True) | Q(kind=OrganizationKind.MEMBER) | Q(pk=user.organization_id)
    )


def can_edit_organization(user: Any, organization: Organization) -> bool:
    if not user.is_authenticated:
        return False
    if is_coordinator(user):
        return True
    return belongs_to(user, organization)


def organization_for_user(
    user: Any, organization_id: int, *, for_edit: bool = False
) -> Organization:
    """Return the organisation if ``user`` may see it (and change it when ``for_edit``).

    Raises ``Http404`` when it is not visible at all (so its existence does not leak) and
    ``PermissionDenied`` when it is visible but not the user's to change.
    """
    try:
        organization = organizations_visible_to(user).get(pk=organization_id)
    except Organization.DoesNotExist:
        raise Http404 from None
    if for_edit and not can_edit_organization(user, organization):
        raise PermissionDenied
    return organization


def contacts_visible_to(user: Any, organization: Organization) -> QuerySet[Contact]:
    """Contacts are private unless the firm shares them with the cluster or the public."""
    qs = organization.contacts.all()
    if can_edit_organization(user, organization):
        return qs
    if user.is_authenticated:
        return qs.filter(visibility__in=[Visibility.CLUSTER, Visibility.PUBLIC])
    return qs.filter(visibility=Visibility.PUBLIC)


def can_create_organization(user: Any) -> bool:
    """Only coordinators add organisations to the registry; firms keep their own profile."""
    return is_coordinator(user)


def can_import_registry(user: Any) -> bool:
    """Only coordinators import registry files: an import creates and changes firms across the
    cluster (a firm keeps its own profile on its pages)."""
    return is_coordinator(user)
