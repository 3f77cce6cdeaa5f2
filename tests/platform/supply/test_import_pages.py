"""The supply import page, its templates and the command line."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from renkei.cli import main
from renkei.common.importing.workbook import workbook_bytes
from renkei.supply.importing import SHEETS
from renkei.supply.models import BomLine, Item
from tests.platform.supply import importdata
from tests.platform.supply.importdata import GOOD_COUNTS, good, set_cell, snapshot, xlsx

SHEET_NAMES = ["品目", "部品表", "工程", "調達先", "在庫", "復旧時間"]

# The fixture is autouse once it is a name in the module.
import_env = importdata.import_env


def upload(data: bytes, name: str = "supply.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


# --- who may import ---


def test_a_member_gets_403(client, cluster, member_a):
    client.force_login(member_a)
    before = snapshot()
    assert client.get(reverse("supply:import")).status_code == 403
    response = client.post(reverse("supply:import"), {"file": upload(xlsx(good(cluster)))})
    assert response.status_code == 403
    assert client.get(reverse("supply:import_template")).status_code == 403
    assert snapshot() == before
    assert "部品・調達先の取込" not in client.get(reverse("home")).content.decode()


def test_the_public_is_sent_to_log_in(client):
    response = client.get(reverse("supply:import"))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_a_buyer_imports_its_own_items(client, cluster):
    client.force_login(cluster.buyer)
    page = client.get(reverse("supply:import"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'href="/supply/import/"' in html and "部品・調達先の取込" in html
    assert 'name="owner"' not in html  # nothing to choose: its own organisation
    assert cluster.buyer.organization.name in html
    response = client.post(reverse("supply:import"), {"file": upload(xlsx(good(cluster)))})
    result = response.context["result"]
    assert result.ok and result.applied, result.problems
    assert {line["key"]: line["created"] for line in result.summary()} == GOOD_COUNTS
    assert "取り込みました" in response.content.decode()
    assert set(Item.objects.values_list("owner", flat=True)) == {cluster.buyer.organization_id}


def test_a_coordinator_names_the_owner_on_the_page(client, cluster, coordinator):
    client.force_login(coordinator)
    assert 'name="owner"' in client.get(reverse("supply:import")).content.decode()
    data = xlsx(good(cluster))
    response = client.post(reverse("supply:import"), {"file": upload(data)})
    assert [p.code for p in response.context["result"].problems] == ["owner_missing"]
    owner = cluster.buyer.organization
    response = client.post(
        reverse("supply:import"), {"file": upload(data), "owner": owner.corporate_number}
    )
    assert response.context["result"].ok, response.context["result"].problems
    assert Item.objects.filter(owner=owner).count() == 4


def test_problems_are_listed_with_sheet_row_and_column(client, cluster):
    book = good(cluster)
    set_cell(book, "在庫", 3, "手持在庫", "-5")
    client.force_login(cluster.buyer)
    before = snapshot()
    response = client.post(reverse("supply:import"), {"file": upload(xlsx(book))})
    html = response.content.decode()
    assert "問題が1件あります。何も取り込んでいません" in html
    assert '<td>在庫</td><td class="num">3</td><td>手持在庫</td>' in html
    assert snapshot() == before


def test_check_only_writes_nothing(client, cluster):
    client.force_login(cluster.buyer)
    before = snapshot()
    response = client.post(
        reverse("supply:import"), {"file": upload(xlsx(good(cluster))), "dry_run": "on"}
    )
    assert response.context["result"].ok and not response.context["result"].applied
    assert snapshot() == before


def test_a_csv_of_chosen_kind(client, cluster):
    client.force_login(cluster.buyer)
    client.post(reverse("supply:import"), {"file": upload(xlsx({"品目": good(cluster)["品目"]}))})
    buffer = io.StringIO()
    csv.writer(buffer).writerows(good(cluster)["部品表"])
    response = client.post(
        reverse("supply:import"),
        {"file": upload(buffer.getvalue().encode("cp932"), "bom.csv"), "kind": "bom"},
    )
    assert response.context["result"].ok, response.context["result"].problems
    assert BomLine.objects.count() == 3


# --- templates ---


def test_xlsx_template_has_japanese_headers_notes_and_an_example_sheet(client, buyer):
    client.force_login(buyer)
    response = client.get(reverse("supply:import_template"))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["入力方法", *SHEET_NAMES, "記入例"]
    items = workbook["品目"]
    headers = [cell.value for cell in items[1]]
    assert headers[:3] == ["所有者", "品目コード", "品目名"]
    assert "必須" in items["B1"].comment.text
    assert workbook["部品表"]["C1"].value == "員数"
    titles = [
        row[0]
        for row in workbook["記入例"].iter_rows(values_only=True)
        if str(row[0]).startswith("■")
    ]
    assert titles == [f"■ {name}" for name in SHEET_NAMES]


def test_the_filled_in_template_imports(client, cluster):
    """The template's own headers read back: fill its data sheets and upload the workbook."""
    client.force_login(cluster.buyer)
    workbook = load_workbook(io.BytesIO(client.get(reverse("supply:import_template")).content))
    for name, rows in good(cluster).items():
        sheet = workbook[name]
        headers = [cell.value for cell in sheet[1]]
        for number, row in enumerate(rows[1:], start=2):
            for header, value in zip(rows[0], row, strict=True):
                if value != "":
                    sheet.cell(row=number, column=headers.index(header) + 1, value=value)
    response = client.post(reverse("supply:import"), {"file": upload(workbook_bytes(workbook))})
    assert response.context["result"].ok, response.context["result"].problems
    assert Item.objects.count() == 4


@pytest.mark.parametrize("spec", SHEETS, ids=lambda spec: spec.key)
def test_csv_templates(client, buyer, spec):
    client.force_login(buyer)
    response = client.get(reverse("supply:import_template"), {"format": "csv", "kind": spec.key})
    assert response.content.startswith(b"\xef\xbb\xbf")
    header = response.content.decode("utf-8-sig").splitlines()[0].split(",")
    assert header == [column.header_ja for column in spec.columns]


def test_unknown_csv_template_is_404(client, buyer):
    client.force_login(buyer)
    response = client.get(reverse("supply:import_template"), {"format": "csv", "kind": "x"})
    assert response.status_code == 404


# --- command line ---


def test_cli_imports_as_the_user(cluster, tmp_path, capsys):
    path = tmp_path / "supply.xlsx"
    path.write_bytes(xlsx(good(cluster)))
    assert main(["import-supply", str(path), "--as", cluster.buyer.username]) == 0
    assert "品目: 新規 4件、更新 0件、変更なし 0件" in capsys.readouterr().out
    assert Item.objects.count() == 4


def test_cli_reports_problems_in_english_and_writes_nothing(cluster, tmp_path, capsys):
    book = good(cluster)
    set_cell(book, "部品表", 2, "員数", "-1")
    path = tmp_path / "supply.xlsx"
    path.write_bytes(xlsx(book))
    before = snapshot()
    code = main(["import-supply", str(path), "--as", cluster.buyer.username, "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 1
    assert "部品表 row 2 [Quantity per unit]: Enter a number above 0. Got: -1" in out
    assert snapshot() == before


def test_cli_coordinator_with_owner_and_dry_run(cluster, coordinator, tmp_path, capsys):
    path = tmp_path / "supply.xlsx"
    path.write_bytes(xlsx(good(cluster)))
    args = ["import-supply", str(path), "--as", coordinator.username]
    assert main(args) == 1
    owner = cluster.buyer.organization.corporate_number
    assert main([*args, "--owner", owner, "--dry-run"]) == 0
    assert not Item.objects.exists()
    assert main([*args, "--owner", owner]) == 0
    assert Item.objects.count() == 4


def test_cli_unknown_user(tmp_path, capsys, db):
    path = tmp_path / "supply.csv"
    path.write_bytes(b"a,b\n")
    assert main(["import-supply", str(path), "--as", "nobody"]) == 2
