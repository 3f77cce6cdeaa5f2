"""The demo's outsourcing, agreed prices and daily reports: valid, consistent with the orders,
and visible on the pages of the firms they belong to (one build of 40 firms per module)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest
from django.db.models import F, Sum
from django.urls import reverse

from renkei.accounts.models import User
from renkei.demo.logins import format_counts
from renkei.orders.models import DailyReport, DailyReportEntry, OrderLine, PriceRevision
from renkei.orders.outsourcing import Filters, Status, outsourcing_table
from renkei.orders.prices import agreed_price
from tests.platform.demo import TEST_TODAY

pytestmark = pytest.mark.django_db


def test_counts_match_and_are_printed(demo):
    for model in (PriceRevision, DailyReport, DailyReportEntry):
        name = model._meta.model_name
        assert model.objects.exists(), name
        assert demo.counts[name] == model.objects.count(), name
    text = format_counts(demo, 1.0)
    assert f"{demo.counts['pricerevision']} price revisions" in text
    assert f"{demo.counts['dailyreport']} daily reports" in text


def test_a_sample_passes_full_clean(demo):
    for model in (PriceRevision, DailyReport, DailyReportEntry):
        for row in model.objects.order_by("pk")[::40][:40]:
            row.full_clean()


def test_the_first_member_has_an_outsourcing_table_with_every_status(demo):
    m001 = User.objects.get(username="m001")
    table = outsourcing_table(m001, Filters(), today=TEST_TODAY)
    assert len(table.rows) >= 20
    statuses = {row.status for row in table.rows}
    assert {Status.DELIVERED, Status.OPEN} <= statuses
    assert Status.LATE in statuses or Status.PARTIAL in statuses
    # Sent to finishing specialists, never to itself, and by member firms only.
    suppliers = {row.line.po.supplier for row in table.rows}
    assert m001.organization not in suppliers
    assert all(s.kind == "member" for s in suppliers)
    story = {
        demo.highlights["orders.worsening_supplier"],
        demo.highlights["orders.incident_supplier"],
    }
    assert not {s.corporate_number for s in suppliers} & story


def test_every_line_with_a_price_master_is_priced_by_the_revision_in_force(demo):
    masters = defaultdict(list)
    for rev in PriceRevision.objects.order_by("revision"):
        masters[(rev.buyer_id, rev.supplier_id, rev.item_id, rev.description)].append(rev)
    # Numbered 1, 2, 3 … in date order.
    for revisions in masters.values():
        assert [r.revision for r in revisions] == list(range(1, len(revisions) + 1))
        dates = [r.effective_from for r in revisions]
        assert dates == sorted(set(dates))
    assert any(len(r) >= 3 for r in masters.values())
    checked = 0
    lines = OrderLine.objects.select_related("po__buyer", "po__supplier", "item")
    for line in lines.order_by("pk")[::7]:
        key = (
            line.po.buyer_id,
            line.po.supplier_id,
            line.item_id,
            "" if line.item_id else line.description,
        )
        if key not in masters:
            continue
        rev = agreed_price(
            buyer=line.po.buyer,
            supplier=line.po.supplier,
            item=line.item,
            description=line.description,
            on=line.po.order_date,
        )
        assert rev is not None and rev.unit_price == line.unit_price, line
        checked += 1
    assert checked >= 50


def test_daily_reports_are_recent_weekdays_of_the_first_members(demo):
    orgs = set(DailyReport.objects.values_list("organization__users__username", flat=True))
    assert "m001" in orgs and len(orgs) <= 3
    days = set(DailyReport.objects.values_list("work_date", flat=True))
    assert all(d.weekday() < 5 and d < TEST_TODAY for d in days)
    assert min(days) >= TEST_TODAY - dt.timedelta(days=90)
    hours = DailyReport.objects.annotate(h=Sum("entries__hours")).values_list("h", flat=True)
    assert all(0 < h <= 24 for h in hours)
    assert not DailyReportEntry.objects.filter(qty_defective__gt=F("qty_produced")).exists()
    linked = DailyReportEntry.objects.filter(order_line__isnull=False)
    assert linked.count() > DailyReportEntry.objects.count() / 2
    assert not linked.exclude(order_line__po__supplier=F("report__organization")).exists()
    assert DailyReportEntry.objects.filter(qty_defective__gt=0).exclude(defect_note="").exists()


def test_the_pages_of_the_first_member(client, demo):
    client.force_login(User.objects.get(username="m001"))
    month = f"{TEST_TODAY - dt.timedelta(days=10):%Y-%m}"
    page = client.get(reverse("orders:daily_month"), {"month": month})
    assert page.status_code == 200 and page.context["days"]
    assert client.get(reverse("orders:daily_export"), {"month": month}).status_code == 200
    assert client.get(reverse("orders:outsourcing")).context["table"].rows
    assert client.get(reverse("orders:outsourcing_export")).status_code == 200
    listing = client.get(reverse("orders:price_list"))
    assert listing.context["agreed"] or listing.context["given"]
    row = (listing.context["agreed"] or listing.context["given"])[0]
    assert client.get(reverse("orders:price_detail", args=[row.latest.pk])).status_code == 200


def test_the_coordinator_sees_no_firms_records(client, demo):
    coordinator = User.objects.get(username="coordinator")
    client.force_login(coordinator)
    assert not outsourcing_table(coordinator, Filters(), today=TEST_TODAY).rows
    page = client.get(reverse("orders:price_list"))
    assert page.status_code == 404 or not (page.context["agreed"] or page.context["given"])
    report = DailyReport.objects.first()
    assert client.get(reverse("orders:daily_edit", args=[report.pk])).status_code == 404
    revision = PriceRevision.objects.first()
    assert client.get(reverse("orders:price_detail", args=[revision.pk])).status_code == 404
