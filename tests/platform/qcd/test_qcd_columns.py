"""The column-wise ``qcd_data`` gives what the record-by-record one gave, on both databases."""

from __future__ import annotations

import datetime as dt
import math
import random
import threading
from decimal import Decimal

import numpy as np
import pytest
from django.db import connection

from renkei.common.columns import DayNumber, fetch_columns, fetch_many, integer, real
from renkei.engines.qcd import OrderLine as QcdLine
from renkei.engines.qcd import Params, QcdData, solve
from renkei.engines.qcd import Receipt as QcdReceipt
from renkei.orders import services
from renkei.orders.models import DefectClass, Inspection, OrderLine, PurchaseOrder, Receipt
from renkei.orders.permissions import order_lines_visible_to
from renkei.qcd import adapters
from renkei.qcd.adapters import qcd_data
from tests.factories import BuyerOrganizationFactory, ItemFactory, OrganizationFactory

D = dt.date


def records_qcd_data(order_lines):
    """The previous adapter, one Python record per row: the oracle."""
    rows = list(
        order_lines.order_by().values_list(
            "pk",
            "po_id",
            "line_no",
            "po__buyer_id",
            "po__supplier_id",
            "item_id",
            "qty_ordered",
            "unit_price",
            "po__order_date",
            "promised_date",
        )
    )
    lines = [
        QcdLine(
            order_id=str(po_id),
            line_no=line_no,
            buyer_id=str(buyer_id),
            supplier_id=str(supplier_id),
            item_id="" if item_id is None else str(item_id),
            qty_ordered=float(qty),
            unit_price=float(price),
            order_date=order_date,
            promised_date=promised,
        )
        for _pk, po_id, line_no, buyer_id, supplier_id, item_id, qty, price, order_date, promised in rows
    ]
    receipts = [
        QcdReceipt(
            order_id=str(po_id),
            line_no=line_no,
            received_date=received,
            qty_received=float(qty),
            qty_inspected=float(inspected or 0),
            qty_rejected=float(rejected or 0),
        )
        for po_id, line_no, received, qty, inspected, rejected in Receipt.objects.filter(
            order_line_id__in=[row[0] for row in rows]
        )
        .order_by("order_line_id", "received_date", "pk")
        .values_list(
            "order_line__po_id",
            "order_line__line_no",
            "received_date",
            "qty_received",
            "inspection__qty_inspected",
            "inspection__qty_rejected",
        )
    ]
    return QcdData.from_records(lines, receipts)


def line_rows(data: QcdData) -> list[tuple]:
    """Every line with its receipts, by value (the two paths may order lines differently)."""
    receipts: dict[int, list[tuple]] = {}
    for j in range(data.n_receipts):
        receipts.setdefault(int(data.receipt_line[j]), []).append(
            (
                int(data.received_day[j]),
                float(data.qty_received[j]),
                float(data.qty_inspected[j]),
                float(data.qty_rejected[j]),
            )
        )
    assert data.line_buyer is not None
    return sorted(
        (
            data.supplier_ids[data.line_supplier[i]],
            data.buyer_ids[data.line_buyer[i]],
            float(data.qty_ordered[i]),
            int(data.order_day[i]),
            int(data.promised_day[i]),
            tuple(receipts.get(i, [])),  # in (date, pk) order on both paths
        )
        for i in range(data.n_lines)
    )


def assert_same_data(order_lines) -> QcdData:
    new, old = qcd_data(order_lines), records_qcd_data(order_lines)
    assert new.supplier_ids == old.supplier_ids
    assert new.buyer_ids == old.buyer_ids
    assert (new.n_lines, new.n_receipts) == (old.n_lines, old.n_receipts)
    assert line_rows(new) == line_rows(old)
    for as_of in (D(2026, 1, 31), D(2026, 2, 28), D(2026, 3, 31)):
        ours = solve(new, params=Params(as_of=as_of)).rows
        theirs = solve(old, params=Params(as_of=as_of)).rows
        assert [(r.supplier_id, r.month) for r in ours] == [
            (r.supplier_id, r.month) for r in theirs
        ]
        for a, b in zip(ours, theirs, strict=True):
            for x, y in zip(a.to_json().values(), b.to_json().values(), strict=True):
                if isinstance(x, float) and isinstance(y, float):
                    assert math.isclose(x, y, rel_tol=1e-12), (a, b)
                else:
                    assert x == y, (a, b)
    return new


@pytest.fixture
def generated(db):
    """~300 lines from 3 buyers to 9 suppliers over January–March 2026: lines with and without
    an item, quantities like 12.5 and 0.125, 0–3 receipts each (partial, late, across month
    ends), a third of them not inspected yet. Twelve organisations, so that pks sort
    differently as numbers and as strings."""
    rng = random.Random(7)
    buyers = [BuyerOrganizationFactory() for _ in range(3)]
    suppliers = [OrganizationFactory() for _ in range(9)]
    items = [ItemFactory(owner=buyers[0]) for _ in range(5)]
    orders = PurchaseOrder.objects.bulk_create(
        PurchaseOrder(
            buyer=rng.choice(buyers),
            supplier=rng.choice(suppliers),
            number=f"PO-{i:04d}",
            order_date=D(2026, 1, 20) + dt.timedelta(days=rng.randint(0, 50)),
        )
        for i in range(120)
    )
    lines = OrderLine.objects.bulk_create(
        OrderLine(
            po=po,
            line_no=n + 1,
            item=rng.choice([None, *items]),
            description="特注品",
            qty_ordered=Decimal(rng.choice(["1", "12.5", "100", "0.125", "7.75", "33.333"])),
            unit_price=Decimal(rng.choice(["0", "12.50", "1980"])),
            promised_date=po.order_date + dt.timedelta(days=rng.randint(3, 25)),
        )
        for po in orders
        for n in range(rng.randint(1, 4))
    )
    receipts = Receipt.objects.bulk_create(
        Receipt(
            order_line=line,
            received_date=max(
                line.po.order_date, line.promised_date + dt.timedelta(days=rng.randint(-6, 8))
            ),
            # Half a line (3 decimals at most, as the field and its validation allow), or all.
            qty_received=(line.qty_ordered / 2).quantize(Decimal("0.001"))
            if k < 2 and rng.random() < 0.5
            else line.qty_ordered,
        )
        for line in lines
        for k in range(rng.choice([0, 1, 1, 2, 3]))
    )
    Inspection.objects.bulk_create(
        Inspection(
            receipt=r,
            qty_inspected=r.qty_received,
            qty_rejected=(r.qty_received / 10).quantize(Decimal("0.001"))
            if rng.random() < 0.3
            else 0,
        )
        for r in receipts
        if rng.random() < 0.66
    )
    assert OrderLine.objects.filter(item__isnull=True).exists()
    assert OrderLine.objects.filter(receipts__isnull=True).exists()
    assert Receipt.objects.filter(inspection__isnull=True).exists()
    return {"buyers": buyers, "suppliers": suppliers}


def test_world_gives_the_same_data(world, buyer, member_a, coordinator):
    line = world.po1.lines.get()
    services.receipt_record(
        actor=buyer,
        order_line=line,
        received_date=D(2026, 9, 8),
        qty_received=60,
        qty_inspected=60,
        qty_rejected=3,
        defect_class=DefectClass.BURR,
    )
    services.receipt_record(
        actor=buyer, order_line=line, received_date=D(2026, 9, 12), qty_received=40
    )
    for user in (buyer, member_a):
        data = assert_same_data(order_lines_visible_to(user))
        assert data.n_lines >= 1
    # A coordinator sees no firm's order lines: an empty selection, not an error.
    assert assert_same_data(order_lines_visible_to(coordinator)).n_lines == 0
    data = assert_same_data(OrderLine.objects.all())
    assert data.n_lines == 2
    assert data.n_receipts == 2
    assert sorted(data.qty_inspected.tolist()) == [0.0, 60.0]


@pytest.mark.parametrize("narrow_by_array", [True, False])
def test_generated_data_is_the_same_on_every_selection(generated, narrow_by_array, monkeypatch):
    # PostgreSQL narrows a selection's receipts by an array of pks, or else by a subquery.
    monkeypatch.setattr(adapters, "ARRAY_LINES", adapters.ARRAY_LINES if narrow_by_array else 0)
    everything = assert_same_data(OrderLine.objects.all())
    assert everything.n_lines == OrderLine.objects.count()
    assert everything.n_receipts == Receipt.objects.count()
    # String order of the ids, as before: "10" sorts before "9".
    assert list(everything.supplier_ids) == sorted(everything.supplier_ids)
    supplier = generated["suppliers"][4]
    one = assert_same_data(OrderLine.objects.filter(po__supplier=supplier))
    assert one.supplier_ids == (str(supplier.pk),)
    assert_same_data(
        OrderLine.objects.filter(po__buyer=generated["buyers"][1], promised_date__month=2)
    )
    assert_same_data(OrderLine.objects.filter(item__isnull=True))


def test_decimals_dates_and_nulls_arrive_exactly(generated):
    data = qcd_data(OrderLine.objects.all())
    assert set(data.qty_ordered.tolist()) <= {1.0, 12.5, 100.0, 0.125, 7.75, 33.333}
    assert 33.333 in data.qty_ordered.tolist()  # the float nearest to the decimal
    first = OrderLine.objects.order_by("pk").select_related("po").first()
    assert data.promised_day[0] == (first.promised_date - D(1970, 1, 1)).days
    assert data.order_day[0] == (first.po.order_date - D(1970, 1, 1)).days
    uninspected = Receipt.objects.filter(inspection__isnull=True).count()
    assert np.count_nonzero(data.qty_inspected == 0) >= uninspected


def test_a_line_repeated_by_a_join_counts_once(generated):
    repeated = OrderLine.objects.filter(receipts__qty_received__gte=0)  # one row per receipt
    assert repeated.count() > repeated.distinct().count()
    data = qcd_data(repeated)
    assert line_rows(data) == line_rows(qcd_data(repeated.distinct()))
    assert data.n_lines == repeated.distinct().count()


def test_no_lines_gives_empty_data(generated, member_a):
    for lines in (OrderLine.objects.none(), OrderLine.objects.filter(pk=-1)):
        data = qcd_data(lines)
        assert (data.n_lines, data.n_receipts) == (0, 0)
        assert solve(data, params=Params(as_of=D(2026, 3, 31))).rows == ()


def test_receipts_of_unread_lines_are_left_out(generated):
    # As when a receipt is written between the query of the lines and that of the receipts.
    subset = OrderLine.objects.filter(po__supplier=generated["suppliers"][0])
    data = qcd_data(subset)
    assert data.n_receipts == Receipt.objects.filter(order_line__in=subset).count()


def test_fetch_columns_reads_numbers_and_day_numbers(generated):
    columns = fetch_columns(
        OrderLine.objects.filter(qty_ordered=Decimal("12.5")),
        pk=integer("pk"),
        qty=real("qty_ordered"),
        promised=DayNumber("promised_date"),
    )
    expected = sorted(
        (line.pk, 12.5, (line.promised_date - D(1970, 1, 1)).days)
        for line in OrderLine.objects.filter(qty_ordered=Decimal("12.5"))
    )
    got = sorted(
        zip(
            columns["pk"].tolist(),
            columns["qty"].tolist(),
            columns["promised"].tolist(),
            strict=True,
        )
    )
    assert got == expected
    assert columns["pk"].dtype == np.int64
    assert columns["qty"].dtype == np.float64


def test_fetch_columns_refuses_nulls_and_other_types(generated):
    with pytest.raises(ValueError, match="non-null"):
        fetch_columns(OrderLine.objects.all(), item=integer("item_id"))
    filled = fetch_columns(
        Receipt.objects.all(), inspected=real("inspection__qty_inspected", null=0)
    )
    assert len(filled["inspected"]) == Receipt.objects.count()
    with pytest.raises(ValueError, match="integer"):
        fetch_columns(OrderLine.objects.all(), qty="qty_ordered")


def test_bench_generator_agrees_with_pandas_on_a_small_database(db):
    """The benchmark's comparison, small: its data loaded here, ours vs pandas figure for
    figure and score for score."""
    from bench import qcd_db

    qcd_db.load(qcd_db.generate(1_500, seed=3))
    assert OrderLine.objects.count() == 1_500
    result, scores = qcd_db.ours()
    frame, theirs = qcd_db.alternative()
    assert qcd_db.assert_same(result, scores, frame, theirs) == len(result.rows) > 100


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_the_same_data_and_requests_in_order(buyer, firm_a, monkeypatch):
    """Committed rows, autocommit: on PostgreSQL the whole tables are read on two connections."""
    helpers = []
    thread = threading.Thread
    monkeypatch.setattr(threading, "Thread", lambda **kw: helpers.append(kw) or thread(**kw))
    po = services.purchase_order_create(
        actor=buyer,
        buyer=buyer.organization,
        supplier=firm_a,
        number="PO-T",
        order_date=D(2026, 1, 30),
        lines=[
            {
                "description": "a",
                "qty_ordered": 12.5,
                "unit_price": 1,
                "promised_date": D(2026, 2, 2),
            },
            {
                "description": "b",
                "qty_ordered": 3,
                "unit_price": 1,
                "promised_date": D(2026, 1, 31),
            },
        ],
    )
    for line in po.lines.all():
        services.receipt_record(
            actor=buyer, order_line=line, received_date=D(2026, 2, 1), qty_received=2
        )
    on_postgresql = connection.vendor == "postgresql"
    assert_same_data(OrderLine.objects.all())
    assert helpers == []  # two lines: not worth a second connection
    monkeypatch.setattr(adapters, "TWO_CONNECTIONS_FROM_LINES", 0)
    data = assert_same_data(OrderLine.objects.all())
    assert (data.n_lines, data.n_receipts) == (2, 2)
    assert len(helpers) == (1 if on_postgresql else 0)
    pks = fetch_many(
        [
            (OrderLine.objects.all(), {"pk": integer("pk")}),
            (Receipt.objects.all(), {"pk": integer("pk"), "line": integer("order_line_id")}),
            (PurchaseOrder.objects.all(), {"pk": integer("pk")}),
        ],
        two_connections=True,
    )
    assert sorted(pks[0]["pk"].tolist()) == sorted(po.lines.values_list("pk", flat=True))
    assert sorted(pks[1]["line"].tolist()) == sorted(pks[0]["pk"].tolist())
    assert pks[2]["pk"].tolist() == [po.pk]
    assert len(helpers) == (2 if on_postgresql else 0)

    # A helper that cannot read (no second connection to be had): the caller reads instead.
    from renkei.common import columns as columns_module

    def fails_in_helper(queryset, **columns):
        if threading.current_thread().name == "fetch_many":
            raise RuntimeError("no connection")
        return fetch_columns(queryset, **columns)

    monkeypatch.setattr(columns_module, "fetch_columns", fails_in_helper)
    again = fetch_many(
        [
            (OrderLine.objects.all(), {"pk": integer("pk")}),
            (Receipt.objects.all(), {"pk": integer("pk")}),
        ],
        two_connections=True,
    )
    assert sorted(again[1]["pk"].tolist()) == sorted(pks[1]["pk"].tolist())


def test_day_number_in_an_ordinary_query(generated):
    days = OrderLine.objects.annotate(day=DayNumber("promised_date")).values_list(
        "promised_date", "day"
    )
    assert all(day == (date - D(1970, 1, 1)).days for date, day in days)
