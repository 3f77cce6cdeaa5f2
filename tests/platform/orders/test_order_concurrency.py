"""Parallel writes on one order line, each thread on its own database connection (SQLite file
or PostgreSQL): the limits hold under the row lock, however many requests arrive at once."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from renkei.orders import services
from renkei.orders.models import OrderLine, Receipt
from tests.concurrency import concurrent_db, in_threads  # noqa: F401 - the fixture

D = dt.date
THREADS = 20
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("concurrent_db"),
]


def _line(buyer, supplier, tolerance=0):
    po = services.purchase_order_create(
        actor=buyer,
        buyer=buyer.organization,
        supplier=supplier,
        number="PO-PAR",
        order_date=D(2026, 10, 1),
        lines=[
            {
                "description": "ピン",
                "qty_ordered": 10,
                "unit_price": 50,
                "promised_date": D(2026, 10, 20),
                "over_delivery_tolerance_pct": tolerance,
            }
        ],
    )
    return po.lines.get()


def _received(line) -> Decimal:
    return sum((r.qty_received for r in Receipt.objects.filter(order_line=line)), Decimal(0))


def _only_refusals(errors):
    unexpected = [e for e in errors if not isinstance(e, ValidationError)]
    assert not unexpected, unexpected


def test_20_parallel_receipts_on_a_10_unit_line_record_at_most_10(buyer, firm_a):
    line = _line(buyer, firm_a)

    def receive(_i):
        return services.receipt_record(
            actor=buyer, order_line=line, received_date=D(2026, 10, 15), qty_received=1
        )

    done, errors = in_threads(THREADS, receive)
    _only_refusals(errors)
    assert _received(line) == 10
    assert len(done) == 10 and len(errors) == THREADS - 10


def test_parallel_confirmed_over_deliveries_stop_at_the_tolerance(buyer, firm_a):
    line = _line(buyer, firm_a, tolerance=10)  # 10 ordered, 11 at most

    def receive(_i):
        return services.receipt_record(
            actor=buyer,
            order_line=line,
            received_date=D(2026, 10, 15),
            qty_received=1,
            accept_over_delivery=True,
        )

    done, errors = in_threads(THREADS, receive)
    _only_refusals(errors)
    assert _received(line) == 11 and len(done) == 11


def test_parallel_orders_from_one_quote_line_stay_within_the_quoted_quantity(
    buyer, member_a, firm_a
):
    rfq = services.rfq_create(
        actor=buyer,
        buyer=buyer.organization,
        title="並行発注",
        lines=[{"description": "フランジ", "quantity": 10}],
        recipients=[firm_a],
    )
    rfq_line = rfq.lines.get()
    quote = services.quote_submit(
        actor=member_a, rfq=rfq, supplier=firm_a, prices={rfq_line: [(1, 1000)]}
    )
    quote_line = quote.lines.get()

    def order(i):
        return services.purchase_order_create(
            actor=buyer,
            buyer=buyer.organization,
            supplier=firm_a,
            number=f"PO-{i}",
            order_date=D(2026, 10, 1),
            lines=[{"quote_line": quote_line, "qty_ordered": 1, "promised_date": D(2026, 10, 20)}],
            split_order=True,
        )

    done, errors = in_threads(THREADS, order)
    _only_refusals(errors)
    ordered = [ol.qty_ordered for ol in OrderLine.objects.filter(rfq_line=rfq_line)]
    assert sum(ordered) == 10 and len(done) == 10


@pytest.mark.parametrize("confirm", [False, True], ids=["unconfirmed", "confirmed"])
def test_parallel_big_receipts_never_pass_the_open_quantity(buyer, firm_a, confirm):
    """Each receipt alone fits (6 of 10); two together do not, whichever commits first."""
    line = _line(buyer, firm_a, tolerance=10)

    def receive(_i):
        return services.receipt_record(
            actor=buyer,
            order_line=line,
            received_date=D(2026, 10, 15),
            qty_received=6,
            accept_over_delivery=confirm,
        )

    done, errors = in_threads(THREADS, receive)
    _only_refusals(errors)
    assert _received(line) == 6 and len(done) == 1
