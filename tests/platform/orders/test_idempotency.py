"""Idempotent submits: every create form of the orders pages carries a one-time token; sending
the same form twice (a double click, a replayed POST, two requests at once) records once and
the second answer leads to the first one's result."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from renkei.common.idempotency import FIELD
from renkei.orders import services
from renkei.orders.models import (
    Attachment,
    DailyReport,
    PriceRevision,
    PurchaseOrder,
    Quote,
    Receipt,
    Rfq,
)
from renkei.registry.models import Process
from tests.concurrency import concurrent_db, in_threads  # noqa: F401 - the fixture
from tests.factories import BuyerFactory

D = dt.date
TOKEN = re.compile(rf'name="{FIELD}" value="([^"]+)"')


def token(html: str, marker: str = "") -> str:
    """The token of the form whose opening tag contains ``marker`` (the first form if none)."""
    for form in re.findall(r"<form\b.*?</form>", html, flags=re.S):
        if marker in form.split(">", 1)[0] or not marker:
            found = TOKEN.search(form)
            if found:
                return found.group(1)
    raise AssertionError(f"no form token for {marker!r}")


def _twice(client, url, data):
    first = client.post(url, data)
    second = client.post(url, data)
    return first, second


def _replayed(first, second):
    """The second answer leads where the first one did, saying it was already sent."""
    assert first.status_code == 302, first.content.decode()[:3000]
    assert second.status_code == 302, second.content.decode()[:3000]
    assert second.url == first.url


@pytest.fixture
def rfq(buyer, firm_a, firm_b):
    return services.rfq_create(
        actor=buyer,
        buyer=buyer.organization,
        title="カバー見積",
        lines=[{"description": "カバー", "quantity": 20}],
        recipients=[firm_a, firm_b],
    )


@pytest.fixture
def quoted(rfq, member_a, firm_a):
    quote = services.quote_submit(
        actor=member_a, rfq=rfq, supplier=firm_a, prices={rfq.lines.get(): [(1, 100)]}
    )
    rfq.quote = quote
    return rfq


@pytest.fixture
def po_line(buyer, firm_a):
    po = services.purchase_order_create(
        actor=buyer,
        buyer=buyer.organization,
        supplier=firm_a,
        number="PO-I",
        order_date=D(2026, 10, 1),
        lines=[
            {
                "description": "ピン",
                "qty_ordered": 10,
                "unit_price": 50,
                "promised_date": D(2026, 10, 20),
            }
        ],
    )
    return po.lines.get()


def test_a_double_posted_receipt_records_once(client, buyer, po_line):
    client.force_login(buyer)
    page = client.get(reverse("orders:po_detail", args=[po_line.po_id])).content.decode()
    url = reverse("orders:receipt_new", args=[po_line.po_id, po_line.pk])
    prefix = f"r{po_line.pk}"
    data = {
        f"{prefix}-received_date": "2026-10-15",
        f"{prefix}-qty_received": "4",
        FIELD: token(page, url),
    }
    first, second = _twice(client, url, data)
    _replayed(first, second)
    assert Receipt.objects.count() == 1
    followed = client.get(second.url).content.decode()
    assert "既に送信" in followed


def test_a_double_posted_rfq_records_once(client, buyer, firm_a):
    client.force_login(buyer)
    page = client.get(reverse("orders:rfq_new")).content.decode()
    data = {
        "title": "ブラケット見積",
        "line1_description": "ブラケット",
        "line1_quantity": "100",
        "line1_unit": "個",
        "recipients": [firm_a.pk],
        FIELD: token(page),
    }
    first, second = _twice(client, reverse("orders:rfq_new"), data)
    _replayed(first, second)
    assert Rfq.objects.count() == 1
    assert first.url == reverse("orders:rfq_detail", args=[Rfq.objects.get().pk])


def test_a_double_posted_quote_leads_to_the_first_one(client, rfq, member_a):
    client.force_login(member_a)
    url = reverse("orders:rfq_quote", args=[rfq.pk])
    page = client.get(url).content.decode()
    line = rfq.lines.get()
    data = {
        "action": "quote",
        f"l{line.pk}_qty1": "1",
        f"l{line.pk}_price1": "150",
        FIELD: token(page, 'id="quote-form"'),
    }
    first, second = _twice(client, url, data)
    _replayed(first, second)
    assert first.url == reverse("orders:quote_detail", args=[Quote.objects.get().pk])


def test_a_double_posted_order_from_a_quote_records_once(client, buyer, quoted):
    client.force_login(buyer)
    quote = quoted.quote
    url = reverse("orders:po_from_quote", args=[quoted.pk, quote.pk])
    page = client.get(reverse("orders:rfq_detail", args=[quoted.pk])).content.decode()
    prefix = f"quote{quote.pk}"
    ql = quote.lines.get()
    data = {
        f"{prefix}-number": "PO-Q",
        f"{prefix}-order_date": "2026-10-01",
        f"{prefix}-promised_date": "2026-10-20",
        f"{prefix}-q{ql.pk}_take": "on",
        f"{prefix}-q{ql.pk}_qty": "5",
        FIELD: token(page, url),
    }
    first, second = _twice(client, url, data)
    _replayed(first, second)
    assert first.url == reverse("orders:po_detail", args=[PurchaseOrder.objects.get().pk])


def test_a_double_posted_award_records_once(client, buyer, quoted, firm_a):
    client.force_login(buyer)
    url = reverse("orders:rfq_award", args=[quoted.pk])
    page = client.get(reverse("orders:rfq_detail", args=[quoted.pk])).content.decode()
    line = quoted.lines.get()
    data = {
        "number_prefix": "AW",
        "order_date": "2026-10-01",
        f"a{line.pk}_supplier": str(firm_a.pk),
        f"a{line.pk}_qty": "5",
        f"a{line.pk}_promised": "2026-10-20",
        FIELD: token(page, 'id="award"'),
    }
    first, second = _twice(client, url, data)
    _replayed(first, second)
    assert PurchaseOrder.objects.count() == 1


def test_double_posted_attachments_are_stored_once(client, buyer, rfq):
    client.force_login(buyer)
    url = reverse("orders:rfq_attach", args=[rfq.pk])
    page = client.get(reverse("orders:rfq_detail", args=[rfq.pk])).content.decode()
    form_token = token(page, url)

    def post():
        drawing = SimpleUploadedFile("図面.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
        return client.post(url, {"files": [drawing], "file_kind": "drawing", FIELD: form_token})

    first, second = post(), post()
    _replayed(first, second)
    assert Attachment.objects.count() == 1


def _daily_post(page, process):
    return {
        "work_date": "2026-09-08",
        "worker_name": "赤城 花子",
        "notes": "",
        "e-TOTAL_FORMS": "1",
        "e-INITIAL_FORMS": "0",
        "e-MIN_NUM_FORMS": "0",
        "e-MAX_NUM_FORMS": "1000",
        "e-0-description": "NC旋盤 加工",
        "e-0-process": str(process.pk),
        "e-0-hours": "5",
        FIELD: token(page),
    }


def test_a_double_posted_daily_report_records_once(client, member_a):
    client.force_login(member_a)
    page = client.get(reverse("orders:daily_new")).content.decode()
    data = _daily_post(page, Process.objects.get(code="turning"))
    first, second = _twice(client, reverse("orders:daily_new"), data)
    _replayed(first, second)
    assert DailyReport.objects.count() == 1


def test_double_posted_prices_record_once(client, buyer, firm_b):
    client.force_login(buyer)
    page = client.get(reverse("orders:price_list")).content.decode()
    data = {
        "supplier": firm_b.pk,
        "description": "カバー 塗装",
        "unit_price": "220",
        "effective_from": "2026-04-01",
        "reason": "年次改定",
        FIELD: token(page),
    }
    first, second = _twice(client, reverse("orders:price_list"), data)
    _replayed(first, second)
    assert PriceRevision.objects.count() == 1
    revision = PriceRevision.objects.get()
    url = reverse("orders:price_detail", args=[revision.pk])
    page = client.get(url).content.decode()
    data = {
        "unit_price": "230",
        "effective_from": "2026-10-01",
        "reason": "材料費高騰",
        FIELD: token(page),
    }
    first, second = _twice(client, url, data)
    _replayed(first, second)
    assert PriceRevision.objects.count() == 2


def test_a_refused_submit_keeps_its_token_for_the_corrected_one(client, buyer, po_line):
    client.force_login(buyer)
    page = client.get(reverse("orders:po_detail", args=[po_line.po_id])).content.decode()
    url = reverse("orders:receipt_new", args=[po_line.po_id, po_line.pk])
    prefix = f"r{po_line.pk}"
    form_token = token(page, url)
    data = {f"{prefix}-received_date": "2026-10-15", FIELD: form_token}
    refused = client.post(url, {**data, f"{prefix}-qty_received": "11"})  # over-delivery
    assert refused.status_code == 422 and not Receipt.objects.exists()
    assert token(refused.content.decode(), url) == form_token
    corrected = client.post(url, {**data, f"{prefix}-qty_received": "10"})
    assert corrected.status_code == 302 and Receipt.objects.count() == 1
    again = client.post(url, {**data, f"{prefix}-qty_received": "10"})
    assert again.status_code == 302 and Receipt.objects.count() == 1


@pytest.mark.parametrize("forged", ["someone-else", "other-form", "garbage"])
def test_a_token_of_another_user_or_form_is_refused(client, buyer, po_line, forged, firm_a):
    url = reverse("orders:receipt_new", args=[po_line.po_id, po_line.pk])
    other = Client()
    if forged == "someone-else":
        colleague = BuyerFactory(username="colleague", organization=buyer.organization)
        other.force_login(colleague)
        page = other.get(reverse("orders:po_detail", args=[po_line.po_id])).content.decode()
        value = token(page, url)
    elif forged == "other-form":
        other.force_login(buyer)
        value = token(other.get(reverse("orders:rfq_new")).content.decode())
    else:
        value = "not-a-token"
    client.force_login(buyer)
    prefix = f"r{po_line.pk}"
    response = client.post(
        url,
        {f"{prefix}-received_date": "2026-10-15", f"{prefix}-qty_received": "1", FIELD: value},
    )
    assert response.status_code == 422
    assert "画面を開き直して" in response.content.decode()
    assert not Receipt.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("concurrent_db")
def test_two_simultaneous_posts_of_one_form_record_once(member_a):
    """Two requests with the same token at the same moment, each on its own connection."""
    client = Client()
    client.force_login(member_a)
    page = client.get(reverse("orders:daily_new")).content.decode()
    data = _daily_post(page, Process.objects.get(code="turning"))

    def post(_i):
        mine = Client()
        mine.cookies = client.cookies
        return mine.post(reverse("orders:daily_new"), data)

    answers, errors = in_threads(4, post)
    assert not errors, errors
    assert [a.status_code for a in answers] == [302] * 4
    assert len({a.url for a in answers}) == 1
    assert DailyReport.objects.count() == 1


def test_forms_without_a_token_still_work(client, buyer, po_line):
    """Scripts and older pages that send no token are not deduplicated, but still limited."""
    client.force_login(buyer)
    url = reverse("orders:receipt_new", args=[po_line.po_id, po_line.pk])
    prefix = f"r{po_line.pk}"
    data = {f"{prefix}-received_date": "2026-10-15", f"{prefix}-qty_received": "6"}
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 422  # 12 of 10: the quantity limit holds
    assert Receipt.objects.count() == 1
