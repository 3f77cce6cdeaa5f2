from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from renkei.orders import services
from tests.factories import BuyerFactory

D = dt.date


@pytest.fixture
def buyer2(db):
    return BuyerFactory(username="buyer2")


@pytest.fixture
def world(buyer, buyer2, member_a, member_b, firm_a, firm_b, coordinator):
    """Two buyers, two suppliers: buyer's RFQ went to both firms (both quoted), buyer2's RFQ
    to firm_a only; buyer ordered from firm_a, buyer2 from firm_b."""
    b1, b2 = buyer.organization, buyer2.organization
    rfq1 = services.rfq_create(
        actor=buyer,
        buyer=b1,
        title="ブラケット見積",
        lines=[{"description": "ブラケット", "quantity": 100}],
        recipients=[firm_a, firm_b],
    )
    rfq2 = services.rfq_create(
        actor=buyer2,
        buyer=b2,
        title="シャフト見積",
        lines=[{"description": "シャフト", "quantity": 50}],
        recipients=[firm_a],
    )
    line1 = rfq1.lines.get()
    quote_a = services.quote_submit(
        actor=member_a, rfq=rfq1, supplier=firm_a, prices={line1: [(1, 130), (100, 120)]}
    )
    quote_b = services.quote_submit(
        actor=member_b, rfq=rfq1, supplier=firm_b, prices={line1: [(1, 125)]}
    )
    po1 = services.purchase_order_create(
        actor=buyer,
        buyer=b1,
        supplier=firm_a,
        number="PO-1",
        order_date=D(2026, 9, 1),
        lines=[
            {
                "quote_line": quote_a.lines.get(),
                "qty_ordered": 100,
                "promised_date": D(2026, 9, 10),
            }
        ],
    )
    po2 = services.purchase_order_create(
        actor=buyer2,
        buyer=b2,
        supplier=firm_b,
        number="PO-1",
        order_date=D(2026, 9, 2),
        lines=[
            {
                "description": "シャフト",
                "qty_ordered": 50,
                "unit_price": 300,
                "promised_date": D(2026, 9, 20),
            }
        ],
    )
    return SimpleNamespace(rfq1=rfq1, rfq2=rfq2, quote_a=quote_a, quote_b=quote_b, po1=po1, po2=po2)
