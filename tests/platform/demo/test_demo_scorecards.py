"""The demo's worsening supplier shows as worsening on its buyers' scorecards (one build of
40 firms per module, tests/platform/demo/conftest.py)."""

from __future__ import annotations

import pytest
from django.db.models import Count

from renkei.orders.models import PurchaseOrder
from renkei.qcd.scorecards import scorecard_for
from renkei.registry.models import Organization
from tests.platform.demo import TEST_TODAY

pytestmark = pytest.mark.django_db


def test_the_worsening_supplier_trends_down_on_its_buyers_scorecard(demo):
    supplier = Organization.objects.get(
        corporate_number=demo.highlights["orders.worsening_supplier"]
    )
    biggest = (
        PurchaseOrder.objects.filter(supplier=supplier)
        .values("buyer_id")
        .annotate(n=Count("pk"))
        .order_by("-n", "buyer_id")
        .first()
    )
    buyer = Organization.objects.get(pk=biggest["buyer_id"])
    card, _criteria = scorecard_for(buyer, supplier.pk, as_of=TEST_TODAY)
    assert card.latest is not None and card.latest.trend is not None
    assert card.latest.trend < -0.5
    assert card.arrow == "↘"
