"""Orders within limits: a quote line is ordered once (or split on purpose) and never beyond the
quoted quantity without an explicit increase; a fully ordered line or a closed RFQ is not
ordered again; a delivery above the open quantity needs the buyer's confirmation and stays
within the line's over-delivery tolerance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from renkei.orders import services
from renkei.orders.models import OrderLine, PurchaseOrder, Receipt, RfqStatus

D = dt.date


def codes(exc: ValidationError) -> set[str]:
    errors = exc.error_dict.values() if hasattr(exc, "error_dict") else [exc.error_list]
    return {e.code for group in errors for e in group}


@pytest.fixture
def quoted(buyer, member_a, member_b, firm_a, firm_b):
    """A 10-unit RFQ line (and a second line) quoted by both firms."""
    rfq = services.rfq_create(
        actor=buyer,
        buyer=buyer.organization,
        title="フランジ見積",
        lines=[
            {"description": "フランジ", "quantity": 10},
            {"description": "ボルト", "quantity": 100},
        ],
        recipients=[firm_a, firm_b],
    )
    flange, bolt = rfq.lines.all()
    quote_a = services.quote_submit(
        actor=member_a, rfq=rfq, supplier=firm_a, prices={flange: [(1, 1000)], bolt: [(1, 5)]}
    )
    quote_b = services.quote_submit(
        actor=member_b, rfq=rfq, supplier=firm_b, prices={flange: [(1, 990)]}
    )
    rfq.flange, rfq.bolt = flange, bolt
    rfq.quote_a, rfq.quote_b = quote_a, quote_b
    return rfq


def _order(buyer, quote, rfq_line, qty, number, **flags):
    return services.purchase_order_create(
        actor=buyer,
        buyer=buyer.organization,
        supplier=quote.supplier,
        number=number,
        order_date=D(2026, 10, 1),
        lines=[
            {
                "quote_line": quote.lines.get(rfq_line=rfq_line),
                "qty_ordered": qty,
                "promised_date": D(2026, 10, 20),
            }
        ],
        **flags,
    )


def _ordered(rfq_line) -> Decimal:
    return sum((ol.qty_ordered for ol in OrderLine.objects.filter(rfq_line=rfq_line)), Decimal(0))


# --- one order per quote line, never beyond the quoted quantity -------------------------------


def test_210_units_against_a_10_unit_quote_are_refused(buyer, quoted):
    """The attack: the same quote ordered again and again (21 × 10 = 210 against 10)."""
    _order(buyer, quoted.quote_a, quoted.flange, 10, "PO-1")
    refused = []
    for n in range(2, 22):
        try:
            _order(buyer, quoted.quote_a, quoted.flange, 10, f"PO-{n}")
        except ValidationError as e:
            refused.append(codes(e))
    assert len(refused) == 20
    assert all("rfq_line_fully_ordered" in c for c in refused), refused
    assert _ordered(quoted.flange) == 10
    assert PurchaseOrder.objects.count() == 1


def test_one_order_above_the_quoted_quantity_needs_an_explicit_increase(buyer, quoted):
    with pytest.raises(ValidationError) as refused:
        _order(buyer, quoted.quote_a, quoted.flange, 210, "PO-1")
    assert "quote_quantity_exceeded" in codes(refused.value)
    assert "10" in " ".join(refused.value.messages)
    assert not PurchaseOrder.objects.exists()
    _order(buyer, quoted.quote_a, quoted.flange, 12, "PO-1", quantity_increase_confirmed=True)
    assert _ordered(quoted.flange) == 12


def test_a_second_order_of_a_partly_ordered_line_must_be_a_deliberate_split(buyer, quoted):
    _order(buyer, quoted.quote_a, quoted.flange, 6, "PO-1")
    with pytest.raises(ValidationError) as refused:
        _order(buyer, quoted.quote_a, quoted.flange, 4, "PO-2")
    assert "rfq_line_already_ordered" in codes(refused.value)
    assert "PO-1" in " ".join(refused.value.messages)
    # Split on purpose: the rest of the quoted quantity, not more.
    with pytest.raises(ValidationError) as beyond:
        _order(buyer, quoted.quote_a, quoted.flange, 5, "PO-2", split_order=True)
    assert "quote_quantity_exceeded" in codes(beyond.value)
    _order(buyer, quoted.quote_a, quoted.flange, 4, "PO-2", split_order=True)
    assert _ordered(quoted.flange) == 10


def test_the_same_line_from_another_suppliers_quote_counts_too(buyer, quoted):
    """Ordering the 10 from firm_a and 10 more from firm_b is a double order (二重発注)."""
    _order(buyer, quoted.quote_a, quoted.flange, 10, "PO-1")
    with pytest.raises(ValidationError) as refused:
        _order(buyer, quoted.quote_b, quoted.flange, 10, "PO-2", split_order=True)
    assert "rfq_line_fully_ordered" in codes(refused.value)
    assert PurchaseOrder.objects.count() == 1


def test_a_fully_ordered_line_is_closed_even_with_every_flag(buyer, quoted):
    _order(buyer, quoted.quote_a, quoted.flange, 10, "PO-1")
    with pytest.raises(ValidationError) as refused:
        _order(
            buyer,
            quoted.quote_a,
            quoted.flange,
            1,
            "PO-2",
            split_order=True,
            quantity_increase_confirmed=True,
        )
    assert "rfq_line_fully_ordered" in codes(refused.value)
    assert "既に" in " ".join(refused.value.messages)


def test_a_closed_rfq_is_not_ordered_again_from_its_quotes(buyer, quoted, firm_a):
    services.purchase_orders_from_award(
        actor=buyer,
        rfq=quoted,
        award_lines=[
            {
                "rfq_line": quoted.flange,
                "supplier": firm_a,
                "qty_ordered": 10,
                "promised_date": D(2026, 10, 20),
            },
            {
                "rfq_line": quoted.bolt,
                "supplier": firm_a,
                "qty_ordered": 50,
                "promised_date": D(2026, 10, 20),
            },
        ],
        order_date=D(2026, 10, 1),
        number_prefix="AW",
    )
    quoted.refresh_from_db()
    assert quoted.status == RfqStatus.CLOSED
    # The bolt line is only half ordered, but the RFQ is closed: no order from it any more.
    with pytest.raises(ValidationError) as refused:
        _order(buyer, quoted.quote_a, quoted.bolt, 10, "PO-AGAIN", split_order=True)
    assert "rfq_closed" in codes(refused.value)
    assert PurchaseOrder.objects.count() == 1


def test_an_order_naming_the_rfq_line_directly_is_limited_too(buyer, quoted, firm_a):
    """Without a quote line but with ``rfq_line``: the same limits, no way around them."""
    _order(buyer, quoted.quote_a, quoted.flange, 10, "PO-1")
    with pytest.raises(ValidationError) as refused:
        services.purchase_order_create(
            actor=buyer,
            buyer=buyer.organization,
            supplier=firm_a,
            number="PO-2",
            order_date=D(2026, 10, 1),
            lines=[
                {
                    "rfq_line": quoted.flange,
                    "description": "フランジ",
                    "qty_ordered": 200,
                    "unit_price": 1000,
                    "promised_date": D(2026, 10, 20),
                }
            ],
        )
    assert "rfq_line_fully_ordered" in codes(refused.value)


def test_the_award_refuses_a_line_already_ordered_from_a_quote(buyer, quoted, firm_a):
    _order(buyer, quoted.quote_a, quoted.flange, 10, "PO-1")
    with pytest.raises(ValidationError) as refused:
        services.purchase_orders_from_award(
            actor=buyer,
            rfq=quoted,
            award_lines=[
                {
                    "rfq_line": quoted.flange,
                    "supplier": firm_a,
                    "qty_ordered": 10,
                    "promised_date": D(2026, 10, 20),
                }
            ],
            order_date=D(2026, 10, 1),
            number_prefix="AW",
        )
    assert "rfq_line_fully_ordered" in codes(refused.value)
    assert PurchaseOrder.objects.count() == 1


def test_the_order_page_refuses_in_japanese_and_splits_on_purpose(client, buyer, quoted):
    client.force_login(buyer)
    quote = quoted.quote_a
    prefix = f"quote{quote.pk}"
    ql = quote.lines.get(rfq_line=quoted.flange)
    url = reverse("orders:po_from_quote", args=[quoted.pk, quote.pk])

    def post(number, qty, **extra):
        data = {
            f"{prefix}-number": number,
            f"{prefix}-order_date": "2026-10-01",
            f"{prefix}-promised_date": "2026-10-20",
            f"{prefix}-q{ql.pk}_take": "on",
            f"{prefix}-q{ql.pk}_qty": str(qty),
        }
        data.update({f"{prefix}-{k}": v for k, v in extra.items()})
        return client.post(url, data)

    too_many = post("PO-1", 210)
    assert too_many.status_code == 422
    assert "見積数量" in too_many.content.decode()
    assert post("PO-1", 6).status_code == 302
    again = post("PO-2", 4)
    assert again.status_code == 422
    assert "分割発注" in again.content.decode()
    assert post("PO-2", 4, split_order="on").status_code == 302
    closed = post("PO-3", 1, split_order="on", quantity_increase_confirmed="on")
    assert closed.status_code == 422 and "既に" in closed.content.decode()
    assert _ordered(quoted.flange) == 10


# --- receipts within the open quantity, over-delivery only confirmed and within tolerance -----


@pytest.fixture
def ten(buyer, firm_a):
    """A 10-unit order line with a 10 % over-delivery tolerance, and one with none."""
    po = services.purchase_order_create(
        actor=buyer,
        buyer=buyer.organization,
        supplier=firm_a,
        number="PO-R",
        order_date=D(2026, 10, 1),
        lines=[
            {
                "description": "ピン",
                "qty_ordered": 10,
                "unit_price": 50,
                "promised_date": D(2026, 10, 20),
                "over_delivery_tolerance_pct": 10,
            },
            {
                "description": "カラー",
                "qty_ordered": 10,
                "unit_price": 50,
                "promised_date": D(2026, 10, 20),
            },
        ],
    )
    return po.lines.get(line_no=1), po.lines.get(line_no=2)


def _receive(buyer, line, qty, **kw):
    return services.receipt_record(
        actor=buyer, order_line=line, received_date=D(2026, 10, 15), qty_received=qty, **kw
    )


def _received(line) -> Decimal:
    return sum((r.qty_received for r in Receipt.objects.filter(order_line=line)), Decimal(0))


def test_receipts_beyond_the_ordered_quantity_are_refused_without_confirmation(buyer, ten):
    pin, collar = ten
    _receive(buyer, collar, 10)
    with pytest.raises(ValidationError) as refused:
        _receive(buyer, collar, 1)  # no tolerance: no confirmation would help, and it says so
    assert "over_delivery_beyond_tolerance" in codes(refused.value)
    assert "過納" in " ".join(refused.value.messages)
    _receive(buyer, pin, 8)
    with pytest.raises(ValidationError) as unconfirmed:
        _receive(buyer, pin, 3)  # within the 10 % but not confirmed
    assert "over_delivery_unconfirmed" in codes(unconfirmed.value)
    assert "過納を受け入れる" in " ".join(unconfirmed.value.messages)
    assert (_received(pin), _received(collar)) == (8, 10)


def test_over_delivery_within_tolerance_is_accepted_when_confirmed(buyer, ten):
    pin, _collar = ten
    _receive(buyer, pin, 8)
    _receive(buyer, pin, 3, accept_over_delivery=True)  # 11 of 10, tolerance 10 % = 11
    assert _received(pin) == 11


def test_over_delivery_beyond_tolerance_is_refused_even_when_confirmed(buyer, ten):
    pin, collar = ten
    with pytest.raises(ValidationError) as refused:
        _receive(buyer, pin, 12, accept_over_delivery=True)
    assert "over_delivery_beyond_tolerance" in codes(refused.value)
    with pytest.raises(ValidationError) as none_allowed:
        _receive(buyer, collar, 11, accept_over_delivery=True)  # default tolerance 0 %
    assert "over_delivery_beyond_tolerance" in codes(none_allowed.value)
    assert _received(pin) == _received(collar) == 0


def test_rejected_parts_are_replaced_without_counting_as_over_delivery(buyer, ten):
    """A delivery of 10 with 2 rejected (returned) leaves 2 open for the replacements."""
    _pin, collar = ten
    _receive(buyer, collar, 10, qty_inspected=10, qty_rejected=2, defect_class="dimension")
    _receive(buyer, collar, 2)
    with pytest.raises(ValidationError):
        _receive(buyer, collar, 1)


def test_a_negative_tolerance_is_refused(buyer, firm_a):
    with pytest.raises(ValidationError):
        services.purchase_order_create(
            actor=buyer,
            buyer=buyer.organization,
            supplier=firm_a,
            number="PO-N",
            order_date=D(2026, 10, 1),
            lines=[
                {
                    "description": "ピン",
                    "qty_ordered": 10,
                    "unit_price": 50,
                    "promised_date": D(2026, 10, 20),
                    "over_delivery_tolerance_pct": -5,
                }
            ],
        )


def test_the_receipt_page_asks_for_the_over_delivery_confirmation(client, buyer, ten):
    pin, _collar = ten
    client.force_login(buyer)
    url = reverse("orders:receipt_new", args=[pin.po_id, pin.pk])
    prefix = f"r{pin.pk}"
    data = {f"{prefix}-received_date": "2026-10-15", f"{prefix}-qty_received": "11"}
    page = client.get(reverse("orders:po_detail", args=[pin.po_id])).content.decode()
    assert "過納を受け入れる" in page
    refused = client.post(url, data)
    assert refused.status_code == 422
    assert "過納" in refused.content.decode()
    assert not Receipt.objects.exists()
    accepted = client.post(url, {**data, f"{prefix}-accept_over_delivery": "on"})
    assert accepted.status_code == 302
    assert _received(pin) == 11
