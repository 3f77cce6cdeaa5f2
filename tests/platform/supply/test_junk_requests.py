"""The supply pages against junk and foreign ids: never a 500, never another buyer's data."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import BuyerFactory, ItemFactory


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
