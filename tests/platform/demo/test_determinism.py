"""The same seed and today build the same cluster; a different seed or today a different one;
reset empties it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from renkei.accounts.models import User
from renkei.demo import EARLIEST_TODAY, build_demo_cluster, reset_demo_data
from renkei.orders.models import OrderLine, PurchaseOrder, Rfq
from renkei.registry.models import Organization
from renkei.supply.models import Item, SiteRecovery
from tests.platform.demo import TEST_TODAY
from tests.platform.demo.dump import sql_dump

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # These tests never log in; PBKDF2 would cost a second per build.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def dump() -> bytes:
    with connection.cursor() as cursor:
        return sql_dump(cursor)


def test_same_seed_same_bytes_different_seed_different_data():
    build_demo_cluster(seed=11, firms=12, today=TEST_TODAY)
    first = dump()
    assert first.count(b"\norg\t") >= 12 and b"\ncapability\t" in first and b"\nuser\t" in first
    tables = (b"item", b"bom", b"routing", b"sourcing", b"inventory", b"recovery")
    orders = (b"po", b"order_line", b"receipt", b"rfq", b"rfq_line", b"quote", b"price_break")
    orders += (b"sharing",)
    orders += (b"attachment",)
    for table in tables + orders:
        assert b"\n" + table + b"\t" in first, table
    reset_demo_data()
    assert Organization.objects.count() == 0 and User.objects.count() == 0
    assert not Item.objects.exists() and not SiteRecovery.objects.exists()
    assert not OrderLine.objects.exists() and not Rfq.objects.exists()
    build_demo_cluster(seed=11, firms=12, today=TEST_TODAY)
    assert dump() == first
    reset_demo_data()
    build_demo_cluster(seed=12, firms=12, today=TEST_TODAY)
    assert dump() != first
    reset_demo_data()
    build_demo_cluster(seed=11, firms=12, today=TEST_TODAY + dt.timedelta(days=1))
    assert dump() != first


def test_a_firm_does_not_depend_on_how_many_firms_are_built():
    def members():
        return list(
            Organization.objects.filter(kind="member")
            .order_by("users__username")
            .values_list("users__username", "name", "corporate_number", "employees")
        )

    build_demo_cluster(seed=5, firms=3, today=TEST_TODAY)
    small = members()
    reset_demo_data()
    build_demo_cluster(seed=5, firms=15, today=TEST_TODAY)
    assert members()[:3] == small


def test_progress_is_reported_up_to_the_end():
    seen: list[float] = []
    build_demo_cluster(
        seed=1, firms=10, progress=lambda fraction, message="": seen.append(fraction)
    )
    assert seen == sorted(seen)
    assert seen[-1] == 1.0


def test_the_default_today_is_the_local_date(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TEST_TODAY)
    assert build_demo_cluster(seed=3, firms=2).today == TEST_TODAY
    assert PurchaseOrder.objects.latest("order_date").order_date <= TEST_TODAY


def test_a_today_before_the_earliest_is_refused():
    with pytest.raises(ValueError, match=r"today must be 2025-01-01 or later\. Got: 2024-12-31"):
        build_demo_cluster(seed=1, firms=2, today=EARLIEST_TODAY - dt.timedelta(days=1))
    assert not Organization.objects.exists()


@pytest.mark.parametrize("firms", [0, -3, 1000])
def test_firm_count_is_checked(firms):
    with pytest.raises(ValueError, match=r"firms must be between 1 and 999\. Got: "):
        build_demo_cluster(seed=1, firms=firms)
    assert not Organization.objects.exists()


def test_reset_keeps_administrators():
    build_demo_cluster(seed=2, firms=3)
    admin = User.objects.create_superuser("admin", password="x-Admin-2026")
    reset_demo_data()
    assert list(User.objects.values_list("username", flat=True)) == [admin.username]
    assert not Organization.objects.exists()
