"""The order pages through the test client: the whole RFQ → quote → compare → order flow,
who may open what, and refused input that writes nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renkei.orders.models import PurchaseOrder, Quote, QuoteStatus, Receipt, Rfq
from tests.factories import BuyerFactory


def _rfq_post(firm_a, firm_b, **over):
    data = {
        "title": "ブラケット見積",
        "needed_by": "2026-12-01",
        "line1_description": "ブラケット",
        "line1_quantity": "100",
        "line1_unit": "個",
        "line2_description": "シャフト",
        "line2_quantity": "50",
        "line2_unit": "本",
        "recipients": [firm_a.pk, firm_b.pk],
    }
    data.update(over)
    return data


@pytest.fixture
def sent_rfq(client, buyer, firm_a, firm_b):
    client.force_login(buyer)
    response = client.post(reverse("orders:rfq_new"), _rfq_post(firm_a, firm_b))
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    return Rfq.objects.get()


def _quote(client, member, rfq, **over):
    client.force_login(member)
    l1, l2 = rfq.lines.all()
    data = {
        "action": "quote",
        f"l{l1.pk}_qty1": "1",
        f"l{l1.pk}_price1": "130",
        f"l{l1.pk}_qty2": "100",
        f"l{l1.pk}_price2": "120",
        f"l{l2.pk}_qty1": "1",
        f"l{l2.pk}_price1": "450",
        "lead_time_days": "12",
        "valid_until": "2026-12-31",
        "notes": "材質SS400",
    }
    data.update(over)
    return client.post(reverse("orders:rfq_quote", args=[rfq.pk]), data)


def test_the_whole_flow(client, buyer, member_a, member_b, firm_a, firm_b, sent_rfq):
    rfq = sent_rfq
    assert rfq.buyer == buyer.organization and rfq.lines.count() == 2
    assert set(rfq.recipients.values_list("supplier", flat=True)) == {firm_a.pk, firm_b.pk}

    # Supplier 1 sees the RFQ in its list and quotes.
    client.force_login(member_a)
    assert "ブラケット見積" in client.get(reverse("orders:rfq_list")).content.decode()
    response = _quote(client, member_a, rfq)
    assert response.status_code == 302
    quote_a = Quote.objects.get(supplier=firm_a)
    assert quote_a.status == QuoteStatus.SUBMITTED and quote_a.lead_time_days == 12
    assert quote_a.lines.count() == 2

    # Supplier 2 declines with a reason.
    client.force_login(member_b)
    response = client.post(
        reverse("orders:rfq_quote", args=[rfq.pk]),
        {"action": "decline", "reason": "設備が満杯のため"},
    )
    assert response.status_code == 302
    assert Quote.objects.get(supplier=firm_b).status == QuoteStatus.DECLINED

    # The buyer compares: both suppliers, prices, the decline reason, the QCD rows.
    client.force_login(buyer)
    page = client.get(reverse("orders:rfq_detail", args=[rfq.pk])).content.decode()
    assert firm_a.name in page and firm_b.name in page
    assert "¥130" in page and "¥120" in page and "¥450" in page
    assert "設備が満杯のため" in page and "材質SS400" in page
    assert "納期遵守率" in page and "不良率(ppm)" in page

    # The buyer orders line 1 from supplier 1: the price of the 100+ break applies.
    ql1 = quote_a.lines.get(rfq_line__line_no=1)
    prefix = f"quote{quote_a.pk}"
    response = client.post(
        reverse("orders:po_from_quote", args=[rfq.pk, quote_a.pk]),
        {
            f"{prefix}-number": "PO-100",
            f"{prefix}-order_date": "2026-11-01",
            f"{prefix}-promised_date": "2026-11-20",
            f"{prefix}-q{ql1.pk}_take": "on",
            f"{prefix}-q{ql1.pk}_qty": "100",
        },
    )
    assert response.status_code == 302
    po = PurchaseOrder.objects.get()
    assert (po.buyer, po.supplier, po.number, po.rfq) == (buyer.organization, firm_a, "PO-100", rfq)
    line = po.lines.get()
    assert line.unit_price == 120 and line.qty_ordered == 100

    # The buyer records a delivery with its inspection.
    response = client.post(
        reverse("orders:receipt_new", args=[po.pk, line.pk]),
        {
            f"r{line.pk}-received_date": "2026-11-19",
            f"r{line.pk}-qty_received": "100",
            f"r{line.pk}-qty_inspected": "100",
            f"r{line.pk}-qty_rejected": "2",
            f"r{line.pk}-defect_class": "burr",
        },
    )
    assert response.status_code == 302
    receipt = Receipt.objects.get()
    assert receipt.inspection.qty_rejected == 2

    # Now the comparison shows supplier 1's QCD: on time 100%, 20,000 ppm.
    page = client.get(reverse("orders:rfq_detail", args=[rfq.pk])).content.decode()
    assert "100.0%" in page and "20,000" in page

    # Supplier 1 sees the PO; supplier 2 does not; supplier 1 cannot record receipts.
    client.force_login(member_a)
    assert "PO-100" in client.get(reverse("orders:po_list")).content.decode()
    assert client.get(reverse("orders:po_detail", args=[po.pk])).status_code == 200
    response = client.post(
        reverse("orders:receipt_new", args=[po.pk, line.pk]),
        {f"r{line.pk}-received_date": "2026-11-19", f"r{line.pk}-qty_received": "1"},
    )
    assert response.status_code == 403
    client.force_login(member_b)
    assert "PO-100" not in client.get(reverse("orders:po_list")).content.decode()
    assert client.get(reverse("orders:po_detail", args=[po.pk])).status_code == 404
    assert Receipt.objects.count() == 1


def test_a_supplier_sees_neither_the_comparison_nor_a_competitors_quote(
    client, member_a, member_b, firm_a, sent_rfq
):
    rfq = sent_rfq
    assert _quote(client, member_a, rfq).status_code == 302
    quote_a = Quote.objects.get(supplier=firm_a)
    client.force_login(member_b)
    assert client.get(reverse("orders:quote_detail", args=[quote_a.pk])).status_code == 404
    # The RFQ's page sends a supplier to its own quote page, never the comparison.
    response = client.get(reverse("orders:rfq_detail", args=[rfq.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("orders:rfq_quote", args=[rfq.pk])
    page = client.get(reverse("orders:rfq_quote", args=[rfq.pk])).content.decode()
    assert "130" not in page and firm_a.name not in page
    response = client.post(
        reverse("orders:po_from_quote", args=[rfq.pk, quote_a.pk]), {"quote1-number": "X"}
    )
    assert response.status_code in (403, 404)
    # Its own quote is visible to itself.
    client.force_login(member_a)
    assert client.get(reverse("orders:quote_detail", args=[quote_a.pk])).status_code == 200


def test_another_buyer_sees_none_of_it(client, member_a, firm_a, sent_rfq):
    rfq = sent_rfq
    _quote(client, member_a, rfq)
    quote_a = Quote.objects.get(supplier=firm_a)
    other = BuyerFactory(username="buyer_other")
    client.force_login(other)
    assert "ブラケット見積" not in client.get(reverse("orders:rfq_list")).content.decode()
    for url in (
        reverse("orders:rfq_detail", args=[rfq.pk]),
        reverse("orders:rfq_quote", args=[rfq.pk]),
        reverse("orders:quote_detail", args=[quote_a.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_anonymous_is_sent_to_login(client, sent_rfq):
    for url in (
        reverse("orders:rfq_list"),
        reverse("orders:rfq_new"),
        reverse("orders:rfq_detail", args=[sent_rfq.pk]),
        reverse("orders:po_list"),
    ):
        response = client.get(url)
        assert response.status_code == 302 and reverse("login") in response["Location"]


def test_negative_quantity_is_refused_in_japanese(client, buyer, firm_a, firm_b):
    client.force_login(buyer)
    response = client.post(
        reverse("orders:rfq_new"), _rfq_post(firm_a, firm_b, line2_quantity="-5")
    )
    assert response.status_code == 422
    assert "数量" in response.content.decode() and "-5" in response.content.decode()
    assert "負" in response.content.decode()
    assert Rfq.objects.count() == 0


def test_zero_quantity_is_refused_by_the_service_and_nothing_is_written(
    client, buyer, firm_a, firm_b
):
    client.force_login(buyer)
    response = client.post(reverse("orders:rfq_new"), _rfq_post(firm_a, firm_b, line2_quantity="0"))
    assert response.status_code == 422
    assert "数量は0より大きくしてください" in response.content.decode()
    assert Rfq.objects.count() == 0


def test_missing_price_is_refused_in_japanese(client, member_a, firm_a, sent_rfq):
    l1 = sent_rfq.lines.get(line_no=1)
    response = _quote(client, member_a, sent_rfq, **{f"l{l1.pk}_price1": ""})
    assert response.status_code == 422
    assert "単価を入力してください" in response.content.decode()
    assert not Quote.objects.filter(supplier=firm_a).exists()


def test_nav_link_for_firm_users(client, buyer):
    client.force_login(buyer)
    page = client.get(reverse("orders:rfq_list")).content.decode()
    assert "受発注" in page and reverse("orders:rfq_new") in page


def test_forms_render_and_bad_receipts_write_nothing(client, buyer, firm_a, firm_b, world):
    client.force_login(buyer)
    page = client.get(reverse("orders:rfq_new")).content.decode()
    assert firm_a.name in page and firm_b.name in page
    assert f'value="{buyer.organization.pk}"' not in page  # no RFQ to oneself
    po, line = world.po1, world.po1.lines.get()
    page = client.get(reverse("orders:po_detail", args=[po.pk])).content.decode()
    assert "納品を記録" in page
    url = reverse("orders:receipt_new", args=[po.pk, line.pk])
    before = Receipt.objects.count()
    response = client.post(
        url, {f"r{line.pk}-received_date": "2026-09-09", f"r{line.pk}-qty_received": "-1"}
    )
    assert response.status_code == 422 and "数量は負の値にできません" in response.content.decode()
    # More inspected than received: the service refuses, the receipt is not kept either.
    response = client.post(
        url,
        {
            f"r{line.pk}-received_date": "2026-09-09",
            f"r{line.pk}-qty_received": "10",
            f"r{line.pk}-qty_inspected": "20",
        },
    )
    assert response.status_code == 422
    assert "受入数" in response.content.decode() and "を超えています" in response.content.decode()
    assert Receipt.objects.count() == before
