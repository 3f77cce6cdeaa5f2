"""The demo's orders: valid, and telling the stories they were built to tell.

One build of 40 firms per module (tests/platform/demo/conftest.py); the QCD figures come from
the platform's one computation path (``renkei.qcd.selectors.qcd_figures_for``). That the
orders rebuild to the same bytes is tests/platform/demo/test_determinism.py (its dump holds the
orders tables).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import defaultdict

import pytest
from django.db.models import F, Sum

from renkei.accounts.models import Role, User
from renkei.demo.logins import format_counts
from renkei.demo.plans import years_before
from renkei.orders.models import (
    Attachment,
    DefectClass,
    Inspection,
    OrderLine,
    PriceRevision,
    PurchaseOrder,
    Quote,
    QuoteLine,
    QuotePriceBreak,
    QuoteStatus,
    Receipt,
    Rfq,
    RfqLine,
    RfqRecipient,
    RfqStatus,
)
from renkei.qcd.scorecards import months_back
from renkei.qcd.selectors import qcd_figures_for
from renkei.registry.models import Organization
from renkei.supply.models import Sourcing, SourcingStatus
from tests.platform.demo import TEST_TODAY

pytestmark = pytest.mark.django_db

ORDER_MODELS = (
    Rfq,
    RfqLine,
    RfqRecipient,
    Quote,
    QuoteLine,
    QuotePriceBreak,
    PurchaseOrder,
    OrderLine,
    Receipt,
    Inspection,
    Attachment,
)


def supplier_rows(demo, key: str):
    """The highlighted supplier's monthly figures, as its own staff see them (all buyers)."""
    org = Organization.objects.get(corporate_number=demo.highlights[key])
    staff = User.objects.filter(organization=org, role=Role.MEMBER).first()
    result = qcd_figures_for(staff, as_of=TEST_TODAY, supplier_id=org.pk)
    return org, [row for row in result.rows if row.month != "all"]


def weighted_otd(rows) -> float:
    due = sum(row.qty_due for row in rows if row.otd_qty is not None)
    on_time = sum(row.otd_qty * row.qty_due for row in rows if row.otd_qty is not None)
    return on_time / due


# --- volume and validity --------------------------------------------------------------------


def test_every_orders_table_is_filled(demo):
    for model in ORDER_MODELS:
        assert model.objects.exists(), model.__name__
        assert demo.counts[model._meta.model_name] == model.objects.count(), model.__name__
    assert 500 <= OrderLine.objects.count() <= 6000


def test_a_sample_of_every_model_passes_full_clean(demo):
    for model in ORDER_MODELS:
        pks = list(model.objects.order_by("pk").values_list("pk", flat=True))[::50][:40]
        rows = list(model.objects.filter(pk__in=pks))
        assert rows, model.__name__
        for row in rows:
            row.full_clean()


def test_quantities_and_dates_are_consistent(demo):
    assert not OrderLine.objects.filter(promised_date__lt=F("po__order_date")).exists()
    assert not PurchaseOrder.objects.filter(order_date__gt=TEST_TODAY).exists()
    assert not PurchaseOrder.objects.filter(order_date__lt=years_before(TEST_TODAY, 2)).exists()
    assert not Receipt.objects.filter(received_date__gt=TEST_TODAY).exists()
    assert not Receipt.objects.filter(received_date__lt=F("order_line__po__order_date")).exists()
    assert not Inspection.objects.filter(qty_rejected__gt=F("qty_inspected")).exists()
    assert not Inspection.objects.filter(qty_inspected__gt=F("receipt__qty_received")).exists()
    assert not Inspection.objects.filter(qty_rejected__gt=0, defect_class="").exists()
    # Never more delivered than ordered.
    over = OrderLine.objects.annotate(got=Sum("receipts__qty_received")).filter(
        got__gt=F("qty_ordered")
    )
    assert not over.exists()


def test_orders_follow_the_active_sourcing(demo):
    """The buyers order from the members they source from today, at today's price or, for the
    parts with a price history (renkei.demo.outsourcing), at the revision in force then."""
    active = set(
        Sourcing.objects.filter(status=SourcingStatus.ACTIVE).values_list(
            "item_id", "site__organization_id", "unit_price"
        )
    )
    revised = {
        (r.buyer_id, r.supplier_id, r.item_id)
        for r in PriceRevision.objects.filter(item__isnull=False)
    }
    buyers = OrderLine.objects.filter(po__buyer__kind="buyer")
    lines = buyers.values_list("po__buyer_id", "item_id", "po__supplier_id", "unit_price")
    assert {(i, s, p) for b, i, s, p in lines if (b, s, i) not in revised} <= active
    assert not PurchaseOrder.objects.filter(buyer=F("supplier")).exists()
    assert set(PurchaseOrder.objects.values_list("buyer__kind", flat=True)) == {"buyer", "member"}
    assert set(PurchaseOrder.objects.values_list("supplier__kind", flat=True)) == {"member"}
    # Members order from members only to have parts finished (the 外注管理表's orders).
    assert not OrderLine.objects.filter(po__buyer__kind="member", item__isnull=False).exists()


def test_open_partial_and_late_lines_exist(demo):
    not_due = OrderLine.objects.filter(promised_date__gt=TEST_TODAY)
    assert not_due.exists()
    assert not_due.filter(receipts__isnull=True).exists()
    assert any(n >= 2 for n in _receipt_counts().values())  # partial deliveries
    late = Receipt.objects.filter(received_date__gt=F("order_line__promised_date")).count()
    assert 0.03 < late / Receipt.objects.count() < 0.4


def _receipt_counts() -> dict[int, int]:
    counts: dict[int, int] = defaultdict(int)
    for line_id in Receipt.objects.values_list("order_line_id", flat=True):
        counts[line_id] += 1
    return counts


def test_peaks_in_march_and_december(demo):
    by_month: dict[int, float] = defaultdict(float)
    rows = OrderLine.objects.values_list("po__order_date", "qty_ordered", "unit_price")
    for day, qty, price in rows:
        by_month[day.month] += float(qty * price)
    # Order value per month: the peaks above the average month, August below it.
    mean = sum(by_month.values()) / 12
    assert by_month[3] > mean and by_month[12] > mean
    assert by_month[8] < mean


# --- the stories ----------------------------------------------------------------------------


def test_the_worsening_supplier_delivers_later_and_later(demo):
    _, rows = supplier_rows(demo, "orders.worsening_supplier")
    months = months_back(TEST_TODAY, 25)  # the two years before this month, and this one
    first_year = [r for r in rows if months[0] <= r.month <= months[11]]
    last_three = [r for r in rows if months[-4] <= r.month <= months[-2]]
    assert first_year and last_three
    assert weighted_otd(last_three) < weighted_otd(first_year) - 0.15


def test_the_incident_month_has_the_suppliers_worst_defect_rate(demo):
    org, rows = supplier_rows(demo, "orders.incident_supplier")
    month = demo.highlights["orders.incident_month"]
    rated = {r.month: r.defect_ppm for r in rows if r.defect_ppm is not None}
    assert month in rated
    assert max(rated, key=rated.__getitem__) == month
    others = sorted(v for m, v in rated.items() if m != month)
    assert rated[month] > 3 * others[-1]
    # Mostly 寸法不良 or めっき不良.
    classes = list(
        Inspection.objects.filter(
            receipt__order_line__po__supplier=org,
            receipt__received_date__startswith=month,
            qty_rejected__gt=0,
        ).values_list("defect_class", flat=True)
    )
    main = [c for c in classes if c in (DefectClass.DIMENSION, DefectClass.PLATING)]
    assert len(main) >= 0.7 * len(classes) > 0


def test_rfqs_have_submitted_declined_and_draft_quotes(demo):
    assert set(Rfq.objects.values_list("status", flat=True)) == set(RfqStatus.values)
    assert set(Quote.objects.values_list("status", flat=True)) == set(QuoteStatus.values)
    declined = Quote.objects.filter(status=QuoteStatus.DECLINED)
    assert declined.exists() and not declined.filter(decline_reason="").exists()
    assert not Quote.objects.filter(rfq__status=RfqStatus.DRAFT).exists()
    for quote in Quote.objects.filter(status=QuoteStatus.SUBMITTED):
        assert quote.lines.exists()
        for line in quote.lines.all():
            prices = [b.unit_price for b in line.price_breaks.order_by("min_qty")]
            assert len(prices) >= 2 and prices == sorted(prices, reverse=True)
    # The open ones were asked in the last months; none after the demo's today.
    for rfq in Rfq.objects.exclude(status=RfqStatus.CLOSED):
        assert TEST_TODAY - dt.timedelta(days=120) <= rfq.created_at.date() <= TEST_TODAY
    assert not Rfq.objects.filter(created_at__date__gt=TEST_TODAY).exists()


def test_a_share_of_the_orders_came_from_rfqs_whose_quote_gave_the_price(demo):
    share = PurchaseOrder.objects.filter(rfq__isnull=False).count() / PurchaseOrder.objects.count()
    assert 0.08 <= share <= 0.25
    linked = PurchaseOrder.objects.filter(rfq__isnull=False).select_related("rfq", "supplier")
    for po in list(linked.order_by("pk"))[::10]:
        rfq = po.rfq
        assert rfq.buyer_id == po.buyer_id and rfq.status == RfqStatus.CLOSED
        assert rfq.created_at.date() < po.order_date
        assert 2 <= rfq.recipients.count() <= 4
        assert rfq.recipients.filter(supplier=po.supplier).exists()
        quote = rfq.quotes.get(supplier=po.supplier)
        assert quote.status == QuoteStatus.SUBMITTED
        for line in po.lines.all():
            quote_line = quote.lines.get(rfq_line__item=line.item)
            # The price of the break the ordered quantity reaches is the ordered price.
            assert quote_line.unit_price_for(line.qty_ordered) == line.unit_price
        # The losers quoted dearer or declined with a reason.
        for other in rfq.quotes.exclude(supplier=po.supplier):
            if other.status == QuoteStatus.DECLINED:
                assert other.decline_reason
    assert Quote.objects.filter(
        rfq__purchase_orders__isnull=False, status=QuoteStatus.DECLINED
    ).exists()


def test_a_recent_rfq_was_awarded_split_across_two_suppliers(demo):
    rfq = Rfq.objects.get(title=demo.highlights["quotations.split_rfq"], status=RfqStatus.CLOSED)
    pos = list(rfq.purchase_orders.all())
    assert len(pos) == 2 and pos[0].supplier_id != pos[1].supplier_id
    assert TEST_TODAY - dt.timedelta(days=40) <= pos[0].order_date <= TEST_TODAY
    for po in pos:
        (line,) = po.lines.all()
        own = rfq.quotes.get(supplier=po.supplier).lines.get(rfq_line__item=line.item)
        assert own.unit_price_for(line.qty_ordered) == line.unit_price
        # The other supplier quoted this line dearer.
        other = rfq.quotes.exclude(supplier=po.supplier).get(status=QuoteStatus.SUBMITTED)
        theirs = other.lines.get(rfq_line__item=line.item).unit_price_for(line.qty_ordered)
        assert theirs > line.unit_price


def test_drawings_are_small_valid_pdfs_behind_the_gate(demo, demo_media, settings):
    settings.MEDIA_ROOT = demo_media
    drawings = list(Attachment.objects.all())
    assert 2 <= len(drawings) <= 5
    split = Rfq.objects.get(title=demo.highlights["quotations.split_rfq"])
    assert split.attachments.count() == 2
    for drawing in drawings:
        assert drawing.original_name.startswith("図面_") and drawing.original_name.endswith(".pdf")
        assert drawing.file.name.isascii()
        with drawing.file.open("rb") as f:
            content = f.read()
        assert content.startswith(b"%PDF-") and len(content) == drawing.size < 20_000
        assert hashlib.sha256(content).hexdigest() == drawing.sha256
        assert drawing.owner_id == drawing.rfq.buyer_id


def test_the_printed_summary_counts_the_order_lines(demo):
    text = format_counts(demo, 1.5)
    assert f"{demo.counts['orderline']} order lines" in text
    assert demo.highlights["orders.worsening_supplier.name"] in text
    assert demo.highlights["orders.incident_month"] in text
