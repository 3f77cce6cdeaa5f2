"""A 20,000-row supply import does not shut other users out: while it runs on one connection,
another user's profile edits on another connection go through, in check mode and in write mode.

The import validates every row reading only; a check only never opens a write transaction, an
import writes everything in one transaction that is short next to the whole import. Real
concurrent connections (tests/concurrency.py), on SQLite (one write lock for the whole
database) and PostgreSQL. The writer waits for the lock as long as production's busy timeout at
most, generously raised here so that a slow CI machine does not make the test flaky; the wait
it measured is printed (``-s``) rather than asserted.
"""

from __future__ import annotations

import os
import threading
import time
from typing import Any

import pytest
from django.db import connection

from renkei.registry.models import Organization
from renkei.registry.services import organization_update
from renkei.supply.importing import import_supply
from renkei.supply.models import BomLine, InventoryPosition, Item, Sourcing
from tests.concurrency import concurrent_db, lock_timeout  # noqa: F401
from tests.platform.supply.importdata import xlsx

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("concurrent_db"),
]

# The attack was a 20,000-row upload (8,000 items, 4,000 BOM lines, sourcing rows and stock
# positions): `make test-big-import` runs it at that size. The suite runs a quarter of it (the
# same shape, about a minute less on PostgreSQL); what it asserts does not depend on the size.
SCALE = float(os.environ.get("RENKEI_BIG_IMPORT_SCALE", "0.25"))
ITEMS, LINES = int(8_000 * SCALE), int(4_000 * SCALE)
ROWS = ITEMS + 3 * LINES


def big_workbook(cluster) -> bytes:
    cn_a = cluster.firm_a.corporate_number
    items = [["品目コード", "品目名", "種別", "単位", "日当たり需要"]]
    items += [[f"P-{i:05d}", f"部品{i}", "部品", "個", i % 100] for i in range(ITEMS)]
    bom = [["親品目コード", "子品目コード", "員数"]]
    bom += [[f"P-{i:05d}", f"P-{i + LINES:05d}", 2] for i in range(LINES)]
    sourcing = [["品目コード", "法人番号", "区分", "シェア", "リードタイム(日)", "単価(円)"]]
    sourcing += [[f"P-{i:05d}", cn_a, "現行", "100%", 14, 100] for i in range(LINES)]
    stock = [["品目コード", "手持在庫", "輸送中", "安全在庫"]]
    stock += [[f"P-{i:05d}", 50, 10, 20] for i in range(LINES)]
    return xlsx({"品目": items, "部品表": bom, "調達先": sourcing, "在庫": stock})


def _import_while_editing(cluster, editor, *, dry_run: bool) -> dict[str, Any]:
    """Import the big workbook in one thread while ``editor`` edits firm A's profile in
    another, every 0.1 s, until the import ends."""
    data = big_workbook(cluster)
    firm = cluster.firm_a
    done = threading.Event()
    outcome: dict[str, Any] = {"waits": [], "refusals": [], "import_error": None}

    def edit() -> None:
        org = Organization.objects.get(pk=firm.pk)
        n = 0
        try:
            while not done.is_set():
                n += 1
                started = time.monotonic()
                try:
                    organization_update(actor=editor, organization=org, employees=100 + n % 50)
                except Exception as exc:  # a refusal is what this test looks for
                    outcome["refusals"].append(repr(exc))
                else:
                    outcome["waits"].append(time.monotonic() - started)
                time.sleep(0.1)
        finally:
            connection.close()

    def run_import() -> None:
        started = time.monotonic()
        try:
            outcome["result"] = import_supply(
                data=data, filename="big.xlsx", actor=cluster.buyer, dry_run=dry_run
            )
        except BaseException as exc:  # reported to the test
            outcome["import_error"] = exc
        finally:
            outcome["total"] = time.monotonic() - started
            done.set()
            connection.close()

    with lock_timeout(30_000):
        editor_thread = threading.Thread(target=edit)
        importer = threading.Thread(target=run_import)
        editor_thread.start()
        importer.start()
        importer.join(1800)
        done.set()
        editor_thread.join(60)
    result = outcome.get("result")
    seconds = {k: round(v, 2) for k, v in (result.seconds if result else {}).items()}
    print(
        f"\n[{connection.vendor}] {ROWS} rows, dry_run={dry_run}: import {outcome['total']:.1f} s "
        f"{seconds}; {len(outcome['waits'])} profile edits meanwhile, longest "
        f"{max(outcome['waits'] or [0]):.2f} s, {len(outcome['refusals'])} refused"
    )
    return outcome


def test_a_check_only_import_never_holds_the_write_lock(cluster, coordinator):
    outcome = _import_while_editing(cluster, coordinator, dry_run=True)
    assert outcome["import_error"] is None, outcome["import_error"]
    result = outcome["result"]
    assert result.ok, result.problems[:5]
    assert not result.applied
    assert "write" not in result.seconds  # no write transaction at all
    assert not outcome["refusals"], outcome["refusals"][:3]
    assert len(outcome["waits"]) >= 3  # the edits went on during the import
    assert not Item.objects.filter(owner=cluster.buyer.organization).exists()


def test_an_import_writes_in_one_short_transaction_while_others_write(cluster, coordinator):
    outcome = _import_while_editing(cluster, coordinator, dry_run=False)
    assert outcome["import_error"] is None, outcome["import_error"]
    result = outcome["result"]
    assert result.ok and result.applied, result.problems[:5]
    assert not outcome["refusals"], outcome["refusals"][:3]
    assert len(outcome["waits"]) >= 3
    # The write lock was held for a small part of the import: the validation ran before it.
    assert result.seconds["write"] < outcome["total"] / 3
    owner = cluster.buyer.organization
    assert Item.objects.filter(owner=owner).count() == ITEMS
    assert BomLine.objects.filter(parent__owner=owner).count() == LINES
    assert Sourcing.objects.filter(item__owner=owner).count() == LINES
    assert InventoryPosition.objects.filter(item__owner=owner).count() == LINES
    assert Organization.objects.get(pk=cluster.firm_a.pk).employees >= 100
