"""QCD pages of the demo cluster in the browser: a buyer's supplier scorecards (criteria, chart,
PDF and Excel downloads), and a member's own QCD sheet shared with the cluster."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from django.utils import timezone
from openpyxl import load_workbook
from playwright.sync_api import expect

from renkei.accounts.models import User
from renkei.orders.models import PurchaseOrder
from renkei.qcd.models import QcdSharing, SharingLevel
from renkei.qcd.scorecards import scorecard_for
from renkei.registry.models import Organization, OrganizationKind
from tests.browser.conftest import ARTIFACTS, log_in
from tests.platform.demo import TEST_TODAY

pytestmark = pytest.mark.django_db(transaction=True)
MONTH = re.compile(r"^\d{4}-\d{2}$")  # a month tick as the tables write it, not "Oct 2024"


@pytest.fixture
def demo(monkeypatch):
    from renkei.demo import build_demo_cluster

    # The demo is built up to the tests' fixed today, and the pages must see that same today
    # (whatever the real date is): the live server runs in this process, so this pins its today.
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TEST_TODAY)
    return build_demo_cluster(seed=1, firms=40, today=TEST_TODAY)


def _login_of(organization: Organization) -> str:
    return User.objects.filter(organization=organization).order_by("username").first().username


def _the_worsening_suppliers_buyer(demo) -> tuple[Organization, Organization]:
    supplier = Organization.objects.get(
        corporate_number=demo.highlights["orders.worsening_supplier"]
    )
    buyer_ids = PurchaseOrder.objects.filter(
        supplier=supplier, buyer__kind=OrganizationKind.BUYER
    ).values("buyer_id")
    buyer = Organization.objects.filter(pk__in=buyer_ids).order_by("corporate_number").first()
    return buyer, supplier


def _latest_score(buyer: Organization, supplier: Organization) -> str:
    card, _criteria = scorecard_for(buyer, supplier.pk, as_of=timezone.localdate())
    return f"{card.latest.score:.1f}"


def test_buyer_reweighs_its_scorecards_and_downloads_them(page, demo):
    buyer, supplier = _the_worsening_suppliers_buyer(demo)
    log_in(page, _login_of(buyer), demo.password)
    page.goto(f"{page.base}/orders/scorecards/")
    expect(page.locator("h1")).to_have_text("仕入先スコアカード")
    row = page.locator("#scorecards tr", has_text=supplier.name)
    before = _latest_score(buyer, supplier)
    expect(row.locator("td").nth(2)).to_have_text(before)

    # On-time delivery alone: the worsening supplier's score is its late deliveries.
    page.click("main >> text=評価基準")
    expect(page.locator("h1")).to_have_text("スコアカード評価基準")
    for name, value in (
        ("weight_otd_qty", "100"),
        ("weight_otif_lines", "0"),
        ("weight_defect_ppm", "0"),
        ("weight_lead_time", "0"),
    ):
        page.fill(f"input[name={name}]", value)
    page.click("#criteria-form button[type=submit]:not([name=reset])")
    expect(page.locator(".messages")).to_contain_text("評価基準を保存しました。")
    after = _latest_score(buyer, supplier)
    assert after != before
    expect(row.locator("td").nth(2)).to_have_text(after)

    row.locator("a", has_text=supplier.name).click()
    expect(page.locator("h1")).to_contain_text(supplier.name)
    expect(page.locator("#score-chart.js-plotly-plot svg.main-svg").first).to_be_attached()
    expect(page.locator("#score-chart .scatterlayer .trace")).to_have_count(1)
    expect(page.locator("#score-chart .xtick text").first).to_have_text(MONTH)

    with page.expect_download() as download:
        page.click("#scorecard-pdf")
    pdf = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename.endswith(".pdf")
    assert pdf.startswith(b"%PDF") and b"HeiseiKakuGo-W5" in pdf and len(pdf) > 5_000

    page.goto(f"{page.base}/orders/scorecards/")
    with page.expect_download() as download:
        page.click("#scorecards-xlsx")
    xlsx = Path(download.value.path()).read_bytes()
    assert download.value.suggested_filename.endswith(".xlsx")
    assert xlsx.startswith(b"PK\x03\x04")
    listed = list(load_workbook(io.BytesIO(xlsx))["スコアカード"].values)
    assert any(row[1] == supplier.name and f"{row[3]:.1f}" == after for row in listed[1:])
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "scorecards_after_reweighing.png"), full_page=True)


def test_member_shares_its_sheet_with_the_cluster(browser, live_server, page, demo):
    # The incident supplier has rejects (a Pareto) and late lines (a calendar); it shares with
    # the buyers it serves, which no other member is.
    firm = Organization.objects.get(corporate_number=demo.highlights["orders.incident_supplier"])
    QcdSharing.objects.update_or_create(organization=firm, defaults={"level": SharingLevel.BUYERS})
    other = (
        Organization.objects.filter(kind=OrganizationKind.MEMBER, users__isnull=False)
        .exclude(pk=firm.pk)
        .exclude(pk__in=PurchaseOrder.objects.filter(supplier=firm).values("buyer_id"))
        .order_by("corporate_number")
        .first()
    )
    sheet_url = f"/orders/qcd/{firm.pk}/"

    context = browser.new_context(locale="ja-JP")
    context.set_default_timeout(15_000)
    outsider = context.new_page()
    outsider.base = live_server.url
    log_in(outsider, _login_of(other), demo.password)
    response = outsider.goto(f"{outsider.base}{sheet_url}")
    assert response is not None and response.status == 404
    expect(outsider.locator("h1")).to_contain_text("404")
    expect(outsider.locator("main")).not_to_contain_text(firm.name)

    log_in(page, _login_of(firm), demo.password)
    page.goto(f"{page.base}{sheet_url}")
    expect(page.locator("h1")).to_contain_text(firm.name)
    for chart in ("delivery", "defects", "lead_time", "pareto", "calendar"):
        expect(page.locator(f"#chart-{chart} svg.main-svg").first).to_be_attached()
    expect(page.locator("#chart-delivery .xtick text").first).to_have_text(MONTH)
    # Plotly's own toolbar speaks Japanese too (renkei/plotly_ja.js).
    save = '#chart-delivery .modebar-btn[data-title="PNG画像として保存"]'
    expect(page.locator(save)).to_be_attached()
    expect(page.locator("#chart-pareto .xtick text").first).not_to_have_text(MONTH)
    page.click("text=このシートの公開範囲を変更")
    page.check("input[name=level][value=cluster]")
    page.click("#sharing-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("公開範囲の設定を保存しました。")
    assert QcdSharing.objects.get(organization=firm).level == SharingLevel.CLUSTER

    response = outsider.goto(f"{outsider.base}{sheet_url}")
    assert response is not None and response.status == 200
    expect(outsider.locator("h1")).to_contain_text(firm.name)
    expect(outsider.locator("#chart-pareto svg.main-svg").first).to_be_attached()
    context.close()


def test_daily_report_entry_rows_fit_the_card(page, demo):
    # Nine fields a row: they share the card's width instead of running past it.
    member = Organization.objects.filter(kind=OrganizationKind.MEMBER, users__isnull=False)
    log_in(page, _login_of(member.order_by("corporate_number").first()), demo.password)
    page.goto(f"{page.base}/orders/daily/new/")
    expect(page.locator("#entry-table tbody tr")).not_to_have_count(0)
    table = page.locator("#entry-table").bounding_box()
    card = page.locator("main form.card").bounding_box()
    assert table is not None and card is not None
    assert table["x"] + table["width"] <= card["x"] + card["width"]
