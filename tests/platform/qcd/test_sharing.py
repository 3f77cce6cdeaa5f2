"""QCD sheets shared with consent: each level against each role, on every face (page, Excel,
PDF, API); what a sheet holds (the adapter's numbers, never a price or a buyer); the consent
service and page."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from renkei.accounts.services import api_token_create
from renkei.engines.qcd import ALL_MONTHS
from renkei.orders import services
from renkei.orders.models import DefectClass
from renkei.qcd import permissions as gate
from renkei.qcd import services as qcd_services
from renkei.qcd.models import QcdSharing, SharingLevel
from renkei.qcd.selectors import qcd_sheet
from tests.factories import BuyerFactory, MemberFactory
from tests.platform.qcd.pdf_text import pdf_contains

D = dt.date
AS_OF = "2026-10-31"
ROLES = ("owner", "other_member", "served_buyer", "other_buyer", "coordinator", "anonymous")
# Who may open firm_a's sheet at each level.
VISIBLE = {
    SharingLevel.PRIVATE: {"owner"},
    SharingLevel.BUYERS: {"owner", "served_buyer"},
    SharingLevel.CLUSTER: {"owner", "other_member", "served_buyer", "other_buyer", "coordinator"},
    SharingLevel.PUBLIC: set(ROLES),
}
# What must never appear on a sheet: the buyers' names and a unit price.
SECRETS = ("購買株式会社", "12345.67", "12,345", "12345")


@pytest.fixture
def sheet_world(world, buyer, buyer2, member_a, firm_a):
    """firm_a serves ``buyer`` (world.po1) and a second buyer firm (a line at ¥12,345.67);
    deliveries: one late and partly rejected for burrs, one with dimensional rejects."""
    buyer.organization.name = "上毛購買株式会社"
    buyer.organization.save()
    third = BuyerFactory(username="buyer3", organization__name="利根購買株式会社")
    po = services.purchase_order_create(
        actor=third,
        buyer=third.organization,
        supplier=firm_a,
        number="T-1",
        order_date=D(2026, 8, 1),
        lines=[
            {
                "description": "カバー",
                "qty_ordered": 40,
                "unit_price": "12345.67",
                "promised_date": D(2026, 8, 20),
            }
        ],
    )
    line1 = world.po1.lines.get()
    services.receipt_record(
        actor=buyer,
        order_line=line1,
        received_date=D(2026, 9, 8),
        qty_received=60,
        qty_inspected=60,
        qty_rejected=3,
        defect_class=DefectClass.BURR,
    )
    services.receipt_record(
        actor=buyer,
        order_line=line1,
        received_date=D(2026, 9, 12),
        qty_received=40,
        qty_inspected=40,
    )
    services.receipt_record(
        actor=third,
        order_line=po.lines.get(),
        received_date=D(2026, 8, 19),
        qty_received=40,
        qty_inspected=40,
        qty_rejected=5,
        defect_class=DefectClass.DIMENSION,
    )
    return world


@pytest.fixture
def users(sheet_world, member_a, member_b, buyer, buyer2, coordinator):
    from django.contrib.auth.models import AnonymousUser

    return {
        "owner": member_a,
        "other_member": member_b,
        "served_buyer": buyer,
        "other_buyer": buyer2,  # ordered from firm_b only
        "coordinator": coordinator,
        "anonymous": AnonymousUser(),
    }


def share(firm, level):
    QcdSharing.objects.update_or_create(organization=firm, defaults={"level": level})


def login(client, user):
    if user.is_authenticated:
        client.force_login(user)


def assert_no_secrets(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


def xlsx_text(content: bytes) -> str:
    wb = load_workbook(io.BytesIO(content))
    return "\n".join(
        str(cell) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for cell in row
    )


# --- the gate -------------------------------------------------------------------------------


@pytest.mark.parametrize("level", list(SharingLevel))
def test_gate_each_level_against_each_role(users, firm_a, level):
    share(firm_a, level)
    for role, user in users.items():
        expected = role in VISIBLE[level]
        assert gate.qcd_sheet_visible(user, firm_a) is expected, (level, role)
        assert (firm_a in gate.qcd_sheets_visible_to(user)) is expected, (level, role)


def test_without_a_consent_row_a_sheet_is_private(users, firm_a):
    assert not QcdSharing.objects.filter(organization=firm_a).exists()
    visible = {role for role, user in users.items() if gate.qcd_sheet_visible(user, firm_a)}
    assert visible == {"owner"}


def test_a_firm_always_sees_its_own_sheet_and_a_coordinator_never_through_buyers(
    users, firm_a, firm_b, coordinator, sheet_world
):
    share(firm_a, SharingLevel.BUYERS)
    # A coordinator whose organisation ordered from firm_b sees it only when firm_b shares
    # with the cluster: the coordinator sees aggregates, not what buyers see.
    coordinator.organization = sheet_world.po2.buyer
    coordinator.save()
    share(firm_b, SharingLevel.BUYERS)
    assert not gate.qcd_sheet_visible(coordinator, firm_b)
    share(firm_b, SharingLevel.CLUSTER)
    assert gate.qcd_sheet_visible(coordinator, firm_b)
    assert gate.qcd_sheet_visible(coordinator, sheet_world.po2.buyer)  # its own
    assert set(gate.qcd_sheets_visible_to(users["owner"])) == {firm_a, firm_b}


# --- every face, each level × each role -----------------------------------------------------


FACES = {
    "page": "qcd:qcd_sheet",
    "xlsx": "qcd:qcd_sheet_xlsx",
    "pdf": "qcd:qcd_sheet_pdf",
}


@pytest.mark.parametrize("level", list(SharingLevel))
@pytest.mark.parametrize("face", list(FACES))
def test_each_face_each_level_each_role(client, users, firm_a, level, face):
    share(firm_a, level)
    url = reverse(FACES[face], args=[firm_a.pk])
    for role, user in users.items():
        client.logout()
        login(client, user)
        response = client.get(url, {"as_of": AS_OF})
        if role in VISIBLE[level]:
            assert response.status_code == 200, (face, level, role)
            content = response.content
            if face == "page":
                text = content.decode()
                assert firm_a.name in text
                assert_no_secrets(text)
            elif face == "xlsx":
                assert_no_secrets(xlsx_text(content))
            else:
                assert content.startswith(b"%PDF")
                assert pdf_contains(content, firm_a.name)
                for secret in SECRETS:
                    assert not pdf_contains(content, secret), secret
        else:
            assert response.status_code == 404, (face, level, role)
            assert firm_a.name not in response.content.decode(errors="replace")


@pytest.mark.parametrize("level", list(SharingLevel))
def test_firm_profile_links_the_sheet_only_for_who_may_open_it(client, users, firm_a, level):
    share(firm_a, level)
    profile = reverse("registry:organization_detail", args=[firm_a.pk])
    sheet = reverse("qcd:qcd_sheet", args=[firm_a.pk])
    for role, user in users.items():
        client.logout()
        login(client, user)
        response = client.get(profile)
        assert response.status_code == 200, (level, role)
        html = response.content.decode()
        shown = f'href="{sheet}"' in html
        assert shown is (role in VISIBLE[level]), (level, role)
        assert ("QCDシートを見る" in html) is shown
        # The link never leads to a 404, and a hidden one would have.
        assert (client.get(sheet, {"as_of": AS_OF}).status_code == 200) is shown


@pytest.mark.parametrize("level", list(SharingLevel))
def test_api_each_level_each_role(client, users, firm_a, level):
    share(firm_a, level)
    url = f"/api/v1/qcd/sheets/{firm_a.pk}"
    for role, user in users.items():
        headers = {}
        if user.is_authenticated:
            headers["Authorization"] = f"Bearer {api_token_create(user=user, name='t')[1]}"
        response = client.get(url, {"as_of": AS_OF}, headers=headers)
        if role in VISIBLE[level]:
            assert response.status_code == 200, (level, role)
            assert_no_secrets(response.content.decode())
        else:
            assert response.status_code == 404, (level, role)
            body = json.loads(response.content)
            assert response["Content-Type"] == "application/problem+json"
            assert body["code"] == "not_found"


def test_an_unknown_firm_is_404_like_a_private_one(client, member_a):
    client.force_login(member_a)
    assert client.get(reverse("qcd:qcd_sheet", args=[999_999])).status_code == 404
    assert client.get("/api/v1/qcd/sheets/999999").status_code == 404


# --- what a sheet holds ---------------------------------------------------------------------


def test_sheet_covers_all_buyers_and_matches_the_engine(sheet_world, firm_a):
    sheet = qcd_sheet(firm_a, as_of=D(2026, 10, 31))
    months = dict(sheet.months)
    assert len(sheet.months) == 24 and sheet.months[-1][0] == "2026-10"
    assert sheet.months[0][0] == "2024-11"
    aug, sep = months["2026-08"], months["2026-09"]
    # The second buyer's line (August) and the worked example's line (September).
    assert aug.lines_due == 1 and aug.otd_qty == 1.0 and aug.defect_ppm == pytest.approx(125000)
    assert sep.lines_due == 1 and sep.otd_qty == pytest.approx(0.6) and sep.late_lines == 1
    assert months["2026-10"] is None  # nothing due, nothing received: no data
    assert sheet.overall.lines_due == 2 and sheet.overall.late_lines == 1
    assert sheet.pareto.defect_class == ("dimension", "burr")
    assert sheet.pareto.qty_rejected.tolist() == [5, 3]
    assert sheet.calendar.rows() == [(D(2026, 9, 10), 1, 2.0)]


def test_api_returns_the_contract_rows(client, users, firm_a):
    share(firm_a, SharingLevel.PUBLIC)
    response = client.get(f"/api/v1/qcd/sheets/{firm_a.pk}", {"as_of": AS_OF})
    body = json.loads(response.content)
    expected = qcd_sheet(firm_a, as_of=D(2026, 10, 31)).result.to_json()
    assert body == expected
    assert body["as_of"] == AS_OF
    assert body["rows"][-1]["month"] == ALL_MONTHS
    assert {row["supplier_id"] for row in body["rows"]} == {str(firm_a.pk)}
    assert body["rows"][0]["qty_due"] == 40 and isinstance(body["rows"][0]["qty_due"], int)
    bad = client.get(f"/api/v1/qcd/sheets/{firm_a.pk}", {"as_of": "2026-13-01"})
    assert bad.status_code == 422


def test_page_shows_no_data_as_a_dash_never_zero(client, users, firm_a, member_a):
    client.force_login(member_a)
    page = client.get(reverse("qcd:qcd_sheet", args=[firm_a.pk]), {"as_of": AS_OF})
    rows = page.context["rows"]
    october = rows[0]
    assert october["month"] == "2026-10"
    assert october["cells"][2:] == ["—"] * 6  # every rate and day figure: no data
    september = next(r for r in rows if r["month"] == "2026-09")
    assert september["cells"][2] == "60.0 %"
    charts = page.context["charts"]
    otd = charts["delivery"]["data"][0]["y"]
    assert otd[-1] is None and otd[-2] == pytest.approx(60.0)
    assert charts["pareto"]["data"][1]["y"][-1] == pytest.approx(100.0)
    heat = charts["calendar"]["data"][0]
    flat = [v for row in heat["z"] for v in row if v is not None]
    assert sum(flat) == 1 and "plotly/plotly.min.js" in page.content.decode()
    assert "2026-09-10" in json.dumps(heat["text"], ensure_ascii=False)
    # Months are labelled as the table writes them (plotly's month names are English);
    # the Pareto's classes and the calendar's weeks are categories.
    for name in ("delivery", "defects", "lead_time"):
        assert charts[name]["layout"]["xaxis"]["tickformat"] == "%Y-%m", name
    assert charts["pareto"]["layout"]["xaxis"]["type"] == "category"
    assert charts["calendar"]["layout"]["xaxis"]["type"] == "category"


def test_excel_holds_the_adapters_numbers_in_japanese(client, users, firm_a, member_a):
    client.force_login(member_a)
    response = client.get(reverse("qcd:qcd_sheet_xlsx", args=[firm_a.pk]), {"as_of": AS_OF})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["概要", "月次QCD", "不良パレート", "納期遅れ"]
    monthly = wb["月次QCD"]
    header = [c.value for c in monthly[1]]
    assert header[0] == "月" and "納期遵守率(数量)" in header
    rows = {r[0]: r for r in monthly.iter_rows(min_row=2, values_only=True)}
    sheet = qcd_sheet(firm_a, as_of=D(2026, 10, 31))
    sep = dict(sheet.months)["2026-09"]
    otd_col = header.index("納期遵守率(数量)")
    assert rows["2026-09"][otd_col] == pytest.approx(sep.otd_qty)
    assert rows["2026-09"][header.index("不良率(ppm)")] == pytest.approx(sep.defect_ppm)
    assert rows["2026-10"][otd_col] == "—"
    assert rows["全期間"][1] == sheet.overall.lines_due
    pareto = list(wb["不良パレート"].iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[1]) for r in pareto] == [("寸法不良", 5), ("バリ", 3)]
    assert wb["概要"]["B1"].value == firm_a.name


def test_excel_in_english_when_the_ui_is_english(client, users, firm_a, member_a):
    client.force_login(member_a)
    response = client.get(
        reverse("qcd:qcd_sheet_xlsx", args=[firm_a.pk]),
        {"as_of": AS_OF},
        headers={"Accept-Language": "en"},
    )
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames == ["Summary", "Monthly QCD", "Defect Pareto", "Late deliveries"]
    assert "On-time delivery rate (quantity)" in [c.value for c in wb["Monthly QCD"][1]]


def test_pdf_is_a_japanese_pdf(client, users, firm_a, member_a):
    client.force_login(member_a)
    response = client.get(reverse("qcd:qcd_sheet_pdf", args=[firm_a.pk]), {"as_of": AS_OF})
    assert response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF") and content.rstrip().endswith(b"%%EOF")
    assert b"HeiseiKakuGo-W5" in content
    assert b"UniJIS-UCS2-H" in content  # the Japanese CID encoding
    assert pdf_contains(content, "共通フォーマット QCDシート")
    assert pdf_contains(content, "全期間")
    assert pdf_contains(content, "60.0 %")  # September's on-time rate, as on the page
    assert pdf_contains(content, "寸法不良")
    assert not pdf_contains(content, "購買株式会社")


def test_a_bad_date_is_a_bad_request(client, users, firm_a, member_a):
    client.force_login(member_a)
    assert client.get(reverse("qcd:qcd_sheet", args=[firm_a.pk]), {"as_of": "x"}).status_code == 400


# --- the list --------------------------------------------------------------------------------


def test_list_shows_my_sheet_first_and_only_what_i_may_see(client, users, firm_a, firm_b):
    share(firm_b, SharingLevel.PUBLIC)
    client.force_login(users["owner"])
    rows = client.get(reverse("qcd:qcd_list")).context["rows"]
    assert [r["firm"] for r in rows] == [firm_a, firm_b]
    assert rows[0]["own"]
    client.logout()
    rows = client.get(reverse("qcd:qcd_list")).context["rows"]
    assert [r["firm"] for r in rows] == [firm_b]
    client.force_login(users["coordinator"])
    rows = client.get(reverse("qcd:qcd_list")).context["rows"]
    assert [r["firm"] for r in rows] == [firm_b]


# --- consent --------------------------------------------------------------------------------


def test_only_the_firm_sets_its_consent(firm_a, member_a, member_b, buyer, coordinator):
    sharing = qcd_services.qcd_sharing_set(
        actor=member_a, organization=firm_a, level=SharingLevel.CLUSTER
    )
    assert sharing.level == SharingLevel.CLUSTER
    assert LogEntry.objects.get_for_object(sharing).filter(actor=member_a).exists()
    for other in (member_b, buyer, coordinator):
        with pytest.raises(PermissionDenied):
            qcd_services.qcd_sharing_set(actor=other, organization=firm_a, level="public")
    with pytest.raises(ValidationError) as e:
        qcd_services.qcd_sharing_set(actor=member_a, organization=firm_a, level="everyone")
    assert e.value.error_dict["level"][0].code == "invalid_choice"
    sharing.refresh_from_db()
    assert sharing.level == SharingLevel.CLUSTER
    assert QcdSharing.objects.count() == 1


def test_consent_page(client, firm_a, member_a, coordinator):
    url = reverse("qcd:qcd_sharing")
    assert client.get(url).status_code == 302  # log in first
    client.force_login(member_a)
    page = client.get(url)
    text = page.content.decode()
    assert page.status_code == 200
    for label in ("非公開", "取引のあるバイヤー", "クラスター", "一般公開"):
        assert label in text
    assert 'value="private" checked' in text
    response = client.post(url, {"level": "buyers"})
    assert response.status_code == 302
    assert QcdSharing.objects.get(organization=firm_a).level == SharingLevel.BUYERS
    assert client.post(url, {"level": "all"}).status_code == 422
    assert QcdSharing.objects.get(organization=firm_a).level == SharingLevel.BUYERS
    sheet = client.get(reverse("qcd:qcd_sheet", args=[firm_a.pk])).content.decode()
    assert url in sheet  # linked from the sheet
    client.force_login(coordinator)
    assert client.get(url).status_code == 403
    assert client.post(url, {"level": "public"}).status_code == 403
    assert QcdSharing.objects.get(organization=firm_a).level == SharingLevel.BUYERS


def test_a_new_member_firm_is_private(db):
    member = MemberFactory()
    assert not gate.qcd_sheet_visible(BuyerFactory(), member.organization)


# --- the coordinator no longer sees the firms' order pages ----------------------------------


def test_coordinator_gets_404_on_the_firms_order_pages(client, sheet_world, coordinator):
    client.force_login(coordinator)
    world = sheet_world
    for name, args in (
        ("orders:rfq_detail", [world.rfq1.pk]),
        ("orders:quote_detail", [world.quote_a.pk]),
        ("orders:quote_detail", [world.quote_b.pk]),
        ("orders:po_detail", [world.po1.pk]),
        ("orders:po_detail", [world.po2.pk]),
    ):
        response = client.get(reverse(name, args=args))
        assert response.status_code == 404, name
    # The supplier's quote page is for people of a firm.
    assert client.get(reverse("orders:rfq_quote", args=[world.rfq1.pk])).status_code == 403
    for name in ("orders:rfq_list", "orders:po_list"):
        page = client.get(reverse(name)).content.decode()
        assert world.po1.number not in page and world.rfq1.title not in page


def test_the_comparison_shows_a_supplier_s_shared_sheet_to_a_buyer_that_never_ordered(
    client, world, buyer, buyer2, member_a, firm_a
):
    # buyer's order from firm_a: 60 of 100 on time (promised 09-10), the rest late.
    line = world.po1.lines.get()
    services.receipt_record(
        actor=buyer, order_line=line, received_date=D(2026, 9, 8), qty_received=60
    )
    services.receipt_record(
        actor=buyer, order_line=line, received_date=D(2026, 9, 12), qty_received=40
    )
    url = reverse("orders:rfq_detail", args=[world.rfq2.pk])
    sheet = reverse("qcd:qcd_sheet", args=[firm_a.pk])
    client.force_login(buyer2)  # sent rfq2 to firm_a, never ordered from it
    private = client.get(url).content.decode()
    assert "共有されていません" in private and sheet not in private and "60.0%" not in private
    qcd_services.qcd_sharing_set(actor=member_a, organization=firm_a, level=SharingLevel.CLUSTER)
    shared = client.get(url).content.decode()
    assert sheet in shared and "60.0%" in shared
