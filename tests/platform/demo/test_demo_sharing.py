"""The demo's consent to share QCD sheets: a realistic mix, and the stories visible to buyers."""

from __future__ import annotations

from collections import Counter

import pytest
from django.urls import reverse

from renkei.accounts.models import Role, User
from renkei.orders.models import PurchaseOrder
from renkei.qcd.models import QcdSharing, SharingLevel
from renkei.qcd.permissions import qcd_sheet_visible
from renkei.registry.models import Organization
from tests.platform.demo import TEST_TODAY

pytestmark = pytest.mark.django_db


def test_every_supplier_has_a_consent_and_the_mix_is_realistic(demo):
    suppliers = set(PurchaseOrder.objects.values_list("supplier_id", flat=True))
    sharing = dict(QcdSharing.objects.values_list("organization_id", "level"))
    assert set(sharing) == suppliers
    assert demo.counts["qcdsharing"] == len(suppliers)
    mix = Counter(sharing.values())
    assert set(mix) == set(SharingLevel.values)
    # About half share with their buyers; the most common choice by far.
    assert mix[SharingLevel.BUYERS] == max(mix.values())
    assert 0.3 <= mix[SharingLevel.BUYERS] / len(sharing) <= 0.7


@pytest.mark.parametrize("key", ["orders.worsening_supplier", "orders.incident_supplier"])
def test_the_highlighted_suppliers_share_at_least_with_their_buyers(demo, key):
    org = Organization.objects.get(corporate_number=demo.highlights[key])
    assert org.qcd_sharing.level != SharingLevel.PRIVATE
    served = PurchaseOrder.objects.filter(supplier=org).values("buyer_id")
    buyer = User.objects.filter(role=Role.BUYER, organization_id__in=served).first()
    assert buyer is not None and qcd_sheet_visible(buyer, org)


def test_a_buyer_reads_the_worsening_suppliers_sheet(demo, client):
    org = Organization.objects.get(corporate_number=demo.highlights["orders.worsening_supplier"])
    served = PurchaseOrder.objects.filter(supplier=org).values("buyer_id")
    client.force_login(User.objects.filter(role=Role.BUYER, organization_id__in=served).first())
    page = client.get(reverse("qcd:qcd_sheet", args=[org.pk]), {"as_of": TEST_TODAY.isoformat()})
    assert page.status_code == 200
    months = [row for _month, row in page.context["sheet"].months if row is not None]
    assert len(months) >= 20  # two years of orders
    heat = page.context["charts"]["calendar"]["data"][0]["z"]
    assert sum(v for week in heat for v in week if v) > 0  # late days in the last year
    assert page.context["has_pareto"]
    for row in PurchaseOrder.objects.filter(supplier=org).select_related("buyer")[:20]:
        assert row.buyer.name not in page.content.decode()
