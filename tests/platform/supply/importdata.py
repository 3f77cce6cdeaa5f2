"""A good supply workbook (every sheet) for the cluster of conftest.py, and a snapshot of every supply
table to prove that a failed import changed nothing."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from auditlog.models import LogEntry

from renkei.registry.models import Organization
from renkei.supply.models import (
    BomLine,
    InventoryPosition,
    Item,
    RoutingStep,
    SiteRecovery,
    Sourcing,
)
from tests.platform.registry.importdata import csv_bytes, import_env, set_cell, xlsx

__all__ = [
    "GOOD_COUNTS",
    "Cluster",
    "csv_bytes",
    "good",
    "import_env",
    "problem_cells",
    "set_cell",
    "snapshot",
    "xlsx",
]


@dataclass
class Cluster:
    """Buyer 1 (with a warehouse) buys from firm A (赤城精機) and firm B (榛名プレス)."""

    buyer: Any
    firm_a: Organization
    firm_b: Organization


def good(cluster: Cluster) -> dict[str, list[list[Any]]]:
    cn_a = cluster.firm_a.corporate_number
    name_b = cluster.firm_b.name
    # fmt: off
    book = {
        "品目": [
            ["品目コード", "品目名", "種別", "単位", "日当たり需要", "単位当たり利益(円)", "復旧日数"],
            ["BR-100", "ブレーキユニット", "製品", "台", 120, "2,500", 30],
            ["CL-200", "キャリパー", "部品", "個", "240", "", ""],
            ["PD-300", "ブレーキパッド", "部品", "", 480, "", "14日"],
            ["ST-01", "鋼板", "材料", "kg", "36.5", "", ""],
        ],
        "部品表": [
            ["親品目コード", "子品目コード", "員数"],
            ["BR-100", "CL-200", 2],
            ["BR-100", "PD-300", 4],
            ["CL-200", "ST-01", "1.5"],
        ],
        "工程": [
            ["品目コード", "工程順", "工程名", "備考"],
            ["CL-200", 1, "プレス", ""],
            ["CL-200", 2, "machining-center", "外注"],
            ["CL-200", 3, "Plating", ""],
        ],
        "調達先": [
            ["品目コード", "工程順", "法人番号", "企業名", "拠点名", "区分", "シェア",
             "リードタイム(日)", "単価(円)", "日産能力"],
            ["CL-200", "", cn_a, "", "", "現行", "60%", 14, "1,200", 200],
            ["CL-200", "", "", name_b, "第二工場", "現行", 0.4, 21, 1250, 150],
            ["PD-300", "", "", name_b, "", "認定済み代替先", "", 10, 300, 500],
            ["CL-200", 3, "", name_b, "", "現行", 100, 5, 80, 400],
        ],
        "在庫": [
            ["品目コード", "法人番号", "企業名", "拠点名", "手持在庫", "輸送中", "安全在庫"],
            ["BR-100", "", "", "", 50, 10, 20],
            ["CL-200", "", "", "部品倉庫", 300, 0, 100],
            ["CL-200", cn_a, "", "", 120, "", 40],
        ],
        "復旧時間": [
            ["法人番号", "企業名", "拠点名", "復旧日数", "根拠"],
            [cn_a, "", "", 21, "BCP回答(2024年)"],
            ["", name_b, "第二工場", "30日", ""],
        ],
    }
    # fmt: on
    return copy.deepcopy(book)


GOOD_COUNTS = {"items": 4, "bom": 3, "routing": 3, "sourcing": 4, "inventory": 3, "recovery": 2}


def snapshot() -> dict[str, Any]:
    """Every row of every supply table the import writes, and the audit log's size."""
    return {
        "items": list(Item.objects.order_by("pk").values()),
        "bom": list(BomLine.objects.order_by("pk").values()),
        "routing": list(RoutingStep.objects.order_by("pk").values()),
        "sourcing": list(Sourcing.objects.order_by("pk").values()),
        "inventory": list(InventoryPosition.objects.order_by("pk").values()),
        "recovery": list(SiteRecovery.objects.order_by("pk").values()),
        "log": LogEntry.objects.count(),
    }


def problem_cells(result: Any) -> list[tuple[str, int | None, str]]:
    return [(p.sheet, p.row, p.column) for p in result.problems]
