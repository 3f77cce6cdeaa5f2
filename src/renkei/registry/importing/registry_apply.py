"""The write half of the registry import: each checked row becomes a validated write.

Runs only when the check found nothing, and reads only: every row's record is built and
validated as the registry services validate it (:class:`~renkei.common.writes.WritePlan`);
the import saves the plan afterwards in one short transaction. An object that already holds
the row's values is left alone (counted "unchanged"), so importing the same file twice writes
nothing and adds nothing to the audit log.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from renkei.common.importing.core import ImportResult, Problems, Row
from renkei.common.writes import WritePlan
from renkei.registry.importing.registry_refs import FirmPlan, SitePlan
from renkei.registry.importing.registry_sheets import (
    CAPABILITY_FIELDS,
    CONTACT_FIELDS,
    EQUIPMENT_FIELDS,
    FIRM_FIELDS,
    SITE_FIELDS,
)
from renkei.registry.models import (
    Capability,
    Contact,
    Equipment,
    Organization,
    OrganizationKind,
    Site,
)

# Where the head-office site's field errors show: the 企業 sheet's 本社 columns.
HQ_FIELD_MAP = {
    "name": "hq_name",
    "postal_code": "hq_postal_code",
    "municipality": "hq_municipality",
    "address": "hq_address",
}


def _differs(instance: models.Model, data: dict[str, Any]) -> bool:
    return any(getattr(instance, name) != value for name, value in data.items())


def plan_rows(rows: dict[str, list[Row]], problems: Problems, result: ImportResult) -> WritePlan:
    """Validate every checked row's write, sheet by sheet, reading only; the plan to save."""
    plan = WritePlan()
    # Later sheets refer to what earlier ones create: stop at the first sheet with a problem.
    for sheet, step in (
        ("firms", _plan_firm),
        ("sites", _plan_site),
        ("capabilities", _plan_capability),
        ("equipment", _plan_equipment),
        ("contacts", _plan_contact),
    ):
        for row in rows[sheet]:
            step(row, problems, result, plan)
        if problems:
            break
    return plan


def _plan(
    plan: WritePlan,
    result: ImportResult,
    sheet: str,
    existing: Any,
    data: dict[str, Any],
    new: Any,
    *,
    extra_change: bool = False,
) -> Any:
    """Plan the write of ``data`` unless ``existing`` already holds it; the record either way."""
    if existing is not None and not extra_change and not _differs(existing, data):
        result.count(sheet, "unchanged")
        return existing
    instance = plan.add(existing if existing is not None else new(), data)
    result.count(sheet, "created" if existing is None else "updated")
    return instance


def _plan_firm(row: Row, problems: Problems, result: ImportResult, plan: WritePlan) -> None:
    firm: FirmPlan = row.context["firm"]
    data = {k: row.values[k] for k in FIRM_FIELDS if k in row.values}
    if firm.existing is None:
        data.setdefault("kind", OrganizationKind.MEMBER)
    with problems.capture(row):
        firm.obj = _plan(plan, result, "firms", firm.existing, data, Organization)
    if firm.obj is None or firm.hq is None:
        return
    hq = firm.hq
    data = {
        "is_headquarters": True,
        "name": hq.name,
        "address": row.values["hq_address"],
        "municipality": row.context["municipality"],
    }
    if "hq_postal_code" in row.values:
        data["postal_code"] = row.values["hq_postal_code"]
    with problems.capture(row, field_map=HQ_FIELD_MAP):
        organization = firm.obj
        hq.obj = _plan(
            plan, result, "sites", hq.existing, data, lambda: Site(organization=organization)
        )


def _plan_site(row: Row, problems: Problems, result: ImportResult, plan: WritePlan) -> None:
    site: SitePlan = row.context["site"]
    data = {k: row.values[k] for k in SITE_FIELDS if k in row.values}
    data["municipality"] = row.context["municipality"]
    organization = site.firm.instance
    with problems.capture(row):
        site.obj = _plan(
            plan, result, "sites", site.instance, data, lambda: Site(organization=organization)
        )


def _plan_capability(row: Row, problems: Problems, result: ImportResult, plan: WritePlan) -> None:
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
    capability = None
    with problems.capture(row):
        capability = _plan(
            plan,
            result,
            "capabilities",
            existing,
            data,
            lambda: Capability(site=site.instance),
            extra_change=changed_materials,
        )
    if materials is not None and capability is not None:
        chosen = list(materials)
        plan.after(lambda: capability.materials.set(chosen))


def _plan_equipment(row: Row, problems: Problems, result: ImportResult, plan: WritePlan) -> None:
    site: SitePlan = row.context["site"]
    existing: Equipment | None = row.context["existing"]
    data = {k: row.values[k] for k in EQUIPMENT_FIELDS if k in row.values}
    if row.context["process"] is not None:
        data["process"] = row.context["process"]
    with problems.capture(row):
        _plan(plan, result, "equipment", existing, data, lambda: Equipment(site=site.instance))


def _plan_contact(row: Row, problems: Problems, result: ImportResult, plan: WritePlan) -> None:
    firm: FirmPlan = row.context["firm"]
    existing: Contact | None = row.context["existing"]
    data = {k: row.values[k] for k in CONTACT_FIELDS if k in row.values}
    organization = firm.instance
    with problems.capture(row):
        _plan(plan, result, "contacts", existing, data, lambda: Contact(organization=organization))
