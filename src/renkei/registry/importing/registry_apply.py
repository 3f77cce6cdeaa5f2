"""The write half of the registry import: each checked row through its service.

Runs inside the import's transaction and only when the check found nothing. An object that
already holds the row's values is left alone (counted "unchanged"), so importing the same file
twice writes nothing and adds nothing to the audit log.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from renkei.common.importing.core import ImportResult, Problems, Row
from renkei.registry import services
from renkei.registry.importing.registry_refs import FirmPlan, SitePlan
from renkei.registry.importing.registry_sheets import (
    CAPABILITY_FIELDS,
    CONTACT_FIELDS,
    EQUIPMENT_FIELDS,
    FIRM_FIELDS,
    SITE_FIELDS,
)
from renkei.registry.models import Capability, Contact, Equipment, OrganizationKind

# Where the head-office site's field errors show: the 企業 sheet's 本社 columns.
HQ_FIELD_MAP = {
    "name": "hq_name",
    "postal_code": "hq_postal_code",
    "municipality": "hq_municipality",
    "address": "hq_address",
}


def _differs(instance: models.Model, data: dict[str, Any]) -> bool:
    return any(getattr(instance, name) != value for name, value in data.items())


def apply_rows(
    rows: dict[str, list[Row]], problems: Problems, result: ImportResult, *, actor: Any
) -> None:
    """Write the checked rows sheet by sheet, through the services, as ``actor``."""
    # Later sheets refer to what earlier ones create: stop at the first sheet with a problem.
    for sheet, step in (
        ("firms", _apply_firm),
        ("sites", _apply_site),
        ("capabilities", _apply_capability),
        ("equipment", _apply_equipment),
        ("contacts", _apply_contact),
    ):
        for row in rows[sheet]:
            step(row, problems, result, actor)
        if problems:
            return


def _save(
    result: ImportResult,
    sheet: str,
    instance: models.Model | None,
    data: dict[str, Any],
    save: Any,
    *,
    extra_change: bool = False,
) -> Any:
    """Save through ``save()`` unless an existing object already holds ``data``."""
    if instance is not None and not extra_change and not _differs(instance, data):
        result.count(sheet, "unchanged")
        return instance
    saved = save()
    result.count(sheet, "created" if instance is None else "updated")
    return saved


def _apply_firm(row: Row, problems: Problems, result: ImportResult, actor: Any) -> None:
    plan: FirmPlan = row.context["firm"]
    data = {k: row.values[k] for k in FIRM_FIELDS if k in row.values}
    with problems.capture(row):
        if plan.existing is None:
            data.setdefault("kind", OrganizationKind.MEMBER)
            plan.obj = _save(
                result,
                "firms",
                None,
                data,
                lambda: services.organization_create(actor=actor, data=data),
            )
        else:
            plan.obj = _save(
                result,
                "firms",
                plan.existing,
                data,
                lambda: services.organization_update(
                    actor=actor, organization=plan.existing, data=data
                ),
            )
    if plan.obj is None or plan.hq is None:
        return
    hq = plan.hq
    data = {
        "is_headquarters": True,
        "name": hq.name,
        "address": row.values["hq_address"],
        "municipality": row.context["municipality"],
    }
    if "hq_postal_code" in row.values:
        data["postal_code"] = row.values["hq_postal_code"]
    with problems.capture(row, field_map=HQ_FIELD_MAP):
        hq.obj = _save(
            result,
            "sites",
            hq.existing,
            data,
            lambda: services.site_save(
                actor=actor, organization=plan.obj, data=data, site=hq.existing
            ),
        )


def _apply_site(row: Row, problems: Problems, result: ImportResult, actor: Any) -> None:
    plan: SitePlan = row.context["site"]
    data = {k: row.values[k] for k in SITE_FIELDS if k in row.values}
    data["municipality"] = row.context["municipality"]
    instance = plan.instance
    with problems.capture(row):
        plan.obj = _save(
            result,
            "sites",
            instance,
            data,
            lambda: services.site_save(
                actor=actor, organization=plan.firm.instance, data=data, site=instance
            ),
        )


def _apply_capability(row: Row, problems: Problems, result: ImportResult, actor: Any) -> None:
    site: SitePlan = row.context["site"]
    existing: Capability | None = row.context["existing"]
    data = {k: row.values[k] for k in CAPABILITY_FIELDS if k in row.values}
    data["process"] = row.context["process"]
    materials = row.context["materials"] if "materials" in row.values else None
    changed_materials = (
        existing is not None
        and materials is not None
        and {m.pk for m in materials} != set(existing.materials.values_list("pk", flat=True))
    )
    with problems.capture(row):
        _save(
            result,
            "capabilities",
            existing,
            data,
            lambda: services.capability_save(
                actor=actor,
                site=site.instance,
                data=data,
                materials=materials,
                capability=existing,
            ),
            extra_change=changed_materials,
        )


def _apply_equipment(row: Row, problems: Problems, result: ImportResult, actor: Any) -> None:
    site: SitePlan = row.context["site"]
    existing: Equipment | None = row.context["existing"]
    data = {k: row.values[k] for k in EQUIPMENT_FIELDS if k in row.values}
    if row.context["process"] is not None:
        data["process"] = row.context["process"]
    with problems.capture(row):
        _save(
            result,
            "equipment",
            existing,
            data,
            lambda: services.equipment_save(
                actor=actor, site=site.instance, data=data, equipment=existing
            ),
        )


def _apply_contact(row: Row, problems: Problems, result: ImportResult, actor: Any) -> None:
    firm: FirmPlan = row.context["firm"]
    existing: Contact | None = row.context["existing"]
    data = {k: row.values[k] for k in CONTACT_FIELDS if k in row.values}
    with problems.capture(row):
        _save(
            result,
            "contacts",
            existing,
            data,
            lambda: services.contact_save(
                actor=actor, organization=firm.instance, data=data, contact=existing
            ),
        )
