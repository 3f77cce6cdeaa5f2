"""Agreed prices and their revisions (単価改定履歴): numbering and refusals, the price a purchase
order takes, the pages, and who sees what (the buyer keeps, the supplier reads, nobody else)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from renkei.orders import prices, services
from renkei.orders.models import PriceRevision, PurchaseOrder
from tests.factories import ItemFactory

D = dt.date
TODAY = D(2026, 10, 1)


def _codes(error: ValidationError) -> set[str]:
    if hasattr(error, "error_dict"):
        return {e.code for errors in error.error_dict.values() for e in errors}
    return {e.code for e in error.error_list}


@pytest.fixture
def bracket(buyer):
    return ItemFactory(owner=buyer.organization, code="BR-100", name="ブラケット")


@pytest.fixture
def history(buyer, firm_a, bracket):
    """buyer's bracket from firm_a: 120 yen, 126 after the steel surcharge, 124 in April."""
    b = buyer.organization
    revise = prices.price_revise
    return [
        revise(actor=buyer, buyer=b, supplier=firm_a, item=bracket, unit_price=120,
               effective_from=D(2024, 10, 1), reason="新規取引"),
        revise(actor=buyer, buyer=b, supplier=firm_a, item=bracket, unit_price=126,
               effective_from=D(2025, 7, 1), reason="材料費高騰"),
        revise(actor=buyer, buyer=b, supplier=firm_a, item=bracket, unit_price="124.50",
               effective_from=D(2026, 4, 1), reason="年次改定"),
    ]  # fmt: skip


@pytest.fixture
def other_buyers_price(buyer2, firm_a):
    """buyer2's own price for a job at the same supplier: none of buyer's business."""
    return prices.price_revise(
        actor=buyer2,
        buyer=buyer2.organization,
        supplier=firm_a,
        description="シャフト φ20",
        unit_price=300,
        effective_from=D(2025, 1, 1),
        reason="新規取引",
    )


# --- the service ----------------------------------------------------------------------------


def test_revisions_are_numbered_and_the_price_in_force_is_found(history, buyer, firm_a, bracket):
    assert [r.revision for r in history] == [1, 2, 3]
    assert all(r.created_by == buyer for r in history)

    def on(day):
        rev = prices.agreed_price(buyer=buyer.organization, supplier=firm_a, item=bracket, on=day)
        return rev.unit_price if rev else None

    assert on(D(2024, 9, 30)) is None
    assert on(D(2024, 10, 1)) == 120
    assert on(D(2025, 6, 30)) == 120
    assert on(D(2025, 7, 1)) == 126
    assert on(D(2026, 9, 1)) == Decimal("124.50")


def test_an_earlier_date_than_the_latest_revision_is_refused(history, buyer, firm_a, bracket):
    for day in (D(2026, 3, 1), D(2026, 4, 1)):
        with pytest.raises(ValidationError) as caught:
            prices.price_revise(
                actor=buyer,
                buyer=buyer.organization,
                supplier=firm_a,
                item=bracket,
                unit_price=130,
                effective_from=day,
            )
        assert _codes(caught.value) == {"revision_out_of_order"}
        assert "2026-04-01" in str(caught.value) or "2026年4月1日" in str(caught.value)
    assert PriceRevision.objects.count() == 3


def test_a_negative_price_is_refused(buyer, firm_a, bracket):
    with pytest.raises(ValidationError) as caught:
        prices.price_revise(
            actor=buyer,
            buyer=buyer.organization,
            supplier=firm_a,
            item=bracket,
            unit_price=-1,
            effective_from=D(2026, 1, 1),
        )
    assert _codes(caught.value) == {"negative_price"}
    assert not PriceRevision.objects.exists()


def test_only_the_buyer_records_its_prices(buyer, member_a, buyer2, coordinator, firm_a, bracket):
    # Not the supplier, not another buyer, not the coordinator.
    for actor in (member_a, buyer2, coordinator):
        with pytest.raises(PermissionDenied):
            prices.price_revise(
                actor=actor,
                buyer=buyer.organization,
                supplier=firm_a,
                item=bracket,
                unit_price=100,
                effective_from=D(2026, 1, 1),
            )
    assert not PriceRevision.objects.exists()


def test_an_item_of_another_firm_cannot_be_priced(buyer, buyer2, firm_a):
    foreign = ItemFactory(owner=buyer2.organization)
    with pytest.raises(ValidationError) as caught:
        prices.price_revise(
            actor=buyer,
            buyer=buyer.organization,
            supplier=firm_a,
            item=foreign,
            unit_price=100,
            effective_from=D(2026, 1, 1),
        )
    assert _codes(caught.value) == {"item_not_yours"}


def test_a_purchase_order_takes_the_price_in_force_on_its_date(history, buyer, firm_a, bracket):
    def order(number, day, **line):
        po = services.purchase_order_create(
            actor=buyer,
            buyer=buyer.organization,
            supplier=firm_a,
            number=number,
            order_date=day,
            lines=[{"item": bracket, "qty_ordered": 100, "promised_date": day, **line}],
        )
        return po.lines.get().unit_price

    assert order("PO-A", D(2025, 3, 3)) == 120
    assert order("PO-B", D(2025, 7, 1)) == 126
    assert order("PO-C", D(2026, 9, 1)) == Decimal("124.50")
    assert order("PO-D", D(2026, 9, 2), unit_price=118) == 118  # a given price wins


def test_without_an_agreed_price_the_order_is_refused(history, buyer, firm_a, firm_b, bracket):
    cases = [
        (firm_a, D(2024, 9, 1), {"item": bracket}),  # before the first revision
        (firm_b, D(2026, 9, 1), {"item": bracket}),  # no price with that supplier
        (firm_a, D(2026, 9, 1), {"description": "ワッシャー"}),  # nothing agreed for it
    ]
    for supplier, day, what in cases:
        with pytest.raises(ValidationError) as caught:
            services.purchase_order_create(
                actor=buyer,
                buyer=buyer.organization,
                supplier=supplier,
                number="PO-X",
                order_date=day,
                lines=[{**what, "qty_ordered": 10, "promised_date": day}],
            )
        assert _codes(caught.value) == {"no_agreed_price"}
    assert not PurchaseOrder.objects.exists()


# --- reads ----------------------------------------------------------------------------------


def test_the_list_and_the_history_with_changes(history, buyer):
    [row] = prices.price_list(buyer, today=TODAY)
    assert row.count == 3 and row.current.unit_price == Decimal("124.50")
    assert row.change == pytest.approx((124.5 - 126) / 126)
    rows = prices.price_history(history[0])
    assert [r.change_yen for r in rows] == [None, Decimal("6"), Decimal("-1.5")]
    assert rows[1].change == pytest.approx(0.05)


def test_a_future_revision_is_not_the_current_price(history, buyer, firm_a, bracket):
    prices.price_revise(
        actor=buyer,
        buyer=buyer.organization,
        supplier=firm_a,
        item=bracket,
        unit_price=130,
        effective_from=D(2027, 4, 1),
    )
    [row] = prices.price_list(buyer, today=TODAY)
    assert row.current.unit_price == Decimal("124.50") and row.latest.unit_price == 130
    assert row.upcoming


# --- pages and who sees them ----------------------------------------------------------------


def test_the_buyer_sees_the_history_chart_and_records_a_revision(client, history, buyer):
    services.purchase_order_create(
        actor=buyer,
        buyer=buyer.organization,
        supplier=history[0].supplier,
        number="PO-A",
        order_date=D(2025, 8, 1),
        lines=[{"item": history[0].item, "qty_ordered": 10, "promised_date": D(2025, 8, 8)}],
    )
    client.force_login(buyer)
    listing = client.get(reverse("orders:price_list"))
    assert listing.status_code == 200 and "ブラケット" in listing.content.decode()
    page = client.get(reverse("orders:price_detail", args=[history[0].pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "材料費高騰" in text and "+5.0%" in text and "plotly" in text
    chart = page.context["chart"]
    assert chart["agreed"]["y"][:3] == [120.0, 126.0, 124.5]
    assert chart["ordered"]["y"] == [126.0]
    assert 'name="unit_price"' in text
    response = client.post(
        reverse("orders:price_detail", args=[history[0].pk]),
        {"unit_price": "128", "effective_from": "2026-10-01", "reason": "エネルギー費高騰"},
    )
    assert response.status_code == 302
    assert PriceRevision.objects.get(revision=4).unit_price == 128
    refused = client.post(
        reverse("orders:price_detail", args=[history[0].pk]),
        {"unit_price": "129", "effective_from": "2026-01-01", "reason": ""},
    )
    assert refused.status_code == 422 and PriceRevision.objects.count() == 4


def test_the_buyer_records_a_new_price_from_the_list(client, buyer, firm_b):
    client.force_login(buyer)
    response = client.post(
        reverse("orders:price_list"),
        {
            "supplier": firm_b.pk,
            "description": "カバー 塗装",
            "unit_price": "220",
            "effective_from": "2026-04-01",
            "reason": "年次改定",
        },
    )
    assert response.status_code == 302
    revision = PriceRevision.objects.get()
    assert (revision.buyer, revision.supplier, revision.revision) == (buyer.organization, firm_b, 1)


def test_the_supplier_reads_its_prices_but_cannot_change_them(
    client, history, other_buyers_price, member_a
):
    client.force_login(member_a)
    listing = client.get(reverse("orders:price_list")).content.decode()
    # Both customers' prices to firm_a are firm_a's to read.
    assert "ブラケット" in listing and "シャフト φ20" in listing
    page = client.get(reverse("orders:price_detail", args=[history[0].pk]))
    assert page.status_code == 200 and "材料費高騰" in page.content.decode()
    assert 'name="unit_price"' not in page.content.decode()
    response = client.post(
        reverse("orders:price_detail", args=[history[0].pk]),
        {"unit_price": "200", "effective_from": "2026-10-01"},
    )
    assert response.status_code == 403
    assert PriceRevision.objects.count() == 4


def test_another_buyers_prices_to_the_same_supplier_are_invisible(
    client, history, other_buyers_price, buyer, buyer2
):
    client.force_login(buyer)
    assert "シャフト φ20" not in client.get(reverse("orders:price_list")).content.decode()
    assert (
        client.get(reverse("orders:price_detail", args=[other_buyers_price.pk])).status_code == 404
    )
    client.force_login(buyer2)
    assert "ブラケット" not in client.get(reverse("orders:price_list")).content.decode()
    for rev in history:
        assert client.get(reverse("orders:price_detail", args=[rev.pk])).status_code == 404
        response = client.post(
            reverse("orders:price_detail", args=[rev.pk]),
            {"unit_price": "1", "effective_from": "2026-10-01"},
        )
        assert response.status_code == 404


@pytest.mark.parametrize("who", ["member_b", "coordinator"])
def test_other_firms_and_the_coordinator_see_no_prices(client, history, request, who):
    user = request.getfixturevalue(who)
    client.force_login(user)
    listing = client.get(reverse("orders:price_list"))
    assert listing.status_code == (404 if who == "coordinator" else 200)
    assert "ブラケット" not in listing.content.decode()
    for rev in history:
        assert client.get(reverse("orders:price_detail", args=[rev.pk])).status_code == 404
    assert not prices.price_list(user, today=TODAY)


def test_anonymous_is_sent_to_log_in(client, history):
    for url in (reverse("orders:price_list"), reverse("orders:price_detail", args=[history[0].pk])):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
