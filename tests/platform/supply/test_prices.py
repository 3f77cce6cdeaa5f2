"""A firm's supply prices and margins, and the lost profit in yen computed from them, are its own:
the owner's people see them; a coordinator sees the networks (units, TTS, REI) but no yen amount.

The car maker's margin is a distinctive 98,765 yen, and part A's unit price too: the yen figures
below are 2,000 or 3,000 lost cars times that margin.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from renkei.supply.models import InventoryPosition, Sourcing
from renkei.supply.permissions import can_see_prices
from tests.factories import BuyerFactory

PRICE = Decimal(98765)
S1_LOST_YEN = "197,530,000"  # S1 down: 2,000 cars x 98,765 yen
AREA_LOST_YEN = "296,295,000"  # S1 and the plant down: 3,000 cars


@pytest.fixture
def priced(car_network):
    car, part = car_network["car"], car_network["part"]
    car.margin = PRICE
    car.save()
    sourcing = Sourcing.objects.get(item=part)
    sourcing.unit_price = PRICE
    sourcing.save()
    return {**car_network, "sourcing": sourcing}


def _stress(client, user, django_capture_on_commit_callbacks, **data):
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("supply:stress_start"), data)
    assert response.status_code == 302
    return response["Location"]


def test_only_the_owning_firm_sees_prices(priced, buyer, coordinator, member_a, admin_user):
    owner = priced["buyer"].organization
    assert can_see_prices(priced["buyer"], owner)
    assert can_see_prices(priced["buyer"], owner.pk)
    for user in (buyer, coordinator, member_a, admin_user):
        assert not can_see_prices(user, owner)
    assert not can_see_prices(priced["buyer"], None)  # the whole cluster is no one firm's


def test_stress_result_shows_lost_profit_to_the_owner_only(
    client, priced, coordinator, buyer, django_capture_on_commit_callbacks
):
    url = _stress(client, priced["buyer"], django_capture_on_commit_callbacks)
    html = client.get(url).content.decode()
    assert S1_LOST_YEN in html
    assert "逸失利益" in html

    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert S1_LOST_YEN not in html
    assert "逸失利益" not in html
    assert "2,000" in html  # the lost units stay
    assert "REI" in html

    client.force_login(buyer)  # another buyer: not its job
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("scope", ["owner", "cluster"])
def test_coordinators_stress_test_shows_no_yen(
    client, priced, coordinator, django_capture_on_commit_callbacks, scope
):
    data = {"owner": priced["buyer"].organization_id} if scope == "owner" else {}
    url = _stress(client, coordinator, django_capture_on_commit_callbacks, **data)
    response = client.get(url)
    assert response.context["rows"][0]["lost_profit"] > 0  # computed with the margins
    html = response.content.decode()
    assert S1_LOST_YEN not in html
    assert "2,000" in html


def test_area_scenario_shows_lost_profit_to_the_owner_only(client, priced, coordinator):
    query = {"municipalities": [priced["s1"].municipality_id], "ttr_days": "30"}
    client.force_login(priced["buyer"])
    assert AREA_LOST_YEN in client.get(reverse("supply:scenario"), query).content.decode()

    client.force_login(coordinator)
    for scope in ({"owner": priced["buyer"].organization_id}, {}):
        response = client.get(reverse("supply:scenario"), {**query, **scope})
        html = response.content.decode()
        assert response.context["outcome"]["result"]["lost_units"] == pytest.approx(3000)
        assert AREA_LOST_YEN not in html
        assert "3,000" in html


def test_whatif_shows_lost_profit_to_the_owner_only(client, priced, coordinator, firm_b):
    query = {"item": priced["part"].pk, "site": firm_b.sites.get().pk, "capacity_per_day": "150"}
    client.force_login(priced["buyer"])
    html = client.get(reverse("supply:whatif"), query).content.decode()
    assert S1_LOST_YEN in html

    client.force_login(coordinator)
    response = client.get(
        reverse("supply:whatif"), {**query, "owner": priced["buyer"].organization_id}
    )
    html = response.content.decode()
    assert response.context["outcome"] is not None
    assert S1_LOST_YEN not in html
    assert "2,000" in html  # S1's lost units before the backup


def test_other_buyers_see_nothing_of_the_network(client, priced):
    client.force_login(BuyerFactory(username="other"))
    owner = priced["buyer"].organization_id
    assert client.get(reverse("supply:scenario"), {"owner": owner}).status_code == 403
    assert client.get(reverse("supply:whatif"), {"owner": owner}).status_code == 403


# --- the admin and the audit log ------------------------------------------------------------


def test_admin_hides_margins_and_prices_from_the_coordinator(
    client, priced, coordinator, admin_user
):
    item_url = reverse("admin:supply_item_change", args=[priced["car"].pk])
    part_url = reverse("admin:supply_item_change", args=[priced["part"].pk])
    sourcing_url = reverse("admin:supply_sourcing_change", args=[priced["sourcing"].pk])
    changelist = reverse("admin:supply_sourcing_changelist")

    client.force_login(admin_user)
    for url in (item_url, part_url, sourcing_url, changelist):
        assert "98765" in client.get(url).content.decode(), url

    client.force_login(coordinator)
    for url in (item_url, part_url, sourcing_url, changelist):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "98765" not in response.content.decode(), url
    # Nor can a filter in the query string tell a price.
    for lookup in ("unit_price", "unit_price__gte", "item__margin"):
        response = client.get(changelist, {lookup: "98765"})  # DisallowedModelAdminLookup
        assert response.status_code == 400, lookup
    client.force_login(admin_user)
    assert client.get(changelist, {"unit_price": "98765"}).context["cl"].result_count == 1


def test_coordinator_admin_edit_keeps_the_price(client, priced, coordinator):
    sourcing = priced["sourcing"]
    client.force_login(coordinator)
    response = client.post(
        reverse("admin:supply_sourcing_change", args=[sourcing.pk]),
        {
            "item": sourcing.item_id,
            "site": sourcing.site_id,
            "status": "backup",
            "share": "",
            "lead_time_days": "7",
            "capacity_per_day": "150",
        },
    )
    assert response.status_code == 302
    sourcing.refresh_from_db()
    assert sourcing.status == "backup"
    assert sourcing.unit_price == PRICE


def test_audit_log_hides_price_changes_from_the_coordinator(
    client, priced, coordinator, admin_user
):
    priced_entries = LogEntry.objects.filter(changes__icontains="98765")
    assert priced_entries.count() == 2  # the margin and the unit price
    stock = InventoryPosition.objects.get()
    stock.on_hand = Decimal(1234)
    stock.save()
    changelist = reverse("admin:auditlog_logentry_changelist")

    client.force_login(admin_user)
    found = client.get(changelist, {"q": "98765"})
    assert set(found.context["cl"].result_list) == set(priced_entries)

    client.force_login(coordinator)
    page = client.get(changelist)
    shown = set(page.context["cl"].queryset)
    assert not shown & set(priced_entries)
    assert LogEntry.objects.get_for_object(stock).latest("pk") in shown  # supply is still there
    assert "98765" not in page.content.decode()
    assert not client.get(changelist, {"q": "98765"}).context["cl"].result_list
    for entry in priced_entries:
        url = reverse("admin:auditlog_logentry_change", args=[entry.pk])
        assert client.get(url).status_code in (302, 404)
