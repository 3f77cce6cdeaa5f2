"""The import page, the templates and the command line."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from renkei.cli import main
from renkei.registry.importing.registry_sheets import SHEETS
from renkei.registry.models import Capability, Organization
from tests.platform.registry import importdata
from tests.platform.registry.importdata import (
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


def upload(data: bytes, name: str = "registry.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize("who", ["member_a", "buyer"])
def test_only_coordinators_may_import(client, request, who):
    client.force_login(request.getfixturevalue(who))
    before = snapshot()
    assert client.get(reverse("registry:import")).status_code == 403
    response = client.post(reverse("registry:import"), {"file": upload(xlsx(GOOD))})
    assert response.status_code == 403
    assert client.get(reverse("registry:import_template")).status_code == 403
    assert snapshot() == before


def test_anonymous_is_sent_to_log_in(client):
    response = client.get(reverse("registry:import"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_nav_links_the_import_page_for_coordinators_only(client, coordinator, member_a):
    url = reverse("registry:import")
    client.force_login(member_a)
    assert url not in client.get(reverse("home")).content.decode()
    client.force_login(coordinator)
    assert url in client.get(reverse("home")).content.decode()


def test_coordinator_imports_a_workbook(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("registry:import"), {"file": upload(xlsx(GOOD))})
    assert response.status_code == 200
    html = response.content.decode()
    assert "取り込みました" in html
    summary = {line["key"]: line["created"] for line in response.context["result"].summary()}
    assert summary == GOOD_COUNTS
    assert Organization.objects.count() == 2


def test_problems_are_listed_by_row_and_column_in_japanese(client, coordinator):
    book = good()
    set_cell(book, "加工能力", 3, "工程", "超音波溶接")
    set_cell(book, "設備", 2, "台数", "-2")
    client.force_login(coordinator)
    before = snapshot()
    response = client.post(reverse("registry:import"), {"file": upload(xlsx(book))})
    html = response.content.decode()
    assert snapshot() == before
    assert "何も取り込んでいません" in html
    assert "「超音波溶接」という工程はありません" in html
    assert "1以上の数値を入力してください" in html
    rows = [(p.sheet, p.row, p.column) for p in response.context["problems"]]
    assert rows == [("加工能力", 3, "工程"), ("設備", 2, "台数")]


def test_problems_are_in_english_for_english_users(client, coordinator):
    book = good()
    set_cell(book, "加工能力", 3, "工程", "超音波溶接")
    client.force_login(coordinator)
    client.cookies["django_language"] = "en"
    response = client.post(reverse("registry:import"), {"file": upload(xlsx(book))})
    html = response.content.decode()
    assert "Unknown process “超音波溶接”" in html
    assert [(p.row, p.column) for p in response.context["problems"]] == [(3, "Process")]


def test_dry_run_from_the_page_saves_nothing(client, coordinator):
    client.force_login(coordinator)
    before = snapshot()
    response = client.post(
        reverse("registry:import"), {"file": upload(xlsx(GOOD)), "dry_run": "on"}
    )
    assert "確認のみ" in response.content.decode()
    assert snapshot() == before


def test_csv_upload_with_kind(client, coordinator, firm_a):
    rows = [["企業名", "工程", "月間能力(時間)"], [firm_a.name, "プレス", "120"]]
    client.force_login(coordinator)
    response = client.post(
        reverse("registry:import"),
        {"file": upload(csv_bytes(rows, encoding="cp932"), "能力.csv"), "kind": "capabilities"},
    )
    assert response.context["result"].ok, response.context["result"].problems
    assert Capability.objects.get(site__organization=firm_a).process.code == "pressing"


def test_oversized_upload_is_refused(client, coordinator, monkeypatch):
    from renkei.common.importing.forms import ImportForm

    monkeypatch.setattr(ImportForm, "max_upload_bytes", 100)
    client.force_login(coordinator)
    response = client.post(reverse("registry:import"), {"file": upload(xlsx(GOOD))})
    assert response.context["result"] is None
    assert "10MBを超えています" in response.content.decode()


# --- templates ---


def test_xlsx_template_has_japanese_headers_comments_and_an_example_sheet(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("registry:import_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == [
        "入力方法",
        "企業",
        "拠点",
        "加工能力",
        "設備",
        "連絡先",
        "記入例",
    ]
    firms = workbook["企業"]
    headers = [c.value for c in firms[1]]
    assert headers[:2] == ["法人番号", "企業名"]
    assert "13桁" in firms["A1"].comment.text
    assert "必須" in firms["B1"].comment.text
    assert firms.max_row == 1  # no example in the data sheets
    example = [[c.value for c in row] for row in workbook["記入例"].iter_rows()]
    assert [v for v in example[0] if v] == ["■ 企業"]
    assert example[1][:2] == ["法人番号", "企業名"]


def test_template_examples_pasted_into_the_data_sheets_import_cleanly(client, coordinator):
    """The 記入例 rows are consistent: copy each under its data sheet's header and import."""
    client.force_login(coordinator)
    workbook = load_workbook(io.BytesIO(client.get(reverse("registry:import_template")).content))
    rows = [[c.value for c in row] for row in workbook["記入例"].iter_rows()]
    for index, row in enumerate(rows):
        if row[0] and str(row[0]).startswith("■ "):
            workbook[str(row[0])[2:]].append(rows[index + 2])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = client.post(reverse("registry:import"), {"file": upload(buffer.getvalue())})
    result = response.context["result"]
    assert result.ok, result.problems
    assert {line["key"]: line["created"] for line in result.summary()} == {
        "firms": 1, "sites": 2, "capabilities": 1, "equipment": 1, "contacts": 1,
    }  # fmt: skip


@pytest.mark.parametrize("spec", SHEETS, ids=lambda s: s.key)
def test_csv_templates_are_utf8_with_bom(client, coordinator, spec):
    client.force_login(coordinator)
    response = client.get(reverse("registry:import_template"), {"format": "csv", "kind": spec.key})
    assert response.content.startswith(b"\xef\xbb\xbf")
    header = response.content.decode("utf-8-sig").strip().split(",")
    assert header == [c.header_ja for c in spec.columns]


def test_unknown_csv_template_is_not_found(client, coordinator):
    client.force_login(coordinator)
    url = reverse("registry:import_template")
    assert client.get(url, {"format": "csv", "kind": "prices"}).status_code == 404


def test_english_template(client, coordinator):
    client.force_login(coordinator)
    client.cookies["django_language"] = "en"
    workbook = load_workbook(io.BytesIO(client.get(reverse("registry:import_template")).content))
    assert workbook.sheetnames[1:3] == ["Firms", "Sites"]
    assert workbook["Firms"]["B1"].value == "Name"


# --- command line ---


def test_cli_prints_problems_in_japanese_and_fails(tmp_path, capsys, db):
    book = good()
    set_cell(book, "加工能力", 3, "工程", "超音波溶接")
    path = tmp_path / "registry.xlsx"
    path.write_bytes(xlsx(book))
    before = snapshot()
    assert main(["import-registry", str(path)]) == 1
    out = capsys.readouterr().out
    assert "加工能力 3行目 [工程]: 「超音波溶接」という工程はありません" in out
    assert snapshot() == before


def test_cli_dry_run_and_import(tmp_path, capsys, db):
    path = tmp_path / "registry.xlsx"
    path.write_bytes(xlsx(GOOD))
    assert main(["import-registry", str(path), "--dry-run"]) == 0
    assert Organization.objects.count() == 0
    assert "確認のみ" in capsys.readouterr().out
    assert main(["import-registry", str(path)]) == 0
    assert "企業: 新規 2件" in capsys.readouterr().out
    assert Organization.objects.count() == 2


def test_cli_csv_with_kind(tmp_path, db):
    path = tmp_path / "firms.csv"
    path.write_bytes(csv_bytes(GOOD["企業"], encoding="cp932"))
    assert main(["import-registry", str(path), "--kind", "firms"]) == 0
    assert Organization.objects.count() == 2
