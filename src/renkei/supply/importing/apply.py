"""The write half of the supply import: each checked row through its service.

Runs inside the import's transaction and only when the check found nothing. A record that
already holds the row's values is left alone (counted "unchanged"), so importing the same file
twice writes nothing and adds nothing to the audit log.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models

from renkei.common.importing.core import ImportResult, Problems, Row
from renkei.registry.models import Organization
from renkei.supply import services
from renkei.supply.importing.refs import ItemPlan, StepPlan
from renkei.supply.importing.sheets import INVENTORY_FIELDS, ITEM_FIELDS, SOURCING_FIELDS
from renkei.supply.models import ItemKind, SourcingStatus

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


def _save(
    result: ImportResult,
    sheet: str,
    instance: models.Model | None,
    data: dict[str, Any],
    save: Callable[[], Any],
) -> Any:
    """Save through ``save()`` unless an existing record already holds ``data``."""
    if instance is not None and not _differs(instance, data):
        result.count(sheet, "unchanged")
        return instance
    saved = save()
    result.count(sheet, "created" if instance is None else "updated")
    return saved


Step = Callable[[Row, Problems, ImportResult, Any, Organization], None]


def apply_rows(
    rows: dict[str, list[Row]],
    problems: Problems,
    result: ImportResult,
    *,
    actor: Any,
    owner: Organization,
) -> None:
    """Write the checked rows sheet by sheet, through the services, as ``actor``."""
    steps: tuple[tuple[str, Step], ...] = (
        ("items", _apply_item),
        ("bom", _apply_bom),
        ("routing", _apply_routing),
        ("sourcing", _apply_sourcing),
        ("inventory", _apply_inventory),
        ("recovery", _apply_recovery),
    )
    # Later sheets refer to what earlier ones create: stop at the first sheet with a problem.
    for sheet, step in steps:
        for row in rows[sheet]:
            step(row, problems, result, actor, owner)
        if problems:
            return


def _apply_item(
    row: Row, problems: Problems, result: ImportResult, actor: Any, owner: Organization
) -> None:
    plan: ItemPlan = row.context["item"]
    data = {k: row.values[k] for k in ITEM_FIELDS if k in row.values}
    if plan.existing is None:
        data.setdefault("kind", ItemKind.PART)
        data["owner"] = owner
    else:
        # The code found the item; keep it as it was registered (Ｐ－１ and P-1 are one code).
        data.pop("code")
    with problems.capture(row, field_map=FIELD_MAP):
        plan.obj = _save(
            result,
            "items",
            plan.existing,
            data,
            lambda: services.item_save(actor=actor, data=data, item=plan.existing),
        )


def _apply_bom(
    row: Row, problems: Problems, result: ImportResult, actor: Any, owner: Organization
) -> None:
    parent: ItemPlan = row.context["parent"]
    child: ItemPlan = row.context["child"]
    existing = row.context["existing"]
    quantity = row.values["qty_per_unit"]
    with problems.capture(row, field_map=FIELD_MAP):
        _save(
            result,
            "bom",
            existing,
            {"qty_per_unit": quantity},
            lambda: services.bom_line_save(
                actor=actor,
                parent=parent.instance,
                child=child.instance,
                qty_per_unit=quantity,
                line=existing,
            ),
        )


def _apply_routing(
    row: Row, problems: Problems, result: ImportResult, actor: Any, owner: Organization
) -> None:
    plan: StepPlan = row.context["step"]
    data: dict[str, Any] = {"process": row.context["process"]}
    if "note" in row.values:
        data["note"] = row.values["note"]
    with problems.capture(row, field_map=FIELD_MAP):
        plan.obj = _save(
            result,
            "routing",
            plan.existing,
            data,
            lambda: services.routing_step_save(
                actor=actor,
                item=plan.item.instance,
                sequence=plan.sequence,
                process=data["process"],
                note=data.get("note"),
                step=plan.existing,
            ),
        )


def _apply_sourcing(
    row: Row, problems: Problems, result: ImportResult, actor: Any, owner: Organization
) -> None:
    item: ItemPlan = row.context["item"]
    step: StepPlan | None = row.context["step"]
    existing = row.context["existing"]
    data = {k: row.values[k] for k in SOURCING_FIELDS if k in row.values}
    data.update(item=item.instance, step=step.instance if step else None, site=row.context["site"])
    if existing is None:
        data.setdefault("status", SourcingStatus.ACTIVE)
    with problems.capture(row, field_map=FIELD_MAP):
        _save(
            result,
            "sourcing",
            existing,
            data,
            lambda: services.sourcing_save(actor=actor, data=data, sourcing=existing),
        )


def _apply_inventory(
    row: Row, problems: Problems, result: ImportResult, actor: Any, owner: Organization
) -> None:
    item: ItemPlan = row.context["item"]
    existing = row.context["existing"]
    data = {k: row.values[k] for k in INVENTORY_FIELDS if k in row.values}
    data.update(item=item.instance, site=row.context["site"])
    with problems.capture(row, field_map=FIELD_MAP):
        _save(
            result,
            "inventory",
            existing,
            data,
            lambda: services.inventory_save(actor=actor, data=data, position=existing),
        )


def _apply_recovery(
    row: Row, problems: Problems, result: ImportResult, actor: Any, owner: Organization
) -> None:
    existing = row.context["existing"]
    site = row.context["site"]
    data = {
        "ttr_days": row.values["ttr_days"],
        "basis": row.values.get("basis", existing.basis if existing else ""),
    }
    with problems.capture(row, field_map=FIELD_MAP):
        _save(
            result,
            "recovery",
            existing,
            data,
            lambda: services.site_recovery_save(actor=actor, site=site, **data),
        )
