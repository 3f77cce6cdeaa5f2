"""The demo is built up to the ``today`` it is given: two builds on two different days hold the
same stories, each ending on its own today (one build per day, committed for this module).

The second day is a leap day in another season: its history starts on 28 February two years
before, and its last months run over 年末年始.
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db.models import Count, Max, Min, Sum
from django.test import override_settings

from renkei.accounts.models import Role, User
from renkei.demo import build_demo_cluster, reset_demo_data
from renkei.demo.orders import _holiday
from renkei.demo.plans import fiscal_year, months_before, years_before
from renkei.orders.models import (
    DailyReport,
    OrderLine,
    PriceRevision,
    PurchaseOrder,
    Receipt,
    Rfq,
)
from renkei.qcd.scorecards import months_back, scorecard_for
from renkei.qcd.selectors import qcd_figures_for
from renkei.registry.models import Certification, Equipment, Organization
from renkei.supply.models import SiteRecovery
from tests.platform.demo import TEST_TODAY
from tests.platform.demo.conftest import FIRMS, SEED

pytestmark = pytest.mark.django_db

LEAP_DAY = dt.date(2028, 2, 29)


def test_date_helpers_work_for_any_day():
    assert years_before(LEAP_DAY, 2) == dt.date(2026, 2, 28)
    assert years_before(LEAP_DAY, 4) == dt.date(2024, 2, 29)
    assert years_before(dt.date(2031, 10, 31), 2) == dt.date(2029, 10, 31)
    assert months_before(dt.date(2027, 2, 10), 4) == (2026, 10)
    assert months_before(dt.date(2027, 2, 10), 0) == (2027, 2)
    assert fiscal_year(dt.date(2030, 3, 31)) == 2029 and fiscal_year(dt.date(2030, 4, 1)) == 2030
    # The purchasing department's closed days, by month and day: the same in any year.
    for year in (2025, 2028, 2031, 2099):
        assert _holiday(dt.date(year, 1, 2)) and _holiday(dt.date(year, 12, 30))
        assert _holiday(dt.date(year, 5, 3)) and _holiday(dt.date(year, 8, 14))
        assert not _holiday(dt.date(year, 1, 5)) and not _holiday(dt.date(year, 10, 1))


@pytest.fixture(scope="module", params=[TEST_TODAY, LEAP_DAY], ids=str)
def built(request, django_db_setup, django_db_blocker, tmp_path_factory):
    today = request.param
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        summary = build_demo_cluster(seed=SEED, firms=FIRMS, today=today)
        yield summary
        reset_demo_data()


def buyer_orders():
    return PurchaseOrder.objects.filter(buyer__kind="buyer")


def test_the_summary_tells_its_today(built):
    assert built.today in (TEST_TODAY, LEAP_DAY)


def test_two_years_of_orders_end_in_the_weeks_before_today(built):
    today = built.today
    span = buyer_orders().aggregate(first=Min("order_date"), last=Max("order_date"))
    assert today - dt.timedelta(days=14) <= span["last"] <= today
    start = years_before(today, 2)
    assert start <= span["first"] <= start + dt.timedelta(weeks=9)
    # Buyers order on working days only, whichever the year.
    days = set(buyer_orders().values_list("order_date", flat=True))
    assert all(day.weekday() < 5 and not _holiday(day) for day in days)
    # Members send work out up to today too.
    members = PurchaseOrder.objects.filter(buyer__kind="member").aggregate(last=Max("order_date"))
    assert today - dt.timedelta(days=21) <= members["last"] <= today


def test_nothing_happens_after_today(built):
    today = built.today
    assert not PurchaseOrder.objects.filter(order_date__gt=today).exists()
    assert not Receipt.objects.filter(received_date__gt=today).exists()
    assert not Rfq.objects.filter(created_at__date__gt=today).exists()
    assert not PriceRevision.objects.filter(effective_from__gt=today).exists()
    assert not DailyReport.objects.filter(work_date__gte=today).exists()
    assert DailyReport.objects.filter(work_date__gte=today - dt.timedelta(days=7)).exists()
    # Only promises look ahead: the lines ordered in the last weeks, mostly still open.
    ahead = OrderLine.objects.filter(promised_date__gt=today)
    assert ahead.exists()
    assert not ahead.filter(po__order_date__lt=today - dt.timedelta(days=150)).exists()
    received = ahead.annotate(got=Sum("receipts__qty_received"))
    open_lines = [line for line in received if (line.got or 0) < line.qty_ordered]
    assert len(open_lines) > 0.8 * len(received)
    # The open RFQs need their parts after they were asked, in the coming months.
    for rfq in Rfq.objects.filter(needed_by__gt=today):
        assert rfq.created_at.date() >= today - dt.timedelta(days=120)


def test_the_registry_is_dated_before_today(built):
    today = built.today
    assert not Organization.objects.filter(founded_year__gte=today.year).exists()
    assert not Equipment.objects.filter(year__gte=today.year).exists()
    certs = list(Certification.objects.exclude(expires_on=None))
    expired = [c for c in certs if c.expires_on < today]
    assert 0 < len(expired) < 0.2 * len(certs)
    assert all(
        today - dt.timedelta(days=400) <= c.expires_on <= today + dt.timedelta(days=1095)
        for c in certs
    )
    # The suppliers' stated recovery times cite a BCP of this fiscal year or of a past month.
    fiscal = fiscal_year(today)
    this_month = today.year * 12 + today.month
    for basis in SiteRecovery.objects.exclude(basis="").values_list("basis", flat=True):
        for year in re.findall(r"(\d{4})年度", basis):
            assert int(year) == fiscal, basis
        for year, month in re.findall(r"(\d{4})年(\d{1,2})月", basis):
            assert int(year) * 12 + int(month) < this_month, basis


def test_the_price_revisions_follow_today(built):
    today = built.today
    fiscal = fiscal_year(today)
    days = set(PriceRevision.objects.values_list("effective_from", flat=True))
    assert days == {years_before(today, 2), dt.date(fiscal - 1, 7, 1), dt.date(fiscal, 4, 1)}


def test_the_incident_month_is_months_before_today(built):
    year, month = map(int, built.highlights["orders.incident_month"].split("-"))
    back = (built.today.year * 12 + built.today.month) - (year * 12 + month)
    assert 4 <= back <= 10


def _worsening(built) -> tuple[Organization, Organization]:
    supplier = Organization.objects.get(
        corporate_number=built.highlights["orders.worsening_supplier"]
    )
    biggest = (
        buyer_orders()
        .filter(supplier=supplier)
        .values("buyer_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "buyer_id")
        .first()
    )
    return Organization.objects.get(pk=biggest["buyer_id"]), supplier


def test_the_worsening_supplier_worsens_up_to_today_and_is_not_scored_zero(built):
    today = built.today
    buyer, supplier = _worsening(built)
    staff = User.objects.filter(organization=supplier, role=Role.MEMBER).first()
    rows = [r for r in qcd_figures_for(staff, as_of=today, supplier_id=supplier.pk).rows]
    by_month = {r.month: r for r in rows if r.month != "all" and r.otd_qty is not None}
    months = months_back(today, 25)
    first_year = [by_month[m] for m in months[:12] if m in by_month]
    last_three = [by_month[m] for m in months[-4:-1] if m in by_month]
    assert len(first_year) >= 10 and len(last_three) == 3

    def otd(rows) -> float:
        return sum(r.otd_qty * r.qty_due for r in rows) / sum(r.qty_due for r in rows)

    assert otd(last_three) < otd(first_year) - 0.15
    # As of today the lines not due yet are not late: the latest scored month is this one or
    # the one before, and scores well above zero.
    card, _criteria = scorecard_for(buyer, supplier.pk, as_of=today)
    assert card.latest is not None and card.latest.month in months[-2:]
    assert card.latest.score is not None and card.latest.score > 20
    assert card.arrow == "↘"
