"""Reads of the registry. Every list goes through the permission gate."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from renkei.registry.models import (
    Capability,
    Organization,
    Process,
    Site,
)
from renkei.registry.permissions import organization_for_user, organizations_visible_to


def normalize_query(text: str) -> str:
    """NFKC folds full-width letters and digits and half-width kana, as Japanese users type them."""
    return unicodedata.normalize("NFKC", text).strip()


@dataclass(frozen=True)
class DirectoryFilters:
    q: str = ""
    process: str = ""  # process code
    material: str = ""  # material code
    certification: str = ""  # certification kind
    municipality: str = ""  # JIS code
    kind: str = ""
    min_available_hours: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def organization_list(
    *, user: Any, filters: DirectoryFilters | None = None
) -> QuerySet[Organization]:
    filters = filters or DirectoryFilters()
    qs = organizations_visible_to(user)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    for word in normalize_query(filters.q).split():
        qs = qs.filter(
            Q(name__icontains=word)
            | Q(name_kana__icontains=word)
            | Q(name_en__icontains=word)
            | Q(description__icontains=word)
            | Q(sites__address__icontains=word)
            | Q(sites__municipality__name_ja__icontains=word)
            | Q(sites__municipality__name_en__icontains=word)
            | Q(sites__capabilities__process__name_ja__icontains=word)
            | Q(sites__capabilities__process__name_en__icontains=word)
            | Q(sites__capabilities__materials__name_ja__icontains=word)
            | Q(sites__capabilities__materials__name_en__icontains=word)
            | Q(sites__equipment__name__icontains=word)
            | Q(sites__equipment__maker__icontains=word)
        )
    if filters.process:
        qs = qs.filter(sites__capabilities__process__code=filters.process)
    if filters.material:
        qs = qs.filter(sites__capabilities__materials__code=filters.material)
    if filters.certification:
        today = timezone.localdate()
        qs = qs.filter(
            Q(certifications__kind=filters.certification)
            & (
                Q(certifications__expires_on__isnull=True)
                | Q(certifications__expires_on__gte=today)
            )
        )
    if filters.municipality:
        qs = qs.filter(sites__municipality__code=filters.municipality)
    if filters.min_available_hours is not None:
        capable = Capability.objects.annotate(
            free=F("monthly_capacity_hours") - F("current_load_hours")
        ).filter(free__gte=filters.min_available_hours)
        if filters.process:
            capable = capable.filter(process__code=filters.process)
        qs = qs.filter(sites__capabilities__in=capable)
    return (
        qs.distinct()
        .order_by("name_kana", "name", "pk")
        .prefetch_related(
            Prefetch("sites", queryset=Site.objects.select_related("municipality")),
            Prefetch(
                "sites__capabilities",
                queryset=Capability.objects.select_related("process"),
            ),
            "certifications",
        )
    )


def organization_detail(*, organization: Organization) -> Organization:
    """Load everything the profile page shows, in a fixed number of queries."""
    return (
        Organization.objects.filter(pk=organization.pk)
        .prefetch_related(
            Prefetch("sites", queryset=Site.objects.select_related("municipality")),
            Prefetch(
                "sites__capabilities",
                queryset=Capability.objects.select_related(
                    "process", "process__category"
                ).prefetch_related("materials"),
            ),
            "sites__equipment__process",
            "certifications",
            "skill_holdings__process",
        )
        .get()
    )


def process_list() -> QuerySet[Process]:
    return Process.objects.select_related("category").order_by("category__sort_order", "sort_order")


def sites_on_map(
    organizations: QuerySet[Organization] | list[Organization],
) -> list[dict[str, Any]]:
    """Marker data for the directory map (plain dicts, ready for json_script)."""
    markers = []
    for organization in organizations:
        for site in organization.sites.all():
            markers.append(
                {
                    "lat": site.lat,
                    "lon": site.lon,
                    "name": organization.name,
                    "site": site.name,
                    "url": organization.get_absolute_url(),
                    "processes": [c.process.name for c in site.capabilities.all()][:6],
                }
            )
    return markers


def site_list(*, user: Any, organization_id: int) -> QuerySet[Site]:
    """The sites of an organisation ``user`` may see (404 through the gate otherwise)."""
    organization = organization_for_user(user, organization_id)
    return organization.sites.select_related("organization", "municipality").order_by(
        "-is_headquarters", "name", "pk"
    )


def site_get(*, user: Any, site_id: int, for_edit: bool = False) -> Site:
    """A site, if its organisation passes the gate (``for_edit``: may be changed by ``user``)."""
    try:
        site = Site.objects.select_related("organization", "municipality").get(pk=site_id)
    except Site.DoesNotExist:
        raise Http404 from None
    organization_for_user(user, site.organization_id, for_edit=for_edit)
    return site


@dataclass(frozen=True)
class CapabilityFilters:
    organization: int | None = None
    site: int | None = None
    process: str = ""  # process code
    category: str = ""  # process category code
    material: str = ""  # material code
    municipality: str = ""  # JIS code of the site
    min_available_hours: float | None = None


def _capabilities() -> QuerySet[Capability]:
    return Capability.objects.select_related(
        "site__organization", "site__municipality", "process__category"
    ).prefetch_related("materials")


def capability_list(*, user: Any, filters: CapabilityFilters | None = None) -> QuerySet[Capability]:
    """Capabilities of the organisations ``user`` may see, filtered."""
    filters = filters or CapabilityFilters()
    qs = _capabilities().filter(site__organization__in=organizations_visible_to(user))
    if filters.organization is not None:
        qs = qs.filter(site__organization_id=filters.organization)
    if filters.site is not None:
        qs = qs.filter(site_id=filters.site)
    if filters.process:
        qs = qs.filter(process__code=filters.process)
    if filters.category:
        qs = qs.filter(process__category__code=filters.category)
    if filters.material:
        # One material code matches at most one row per capability: no duplicates.
        qs = qs.filter(materials__code=filters.material)
    if filters.municipality:
        qs = qs.filter(site__municipality_id=filters.municipality)
    if filters.min_available_hours is not None:
        qs = qs.annotate(free_hours=F("monthly_capacity_hours") - F("current_load_hours")).filter(
            free_hours__gte=filters.min_available_hours
        )
    return qs.order_by(
        "site__organization__name_kana",
        "site__organization_id",
        "site_id",
        "process__sort_order",
        "pk",
    )


def capability_get(*, user: Any, capability_id: int, for_edit: bool = False) -> Capability:
    """A capability, if its organisation passes the gate (``for_edit``: may be changed)."""
    try:
        capability = _capabilities().get(pk=capability_id)
    except Capability.DoesNotExist:
        raise Http404 from None
    organization_for_user(user, capability.site.organization_id, for_edit=for_edit)
    return capability
