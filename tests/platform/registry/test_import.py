"""The registry import: good files in every format, re-import, and every kind of bad row."""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.utils import translation

from renkei.registry.importing import import_registry
from renkei.registry.models import Capability, Contact, Equipment, Organization, Site, Visibility
from tests.factories import CapabilityFactory, OrganizationFactory, SiteFactory, corporate_number
from tests.platform.registry import importdata
from tests.platform.registry.importdata import (
    CN1,
    CN_UNKNOWN,
    FIRM2,
    GOOD,
    GOOD_COUNTS,
    csv_bytes,
    good,
    set_cell,
    snapshot,
    xlsx,
)

# The fixture is autouse once it is a name in the module.
import_env = importdata.import_env


def run(data: bytes, actor, *, filename: str = "registry.xlsx", **kwargs):
    return import_registry(data=data, filename=filename, actor=actor, **kwargs)


def created(result) -> dict[str, int]:
    return {line["key"]: line["created"] for line in result.summary()}


def test_good_workbook_imports_everything(coordinator):
    result = run(xlsx(GOOD), coordinator)
    assert result.ok, result.problems
    assert result.applied
    assert created(result) == GOOD_COUNTS

    firm = Organization.objects.get(corporate_number=CN1)
    assert (firm.name, firm.capital_jpy, firm.employees, firm.listed_in_directory) == (
        "株式会社上州精工", 30_000_000, 45, True,
    )  # fmt: skip
    hq = firm.sites.get(is_headquarters=True)
    assert (hq.name, hq.municipality_id, hq.postal_code) == ("本社工場", "10205", "373-0851")
    second = firm.sites.get(name="第二工場")
    assert (second.municipality_id, second.postal_code) == ("10204", "373-0015")
    assert second.hazard_zones == ["flood", "liquefaction"]

    machining = Capability.objects.get(site=hq, process__code="machining-center")
    assert sorted(m.code for m in machining.materials.all()) == ["a5052", "sus304"]
    assert machining.tolerance_mm == Decimal("0.01")
    assert (machining.lot_min, machining.lot_max) == (1, 500)
    turning = Capability.objects.get(site=second, process__code="turning")
    assert sorted(m.code for m in turning.materials.all()) == ["s45c", "ss400"]

    # No corporate number: the municipality is read from the head-office address.
    kiryu = Organization.objects.get(name=FIRM2)
    assert kiryu.corporate_number == ""
    assert kiryu.sites.get().municipality_id == "10203"
    assert kiryu.sites.get().name == "本社"
    assert Capability.objects.get(site__organization=kiryu).current_load_hours == 0

    assert Equipment.objects.get(name="CNC旋盤").site == second
    contact = Contact.objects.get(name="山田 太郎")
    assert (contact.emergency_role, contact.visibility) == ("primary", Visibility.CLUSTER)
    assert Contact.objects.get(name="鈴木 花子").visibility == Visibility.PRIVATE


def test_every_write_is_audited_with_the_importing_user(coordinator):
    run(xlsx(GOOD), coordinator)
    entries = LogEntry.objects.all()
    assert entries.count() >= sum(GOOD_COUNTS.values())
    assert {e.actor_id for e in entries} == {coordinator.pk}


def test_reimport_updates_instead_of_duplicating(coordinator):
    run(xlsx(GOOD), coordinator)
    before = snapshot()
    again = run(xlsx(GOOD), coordinator)
    assert again.ok
    assert {line["key"]: line["unchanged"] for line in again.summary()} == GOOD_COUNTS
    assert snapshot() == before  # nothing rewritten, nothing logged

    book = good()
    set_cell(book, "企業", 2, "従業員数", 50)
    set_cell(book, "加工能力", 2, "材質", "SUS304")
    third = run(xlsx(book), coordinator)
    assert third.ok
    assert {line["key"]: line["updated"] for line in third.summary()}["firms"] == 1
    assert {line["key"]: line["updated"] for line in third.summary()}["capabilities"] == 1
    assert Organization.objects.count() == 2
    assert Organization.objects.get(corporate_number=CN1).employees == 50
    cap = Capability.objects.get(process__code="machining-center")
    assert [m.code for m in cap.materials.all()] == ["sus304"]


def test_firm_without_number_is_keyed_by_name_and_head_office_address(coordinator):
    run(xlsx(GOOD), coordinator)
    book = good()
    # The second firm now comes with its corporate number: the same firm gets it.
    number = corporate_number(700_000_777)
    set_cell(book, "企業", 3, "法人番号", number)
    assert run(xlsx(book), coordinator).ok
    assert Organization.objects.filter(name=FIRM2).get().corporate_number == number
    # Another address is another firm of the same name (a branch company, say).
    set_cell(book, "企業", 3, "法人番号", "")
    set_cell(book, "企業", 3, "本社住所", "群馬県前橋市大手町1-1")
    book = {"企業": book["企業"]}
    assert run(xlsx(book), coordinator).ok
    assert Organization.objects.filter(name=FIRM2).count() == 2


def test_blank_cells_leave_stored_values_alone(coordinator):
    run(xlsx(GOOD), coordinator)
    book = {
        "企業": [
            ["法人番号", "企業名", "資本金(円)", "従業員数"],
            [CN1, "株式会社上州精工", "", 99],
        ]
    }
    assert run(xlsx(book), coordinator).ok
    firm = Organization.objects.get(corporate_number=CN1)
    assert (firm.capital_jpy, firm.employees) == (30_000_000, 99)


def test_rows_refer_to_registered_firms_and_sites(coordinator, firm_a):
    SiteFactory(organization=firm_a, name="第三工場", is_headquarters=False)
    book = {
        "加工能力": [
            ["企業名", "拠点名", "工程", "月間能力(時間)"],
            [firm_a.name, "第三工場", "プレス", 200],
            [firm_a.name, "", "mold-making-does-not-exist", 100],
        ]
    }
    result = run(xlsx(book), coordinator)
    assert [(p.row, p.column, p.code) for p in result.problems] == [(3, "工程", "unknown_process")]
    book["加工能力"].pop()
    assert run(xlsx(book), coordinator).ok
    assert Capability.objects.get(site__name="第三工場").process.code == "pressing"


@pytest.mark.parametrize(
    ("encoding", "filename"),
    [("cp932", "企業.csv"), ("utf-8-sig", "firms.csv"), ("utf-8", "firms.csv")],
)
def test_csv_in_every_japanese_encoding(coordinator, encoding, filename):
    data = csv_bytes(GOOD["企業"], encoding=encoding)
    result = run(data, coordinator, filename=filename)
    assert result.ok, result.problems
    assert set(Organization.objects.values_list("name", flat=True)) == {"株式会社上州精工", FIRM2}
    assert Organization.objects.get(name=FIRM2).name_kana == "キリュウテキスタイルキカイ"


def test_cp932_only_characters_survive(coordinator):
    rows = [
        ["企業名", "本社住所", "事業内容"],
        ["㈱髙橋製作所", "群馬県太田市①番地", "NEC特殊文字"],
    ]
    assert run(csv_bytes(rows, encoding="cp932"), coordinator, filename="a.csv").ok
    assert Organization.objects.get().name == "㈱髙橋製作所"


def test_csv_kind_can_be_chosen(coordinator, firm_a):
    rows = [["企業名", "氏名"], [firm_a.name, "佐藤 一郎"]]
    # Two columns fit contacts only; kind given explicitly works as well.
    assert run(csv_bytes(rows), coordinator, filename="c.csv").ok
    rows[1][1] = "佐藤 二郎"
    assert run(csv_bytes(rows), coordinator, filename="c.csv", kind="contacts").ok
    assert firm_a.contacts.count() == 2


@pytest.mark.parametrize(
    ("typed", "code"),
    [("10524", "10524"), ("105244", "10524"), ("大泉町", "10524"), ("群馬県邑楽郡大泉町", "10524"),
     ("Oizumi", "10524"), ("群馬県太田市", "10205")],
)  # fmt: skip
def test_municipality_by_code_or_name(coordinator, typed, code):
    rows = [["企業名", "本社市区町村", "本社住所"], ["大泉工業", typed, "本町1-1"]]
    result = run(csv_bytes(rows), coordinator, filename="firms.csv")
    assert result.ok, result.problems
    assert Site.objects.get().municipality_id == code


def test_english_headers_are_accepted(coordinator):
    rows = [["Corporate number", "Name", "Employees", "Head-office address"],
            [CN1, "Joshu Seiko", "45", "群馬県太田市飯田町1-1"]]  # fmt: skip
    assert run(csv_bytes(rows), coordinator, filename="firms.csv").ok
    assert Organization.objects.get().employees == 45


def test_dry_run_checks_everything_and_saves_nothing(coordinator):
    before = snapshot()
    result = run(xlsx(GOOD), coordinator, dry_run=True)
    assert result.ok and not result.applied
    assert created(result) == GOOD_COUNTS
    assert snapshot() == before


# --- bad rows: the database is unchanged and the problem names the row and column ---


def _drop_column(book, sheet, header):
    index = book[sheet][0].index(header)
    for row in book[sheet]:
        del row[index]


BAD_CASES = {
    "missing required column": (
        lambda b: _drop_column(b, "加工能力", "月間能力(時間)"),
        ("加工能力", 1, "月間能力(時間)", "missing_column"),
    ),
    "required cell blank": (
        lambda b: set_cell(b, "設備", 3, "設備名", ""),
        ("設備", 3, "設備名", "required"),
    ),
    "unparsable number": (
        lambda b: set_cell(b, "企業", 3, "従業員数", "たくさん"),
        ("企業", 3, "従業員数", "integer"),
    ),
    "negative capacity": (
        lambda b: set_cell(b, "加工能力", 4, "月間能力(時間)", "-160"),
        ("加工能力", 4, "月間能力(時間)", "min_value"),
    ),
    "negative quantity": (
        lambda b: set_cell(b, "設備", 2, "台数", -1),
        ("設備", 2, "台数", "min_value"),
    ),
    "bad corporate-number check digit": (
        lambda b: set_cell(b, "企業", 2, "法人番号", f"{int(CN1[0]) % 9 + 1}{CN1[1:]}"),
        ("企業", 2, "法人番号", "corporate_number_check_digit"),
    ),
    "unknown process": (
        lambda b: set_cell(b, "加工能力", 3, "工程", "超音波溶接"),
        ("加工能力", 3, "工程", "unknown_process"),
    ),
    "unknown material": (
        lambda b: set_cell(b, "加工能力", 2, "材質", "SUS304、アンオブタニウム"),
        ("加工能力", 2, "材質", "unknown_material"),
    ),
    "unknown municipality code": (
        lambda b: set_cell(b, "拠点", 2, "市区町村", "13101"),
        ("拠点", 2, "市区町村", "unknown_municipality"),
    ),
    "unknown municipality name": (
        lambda b: set_cell(b, "企業", 2, "本社市区町村", "架空市"),
        ("企業", 2, "本社市区町村", "unknown_municipality"),
    ),
    "bad municipality check digit": (
        lambda b: set_cell(b, "拠点", 2, "市区町村", "102050"),
        ("拠点", 2, "市区町村", "municipality_code_check_digit"),
    ),
    "municipality not in the address": (
        lambda b: set_cell(b, "企業", 3, "本社住所", "東京都千代田区丸の内1-1"),
        ("企業", 3, "本社市区町村", "municipality_from_address"),
    ),
    "lot_max below lot_min": (
        lambda b: set_cell(b, "加工能力", 3, "最大ロット", 5),
        ("加工能力", 3, "最大ロット", "lot_range"),
    ),
    "unknown firm by number": (
        lambda b: set_cell(b, "設備", 3, "法人番号", CN_UNKNOWN),
        ("設備", 3, "法人番号", "unknown_firm"),
    ),
    "unknown firm by name": (
        lambda b: set_cell(b, "連絡先", 3, "企業名", "存在しない株式会社"),
        ("連絡先", 3, "企業名", "unknown_firm"),
    ),
    "unknown site": (
        lambda b: set_cell(b, "設備", 3, "拠点名", "第九工場"),
        ("設備", 3, "拠点名", "unknown_site"),
    ),
    "duplicate row": (
        lambda b: b["加工能力"].append(list(b["加工能力"][1])),
        ("加工能力", 5, "工程", "duplicate_row"),
    ),
    "duplicate firm": (
        lambda b: b["企業"].append(list(b["企業"][1])),
        ("企業", 4, "法人番号", "duplicate_row"),
    ),
    "firm without number or address": (
        lambda b: set_cell(b, "企業", 3, "本社住所", ""),
        ("企業", 3, "本社住所", "firm_key_missing"),
    ),
    "bad e-mail": (
        lambda b: set_cell(b, "連絡先", 2, "メールアドレス", "yamada@"),
        ("連絡先", 2, "メールアドレス", "invalid"),
    ),
    "bad choice": (
        lambda b: set_cell(b, "連絡先", 2, "公開範囲", "社外秘"),
        ("連絡先", 2, "公開範囲", "choice"),
    ),
    "bad postal code": (
        lambda b: set_cell(b, "拠点", 2, "郵便番号", "37-00"),
        ("拠点", 2, "郵便番号", "postal_code_format"),
    ),
    "text too long": (
        lambda b: set_cell(b, "連絡先", 3, "部署", "部" * 101),
        ("連絡先", 3, "部署", "too_long"),
    ),
    "unknown column": (
        lambda b: b["設備"][0].__setitem__(8, "台数(台)x"),
        ("設備", 1, "台数(台)x", "unknown_column"),
    ),
    "value without header": (
        lambda b: b["連絡先"][2].append("余計な値"),
        ("連絡先", 3, "J", "no_header"),
    ),
    "unknown sheet": (
        lambda b: b.__setitem__("Sheet1", [["品番", "品名"], ["A-1", "ブラケット"]]),
        ("Sheet1", None, "", "unknown_sheet"),
    ),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_one_bad_row_imports_nothing(coordinator, firm_a, case):
    change, expected = BAD_CASES[case]
    book = good()
    change(book)
    before = snapshot()
    result = run(xlsx(book), coordinator)
    assert not result.ok and not result.applied
    assert snapshot() == before
    assert expected in [(p.sheet, p.row, p.column, p.code) for p in result.problems]


def test_model_validation_during_save_rolls_everything_back(coordinator):
    """lot_max below a stored lot_min is seen only by full_clean, after earlier rows were saved."""
    firm = OrganizationFactory(corporate_number=CN1, name="株式会社上州精工")
    site = SiteFactory(organization=firm, name="本社工場")
    CapabilityFactory(site=site, lot_min=100, lot_max=None)
    book = good()
    set_cell(book, "加工能力", 2, "最小ロット", "")  # keep the stored 100
    set_cell(book, "加工能力", 2, "最大ロット", 50)
    before = snapshot()
    result = run(xlsx(book), coordinator)
    # Capability.clean raises its error as a dict, which drops the code: match the place.
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [("加工能力", 2, "最大ロット")]
    assert snapshot() == before


def test_all_problems_are_listed_at_once(coordinator):
    book = good()
    set_cell(book, "企業", 2, "従業員数", "多数")
    set_cell(book, "加工能力", 3, "工程", "謎加工")
    set_cell(book, "連絡先", 2, "公開範囲", "秘密")
    result = run(xlsx(book), coordinator)
    assert [(p.sheet, p.row, p.column) for p in result.problems] == [
        ("企業", 2, "従業員数"),
        ("加工能力", 3, "工程"),
        ("連絡先", 2, "公開範囲"),
    ]


@pytest.mark.parametrize(
    ("data", "filename", "code"),
    [
        (b"", "empty.xlsx", "empty_file"),
        (b"PK\x03\x04 this is no workbook", "broken.xlsx", "xlsx_unreadable"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64, "old.xls", "xls_format"),
        (b"\x89PNG\r\n\x1a\n\0\0\0", "photo.png", "unknown_format"),
        ("企業名\n赤城".encode("utf-16"), "utf16.csv", "csv_encoding"),
        (b"\x85\x40\x85\x41", "bad.csv", "csv_encoding"),
    ],
)
def test_broken_files_are_reported(coordinator, data, filename, code):
    before = snapshot()
    result = run(data, coordinator, filename=filename)
    assert [(p.sheet, p.row, p.code) for p in result.problems] == [(filename, None, code)]
    assert snapshot() == before


def test_a_zip_that_is_not_a_workbook(coordinator):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "こんにちは")
    result = run(buffer.getvalue(), coordinator, filename="archive.xlsx")
    assert [p.code for p in result.problems] == ["xlsx_unreadable"]


def test_an_empty_template_has_nothing_to_import(coordinator):
    from renkei.registry.importing import registry_template_xlsx

    result = run(registry_template_xlsx(), coordinator)
    assert [p.code for p in result.problems] == ["no_data"]


def test_messages_are_japanese_by_default(coordinator):
    book = good()
    set_cell(book, "企業", 3, "従業員数", "たくさん")
    problem = run(xlsx(book), coordinator).problems[0]
    assert problem.column == "従業員数"
    assert "整数" in problem.message and "たくさん" in problem.message


def test_messages_and_headers_are_english_when_the_language_is(coordinator):
    book = good()
    set_cell(book, "企業", 3, "従業員数", "たくさん")
    set_cell(book, "加工能力", 3, "工程", "超音波溶接")
    with translation.override("en"):
        problems = run(xlsx(book), coordinator).problems
    assert [(p.column, p.message) for p in problems] == [
        ("Employees", "Enter a whole number. Got: たくさん"),
        (
            "Process",
            "Unknown process “超音波溶接”. Use a process name or code of the process list.",
        ),
    ]


def test_full_width_and_excel_number_cells_are_read(coordinator):
    book = {
        "企業": [
            ["法人番号", "企業名", "従業員数", "資本金(円)", "本社郵便番号", "本社市区町村", "本社住所"],
            [int(CN1), "全角工業", "１２０人", "¥1,000,000", 3730851, 10205.0, "太田市飯田町"],
        ]
    }  # fmt: skip
    result = run(xlsx(book), coordinator)
    assert result.ok, result.problems
    firm = Organization.objects.get()
    assert (firm.corporate_number, firm.employees, firm.capital_jpy) == (CN1, 120, 1_000_000)
    assert firm.sites.get().postal_code == "373-0851"


def test_member_cannot_import_other_firms_even_through_the_service(member_a, firm_b):
    """The gate holds below the page too: a member may not create or change other firms."""
    book = {"連絡先": [["企業名", "氏名"], [firm_b.name, "侵入 太郎"]]}
    result = run(xlsx(book), member_a)
    assert [p.code for p in result.problems] == ["forbidden"]
    assert not firm_b.contacts.exists()
    new_firm = {"企業": [["法人番号", "企業名"], [CN1, "新規株式会社"]]}
    assert [p.code for p in run(xlsx(new_firm), member_a).problems] == ["forbidden"]
    own = {"連絡先": [["企業名", "氏名"], [member_a.organization.name, "自社 次郎"]]}
    assert run(xlsx(own), member_a).ok
    assert Site.objects.count() == 2  # firm_a's and firm_b's, nothing else


def test_an_import_that_changes_a_firm_moves_its_version(coordinator):
    """A form opened before an import changed the firm is stale afterwards, as after any edit;
    an import that changes nothing leaves the version alone."""
    run(xlsx(GOOD), coordinator)
    opened = Organization.objects.get(corporate_number=CN1).version
    run(xlsx(GOOD), coordinator)
    assert Organization.objects.get(corporate_number=CN1).version == opened
    book = good()
    set_cell(book, "企業", 2, "従業員数", 50)
    assert run(xlsx(book), coordinator).ok
    assert Organization.objects.get(corporate_number=CN1).version == opened + 1
