"""Writes to the registry. Each service validates (``full_clean``) and records its actor in the
audit log; the caller has already passed the permission gate.

A change to an existing object writes only the fields in ``data``, on the row locked in the
service's transaction, and ``version`` (the version the edit started from, when the form or the
API client sent one) refuses a stale edit: :func:`renkei.common.writes.update_validated`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, TypeVar

from auditlog.context import set_actor
from django.db import models, transaction

from renkei.common.writes import save_validated as _save
from renkei.common.writes import update_validated as _update
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

M = TypeVar("M", bound=models.Model)


@transaction.atomic
def organization_create(*, actor: Any, data: dict[str, Any]) -> Organization:
    return _save(Organization(), data, actor=actor)


@transaction.atomic
def organization_update(
    *,
    actor: Any,
    organization: Organization,
    data: dict[str, Any],
    version: int | None = None,
) -> Organization:
    return _update(organization, data, actor=actor, version=version)


def _write(instance: M, data: dict[str, Any], *, actor: Any, version: int | None) -> M:
    """A new object is saved whole; an existing one changes only ``data``'s fields."""
    if instance.pk is None:
        return _save(instance, data, actor=actor)
    return _update(instance, data, actor=actor, version=version)


@transaction.atomic
def site_save(
    *,
    actor: Any,
    organization: Organization,
    data: dict[str, Any],
    site: Site | None = None,
    version: int | None = None,
) -> Site:
    return _write(site or Site(organization=organization), data, actor=actor, version=version)


@transaction.atomic
def capability_save(
    *,
    actor: Any,
    site: Site,
    data: dict[str, Any],
    materials: Iterable[Material] | None = None,
    capability: Capability | None = None,
    version: int | None = None,
) -> Capability:
    capability = _write(capability or Capability(site=site), data, actor=actor, version=version)
    if materials is not None:
        capability.materials.set(list(materials))
    return capability


@transaction.atomic
def equipment_save(
    *,
    actor: Any,
    site: Site,
    data: dict[str, Any],
    equipment: Equipment | None = None,
    version: int | None = None,
) -> Equipment:
    return _write(equipment or Equipment(site=site), data, actor=actor, version=version)


@transaction.atomic
def certification_save(
    *,
    actor: Any,
    organization: Organization,
    data: dict[str, Any],
    certification: Certification | None = None,
    version: int | None = None,
) -> Certification:
    return _write(
        certification or Certification(organization=organization),
        data,
        actor=actor,
        version=version,
    )


@transaction.atomic
def contact_save(
    *,
    actor: Any,
    organization: Organization,
    data: dict[str, Any],
    contact: Contact | None = None,
    version: int | None = None,
) -> Contact:
    return _write(contact or Contact(organization=organization), data, actor=actor, version=version)


@transaction.atomic
def skill_holding_save(
    *,
    actor: Any,
    organization: Organization,
    data: dict[str, Any],
    holding: SkillHolding | None = None,
    version: int | None = None,
) -> SkillHolding:
    return _write(
        holding or SkillHolding(organization=organization), data, actor=actor, version=version
    )


@transaction.atomic
def registry_object_delete(*, actor: Any, obj: models.Model) -> None:
    with set_actor(actor if getattr(actor, "is_authenticated", False) else None):
        obj.delete()
