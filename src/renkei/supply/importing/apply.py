"""The write half of the supply import: each checked row becomes a validated write.

Runs only when the check found nothing, and reads only: every row's record is built and
validated as the supply services validate it (:class:`~renkei.common.writes.WritePlan`), and
the plan is saved afterwards in one short transaction (:func:`renkei.common.importing.core.
run_import`). The services' own rules beyond validation are the check's: BOM cycles and
self-references (:mod:`.cycles`, the handler), one owner per file. A record that already holds
the row's values is left alone (counted "unchanged"), so importing the same file twice writes
nothing and adds nothing to the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models

from renkei.common.importing.core import ImportResult, Problems, Row
from renkei.common.writes import WritePlan
from renkei.registry.models import Organization
from renkei.supply.importing.refs import ItemPlan, StepPlan
from renkei.supply.importing.sheets import INVENTORY_FIELDS, ITEM_FIELDS, SOURCING_FIELDS
from renkei.supply.models import (
    BomLine,
    InventoryPosition,
    Item,
    ItemKind,
    RoutingStep,
    SiteRecovery,
    Sourcing,
    SourcingStatus,
)

# Model fields whose errors belong to a column of another name.
FIELD_MAP = {"site": "site_name", "sequence": "step", "owner": "owner"}


def _differs(instance: models.Model, data: dict[str, Any]) -> bool:
    for name, value in data.items():
        field = instance._meta.get_field(name)
        if field.is_relation:
            # Compare keys: reading the related object would cost a query per field.
            if getattr(instance, field.attname) != (value.pk if value is not None else None):
                return True
        elif getattr(instance, name) != value:
            return True
    return False


def _plan(
    plan: WritePlan,
    result: ImportResult,
    sheet: str,
    existing: models.Model | None,
    data: dict[str, Any],
    new: Callable[[], models.Model],
) -> models.Model:
    """Plan the write of ``data`` unless ``existing`` already holds it; the record either way."""
    if existing is not None and not _differs(existing, data):
        result.count(sheet, "unchanged")
        return existing
    instance = plan.add(existing if existing is not None else new(), data)
    result.count(sheet, "created" if existing is None else "updated")
    return instance


Step = Callable[[Row, Problems, ImportResult, WritePlan, Organization], None]


def plan_rows(
    rows: dict[str, list[Row]], problems: Problems, result: ImportResult, *, owner: Organization
) -> WritePlan:
    """Validate every checked row's write, sheet by sheet, reading only; the plan to save."""
    steps: tuple[tuple[str, Step], ...] = (
        ("items", _plan_item),
        ("bom", _plan_bom),
        ("routing", _plan_routing),
        ("sourcing", _plan_sourcing),
        ("inventory", _plan_inventory),
        ("recovery", _plan_recovery),
    )
    plan = WritePlan()
    # Later sheets refer to what earlier ones create: stop at the first sheet with a problem.
    for sheet, step in steps:
        for row in rows[sheet]:
            step(row, problems, result, plan, owner)
        if problems:
            break
    return plan


def _plan_item(
    row: Row, problems: Problems, result: ImportResult, plan: WritePlan, owner: Organization
) -> None:
    item: ItemPlan = row.context["item"]
    data = {k: row.values[k] for k in ITEM_FIELDS if k in row.values}
    if item.existing is None:
        data.setdefault("kind", ItemKind.PART)
        data["owner"] = owner
    else:
        # The code found the item; keep it as it was registered (Ｐ－１ and P-1 are one code).
        data.pop("code")
    with problems.capture(row, field_map=FIELD_MAP):
        item.obj = _plan(plan, result, "items", item.existing, data, Item)  # type: ignore[assignment]


def _plan_bom(
    row: Row, problems: Problems, result: ImportResult, plan: WritePlan, owner: Organization
) -> None:
    parent: ItemPlan = row.context["parent"]
    child: ItemPlan = row.context["child"]
    data = {"parent": parent.instance, "child": child.instance}
    data["qty_per_unit"] = row.values["qty_per_unit"]
    with problems.capture(row, field_map=FIELD_MAP):
        _plan(plan, result, "bom", row.context["existing"], data, BomLine)


def _plan_routing(
    row: Row, problems: Problems, result: ImportResult, plan: WritePlan, owner: Organization
) -> None:
    step: StepPlan = row.context["step"]
    data: dict[str, Any] = {"process": row.context["process"]}
    if "note" in row.values:
        data["note"] = row.values["note"]
    if step.existing is None:
        data.update(item=step.item.instance, sequence=step.sequence)
    with problems.capture(row, field_map=FIELD_MAP):
        step.obj = _plan(plan, result, "routing", step.existing, data, RoutingStep)  # type: ignore[assignment]


def _plan_sourcing(
    row: Row, problems: Problems, result: ImportResult, plan: WritePlan, owner: Organization
) -> None:
    item: ItemPlan = row.context["item"]
    step: StepPlan | None = row.context["step"]
    existing = row.context["existing"]
    data = {k: row.values[k] for k in SOURCING_FIELDS if k in row.values}
    data.update(item=item.instance, step=step.instance if step else None, site=row.context["site"])
    if existing is None:
        data.setdefault("status", SourcingStatus.ACTIVE)
    with problems.capture(row, field_map=FIELD_MAP):
        _plan(plan, result, "sourcing", existing, data, Sourcing)


def _plan_inventory(
    row: Row, problems: Problems, result: ImportResult, plan: WritePlan, owner: Organization
) -> None:
    item: ItemPlan = row.context["item"]
    data = {k: row.values[k] for k in INVENTORY_FIELDS if k in row.values}
    data.update(item=item.instance, site=row.context["site"])
    with problems.capture(row, field_map=FIELD_MAP):
        _plan(plan, result, "inventory", row.context["existing"], data, InventoryPosition)


def _plan_recovery(
    row: Row, problems: Problems, result: ImportResult, plan: WritePlan, owner: Organization
) -> None:
    existing = row.context["existing"]
    data = {
        "ttr_days": row.values["ttr_days"],
        "basis": row.values.get("basis", existing.basis if existing else ""),
    }
    if existing is None:
        data["site"] = row.context["site"]
    with problems.capture(row, field_map=FIELD_MAP):
        _plan(plan, result, "recovery", existing, data, SiteRecovery)
