"""Submitting twice (a double click, a second tab, two requests at once) is refused with a clear
Japanese message and writes nothing more."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.urls import reverse

from renkei.orders import services
from renkei.orders.models import PurchaseOrder, Quote, QuotePriceBreak

D = dt.date


@pytest.fixture
def open_rfq(buyer, firm_a, firm_b):
    return services.rfq_create(
        actor=buyer,
        buyer=buyer.organization,
        title="カバー見積",
        lines=[
            {"description": "カバー", "quantity": 20},
            {"description": "ピン", "quantity": 200},
        ],
        recipients=[firm_a, firm_b],
    )


def _quote_post(rfq, price="150"):
    data = {"action": "quote", "lead_time_days": "7"}
    for line in rfq.lines.all():
        data[f"l{line.pk}_qty1"] = "1"
        data[f"l{line.pk}_price1"] = price
    return data


def test_a_second_quote_submit_is_refused_and_keeps_the_first(client, open_rfq, member_a):
    client.force_login(member_a)
    url = reverse("orders:rfq_quote", args=[open_rfq.pk])
    assert client.post(url, _quote_post(open_rfq)).status_code == 302
    again = client.post(url, _quote_post(open_rfq, price="99"))
    assert again.status_code in (409, 422)
    assert Quote.objects.filter(rfq=open_rfq).count() == 1
    assert not QuotePriceBreak.objects.filter(unit_price=99).exists()


def test_two_quote_submits_at_once_give_a_clear_refusal_not_a_500(
    open_rfq, member_a, firm_a, monkeypatch
):
    """The race: the second request checked for a quote before the first one committed, so
    neither the page's check, the service's nor full_clean sees it; the database's unique
    constraint is the last word and must become the same clear refusal."""
    first = services.quote_submit(
        actor=member_a,
        rfq=open_rfq,
        supplier=firm_a,
        prices={line: [(1, 150)] for line in open_rfq.lines.all()},
    )
    monkeypatch.setattr(services, "_answered_quote", lambda rfq, supplier: None)
    original = Model.validate_constraints

    def blind(self, exclude=None):
        if not isinstance(self, Quote):
            original(self, exclude)

    monkeypatch.setattr(Model, "validate_constraints", blind)
    monkeypatch.setattr(Model, "validate_unique", lambda self, exclude=None: None)
    with pytest.raises(ValidationError) as refused:
        services.quote_submit(
            actor=member_a,
            rfq=open_rfq,
            supplier=firm_a,
            prices={line: [(1, 99)] for line in open_rfq.lines.all()},
        )
    assert refused.value.code == "quote_already_answered"
    assert list(Quote.objects.filter(rfq=open_rfq)) == [first]
    assert not QuotePriceBreak.objects.filter(unit_price=99).exists()


def test_a_second_award_submit_is_refused_clearly(client, open_rfq, buyer, member_a, firm_a):
    services.quote_submit(
        actor=member_a,
        rfq=open_rfq,
        supplier=firm_a,
        prices={line: [(1, 100)] for line in open_rfq.lines.all()},
    )
    cover = open_rfq.lines.get(line_no=1)
    data = {
        "number_prefix": "PO-X",
        "order_date": "2026-11-24",
        f"a{cover.pk}_supplier": str(firm_a.pk),
        f"a{cover.pk}_qty": "20",
        f"a{cover.pk}_promised": "2026-12-01",
    }
    client.force_login(buyer)
    url = reverse("orders:rfq_award", args=[open_rfq.pk])
    assert client.post(url, data).status_code == 302  # a partial award: the RFQ stays open
    again = client.post(url, data)
    assert again.status_code in (409, 422)
    text = again.content.decode()
    assert "PO-X-1" in text and "既に" in text, text
    assert PurchaseOrder.objects.count() == 1
