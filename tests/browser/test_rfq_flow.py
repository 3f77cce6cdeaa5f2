"""RFQ with a drawing → a draft quote, then submitted → comparison → award split by line across
two suppliers, in the browser, by a buyer and three member firms."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from renkei.orders.models import Attachment, PurchaseOrder, Quote, QuoteStatus, Rfq, RfqStatus
from tests.browser.conftest import log_in
from tests.factories import BuyerFactory, MemberFactory, OrganizationFactory, SiteFactory

pytestmark = pytest.mark.django_db(transaction=True)

DRAWING = "ブラケット図面_A01.pdf"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def parties():
    akagi = OrganizationFactory(name="赤城精機株式会社", name_kana="アカギセイキ")
    haruna = OrganizationFactory(name="榛名プレス工業株式会社", name_kana="ハルナプレス")
    myogi = OrganizationFactory(name="妙義メッキ株式会社", name_kana="ミョウギメッキ")
    for org in (akagi, haruna, myogi):
        SiteFactory(organization=org)
    buyer = BuyerFactory(username="buyer_rfq")
    MemberFactory(organization=akagi, username="akagi")
    MemberFactory(organization=haruna, username="haruna")
    MemberFactory(organization=myogi, username="myogi")
    return {"buyer": buyer, "akagi": akagi, "haruna": haruna, "myogi": myogi}


def test_rfq_draft_quote_compare_split_award(browser, live_server, parties):
    def new_page(username):
        context = browser.new_context(locale="ja-JP")
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.base = live_server.url
        log_in(page, username)
        return page

    buyer = new_page("buyer_rfq")
    buyer.goto(f"{buyer.base}/orders/rfqs/new/")
    buyer.fill("input[name=title]", "ブラケット見積")
    buyer.fill("input[name=line1_description]", "ブラケット")
    buyer.fill("input[name=line1_quantity]", "100")
    buyer.fill("input[name=line2_description]", "シャフト")
    buyer.fill("input[name=line2_quantity]", "50")
    suppliers = [str(parties[k].pk) for k in ("akagi", "haruna", "myogi")]
    buyer.select_option("select[name=recipients]", suppliers)
    buyer.set_input_files(
        "input[name=files]", [{"name": DRAWING, "mimeType": "application/pdf", "buffer": PDF}]
    )
    buyer.locator("main form button[type=submit]").first.click()
    expect(buyer.locator("h1")).to_contain_text("ブラケット見積")
    expect(buyer.locator("main")).to_contain_text(DRAWING)
    rfq_url = buyer.url
    assert Attachment.objects.get().original_name == DRAWING

    # 赤城: sees the drawing, saves a draft with one line priced, comes back, submits.
    akagi = new_page("akagi")
    akagi.goto(f"{akagi.base}/orders/")
    akagi.click("text=ブラケット見積")
    expect(akagi.locator("main")).to_contain_text(DRAWING)
    with akagi.expect_download() as download:
        akagi.click(f"text={DRAWING}")
    assert download.value.suggested_filename == DRAWING
    prices = akagi.locator("input[name$=_price1]")
    prices.nth(0).fill("130")
    akagi.fill("input[name=lead_time_days]", "12")
    akagi.click("#quote-form button[value=draft]")
    expect(akagi.locator("main")).to_contain_text("下書きを保存しました")
    assert Quote.objects.get().status == QuoteStatus.DRAFT

    buyer.goto(rfq_url)  # the buyer does not see the draft
    expect(buyer.locator("table.comparison")).not_to_contain_text("¥130")

    akagi.goto(f"{akagi.base}/orders/")
    akagi.click("text=ブラケット見積")
    expect(akagi.locator("input[name$=_price1]").nth(0)).to_have_value("130.00")
    expect(akagi.locator("input[name=lead_time_days]")).to_have_value("12")
    akagi.locator("input[name$=_price1]").nth(1).fill("460")
    akagi.click("#quote-form button[value=quote]")
    expect(akagi.locator("main")).to_contain_text("¥460")

    # 榛名: quotes both lines, cheaper on the shafts.
    haruna = new_page("haruna")
    haruna.goto(f"{haruna.base}/orders/")
    haruna.click("text=ブラケット見積")
    haruna.locator("input[name$=_price1]").nth(0).fill("140")
    haruna.locator("input[name$=_price1]").nth(1).fill("420")
    haruna.click("#quote-form button[value=quote]")
    expect(haruna.locator("main")).to_contain_text("¥420")

    # 妙義: no quote, with a reason.
    myogi = new_page("myogi")
    myogi.goto(f"{myogi.base}/orders/")
    myogi.click("text=ブラケット見積")
    myogi.fill("input[name=reason]", "設備が満杯のため")
    myogi.locator("form:has(input[value=decline]) button[type=submit]").click()
    expect(myogi.locator("main")).to_contain_text("設備が満杯のため")

    # The buyer compares and awards the brackets to 赤城, the shafts to 榛名.
    buyer.goto(rfq_url)
    comparison = buyer.locator("table.comparison")
    expect(comparison).to_contain_text("¥130")
    expect(comparison).to_contain_text("¥420")
    expect(comparison).to_contain_text("設備が満杯のため")
    rfq = Rfq.objects.get()
    bracket, shaft = rfq.lines.all()
    buyer.select_option(f"select[name=a{bracket.pk}_supplier]", str(parties["akagi"].pk))
    buyer.select_option(f"select[name=a{shaft.pk}_supplier]", str(parties["haruna"].pk))
    buyer.fill("input[name=number_prefix]", "PO-TEST")
    buyer.fill("input[name=order_date]", "2026-11-24")
    buyer.fill(f"input[name=a{bracket.pk}_promised]", "2026-12-08")
    buyer.fill(f"input[name=a{shaft.pk}_promised]", "2026-12-10")
    buyer.click("#award button[type=submit]")
    expect(buyer.locator("main")).to_contain_text("PO-TEST-2")
    orders = {po.number: po for po in PurchaseOrder.objects.all()}
    assert set(orders) == {"PO-TEST-1", "PO-TEST-2"}
    assert orders["PO-TEST-1"].supplier == parties["akagi"]
    assert orders["PO-TEST-2"].lines.get().unit_price == 420
    rfq.refresh_from_db()
    assert rfq.status == RfqStatus.CLOSED

    haruna.goto(f"{haruna.base}/orders/pos/")
    expect(haruna.locator("main")).to_contain_text("PO-TEST-2")
    expect(haruna.locator("main")).not_to_contain_text("PO-TEST-1")
