"""Writes to the registry. Each service validates (``full_clean``) and records its actor in the
audit log; the caller has already passed the permission gate."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from auditlog.context import set_actor
from django.db import models, transaction

from renkei.common.writes import save_validated as _save
from renkei.registry.models import (
    Capability,
    Certification,
    Contact,
    Equipment,
    Material,
    Organization,
    Site,
    SkillHolding,
)


@transaction.atomic
def organization_create(*, actor: Any, data: dict[str, Any]) -> Organization:
    return _save(Organization(), data, actor=actor)


@transaction.atomic
def organization_update(
    *, actor: Any, organization: Organization, data: dict[str, Any]
) -> Organization:
    return _save(organization, data, actor=actor)


@transaction.atomic
def site_save(
    *, actor: Any, organization: Organization, data: dict[str, Any], site: Site | None = None
) -> Site:
    site = site or Site(organization=organization)
    return _save(site, data, actor=actor)


@transaction.atomic
def capability_save(
    *,
    actor: Any,
    site: Site,
    data: dict[str, Any],
    materials: Iterable[Material] | None = None,
    capability: Capability | None = None,
) -> Capability:
    capability = _save(capability or Capability(site=site), data, actor=actor)
    if materials is not None:
        capability.materials.set(list(materials))
    return capability


@transaction.atomic
def equipment_save(
    *, actor: Any, site: Site, data: dict[str, Any], equipment: Equipment | None = None
) -> Equipment:
    return _save(equipment or Equipment(site=site), data, actor=actor)


@transaction.atomic
def certification_save(
    *,
    actor: Any,
    organization: Organization,
    data: dict[str, Any],
    certification: Certification | None = None,
) -> Certification:
    return _save(certification or Certification(organization=organization), data, actor=actor)


@transaction.atomic
def contact_save(
    *, actor: Any, organization: Organization, data: dict[str, Any], contact: Contact | None = None
) -> Contact:
    return _save(contact or Contact(organization=organization), data, actor=actor)


@transaction.atomic
def skill_holding_save(
    *,
    actor: Any,
    organization: Organization,
    data: dict[str, Any],
    holding: SkillHolding | None = None,
) -> SkillHolding:
    return _save(holding or SkillHolding(organization=organization), data, actor=actor)


@transaction.atomic
def registry_object_delete(*, actor: Any, obj: models.Model) -> None:
    with set_actor(actor if getattr(actor, "is_authenticated", False) else None):
        obj.delete()
