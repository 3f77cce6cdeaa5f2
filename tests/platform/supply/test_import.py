"""The supply import: a good workbook, CSV, re-import, every bad-row class, BOM cycles, owners."""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.utils import translation

from renkei.supply.importing import import_supply
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
from renkei.supply.services import bom_line_save
from tests.factories import (
    BuyerFactory,
    ItemFactory,
    OrganizationFactory,
    SiteFactory,
    corporate_number,
)
from tests.platform.supply import importdata
from tests.platform.supply.importdata import (
    GOOD_COUNTS,
    csv_bytes,
    good,
    problem_cells,
    set_cell,
    snapshot,
    xlsx,
)

# The fixture is autouse once it is a name in the module.
import_env = importdata.import_env


def run(book, actor, **kwargs):
    return import_supply(data=xlsx(book), filename="supply.xlsx", actor=actor, **kwargs)


def created(result):
    return {line["key"]: line["created"] for line in result.summary()}


# --- a good file ---


def test_good_workbook_imports_every_sheet(cluster):
    result = run(good(cluster), cluster.buyer)
    assert result.ok, result.problems
    assert result.applied
    assert created(result) == GOOD_COUNTS

    owner = cluster.buyer.organization
    items = {item.code: item for item in Item.objects.all()}
    assert set(items) == {"BR-100", "CL-200", "PD-300", "ST-01"}
    assert {item.owner for item in items.values()} == {owner}
    brake, caliper, pad = items["BR-100"], items["CL-200"], items["PD-300"]
    assert brake.kind == ItemKind.PRODUCT and brake.unit == "台"
    assert brake.margin == Decimal("2500") and brake.ttr_days == Decimal("30")
    assert pad.unit == "個" and pad.ttr_days == Decimal("14")  # the model's default unit
    assert items["ST-01"].kind == ItemKind.MATERIAL
    assert items["ST-01"].demand_per_day == Decimal("36.5")

    assert {
        (line.parent.code, line.child.code, line.qty_per_unit) for line in BomLine.objects.all()
    } == {
        ("BR-100", "CL-200", Decimal("2")),
        ("BR-100", "PD-300", Decimal("4")),
        ("CL-200", "ST-01", Decimal("1.5")),
    }
    assert [(s.sequence, s.process.code, s.note) for s in caliper.routing.all()] == [
        (1, "pressing", ""),
        (2, "machining-center", "外注"),
        (3, "plating", ""),
    ]

    site_a = cluster.firm_a.sites.get()
    site_b2 = cluster.firm_b.sites.get(name="第二工場")
    site_b_hq = cluster.firm_b.sites.get(is_headquarters=True)
    whole = Sourcing.objects.filter(item=caliper, step__isnull=True)
    assert {(s.site, s.share, s.status) for s in whole} == {
        (site_a, Decimal("0.6"), SourcingStatus.ACTIVE),
        (site_b2, Decimal("0.4"), SourcingStatus.ACTIVE),
    }
    plating = Sourcing.objects.get(item=caliper, step__isnull=False)
    assert plating.step.sequence == 3 and plating.site == site_b_hq
    assert plating.share == Decimal("1")
    backup = Sourcing.objects.get(item=pad)
    assert backup.status == SourcingStatus.BACKUP and backup.share is None
    assert backup.unit_price == Decimal("300")

    stock = {
        (p.item.code, p.site.name, p.site.organization_id): p
        for p in InventoryPosition.objects.all()
    }
    assert stock[("BR-100", "本社", owner.pk)].on_hand == Decimal("50")
    assert stock[("CL-200", "部品倉庫", owner.pk)].safety_stock == Decimal("100")
    at_a = stock[("CL-200", site_a.name, cluster.firm_a.pk)]
    assert at_a.on_hand == Decimal("120") and at_a.in_transit == 0

    assert SiteRecovery.objects.get(site=site_a).basis == "BCP回答(2024年)"
    assert SiteRecovery.objects.get(site=site_b2).ttr_days == Decimal("30")


def test_every_write_is_audited_with_the_importing_user(cluster):
    before = LogEntry.objects.count()
    result = run(good(cluster), cluster.buyer)
    assert result.ok, result.problems
    entries = LogEntry.objects.order_by("pk")[before:]
    assert len(entries) == sum(GOOD_COUNTS.values())
    assert {entry.actor_id for entry in entries} == {cluster.buyer.pk}


def test_dry_run_checks_everything_and_writes_nothing(cluster):
    before = snapshot()
    result = run(good(cluster), cluster.buyer, dry_run=True)
    assert result.ok and not result.applied
    assert created(result) == GOOD_COUNTS
    assert snapshot() == before


def test_cp932_csv_of_a_bom(cluster):
    book = good(cluster)
    assert run({"品目": book["品目"]}, cluster.buyer).ok
    data = csv_bytes(book["部品表"], encoding="cp932")
    # The headers tell that it is a BOM; choosing the kind works the same way.
    for kind in (None, "bom"):
        result = import_supply(data=data, filename="部品表.csv", actor=cluster.buyer, kind=kind)
        assert result.ok, result.problems
    assert BomLine.objects.count() == 3
    assert BomLine.objects.get(child__code="ST-01").qty_per_unit == Decimal("1.5")


def test_cp932_csv_with_a_bad_row_names_the_file_row_and_column(cluster):
    assert run({"品目": good(cluster)["品目"]}, cluster.buyer).ok
    rows = [
        ["親品目コード", "子品目コード", "員数"],
        ["BR-100", "CL-200", "２"],
        ["BR-100", "不明品", "1"],
    ]
    before = snapshot()
    result = import_supply(
        data=csv_bytes(rows, encoding="cp932"), filename="部品表.csv", actor=cluster.buyer
    )
    assert problem_cells(result) == [("部品表.csv", 3, "子品目コード")]
    assert "不明品" in result.problems[0].message
    assert snapshot() == before


# --- re-import ---


def test_reimporting_the_same_file_changes_nothing(cluster):
    assert run(good(cluster), cluster.buyer).ok
    before = snapshot()
    result = run(good(cluster), cluster.buyer)
    assert result.ok, result.problems
    assert {line["key"]: line["unchanged"] for line in result.summary()} == GOOD_COUNTS
    assert snapshot() == before


def test_reimport_updates_by_key_and_never_duplicates(cluster):
    assert run(good(cluster), cluster.buyer).ok
    counts = {name: len(rows) for name, rows in snapshot().items() if name != "log"}
    book = good(cluster)
    set_cell(book, "品目", 2, "品目名", "ブレーキユニット改")
    set_cell(book, "部品表", 3, "員数", 6)
    set_cell(book, "工程", 4, "工程名", "塗装")
    set_cell(book, "調達先", 2, "シェア", "50%")
    set_cell(book, "在庫", 2, "手持在庫", 75)
    set_cell(book, "復旧時間", 2, "復旧日数", 10)
    result = run(book, cluster.buyer)
    assert result.ok, result.problems
    assert {line["key"]: line["updated"] for line in result.summary()} == {
        "items": 1, "bom": 1, "routing": 1, "sourcing": 1, "inventory": 1, "recovery": 1,
    }  # fmt: skip
    assert {name: len(rows) for name, rows in snapshot().items() if name != "log"} == counts
    assert Item.objects.get(code="BR-100").name == "ブレーキユニット改"
    assert BomLine.objects.get(child__code="PD-300").qty_per_unit == 6
    assert RoutingStep.objects.get(sequence=3).process.code == "painting"
    # The step's supplier survives the change of the step's process.
    assert Sourcing.objects.filter(step__sequence=3).count() == 1
    assert Sourcing.objects.get(site=cluster.firm_a.sites.get()).share == Decimal("0.5")
    assert InventoryPosition.objects.get(item__code="BR-100").on_hand == 75
    assert SiteRecovery.objects.get(site=cluster.firm_a.sites.get()).ttr_days == 10
    # A blank cell leaves the stored value alone.
    assert SiteRecovery.objects.get(site=cluster.firm_a.sites.get()).basis == "BCP回答(2024年)"


def test_reimport_finds_items_typed_in_full_width(cluster):
    assert run(good(cluster), cluster.buyer).ok
    book = {"品目": [["品目コード", "品目名"], ["ＢＲ－１００", "ブレーキユニット"]]}
    result = run(book, cluster.buyer)
    assert result.ok, result.problems
    assert {line["key"]: line["unchanged"] for line in result.summary()} == {"items": 1}
    assert Item.objects.count() == 4


# --- bad rows: each class names its row and column and writes nothing ---

BAD_ROWS = [
    # (sheet, row, header, value, problem code)
    ("品目", 3, "日当たり需要", "-5", "min_value"),
    ("品目", 3, "日当たり需要", "たくさん", "number"),
    ("品目", 4, "種別", "半製品", "choice"),
    ("品目", 5, "品目コード", "CL-200", "duplicate_row"),
    ("品目", 2, "品目名", "", "required"),
    ("部品表", 2, "員数", "0", "not_positive"),
    ("部品表", 3, "員数", "-4", "not_positive"),
    ("部品表", 3, "子品目コード", "XX-999", "unknown_item"),
    ("部品表", 3, "子品目コード", "CL-200", "duplicate_row"),
    ("部品表", 2, "子品目コード", "BR-100", "bom_cycle"),
    ("工程", 3, "工程名", "魔法加工", "unknown_process"),
    ("工程", 3, "工程順", "0", "min_value"),
    ("工程", 3, "工程順", 1, "duplicate_row"),
    ("工程", 2, "品目コード", "ZZ-1", "unknown_item"),
    ("調達先", 2, "法人番号", corporate_number(812_345_678), "unknown_firm"),
    ("調達先", 3, "企業名", "存在しない工業株式会社", "unknown_firm"),
    ("調達先", 3, "拠点名", "第九工場", "unknown_site"),
    ("調達先", 2, "区分", "たぶん", "choice"),
    ("調達先", 2, "シェア", "150%", "share_range"),
    ("調達先", 3, "シェア", 0.5, "shares_over_100"),
    ("調達先", 2, "リードタイム(日)", "-1", "min_value"),
    ("調達先", 5, "工程順", 7, "unknown_step"),
    ("在庫", 2, "手持在庫", "-10", "min_value"),
    ("在庫", 3, "安全在庫", "-1", "min_value"),
    ("在庫", 3, "輸送中", "abc", "number"),
    ("在庫", 4, "品目コード", "CL-200", "duplicate_row"),
    ("復旧時間", 2, "復旧日数", "-3", "min_value"),
    ("復旧時間", 3, "復旧日数", "", "required"),
]


@pytest.mark.parametrize(("sheet", "row", "header", "value", "code"), BAD_ROWS)
def test_a_bad_row_imports_nothing_and_names_its_cell(cluster, sheet, row, header, value, code):
    # Registered data first, so that "unchanged" covers updates as well as additions.
    assert run(good(cluster), cluster.buyer).ok
    book = good(cluster)
    set_cell(book, "品目", 2, "品目名", "変更されないはず")
    book["品目"].append(["NEW-1", "新しい部品", "部品"])
    if (sheet, code) == ("在庫", "duplicate_row"):
        # Row 4 repeats row 3 (CL-200 at the owner's parts warehouse).
        book["在庫"][3] = ["CL-200", "", "", "部品倉庫", 5, "", ""]
    set_cell(book, sheet, row, header, value)
    before = snapshot()
    result = run(book, cluster.buyer)
    assert not result.ok
    assert snapshot() == before
    assert (sheet, row, header) in problem_cells(result), result.problems
    assert code in {
        p.code for p in result.problems if (p.sheet, p.row, p.column) == (sheet, row, header)
    }


def test_shares_over_100_percent_count_registered_active_sources(cluster):
    assert run(good(cluster), cluster.buyer).ok
    # Firm B's second factory already holds 40 % of CL-200; firm A's head office asks for 70 %.
    book = {
        "調達先": [
            good(cluster)["調達先"][0],
            ["CL-200", "", cluster.firm_a.corporate_number, "", "", "", 0.7, "", "", ""],
        ]
    }
    before = snapshot()
    result = run(book, cluster.buyer)
    assert problem_cells(result) == [("調達先", 2, "シェア")]
    assert "110 %" in result.problems[0].message
    assert snapshot() == before
    # As a candidate the same row is fine: only active sources share the item.
    book["調達先"][1][5] = "候補"
    assert run(book, cluster.buyer).ok


# --- BOM cycles ---


def _items_book(*codes):
    return {"品目": [["品目コード", "品目名"], *[[code, f"品目{code}"] for code in codes]]}


def test_a_cycle_within_the_file_is_one_problem_naming_its_items_and_rows(cluster):
    book = _items_book("A", "B", "C", "D")
    book["部品表"] = [
        ["親品目コード", "子品目コード", "員数"],
        ["A", "B", 1],
        ["D", "A", 1],
        ["B", "C", 2],
        ["C", "A", 1],
    ]
    before = snapshot()
    result = run(book, cluster.buyer)
    cycles = [p for p in result.problems if p.code == "bom_cycle"]
    assert len(cycles) == 1, result.problems
    assert (cycles[0].sheet, cycles[0].row, cycles[0].column) == ("部品表", 2, "子品目コード")
    assert "A → B → C → A" in cycles[0].message
    assert "2, 4, 5" in cycles[0].message
    assert snapshot() == before


def test_a_line_closing_a_cycle_with_registered_lines_is_reported_with_the_cycle(cluster):
    owner = cluster.buyer.organization
    a, b, c = (ItemFactory(owner=owner, code=code) for code in ("A", "B", "C"))
    bom_line_save(actor=None, parent=a, child=b, qty_per_unit=1)
    bom_line_save(actor=None, parent=b, child=c, qty_per_unit=1)
    book = {"部品表": [["親品目コード", "子品目コード", "員数"], ["C", "A", 3]]}
    before = snapshot()
    result = run(book, cluster.buyer)
    assert problem_cells(result) == [("部品表", 2, "子品目コード")]
    assert result.problems[0].code == "bom_cycle"
    assert "C → A → B → C" in result.problems[0].message
    assert "登録済み" in result.problems[0].message
    assert snapshot() == before


def test_two_cycles_are_two_problems(cluster):
    book = _items_book("A", "B", "X", "Y")
    book["部品表"] = [
        ["親品目コード", "子品目コード", "員数"],
        ["A", "B", 1],
        ["X", "Y", 1],
        ["B", "A", 1],
        ["Y", "X", 1],
    ]
    result = run(book, cluster.buyer)
    messages = sorted(p.message for p in result.problems if p.code == "bom_cycle")
    assert len(messages) == 2
    assert "A → B → A" in messages[0] and "X → Y → X" in messages[1]


# --- owners and permissions ---


def test_a_buyer_cannot_import_items_for_another_owner(cluster):
    other = BuyerFactory(username="buyer2").organization
    book = good(cluster)
    book["品目"] = [["所有者", *book["品目"][0]], *[["", *row] for row in book["品目"][1:]]]
    set_cell(book, "品目", 3, "所有者", other.corporate_number)
    before = snapshot()
    result = run(book, cluster.buyer)
    assert ("品目", 3, "所有者") in problem_cells(result)
    assert snapshot() == before
    # Naming the other owner for the whole import is refused as well.
    result = run(good(cluster), cluster.buyer, owner=other.name)
    assert [p.code for p in result.problems] == ["forbidden"]
    assert snapshot() == before
    # Naming its own organisation is fine.
    assert run(good(cluster), cluster.buyer, owner=cluster.buyer.organization.corporate_number).ok


def test_a_buyer_cannot_use_another_buyers_items_as_bom_children(cluster):
    other = BuyerFactory(username="buyer2").organization
    secret = ItemFactory(owner=other, code="SECRET-1")
    book = _items_book("MINE")
    book["部品表"] = [["親品目コード", "子品目コード", "員数"], ["MINE", "SECRET-1", 1]]
    before = snapshot()
    result = run(book, cluster.buyer)
    assert problem_cells(result) == [("部品表", 2, "子品目コード")]
    assert result.problems[0].code == "unknown_item"
    assert snapshot() == before
    assert not secret.used_in.exists()


def test_a_coordinator_names_the_owner(cluster, coordinator):
    owner = cluster.buyer.organization
    before = snapshot()
    result = run(good(cluster), coordinator)
    assert [p.code for p in result.problems] == ["owner_missing"]
    assert snapshot() == before
    result = run(good(cluster), coordinator, owner=owner.corporate_number)
    assert result.ok, result.problems
    assert set(Item.objects.values_list("owner", flat=True)) == {owner.pk}
    assert LogEntry.objects.filter(actor=coordinator).count() == sum(GOOD_COUNTS.values())


def test_a_coordinator_may_name_the_owner_in_the_items_sheet(cluster, coordinator):
    owner = cluster.buyer.organization
    book = good(cluster)
    book["品目"] = [["所有者", *book["品目"][0]], *[[owner.name, *row] for row in book["品目"][1:]]]
    result = run(book, coordinator)
    assert result.ok, result.problems
    assert Item.objects.filter(owner=owner).count() == 4


def test_a_member_may_not_import(cluster, member_a):
    before = snapshot()
    result = run(good(cluster), member_a)
    assert [p.code for p in result.problems] == ["forbidden"]
    assert snapshot() == before


def test_stock_only_at_own_sites_and_the_items_suppliers(cluster):
    stranger = OrganizationFactory(name="無関係工業株式会社")
    SiteFactory(organization=stranger)
    book = good(cluster)
    book["在庫"].append(["BR-100", "", stranger.name, "", 5, "", ""])
    before = snapshot()
    result = run(book, cluster.buyer)
    assert problem_cells(result) == [("在庫", 5, "企業名")]
    assert result.problems[0].code == "not_a_supplier"
    assert snapshot() == before


# --- languages ---


def test_problems_and_headers_in_english(cluster):
    book = good(cluster)
    set_cell(book, "在庫", 2, "手持在庫", "-10")
    set_cell(book, "部品表", 3, "子品目コード", "XX-9")
    with translation.override("en"):
        result = run(book, cluster.buyer)
    found = {(p.row, p.column): p.message for p in result.problems}
    assert found[(2, "On hand")] == "Enter a number of at least 0. Got: -10"
    assert found[(3, "Component code")].startswith("No item with code “XX-9” is in the Items sheet")


def test_problems_in_japanese(cluster):
    book = good(cluster)
    set_cell(book, "部品表", 3, "子品目コード", "XX-9")
    result = run(book, cluster.buyer)
    [problem] = result.problems
    assert problem.column == "子品目コード"
    assert "「XX-9」" in problem.message and "品目" in problem.message


def test_english_headers_and_words_import_too(cluster):
    items = [
        ["Item code", "Item name", "Kind"],
        ["E-1", "Bracket", "Product"],
        ["E-2", "Bolt", "part"],
    ]
    result = import_supply(data=csv_bytes(items), filename="items.csv", actor=cluster.buyer)
    assert result.ok, result.problems
    sourcing = [
        ["Item code", "Corporate number", "Site", "Status", "Share"],
        ["E-2", cluster.firm_a.corporate_number, "", "Qualified backup", "30"],
    ]
    result = import_supply(data=csv_bytes(sourcing), filename="s.csv", actor=cluster.buyer)
    assert result.ok, result.problems
    assert Item.objects.get(code="E-1").kind == ItemKind.PRODUCT
    row = Sourcing.objects.get(item__code="E-2")
    assert row.status == SourcingStatus.BACKUP and row.share == Decimal("0.3")
