"""Holes a review found, each closed and kept closed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from renkei.supply.services import bom_line_save
from tests.factories import BuyerFactory, ItemFactory


def test_coordinator_cannot_make_anyone_superuser(client, coordinator, member_a):
    client.force_login(coordinator)
    url = reverse("admin:accounts_user_change", args=[coordinator.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "username": coordinator.username,
            "role": "coordinator",
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        }
    )
    client.post(url, data)
    coordinator.refresh_from_db()
    assert not coordinator.is_superuser


def test_coordinator_cannot_issue_a_token_for_someone_else(client, coordinator, buyer):
    from renkei.accounts.models import ApiToken

    client.force_login(coordinator)
    client.post(reverse("admin:accounts_apitoken_add"), {"name": "x", "user": buyer.pk})
    assert not ApiToken.objects.filter(user=buyer).exists()


def test_bom_line_cannot_join_two_owners(db):
    mine, theirs = ItemFactory(), ItemFactory()
    assert mine.owner_id != theirs.owner_id
    with pytest.raises(ValidationError) as excinfo:
        bom_line_save(actor=None, parent=mine, child=theirs, qty_per_unit=Decimal(1))
    assert excinfo.value.code == "bom_other_owner" or "bom_other_owner" in str(excinfo.value)


@pytest.mark.parametrize(
    "query", [{"item": "²"}, {"owner": "99999999999999999999999"}, {"owner": "999999"}]
)
def test_supply_pages_refuse_bad_ids_without_a_500(client, coordinator, query):
    client.force_login(coordinator)
    for name in ("supply:whatif", "supply:scenario", "supply:overview"):
        assert client.get(reverse(name), query).status_code in (200, 404)


def test_whatif_does_not_look_at_another_buyers_item(client, db):
    b1, b2 = BuyerFactory(username="b1x"), BuyerFactory(username="b2x")
    other = ItemFactory(owner=b2.organization)
    client.force_login(b1)
    response = client.get(reverse("supply:whatif"), {"item": other.pk})
    assert "◎" not in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/capabilities?organization=99999999999999999999999",
        "/api/v1/organizations?offset=99999999999999999999999",
    ],
)
def test_api_refuses_huge_numbers_with_422(client, db, url):
    response = client.get(url)
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"


def test_export_with_a_bad_filter_exports_nothing(client, member_a):
    client.force_login(member_a)
    response = client.get(reverse("registry:directory_export"), {"municipality": "zz"})
    assert response.status_code == 400
    assert "spreadsheetml" not in response["Content-Type"]
