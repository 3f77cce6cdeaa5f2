"""The outsourcing table (外注管理表): status from hand-made receipts, filters and totals, the
Excel export, and that only the ordering firm sees it."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from renkei.orders import services
from renkei.orders.outsourcing import Filters, Status, line_status, outsourcing_table

D = dt.date
TODAY = D(2026, 9, 30)


@pytest.mark.parametrize(
    ("received", "promised", "status"),
    [
        ("0", D(2026, 10, 5), Status.OPEN),
        ("40", D(2026, 10, 5), Status.PARTIAL),
        ("100", D(2026, 10, 5), Status.DELIVERED),
        ("0", D(2026, 9, 29), Status.LATE),
        ("40", D(2026, 9, 29), Status.LATE),
        ("100", D(2026, 9, 1), Status.DELIVERED),
        ("0", TODAY, Status.OPEN),  # due today: not late yet
    ],
)
def test_line_status(received, promised, status):
    got = line_status(
        ordered=Decimal("100"), received=Decimal(received), promised=promised, today=TODAY
    )
    assert got == status


# The fixture's orders are of 2026-09: an empty date shows every period (opened without a
# filter the page shows the last three months only).
ALL = {"date_from": ""}


@pytest.fixture
def outsourced(member_a, member_b, firm_a, firm_b, buyer):
    """firm_a (a machine shop) sends parts to firm_b for plating: three lines, hand-received."""
    po = services.purchase_order_create(
        actor=member_a,
        buyer=firm_a,
        supplier=firm_b,
        number="GC-2609-0001",
        order_date=D(2026, 9, 1),
        lines=[
            {
                "description": "シャフト 亜鉛めっき",
                "qty_ordered": 100,
                "unit_price": 35,
                "promised_date": D(2026, 9, 10),
            },
            {
                "description": "ブラケット 亜鉛めっき",
                "qty_ordered": 200,
                "unit_price": Decimal("12.5"),
                "promised_date": D(2026, 9, 15),
            },
            {
                "description": "カバー 塗装",
                "qty_ordered": 50,
                "unit_price": 220,
                # Not due yet whenever the test runs (the pages use today's date).
                "promised_date": timezone.localdate() + dt.timedelta(days=60),
            },
        ],
    )
    shaft, bracket, cover = po.lines.order_by("line_no")
    # The shaft: delivered in two parts, 2 rejected.
    services.receipt_record(
        actor=member_a,
        order_line=shaft,
        received_date=D(2026, 9, 9),
        qty_received=60,
        qty_inspected=60,
        qty_rejected=2,
        defect_class="plating",
    )
    services.receipt_record(
        actor=member_a,
        order_line=shaft,
        received_date=D(2026, 9, 12),
        qty_received=40,
        qty_inspected=40,
    )
    # The bracket: 150 of 200, and the promised date has passed.
    services.receipt_record(
        actor=member_a,
        order_line=bracket,
        received_date=D(2026, 9, 14),
        qty_received=150,
        qty_inspected=150,
    )
    # buyer's own order to firm_a is not an outsourced job of firm_a's.
    services.purchase_order_create(
        actor=buyer,
        buyer=buyer.organization,
        supplier=firm_a,
        number="PO-9",
        order_date=D(2026, 9, 1),
        lines=[
            {
                "description": "シャフト",
                "qty_ordered": 100,
                "unit_price": 300,
                "promised_date": D(2026, 9, 20),
            }
        ],
    )
    return shaft, bracket, cover


def test_the_table_sums_receipts_and_derives_the_status(outsourced, member_a):
    shaft, bracket, cover = outsourced
    table = outsourcing_table(member_a, Filters(), today=TODAY)
    rows = {row.line.pk: row for row in table.rows}
    assert set(rows) == {shaft.pk, bracket.pk, cover.pk}
    assert rows[shaft.pk].status == Status.DELIVERED
    assert rows[shaft.pk].received == 100 and rows[shaft.pk].remaining == 0
    assert rows[shaft.pk].last_received == D(2026, 9, 12)
    assert (rows[shaft.pk].inspected, rows[shaft.pk].rejected) == (100, 2)
    assert rows[bracket.pk].status == Status.LATE and rows[bracket.pk].remaining == 50
    assert rows[cover.pk].status == Status.OPEN and rows[cover.pk].last_received is None
    assert rows[bracket.pk].amount == Decimal("2500")
    assert table.amount == Decimal("3500") + Decimal("2500") + Decimal("11000")
    assert table.received == 250 and table.remaining == 100 and table.rejected == 2


def test_filters_by_status_supplier_and_period(outsourced, member_a, firm_a):
    _shaft, bracket, _cover = outsourced
    late = outsourcing_table(member_a, Filters(status=Status.LATE), today=TODAY)
    assert [r.line.pk for r in late.rows] == [bracket.pk]
    assert late.amount == Decimal("2500")
    assert not outsourcing_table(member_a, Filters(supplier_id=firm_a.pk), today=TODAY).rows
    assert not outsourcing_table(member_a, Filters(date_from=D(2026, 9, 2)), today=TODAY).rows
    assert len(outsourcing_table(member_a, Filters(date_to=D(2026, 9, 1)), today=TODAY).rows) == 3


def test_the_page_and_its_filters(client, outsourced, member_a, firm_b):
    client.force_login(member_a)
    page = client.get(reverse("orders:outsourcing"), ALL)
    text = page.content.decode()
    assert page.status_code == 200
    assert "GC-2609-0001-1" in text and "ブラケット 亜鉛めっき" in text
    assert "PO-9" not in text  # received, not outsourced
    assert "¥17,000" in text  # the total amount
    filtered = client.get(reverse("orders:outsourcing"), {"status": "late", "supplier": firm_b.pk})
    assert "ブラケット 亜鉛めっき" in filtered.content.decode()
    assert "シャフト 亜鉛めっき" not in filtered.content.decode()


def test_the_excel_export_in_japanese_with_totals(client, outsourced, member_a):
    client.force_login(member_a)
    response = client.get(reverse("orders:outsourcing_export"), ALL)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["外注管理表"]
    headers = [c.value for c in sheet[1]]
    assert headers == [
        "発注番号",
        "発注日",
        "外注先",
        "品名",
        "数量",
        "単価",
        "金額",
        "納期",
        "納入日",
        "納入数",
        "残数",
        "検収数",
        "不良数",
        "状態",
    ]
    rows = list(sheet.iter_rows(min_row=2))
    assert len(rows) == 4  # three lines and the totals
    by_number = {r[0].value: r for r in rows}
    bracket = by_number["GC-2609-0001-2"]
    assert bracket[6].value == 2500 and bracket[6].number_format == "¥#,##0"
    assert bracket[1].number_format == "yyyy/mm/dd"
    assert bracket[1].value.date() == D(2026, 9, 1)
    assert bracket[13].value == "納期遅れ"
    total = by_number["合計"]
    assert total[6].value == 17000 and total[9].value == 250 and total[10].value == 100


def test_the_export_applies_the_filters(client, outsourced, member_a):
    client.force_login(member_a)
    response = client.get(reverse("orders:outsourcing_export"), {"status": "open"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = [r[0].value for r in sheet.iter_rows(min_row=2)]
    assert values == ["GC-2609-0001-3", "合計"]


@pytest.mark.parametrize("who", ["member_b", "buyer", "buyer2", "coordinator"])
def test_only_the_ordering_firm_sees_its_table(client, outsourced, request, who):
    # member_b is the plater: it sees the orders it received on the order pages, but they are
    # not its outsourced jobs. The coordinator has no firm: no table at all.
    client.force_login(request.getfixturevalue(who))
    page = client.get(reverse("orders:outsourcing"), ALL)
    export = client.get(reverse("orders:outsourcing_export"), ALL)
    if who == "coordinator":
        assert page.status_code == 404 and export.status_code == 404
        return
    assert page.status_code == 200 and "GC-2609" not in page.content.decode()
    sheet = load_workbook(io.BytesIO(export.content)).active
    rows = [r[0].value for r in sheet.iter_rows(min_row=2)]
    # The buyer's own order to firm_a is its outsourced job; firm_a's jobs are nobody else's.
    assert rows == (["PO-9-1", "合計"] if who == "buyer" else ["合計"])


def test_anonymous_is_sent_to_log_in(client, outsourced):
    for name in ("orders:outsourcing", "orders:outsourcing_export"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_opened_without_a_filter_the_table_shows_the_last_three_months(
    client, outsourced, member_a, firm_a, firm_b
):
    today = timezone.localdate()
    for number, days_ago, what in (
        ("GC-RECENT", 10, "最近のめっき"),
        ("GC-OLD", 200, "古いめっき"),
    ):
        services.purchase_order_create(
            actor=member_a,
            buyer=firm_a,
            supplier=firm_b,
            number=number,
            order_date=today - dt.timedelta(days=days_ago),
            lines=[
                {
                    "description": what,
                    "qty_ordered": 10,
                    "unit_price": 50,
                    "promised_date": today - dt.timedelta(days=days_ago - 5),
                }
            ],
        )
    client.force_login(member_a)
    text = client.get(reverse("orders:outsourcing")).content.decode()
    assert "最近のめっき" in text
    shown_from = (today - dt.timedelta(days=92)).isoformat()
    assert f'value="{shown_from}"' in text  # the default period is shown in the form
    assert "古いめっき" not in text
    everything = client.get(reverse("orders:outsourcing"), ALL).content.decode()
    assert "最近のめっき" in everything and "古いめっき" in everything


def test_the_table_pages_and_keeps_its_filters_and_totals(
    client, outsourced, member_a, firm_b, monkeypatch
):
    from renkei.orders import firm_views

    monkeypatch.setattr(firm_views, "OUTSOURCING_PAGE", 2)
    client.force_login(member_a)
    first = client.get(reverse("orders:outsourcing"), {**ALL, "supplier": firm_b.pk})
    text = first.content.decode()
    assert text.count("GC-2609-0001-") == 2
    assert f"supplier={firm_b.pk}" in text and "page=2" in text
    assert "¥17,000" in text  # totals are over every filtered row, not the page
    second = client.get(reverse("orders:outsourcing"), {**ALL, "supplier": firm_b.pk, "page": 2})
    assert second.content.decode().count("GC-2609-0001-") == 1
    assert "¥17,000" in second.content.decode()
