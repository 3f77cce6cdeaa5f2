"""RFQ → quote → comparison → order in the browser, by a buyer and two member firms."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from renkei.orders.models import PurchaseOrder
from tests.browser.conftest import log_in
from tests.factories import BuyerFactory, MemberFactory, OrganizationFactory, SiteFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def parties():
    akagi = OrganizationFactory(name="赤城精機株式会社", name_kana="アカギセイキ")
    haruna = OrganizationFactory(name="榛名プレス工業株式会社", name_kana="ハルナプレス")
    for org in (akagi, haruna):
        SiteFactory(organization=org)
    buyer = BuyerFactory(username="buyer_rfq")
    MemberFactory(organization=akagi, username="akagi")
    MemberFactory(organization=haruna, username="haruna")
    return {"buyer": buyer, "akagi": akagi, "haruna": haruna}


def test_rfq_quote_compare_order(browser, live_server, parties):
    def new_page():
        context = browser.new_context(locale="ja-JP")
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.base = live_server.url
        return page

    buyer = new_page()
    log_in(buyer, "buyer_rfq")
    buyer.goto(f"{buyer.base}/orders/rfqs/new/")
    buyer.fill("input[name=title]", "ブラケット見積")
    buyer.fill("input[name=line1_description]", "ブラケット")
    buyer.fill("input[name=line1_quantity]", "100")
    buyer.select_option(
        "select[name=recipients]", [str(parties["akagi"].pk), str(parties["haruna"].pk)]
    )
    buyer.locator("main form button[type=submit]").first.click()
    expect(buyer.locator("main")).to_contain_text("ブラケット見積")
    rfq_url = buyer.url

    akagi = new_page()
    log_in(akagi, "akagi")
    akagi.goto(f"{akagi.base}/orders/")
    akagi.click("text=ブラケット見積")
    akagi.locator("input[name$=_qty1]").first.fill("1")
    akagi.locator("input[name$=_price1]").first.fill("130")
    akagi.fill("input[name=lead_time_days]", "12")
    akagi.locator("form:has(input[value=quote]) button[type=submit]").click()

    haruna = new_page()
    log_in(haruna, "haruna")
    haruna.goto(f"{haruna.base}/orders/")
    haruna.click("text=ブラケット見積")
    haruna.fill("textarea[name=reason], input[name=reason]", "設備が満杯のため")
    haruna.locator("form:has(input[value=decline]) button[type=submit]").click()

    buyer.goto(rfq_url)
    expect(buyer.locator("main")).to_contain_text("¥130")
    expect(buyer.locator("main")).to_contain_text("設備が満杯のため")
    buyer.locator("input[name$=_take]").first.check()
    buyer.locator("input[name$=order_date]").first.fill("2026-11-24")
    buyer.locator("input[name$=promised_date]").first.fill("2026-12-08")
    buyer.locator("form[action*='/order/'] button[type=submit]").first.click()
    buyer.wait_for_load_state()
    po = PurchaseOrder.objects.get()
    assert po.supplier == parties["akagi"] and po.lines.count() == 1

    akagi.goto(f"{akagi.base}/orders/pos/")
    expect(akagi.locator("main")).to_contain_text(po.number)
