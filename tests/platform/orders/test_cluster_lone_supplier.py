"""The coordinator's monthly trend must not reveal one supplier's figure: a month counts the
suppliers that have each figure, not the suppliers that merely appear in it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from renkei.qcd.cluster import MIN_FIRMS, cluster_aggregates
from tests.factories import (
    BuyerOrganizationFactory,
    InspectionFactory,
    OrderLineFactory,
    OrganizationFactory,
    PurchaseOrderFactory,
    ReceiptFactory,
)

AS_OF = dt.date(2026, 10, 15)
AUGUST = "2026-08"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: AS_OF)


def _line(buyer, firm, *, promised, received, qty_received, rejected=0):
    po = PurchaseOrderFactory(buyer=buyer, supplier=firm, order_date=dt.date(2026, 6, 1))
    line = OrderLineFactory(po=po, qty_ordered=Decimal(1000), promised_date=promised)
    receipt = ReceiptFactory(
        order_line=line, received_date=received, qty_received=Decimal(qty_received)
    )
    InspectionFactory(
        receipt=receipt,
        qty_inspected=Decimal(qty_received),
        qty_rejected=Decimal(rejected),
        defect_class="dimension" if rejected else "",
    )


@pytest.fixture
def lone_august(db):
    """In August 2026 seven suppliers appear, but only ``lone`` has a line due (613 of 1,000
    delivered on time); the six others only delivered in August, early, for lines due in
    September."""
    buyer = BuyerOrganizationFactory()
    lone = OrganizationFactory(name="八月単独工業株式会社")
    _line(
        buyer,
        lone,
        promised=dt.date(2026, 8, 20),
        received=dt.date(2026, 8, 18),
        qty_received=613,
        rejected=0,
    )
    for _ in range(MIN_FIRMS - 1):
        # Delivered early, in August, for a line promised in September: in August these
        # suppliers have a receipt but no due line.
        _line(
            buyer,
            OrganizationFactory(),
            promised=dt.date(2026, 9, 25),
            received=dt.date(2026, 8, 5),
            qty_received=1000,
        )
    return lone


def test_a_month_with_one_due_supplier_does_not_show_its_delivery_figures(lone_august):
    trend = {t["month"]: t for t in cluster_aggregates(as_of=AS_OF)["trend"]}
    august = trend[AUGUST]
    assert august["suppliers"] == MIN_FIRMS  # seven appear in August ...
    row = august["row"]
    # ... but the delivery figures of August are one supplier's own: withheld.
    assert row is None or (row.otd_qty is None and row.otif_lines is None)
    assert row is None or row.lead_time_days_median is None


def test_the_chart_and_table_never_carry_the_lone_suppliers_rate(client, lone_august, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("qcd:qcd_aggregates"))
    assert response.status_code == 200
    chart = response.context["chart"]
    august = chart["months"].index(AUGUST)
    assert chart["otd_qty"][august] is None
    assert chart["otif_lines"][august] is None
    assert "61.3" not in response.content.decode()
