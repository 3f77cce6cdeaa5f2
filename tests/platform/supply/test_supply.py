"""Supply data: the permission gate against every role, and BOM cycles refused with their path."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.http import Http404

from renkei.supply.models import BomLine
from renkei.supply.permissions import (
    bom_lines_visible_to,
    item_for_user,
    items_visible_to,
    sourcing_visible_to,
)
from renkei.supply.services import bom_line_save
from tests.factories import (
    BomLineFactory,
    BuyerFactory,
    ItemFactory,
    SiteFactory,
    SourcingFactory,
)


@pytest.fixture
def two_buyers(db, firm_a, firm_b):
    """Buyer X sources part X1 from firm A; buyer Y sources Y1 from firms A and B."""
    buyer_x, buyer_y = BuyerFactory(username="bx"), BuyerFactory(username="by")
    x1 = ItemFactory(owner=buyer_x.organization, code="X1")
    y1 = ItemFactory(owner=buyer_y.organization, code="Y1")
    site_a, site_b = firm_a.sites.get(), firm_b.sites.get()
    return {
        "buyer_x": buyer_x,
        "buyer_y": buyer_y,
        "x1": x1,
        "y1": y1,
        "x1_a": SourcingFactory(item=x1, site=site_a, unit_price=900),
        "y1_a": SourcingFactory(item=y1, site=site_a, unit_price=1000),
        "y1_b": SourcingFactory(item=y1, site=site_b, unit_price=1100),
    }


def test_buyer_sees_only_own_items_and_sourcing(two_buyers):
    bx = two_buyers["buyer_x"]
    assert set(items_visible_to(bx)) == {two_buyers["x1"]}
    assert set(sourcing_visible_to(bx)) == {two_buyers["x1_a"]}
    with pytest.raises(Http404):
        item_for_user(bx, two_buyers["y1"].pk)


def test_supplier_sees_its_own_rows_not_competitors_prices(two_buyers, member_a, member_b):
    assert set(items_visible_to(member_a)) == {two_buyers["x1"], two_buyers["y1"]}
    assert set(sourcing_visible_to(member_a)) == {two_buyers["x1_a"], two_buyers["y1_a"]}
    # Firm B supplies Y1 too, but never sees firm A's price for it (nor the reverse).
    assert set(sourcing_visible_to(member_b)) == {two_buyers["y1_b"]}


def test_supplier_cannot_change_the_buyers_item(two_buyers, member_a):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        item_for_user(member_a, two_buyers["x1"].pk, for_edit=True)


def test_public_sees_no_supply_data(two_buyers):
    anonymous = AnonymousUser()
    assert not items_visible_to(anonymous).exists()
    assert not sourcing_visible_to(anonymous).exists()


def test_coordinator_sees_all(two_buyers, coordinator):
    assert sourcing_visible_to(coordinator).count() == 3


def test_boms_are_private_to_the_owner(two_buyers, member_a):
    part = ItemFactory(owner=two_buyers["buyer_x"].organization, code="X1-a")
    BomLineFactory(parent=two_buyers["x1"], child=part)
    assert bom_lines_visible_to(two_buyers["buyer_x"]).count() == 1
    assert bom_lines_visible_to(two_buyers["buyer_y"]).count() == 0
    assert bom_lines_visible_to(member_a).count() == 0


def test_bom_cycle_is_refused_and_named(db):
    a, b, c = (ItemFactory(code=code) for code in ("A", "B", "C"))
    owner = a.owner
    b.owner = c.owner = owner
    b.save()
    c.save()
    bom_line_save(actor=None, parent=a, child=b, qty_per_unit=1)
    bom_line_save(actor=None, parent=b, child=c, qty_per_unit=2)
    with pytest.raises(ValidationError) as excinfo:
        bom_line_save(actor=None, parent=c, child=a, qty_per_unit=1)
    assert "C → A → B → C" in str(excinfo.value.messages)
    assert BomLine.objects.count() == 2


def test_negative_quantity_is_refused(db):
    a, b = ItemFactory(), ItemFactory()
    with pytest.raises(ValidationError):
        bom_line_save(actor=None, parent=a, child=b, qty_per_unit=-1)
    assert not BomLine.objects.exists()


def test_share_outside_0_1_is_refused(db):
    from renkei.supply.services import sourcing_save

    item, site = ItemFactory(), SiteFactory()
    with pytest.raises(ValidationError):
        sourcing_save(actor=None, item=item, site=site, share=1.5)
