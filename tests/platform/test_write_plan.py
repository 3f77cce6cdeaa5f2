"""A WritePlan validates now and saves later in bulk, and leaves the same records and the same
audit log entries as the services' one-by-one saves (save_validated) would."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from renkei.common.writes import WritePlan, save_validated
from renkei.supply.models import BomLine, InventoryPosition, Item, ItemKind


def _entry(instance) -> LogEntry:
    return LogEntry.objects.get_for_object(instance).latest("pk")


def _comparable(entry: LogEntry, *, ignore=("id",)) -> dict:
    changes = {k: v for k, v in entry.changes.items() if k not in ignore}
    return {
        "action": entry.action,
        "actor": entry.actor_id,
        "content_type": entry.content_type_id,
        "changes": changes,
    }


def test_created_records_are_logged_as_single_saves_log_them(buyer):
    owner = buyer.organization
    data = {"owner": owner, "name": "ブラケット", "kind": ItemKind.PART, "unit": "個"}
    single = save_validated(Item(), {**data, "code": "S-1"}, actor=buyer)
    plan = WritePlan()
    planned = plan.add(Item(), {**data, "code": "S-2"})
    assert planned.pk is None  # validated, not saved
    plan.save(actor=buyer)
    assert planned.pk is not None
    assert Item.objects.get(pk=planned.pk).name == "ブラケット"
    one, bulk = _entry(single), _entry(planned)
    assert bulk.changes["id"] == ["None", str(planned.pk)]
    assert bulk.object_pk == str(planned.pk) and bulk.object_repr == str(planned)
    differ = ("id", "code", "created_at", "updated_at")  # these two records' own values
    assert _comparable(bulk, ignore=differ) == _comparable(one, ignore=differ)
    assert set(bulk.changes) == set(one.changes)


def test_a_record_pointing_at_one_the_plan_creates_is_saved_and_logged_with_its_key(buyer):
    owner = buyer.organization
    plan = WritePlan()
    parent = plan.add(Item(), {"owner": owner, "code": "A", "name": "親", "kind": ItemKind.PART})
    child = plan.add(Item(), {"owner": owner, "code": "B", "name": "子", "kind": ItemKind.PART})
    line = plan.add(BomLine(), {"parent": parent, "child": child, "qty_per_unit": Decimal(2)})
    plan.save(actor=buyer)
    stored = BomLine.objects.get(pk=line.pk)
    assert (stored.parent_id, stored.child_id) == (parent.pk, child.pk)
    assert _entry(line).changes["parent"] == ["None", str(parent.pk)]


def test_an_update_logs_what_changed_and_sets_updated_at(buyer, firm_a):
    owner = buyer.organization
    item = save_validated(
        Item(), {"owner": owner, "code": "U-1", "name": "旧", "kind": ItemKind.PART}, actor=buyer
    )
    site = firm_a.sites.first()
    position = save_validated(
        InventoryPosition(), {"site": site, "item": item, "on_hand": Decimal(5)}, actor=buyer
    )
    stamped = position.updated_at
    plan = WritePlan()
    plan.add(Item.objects.get(pk=item.pk), {"name": "新"})
    plan.add(InventoryPosition.objects.get(pk=position.pk), {"on_hand": Decimal(7)})
    plan.save(actor=buyer)
    assert Item.objects.get(pk=item.pk).name == "新"
    position.refresh_from_db()
    assert position.on_hand == Decimal(7) and position.updated_at > stamped
    # As a single save would log it: the name, and the time of the change.
    assert set(_entry(item).changes) == {"name", "updated_at"}
    assert _entry(item).changes["name"] == ["旧", "新"]
    assert _entry(item).action == LogEntry.Action.UPDATE


def test_an_invalid_record_is_refused_when_added_and_nothing_is_saved(buyer):
    plan = WritePlan()
    with pytest.raises(ValidationError) as refused:
        plan.add(Item(), {"owner": buyer.organization, "code": "", "name": "x"})
    assert "code" in refused.value.error_dict
    plan.save(actor=buyer)
    assert not Item.objects.exists()
