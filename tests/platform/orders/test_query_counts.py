"""The list pages do not query once per row: measured on a world of 30 order lines (and as many
receipts, daily entries, prices and quotes), each page stays under a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from renkei.orders import daily, prices, services
from renkei.registry.models import Process
from tests.factories import MemberFactory, OrganizationFactory

D = dt.date
TODAY = D(2026, 10, 15)
N = 30


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


@pytest.fixture
def big_world(buyer, member_a, firm_a):
    """Six suppliers quoting one RFQ of ``N`` lines with two price breaks each; ``N`` order
    lines spread over them, each received and inspected; daily reports of firm_a on its
    lines; ``N`` agreed prices of the buyer."""
    org = buyer.organization
    suppliers = [firm_a] + [OrganizationFactory() for _ in range(5)]
    members = [member_a] + [MemberFactory(organization=s) for s in suppliers[1:]]
    rfq = services.rfq_create(
        actor=buyer,
        buyer=org,
        title="大型見積",
        lines=[{"description": f"部品{n}", "quantity": 10} for n in range(N)],
        recipients=suppliers,
    )
    lines = list(rfq.lines.all())
    for member, supplier in zip(members, suppliers, strict=True):
        services.quote_submit(
            actor=member,
            rfq=rfq,
            supplier=supplier,
            prices={line: [(1, 100), (5, 90)] for line in lines},
        )
    process = Process.objects.get(code="turning")
    for n in range(N):
        supplier = suppliers[n % len(suppliers)]
        po = services.purchase_order_create(
            actor=buyer,
            buyer=org,
            supplier=supplier,
            number=f"PO-{n}",
            order_date=D(2026, 9, 1),
            lines=[
                {
                    "description": f"部品{n}",
                    "qty_ordered": 10,
                    "unit_price": 100,
                    "promised_date": D(2026, 9, 20),
                }
            ],
        )
        line = po.lines.get()
        services.receipt_record(
            actor=buyer,
            order_line=line,
            received_date=D(2026, 9, 18),
            qty_received=10,
            qty_inspected=10,
            qty_rejected=1,
            defect_class="dimension",
        )
        prices.price_revise(
            actor=buyer,
            buyer=org,
            supplier=supplier,
            description=f"部品{n}",
            unit_price=100 + n,
            effective_from=D(2026, 1, 1),
        )
        if supplier == firm_a:
            daily.daily_report_save(
                actor=member_a,
                organization=firm_a,
                work_date=D(2026, 10, 1 + n % 10),
                worker_name=f"作業者{n}",
                entries=[
                    {"process": process, "hours": 2, "qty_produced": 5, "order_line": line},
                    {"process": process, "hours": 1, "description": "段取り"},
                ],
                today=TODAY,
            )
    return rfq


@pytest.mark.parametrize(
    ("who", "name", "query", "limit"),
    [
        ("buyer", "qcd:scorecard_list", {}, 12),
        ("buyer", "orders:outsourcing", {}, 10),
        ("buyer", "orders:price_list", {}, 12),
        ("member_a", "orders:price_list", {}, 12),
        ("member_a", "orders:daily_month", {"month": "2026-10"}, 14),
        ("buyer", "orders:rfq_detail", None, 32),  # a few per supplier (6)
        ("member_a", "orders:rfq_quote", None, 15),
        ("buyer", "orders:po_list", {}, 8),
        ("buyer", "orders:rfq_list", {}, 10),
    ],
)
def test_list_pages_have_a_bounded_number_of_queries(
    client, request, big_world, django_assert_max_num_queries, who, name, query, limit
):
    client.force_login(request.getfixturevalue(who))
    url = reverse(name, args=[big_world.pk] if query is None else [])
    with django_assert_max_num_queries(limit):
        response = client.get(url, query or {})
    assert response.status_code == 200
