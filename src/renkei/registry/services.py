"""Writes to the registry. Each service validates (``full_clean``) and records its actor in the
audit log; the caller has already passed the permission gate.

The fields a service sets are its keyword arguments, typed per model by the ``...Fields``
``TypedDict``s below (:mod:`renkei.common.services`): a misspelt one is a ``TypeError``. A
change to an existing object writes only the fields given, on the row locked in the service's
transaction, and ``version`` (the version the edit started from, when the form or the API
client sent one) refuses a stale edit: :func:`renkei.common.writes.update_validated`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any, TypedDict, TypeVar, Unpack

from auditlog.context import set_actor
from django.db import models

from renkei.common.services import atomic_service
from renkei.common.writes import save_validated as _save
from renkei.common.writes import update_validated as _update
from renkei.registry.models import (
    Capability,
    Certification,
    Contact,
    Equipment,
    Material,
    Municipality,
    Organization,
    Process,
    Site,
    SkillHolding,
)

M = TypeVar("M", bound=models.Model)

Number = Decimal | int | float


# --- the fields each service may set (the models' editable fields) ---------------------------
class OrganizationFields(TypedDict, total=False):
    name: str
    name_kana: str
    name_en: str
    kind: str
    corporate_number: str
    industry: str
    capital_jpy: int | None
    employees: int | None
    founded_year: int | None
    description: str
    website: str
    listed_in_directory: bool


class SiteFields(TypedDict, total=False):
    name: str
    is_headquarters: bool
    postal_code: str
    municipality: Municipality
    municipality_id: str  # its code: the API passes the code and the model reports an unknown one
    address: str
    latitude: float | None
    longitude: float | None
    hazard_zones: list[str]


class CapabilityFields(TypedDict, total=False):
    process: Process
    tolerance_mm: Number | None
    max_length_mm: int | None
    max_width_mm: int | None
    max_height_mm: int | None
    max_weight_kg: Number | None
    lot_min: int
    lot_max: int | None
    monthly_capacity_hours: Number
    current_load_hours: Number
    notes: str


class EquipmentFields(TypedDict, total=False):
    name: str
    process: Process | None
    maker: str
    model_number: str
    year: int | None
    count: int


class CertificationFields(TypedDict, total=False):
    kind: str
    number: str
    issuer: str
    expires_on: dt.date | None


class ContactFields(TypedDict, total=False):
    name: str
    department: str
    title: str
    phone: str
    email: str
    emergency_role: str
    emergency_order: int | None
    visibility: str


class SkillHoldingFields(TypedDict, total=False):
    process: Process
    age_band: str
    workers: int


# --- the services -----------------------------------------------------------------------------
@atomic_service
def organization_create(*, actor: Any, **fields: Unpack[OrganizationFields]) -> Organization:
    return _save(Organization(), fields, actor=actor)


@atomic_service
def organization_update(
    *,
    actor: Any,
    organization: Organization,
    version: int | None = None,
    **fields: Unpack[OrganizationFields],
) -> Organization:
    return _update(organization, fields, actor=actor, version=version)


def _write(instance: M, data: Mapping[str, Any], *, actor: Any, version: int | None) -> M:
    """A new object is saved whole; an existing one changes only ``data``'s fields."""
    if instance.pk is None:
        return _save(instance, data, actor=actor)
    return _update(instance, data, actor=actor, version=version)


@atomic_service
def site_save(
    *,
    actor: Any,
    organization: Organization,
    site: Site | None = None,
    version: int | None = None,
    **fields: Unpack[SiteFields],
) -> Site:
    return _write(site or Site(organization=organization), fields, actor=actor, version=version)


def _at_site(fields: Mapping[str, Any], site: Site | None) -> dict[str, Any]:
    """The fields to set on an object of a site: ``site`` is one of them when given."""
    return {**fields, "site": site} if site is not None else dict(fields)


@atomic_service
def capability_save(
    *,
    actor: Any,
    site: Site | None = None,
    materials: Iterable[Material] | None = None,
    capability: Capability | None = None,
    version: int | None = None,
    **fields: Unpack[CapabilityFields],
) -> Capability:
    """Add a capability at ``site`` or change ``capability``; ``site``, given for a change,
    moves it there (the caller has checked the site is the firm's). ``materials``, when
    given, replaces its materials."""
    capability = _write(
        capability or Capability(), _at_site(fields, site), actor=actor, version=version
    )
    if materials is not None:
        capability.materials.set(list(materials))
    return capability


@atomic_service
def equipment_save(
    *,
    actor: Any,
    site: Site | None = None,
    equipment: Equipment | None = None,
    version: int | None = None,
    **fields: Unpack[EquipmentFields],
) -> Equipment:
    """Add equipment at ``site`` or change ``equipment`` (``site`` given moves it there)."""
    return _write(equipment or Equipment(), _at_site(fields, site), actor=actor, version=version)


@atomic_service
def certification_save(
    *,
    actor: Any,
    organization: Organization,
    certification: Certification | None = None,
    version: int | None = None,
    **fields: Unpack[CertificationFields],
) -> Certification:
    return _write(
        certification or Certification(organization=organization),
        fields,
        actor=actor,
        version=version,
    )


@atomic_service
def contact_save(
    *,
    actor: Any,
    organization: Organization,
    contact: Contact | None = None,
    version: int | None = None,
    **fields: Unpack[ContactFields],
) -> Contact:
    return _write(
        contact or Contact(organization=organization), fields, actor=actor, version=version
    )


@atomic_service
def skill_holding_save(
    *,
    actor: Any,
    organization: Organization,
    holding: SkillHolding | None = None,
    version: int | None = None,
    **fields: Unpack[SkillHoldingFields],
) -> SkillHolding:
    return _write(
        holding or SkillHolding(organization=organization), fields, actor=actor, version=version
    )


@atomic_service
def registry_object_delete(*, actor: Any, obj: models.Model) -> None:
    with set_actor(actor if getattr(actor, "is_authenticated", False) else None):
        obj.delete()
