"""Export of the directory to Excel: same filters and gate as the page, contacts as allowed."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from renkei.registry.importing import import_registry
from renkei.registry.models import Process, Visibility
from tests.factories import (
    CapabilityFactory,
    ContactFactory,
    EquipmentFactory,
    OrganizationFactory,
    SiteFactory,
)
from tests.platform.registry import importdata
from tests.platform.registry.importdata import snapshot

# The fixture is autouse once it is a name in the module.
import_env = importdata.import_env


@pytest.fixture
def cluster(firm_a, firm_b, unlisted_firm):
    CapabilityFactory(site=firm_a.sites.first(), materials=["sus304", "a5052"])
    pressing = Process.objects.get(code="pressing")
    CapabilityFactory(site=firm_b.sites.first(), process=pressing, materials=[])
    EquipmentFactory(site=firm_a.sites.first())
    ContactFactory(organization=firm_a, name="赤城 非公開", visibility=Visibility.PRIVATE)
    ContactFactory(organization=firm_b, name="榛名 非公開", visibility=Visibility.PRIVATE)
    ContactFactory(organization=firm_b, name="榛名 会員向け", visibility=Visibility.CLUSTER)
    ContactFactory(organization=firm_b, name="榛名 公開", visibility=Visibility.PUBLIC)
    ContactFactory(
        organization=unlisted_firm, name="非公開金属 会員向け", visibility=Visibility.CLUSTER
    )
    return firm_a, firm_b, unlisted_firm


def export(client, **params):
    response = client.get(reverse("registry:directory_export"), params)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def column(workbook, sheet, header):
    rows = list(workbook[sheet].iter_rows(values_only=True))
    index = rows[0].index(header)
    return [row[index] for row in rows[1:]]


def test_anonymous_cannot_export(client, cluster):
    response = client.get(reverse("registry:directory_export"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_coordinator_exports_everything_in_japanese(client, coordinator, cluster):
    firm_a, firm_b, unlisted = cluster
    client.force_login(coordinator)
    workbook = export(client)
    assert workbook.sheetnames == ["企業", "拠点", "加工能力", "設備", "連絡先"]
    assert set(column(workbook, "企業", "企業名")) == {firm_a.name, firm_b.name, unlisted.name}
    assert firm_a.corporate_number in column(workbook, "企業", "法人番号")
    caps = dict(
        zip(
            column(workbook, "加工能力", "企業名"),
            column(workbook, "加工能力", "材質"),
            strict=False,
        )
    )
    assert caps[firm_a.name] == "SUS304(ステンレス)、A5052(アルミ)"
    assert column(workbook, "加工能力", "工程") == ["マシニング加工", "プレス"]
    assert column(workbook, "設備", "設備名") == ["立形マシニングセンタ"]
    assert "赤城 非公開" in column(workbook, "連絡先", "氏名")
    headers = [c.value for sheet in workbook for c in sheet[1]]
    assert not any("価格" in h or "単価" in h or "price" in h.lower() for h in headers)


def test_member_never_sees_other_firms_private_contacts(client, member_a, cluster):
    client.force_login(member_a)
    names = column(export(client), "連絡先", "氏名")
    assert "赤城 非公開" in names  # own firm
    assert "榛名 会員向け" in names and "榛名 公開" in names
    assert "榛名 非公開" not in names


def test_buyer_sees_what_the_directory_shows(client, buyer, cluster):
    client.force_login(buyer)
    workbook = export(client)
    names = column(workbook, "連絡先", "氏名")
    assert "赤城 非公開" not in names and "榛名 非公開" not in names
    assert "榛名 会員向け" in names
    # The export lists exactly the directory's organisations for this user.
    page = client.get(reverse("registry:directory"))
    assert set(column(workbook, "企業", "企業名")) == {o.name for o in page.context["page"]}


def test_export_applies_the_directory_filters(client, coordinator, cluster):
    firm_a, _firm_b, _unlisted = cluster
    client.force_login(coordinator)
    workbook = export(client, process="machining-center")
    assert column(workbook, "企業", "企業名") == [firm_a.name]


def test_export_in_english(client, coordinator, cluster):
    client.force_login(coordinator)
    client.cookies["django_language"] = "en"
    workbook = export(client)
    assert workbook.sheetnames == ["Firms", "Sites", "Capabilities", "Equipment", "Contacts"]
    assert "Machining centre" in column(workbook, "Capabilities", "Process")
    assert set(column(workbook, "Contacts", "Visibility")) == {
        "Own firm and coordinators only", "Cluster members", "Public",
    }  # fmt: skip


def test_an_export_imports_back_unchanged(client, coordinator, cluster):
    """Export, then import the same file: every row is recognised, nothing is duplicated."""
    firm = OrganizationFactory(name="番号なし工業", corporate_number="")
    SiteFactory(
        organization=firm, name="本社", municipality_id="10524", address="群馬県邑楽郡大泉町1"
    )
    client.force_login(coordinator)
    response = client.get(reverse("registry:directory_export"))
    before = snapshot()
    result = import_registry(data=response.content, filename="export.xlsx", actor=coordinator)
    assert result.ok, result.problems
    assert all(line["created"] == 0 and line["updated"] == 0 for line in result.summary())
    assert snapshot() == before


def test_directory_page_links_the_export(client, member_a):
    client.force_login(member_a)
    html = client.get(reverse("registry:directory"), {"q": "精機"}).content.decode()
    assert reverse("registry:directory_export") + "?q=" in html
    assert "Excel出力" in html
    client.logout()
    assert (
        reverse("registry:directory_export")
        not in client.get(reverse("registry:directory")).content.decode()
    )
