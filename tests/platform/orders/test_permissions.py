"""Every role against every other's RFQs, quotes and purchase orders."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from renkei.orders import permissions as gate
from renkei.orders import services
from renkei.orders.models import QuoteStatus


def ids(qs):
    return set(qs.values_list("pk", flat=True))


def test_buyer_sees_only_its_own_rfqs_quotes_and_orders(world, buyer, buyer2):
    assert ids(gate.rfqs_visible_to(buyer)) == {world.rfq1.pk}
    assert ids(gate.rfqs_visible_to(buyer2)) == {world.rfq2.pk}
    # Both quotes to its RFQ, and nothing of the other buyer's.
    assert ids(gate.quotes_visible_to(buyer)) == {world.quote_a.pk, world.quote_b.pk}
    assert ids(gate.quotes_visible_to(buyer2)) == set()
    assert ids(gate.purchase_orders_visible_to(buyer)) == {world.po1.pk}
    assert ids(gate.purchase_orders_visible_to(buyer2)) == {world.po2.pk}
    assert ids(gate.order_lines_visible_to(buyer)) == ids(world.po1.lines.all())
    with pytest.raises(Http404):
        gate.purchase_order_for_user(buyer, world.po2.pk)
    with pytest.raises(Http404):
        gate.rfq_for_user(buyer, world.rfq2.pk)


def test_supplier_sees_rfqs_sent_to_it_and_only_its_own_quote(world, member_a, member_b):
    assert ids(gate.rfqs_visible_to(member_a)) == {world.rfq1.pk, world.rfq2.pk}
    assert ids(gate.rfqs_visible_to(member_b)) == {world.rfq1.pk}
    # Never a competitor's quote on the same RFQ.
    assert ids(gate.quotes_visible_to(member_a)) == {world.quote_a.pk}
    assert ids(gate.quotes_visible_to(member_b)) == {world.quote_b.pk}
    assert ids(gate.purchase_orders_visible_to(member_a)) == {world.po1.pk}
    assert ids(gate.purchase_orders_visible_to(member_b)) == {world.po2.pk}
    # A recipient reads the RFQ but may not change it.
    assert gate.rfq_for_user(member_a, world.rfq1.pk) == world.rfq1
    with pytest.raises(PermissionDenied):
        gate.rfq_for_user(member_a, world.rfq1.pk, for_edit=True)
    with pytest.raises(PermissionDenied):
        gate.purchase_order_for_user(member_a, world.po1.pk, for_edit=True)


def test_supplier_sees_receipts_and_inspections_of_its_orders_only(
    world, buyer, member_a, member_b
):
    line = world.po1.lines.get()
    services.receipt_record(
        actor=buyer,
        order_line=line,
        received_date=line.promised_date,
        qty_received=100,
        qty_inspected=100,
    )
    assert gate.receipts_visible_to(member_a).count() == 1
    assert gate.inspections_visible_to(member_a).count() == 1
    assert gate.receipts_visible_to(member_b).count() == 0
    assert gate.inspections_visible_to(member_b).count() == 0


def test_neither_the_coordinator_nor_the_public_sees_the_firms_orders(world, buyer, coordinator):
    """Order records hold the firms' prices and customers: a coordinator sees none of them."""
    line = world.po1.lines.get()
    services.receipt_record(
        actor=buyer,
        order_line=line,
        received_date=line.promised_date,
        qty_received=100,
        qty_inspected=100,
    )
    public = AnonymousUser()
    for visible in (
        gate.rfqs_visible_to,
        gate.rfq_lines_visible_to,
        gate.quotes_visible_to,
        gate.purchase_orders_visible_to,
        gate.order_lines_visible_to,
        gate.receipts_visible_to,
        gate.inspections_visible_to,
    ):
        assert visible(coordinator).model.objects.exists()
        assert not visible(public).exists()
        assert not visible(coordinator).exists()
    for lookup, pk in (
        (gate.rfq_for_user, world.rfq1.pk),
        (gate.purchase_order_for_user, world.po1.pk),
    ):
        with pytest.raises(Http404):
            lookup(coordinator, pk)


def test_a_coordinator_of_an_organisation_sees_only_its_own_orders(world, coordinator, firm_b):
    """A coordinator whose organisation buys sees its own orders like any buyer, no more."""
    coordinator.organization = world.po2.buyer
    coordinator.save()
    assert ids(gate.purchase_orders_visible_to(coordinator)) == {world.po2.pk}
    assert ids(gate.rfqs_visible_to(coordinator)) == {world.rfq2.pk}
    assert ids(gate.quotes_visible_to(coordinator)) == set()
    assert gate.can_act_for(coordinator, world.po2.buyer)
    assert not gate.can_act_for(coordinator, world.po1.buyer)
    assert not gate.can_act_for(coordinator, firm_b)


def test_the_coordinator_acts_for_no_firm(world, coordinator, firm_a, firm_b):
    line = world.po1.lines.get()
    with pytest.raises(PermissionDenied):
        services.receipt_record(
            actor=coordinator, order_line=line, received_date=line.promised_date, qty_received=1
        )
    with pytest.raises(PermissionDenied):
        services.quote_decline(actor=coordinator, rfq=world.rfq2, supplier=firm_a)
    with pytest.raises(PermissionDenied):
        services.rfq_create(
            actor=coordinator,
            buyer=world.po1.buyer,
            title="代理発注",
            lines=[{"description": "x", "quantity": 1}],
            recipients=[firm_b],
        )
    assert not line.receipts.exists()


def test_draft_rfq_and_draft_quote_stay_private(world, buyer, member_a, firm_a):
    draft = services.rfq_create(
        actor=buyer,
        buyer=buyer.organization,
        title="下書き",
        lines=[{"description": "カバー", "quantity": 10}],
        recipients=[firm_a],
        send=False,
    )
    assert draft.pk in ids(gate.rfqs_visible_to(buyer))
    assert draft.pk not in ids(gate.rfqs_visible_to(member_a))
    world.quote_a.status = QuoteStatus.DRAFT
    world.quote_a.save()
    assert world.quote_a.pk not in ids(gate.quotes_visible_to(buyer))
    assert world.quote_a.pk in ids(gate.quotes_visible_to(member_a))


def test_nobody_acts_for_another_firm(world, buyer, buyer2, member_a, member_b, firm_b):
    line = world.po1.lines.get()
    with pytest.raises(PermissionDenied):
        services.receipt_record(
            actor=buyer2, order_line=line, received_date=line.promised_date, qty_received=1
        )
    # The supplier does not book receipts against its own order: the buyer receives.
    with pytest.raises(PermissionDenied):
        services.receipt_record(
            actor=member_a, order_line=line, received_date=line.promised_date, qty_received=1
        )
    # A firm quotes only in its own name, and only when it was sent the RFQ.
    with pytest.raises(PermissionDenied):
        services.quote_decline(actor=member_a, rfq=world.rfq2, supplier=firm_b)
    with pytest.raises(PermissionDenied):
        services.quote_decline(actor=member_b, rfq=world.rfq2, supplier=firm_b)
    with pytest.raises(PermissionDenied):
        services.rfq_create(
            actor=buyer,
            buyer=buyer2.organization,
            title="なりすまし",
            lines=[{"description": "x", "quantity": 1}],
            recipients=[firm_b],
        )
