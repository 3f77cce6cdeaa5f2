"""Orders entered through the services and read back as QCD figures; bad input refused."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import ValidationError

from renkei.engines.qcd import ALL_MONTHS
from renkei.orders import services
from renkei.orders.models import (
    DefectClass,
    Inspection,
    OrderLine,
    PurchaseOrder,
    Quote,
    QuoteStatus,
    Receipt,
    Rfq,
)
from renkei.orders.permissions import order_lines_visible_to
from renkei.qcd.adapters import qcd_data
from renkei.qcd.selectors import qcd_figures_for

D = dt.date


def codes(exc: ValidationError) -> set[str]:
    errors = exc.error_dict.values() if hasattr(exc, "error_dict") else [exc.error_list]
    return {e.code for group in errors for e in group}


@pytest.fixture
def l1(buyer, firm_a):
    """QCD.md's line L1: 100 ordered 2026-09-01, promised 2026-09-10."""
    po = services.purchase_order_create(
        actor=buyer,
        buyer=buyer.organization,
        supplier=firm_a,
        number="PO-L1",
        order_date=D(2026, 9, 1),
        lines=[
            {
                "description": "L1",
                "qty_ordered": 100,
                "unit_price": 120,
                "promised_date": D(2026, 9, 10),
            }
        ],
    )
    return po.lines.get()


def test_worked_example_through_services_and_the_engine(l1, buyer, member_a, firm_a):
    services.receipt_record(
        actor=buyer,
        order_line=l1,
        received_date=D(2026, 9, 8),
        qty_received=60,
        qty_inspected=60,
        qty_rejected=3,
        defect_class=DefectClass.BURR,
    )
    second = services.receipt_record(
        actor=buyer, order_line=l1, received_date=D(2026, 9, 12), qty_received=40
    )
    services.inspection_record(actor=buyer, receipt=second, qty_inspected=40, qty_rejected=0)

    # The buyer and the supplier read the same numbers: one computation path.
    for user in (buyer, member_a):
        result = qcd_figures_for(user, as_of=D(2026, 9, 30), supplier_id=firm_a.pk)
        rows = {row.month: row for row in result.rows}
        assert set(rows) == {"2026-09", ALL_MONTHS}
        sep = rows["2026-09"]
        assert sep.supplier_id == str(firm_a.pk)
        assert sep.lines_due == 1
        assert sep.otd_qty == pytest.approx(0.6)
        assert sep.otif_lines == 0
        assert sep.late_lines == 1
        assert sep.avg_days_late == pytest.approx(2)
        assert sep.defect_ppm == pytest.approx(30000)
        assert sep.lead_time_days_median == pytest.approx(11)
    assert LogEntry.objects.get_for_model(Inspection).filter(actor=buyer).count() == 2


def test_figures_follow_the_gate(l1, buyer, member_b, coordinator, firm_a):
    services.receipt_record(
        actor=buyer, order_line=l1, received_date=D(2026, 9, 8), qty_received=100
    )
    assert qcd_figures_for(member_b, as_of=D(2026, 9, 30)).rows == ()
    # The coordinator sees no firm's order lines, so no figures from them either.
    assert qcd_figures_for(coordinator, as_of=D(2026, 9, 30)).rows == ()
    assert len(qcd_figures_for(buyer, as_of=D(2026, 9, 30)).rows) == 2
    # Before the promise date nothing is due; the receipt still makes a month row.
    early = qcd_figures_for(buyer, as_of=D(2026, 9, 9))
    assert all(row.lines_due == 0 for row in early.rows)


def test_adapter_maps_partial_deliveries_and_uninspected_receipts(l1, buyer):
    services.receipt_record(
        actor=buyer, order_line=l1, received_date=D(2026, 9, 8), qty_received=60
    )
    services.receipt_record(
        actor=buyer, order_line=l1, received_date=D(2026, 9, 9), qty_received=40, qty_inspected=10
    )
    data = qcd_data(order_lines_visible_to(buyer))
    assert data.n_lines == 1
    assert data.n_receipts == 2
    assert data.supplier_ids == (str(l1.po.supplier_id),)
    assert data.buyer_ids == (str(buyer.organization_id),)
    assert sorted(data.qty_received.tolist()) == [40.0, 60.0]
    assert sorted(data.qty_inspected.tolist()) == [0.0, 10.0]


def test_order_from_a_quote_takes_the_price_break(world):
    line = world.po1.lines.get()
    # 100 ordered reaches the 100-piece break of firm_a's quote (130 from 1, 120 from 100).
    assert line.unit_price == Decimal("120")
    assert line.description == "ブラケット"
    assert world.po1.rfq == world.rfq1


def test_a_supplier_answers_once(world, member_a, firm_a):
    with pytest.raises(ValidationError) as exc:
        services.quote_decline(actor=member_a, rfq=world.rfq1, supplier=firm_a)
    assert codes(exc.value) == {"quote_already_answered"}
    declined = services.quote_decline(
        actor=member_a, rfq=world.rfq2, supplier=firm_a, reason="設備能力不足"
    )
    assert declined.status == QuoteStatus.DECLINED
    assert Quote.objects.filter(rfq=world.rfq2).count() == 1


def test_po_number_unique_per_buyer(world, buyer, firm_b):
    with pytest.raises(ValidationError):
        services.purchase_order_create(
            actor=buyer,
            buyer=buyer.organization,
            supplier=firm_b,
            number="PO-1",
            order_date=D(2026, 9, 3),
            lines=[
                {
                    "description": "x",
                    "qty_ordered": 1,
                    "unit_price": 1,
                    "promised_date": D(2026, 9, 9),
                }
            ],
        )
    assert PurchaseOrder.objects.filter(number="PO-1").count() == 2  # one per buyer


# --- refused input, nothing written ---


def _counts():
    return tuple(m.objects.count() for m in (Rfq, PurchaseOrder, OrderLine, Receipt, Inspection))


@pytest.mark.parametrize("field", ["qty_ordered", "unit_price"])
def test_negative_order_values_refused(buyer, firm_a, field):
    before = _counts()
    line = {"description": "x", "qty_ordered": 10, "unit_price": 5, "promised_date": D(2026, 9, 9)}
    line[field] = -1
    with pytest.raises(ValidationError) as exc:
        services.purchase_order_create(
            actor=buyer,
            buyer=buyer.organization,
            supplier=firm_a,
            number="PO-NEG",
            order_date=D(2026, 9, 1),
            lines=[
                {
                    "description": "ok",
                    "qty_ordered": 1,
                    "unit_price": 1,
                    "promised_date": D(2026, 9, 9),
                },
                line,
            ],
        )
    assert codes(exc.value) & {"negative_quantity", "min_value"}
    assert _counts() == before


def test_negative_rfq_quantity_refused(buyer, firm_a):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.rfq_create(
            actor=buyer,
            buyer=buyer.organization,
            title="t",
            lines=[{"description": "x", "quantity": -5}],
            recipients=[firm_a],
        )
    assert codes(exc.value) == {"negative_quantity"}
    assert _counts() == before


@pytest.mark.parametrize(
    ("received", "inspected", "rejected", "code"),
    [
        (-1, None, 0, "negative_quantity"),
        (10, -1, 0, "negative_quantity"),
        (10, 10, -1, "negative_quantity"),
        (10, 5, 6, "rejected_exceeds_inspected"),
        (10, 11, 0, "inspected_exceeds_received"),
    ],
)
def test_bad_receipt_refused_with_nothing_written(l1, buyer, received, inspected, rejected, code):
    before = _counts()
    with pytest.raises(ValidationError) as exc:
        services.receipt_record(
            actor=buyer,
            order_line=l1,
            received_date=D(2026, 9, 8),
            qty_received=received,
            qty_inspected=inspected,
            qty_rejected=rejected,
            defect_class=DefectClass.DIMENSION,
        )
    assert code in codes(exc.value)
    assert _counts() == before


def test_bad_inspection_of_an_existing_receipt_refused(l1, buyer):
    receipt = services.receipt_record(
        actor=buyer, order_line=l1, received_date=D(2026, 9, 8), qty_received=50
    )
    for inspected, rejected, code in [
        (60, 0, "inspected_exceeds_received"),
        (5, 6, "rejected_exceeds_inspected"),
    ]:
        with pytest.raises(ValidationError) as exc:
            services.inspection_record(
                actor=buyer,
                receipt=receipt,
                qty_inspected=inspected,
                qty_rejected=rejected,
                defect_class=DefectClass.PLATING,
            )
        assert code in codes(exc.value)
    assert not Inspection.objects.exists()
    with pytest.raises(ValidationError) as exc:
        services.inspection_record(actor=buyer, receipt=receipt, qty_inspected=5, qty_rejected=1)
    assert codes(exc.value) == {"defect_class_missing"}
