"""The QCD models moved from the orders app to the qcd app without losing a row.

A database migrated while ``ScorecardCriteria`` and ``QcdSharing`` were still the orders app's,
with rows in both tables and an audit log entry on one of them, is migrated forward: the rows
are read through the qcd app's models, and the audit history and content types follow them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from renkei.qcd.models import QcdSharing, ScorecardCriteria, SharingLevel

QCD_INITIAL = ("qcd", "0001_initial")


def _before_the_move(executor: MigrationExecutor) -> list[tuple[str, str | None]]:
    """The migration targets of the state before the move: the orders migration the move
    starts from, and no qcd migration. Found from the graph, so renumbering keeps it right."""
    graph = executor.loader.graph
    move = next(node for node in graph.node_map[QCD_INITIAL].parents if node.key[0] == "orders")
    before = next(parent for parent in move.parents if parent.key[0] == "orders")
    return [before.key, ("qcd", None)]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_migrating_forward_keeps_the_criteria_the_consents_and_their_history():
    executor = MigrationExecutor(connection)
    old_targets = _before_the_move(executor)
    executor.migrate(old_targets)
    old = executor.loader.project_state(old_targets[0]).apps
    organization = old.get_model("registry", "Organization")
    buyer = organization.objects.create(
        name="移行テスト発注株式会社", name_kana="イコウテストハッチュウ", kind="buyer"
    )
    member = organization.objects.create(
        name="移行テスト工業株式会社", name_kana="イコウテストコウギョウ", kind="member"
    )
    old.get_model("orders", "ScorecardCriteria").objects.create(
        buyer=buyer, weight_defect_ppm=Decimal("55"), band_s=Decimal("95")
    )
    sharing = old.get_model("orders", "QcdSharing").objects.create(
        organization=member, level="cluster"
    )
    old_type = ContentType.objects.get_or_create(app_label="orders", model="qcdsharing")[0]
    entry = LogEntry.objects.create(
        content_type_id=old_type.pk,
        object_pk=str(sharing.pk),
        object_id=sharing.pk,
        object_repr="before the move",
        action=LogEntry.Action.CREATE,
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    criteria = ScorecardCriteria.objects.get(buyer_id=buyer.pk)
    assert criteria.weight_defect_ppm == Decimal("55")
    assert criteria.band_s == Decimal("95")
    assert criteria.to_criteria().bands[0] == ("S", 95.0)
    moved = QcdSharing.objects.get(organization_id=member.pk)
    assert (moved.pk, moved.level) == (sharing.pk, SharingLevel.CLUSTER)
    # The content type was relabelled, not replaced: the audit history still points at the row.
    assert ContentType.objects.get_for_model(QcdSharing).pk == old_type.pk
    assert LogEntry.objects.get_for_object(moved).filter(pk=entry.pk).exists()
    assert not ContentType.objects.filter(app_label="orders", model="qcdsharing").exists()
