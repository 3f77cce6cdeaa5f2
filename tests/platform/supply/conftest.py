from __future__ import annotations

from decimal import Decimal

import pytest

from renkei.supply.models import InventoryPosition, ItemKind
from renkei.supply.services import site_recovery_save
from tests.factories import (
    BomLineFactory,
    BuyerFactory,
    ItemFactory,
    SiteFactory,
    SourcingFactory,
)
from tests.platform.supply.importdata import Cluster


@pytest.fixture
def cluster(buyer, firm_a, firm_b) -> Cluster:
    """Buyer 1 has a head office and a parts warehouse; firm B a second factory."""
    SiteFactory(organization=buyer.organization, name="本社", is_headquarters=True)
    SiteFactory(organization=buyer.organization, name="部品倉庫", is_headquarters=False)
    SiteFactory(organization=firm_b, name="第二工場", is_headquarters=False)
    return Cluster(buyer=buyer, firm_a=firm_a, firm_b=firm_b)


@pytest.fixture
def car_network(firm_a):
    """STRESS.md's first example: a car needing one part A, made only at S1 (ten days of stock)."""
    buyer = BuyerFactory(username="carmaker")
    owner = buyer.organization
    plant = SiteFactory(organization=owner, name="本社工場")
    s1 = firm_a.sites.get()
    car = ItemFactory(
        owner=owner,
        code="CAR",
        name="乗用車",
        kind=ItemKind.PRODUCT,
        demand_per_day=Decimal(100),
        margin=Decimal(1000),
    )
    part = ItemFactory(owner=owner, code="A", name="部品A", ttr_days=Decimal(30))
    BomLineFactory(parent=car, child=part, qty_per_unit=Decimal(1))
    SourcingFactory(item=part, site=s1, capacity_per_day=Decimal(150))
    SourcingFactory(item=car, site=plant, capacity_per_day=Decimal(100))
    InventoryPosition.objects.create(site=plant, item=part, on_hand=Decimal(1000))
    site_recovery_save(actor=None, site=s1, ttr_days=30)
    site_recovery_save(actor=None, site=plant, ttr_days=5)
    return {"buyer": buyer, "car": car, "part": part, "s1": s1, "plant": plant}
