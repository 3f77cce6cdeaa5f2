from __future__ import annotations

import pytest

from tests.factories import SiteFactory
from tests.platform.supply.importdata import Cluster


@pytest.fixture
def cluster(buyer, firm_a, firm_b) -> Cluster:
    """Buyer 1 has a head office and a parts warehouse; firm B a second factory."""
    SiteFactory(organization=buyer.organization, name="本社", is_headquarters=True)
    SiteFactory(organization=buyer.organization, name="部品倉庫", is_headquarters=False)
    SiteFactory(organization=firm_b, name="第二工場", is_headquarters=False)
    return Cluster(buyer=buyer, firm_a=firm_a, firm_b=firm_b)
