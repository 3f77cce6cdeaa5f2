"""Quote drafts (the buyer never sees one) and the award of an RFQ split by line across
suppliers (one purchase order per supplier, all or nothing)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from renkei.orders import permissions as gate
from renkei.orders import services
from renkei.orders.models import PurchaseOrder, Quote, QuoteStatus, RfqStatus
from tests.factories import MemberFactory, OrganizationFactory

D = dt.date


@pytest.fixture
def two_lines(buyer, member_a, member_b, firm_a, firm_b):
    """A two-line RFQ both firms quoted: firm_a is cheaper on the brackets, firm_b on the
    shafts (at 50 and more); a third firm was asked and has not answered."""
    firm_c = OrganizationFactory(name="妙義メッキ株式会社")
    rfq = services.rfq_create(
        actor=buyer,
        buyer=buyer.organization,
        title="ブラケット・シャフト見積",
        lines=[
            {"description": "ブラケット", "quantity": 100},
            {"description": "シャフト", "quantity": 50},
        ],
        recipients=[firm_a, firm_b, firm_c],
        needed_by=D(2026, 12, 1),
    )
    bracket, shaft = rfq.lines.all()
    quote_a = services.quote_submit(
        actor=member_a,
        rfq=rfq,
        supplier=firm_a,
        prices={bracket: [(1, 130), (100, 120)], shaft: [(1, 460)]},
        lead_time_days=10,
    )
    quote_b = services.quote_submit(
        actor=member_b,
        rfq=rfq,
        supplier=firm_b,
        prices={bracket: [(1, 140)], shaft: [(1, 450), (50, 380)]},
        lead_time_days=14,
    )
    return SimpleNamespace(
        rfq=rfq, bracket=bracket, shaft=shaft, a=quote_a, b=quote_b, firm_c=firm_c
    )


NEEDED_BY = D(2026, 12, 1)


def award(line, supplier, qty, promised=NEEDED_BY):
    return {"rfq_line": line, "supplier": supplier, "qty_ordered": qty, "promised_date": promised}


# --- drafts -----------------------------------------------------------------------------------


def test_draft_is_partial_hidden_from_the_buyer_then_submitted(
    client, buyer, member_a, firm_a, firm_b
):
    rfq = services.rfq_create(
        actor=buyer,
        buyer=buyer.organization,
        title="二品目見積",
        lines=[{"description": "A", "quantity": 10}, {"description": "B", "quantity": 5}],
        recipients=[firm_a, firm_b],
    )
    line_a, line_b = rfq.lines.all()
    draft = services.quote_save_draft(
        actor=member_a,
        rfq=rfq,
        supplier=firm_a,
        prices={line_a: [(1, 777)], line_b: []},  # line B not priced yet
        lead_time_days=9,
        notes="材質確認中",
    )
    assert draft.status == QuoteStatus.DRAFT and draft.lines.count() == 1
    # The buyer sees neither the quote nor its price.
    assert not gate.quotes_visible_to(buyer).filter(pk=draft.pk).exists()
    client.force_login(buyer)
    page = client.get(reverse("orders:rfq_detail", args=[rfq.pk])).content.decode()
    assert "¥777" not in page and "777.00" not in page and "材質確認中" not in page
    assert client.get(reverse("orders:quote_detail", args=[draft.pk])).status_code == 404

    # The supplier reopens its form with the draft's values, and submits from it.
    client.force_login(member_a)
    form_page = client.get(reverse("orders:rfq_quote", args=[rfq.pk])).content.decode()
    assert 'value="777' in form_page and 'value="9"' in form_page and "材質確認中" in form_page
    incomplete = {
        "action": "quote",
        f"l{line_a.pk}_qty1": "1",
        f"l{line_a.pk}_price1": "777",
        f"l{line_b.pk}_qty1": "1",
        "lead_time_days": "9",
    }
    response = client.post(reverse("orders:rfq_quote", args=[rfq.pk]), incomplete)
    assert response.status_code == 422  # submission checks every line
    assert Quote.objects.get(pk=draft.pk).status == QuoteStatus.DRAFT
    response = client.post(
        reverse("orders:rfq_quote", args=[rfq.pk]),
        {**incomplete, f"l{line_b.pk}_price1": "1500"},
    )
    assert response.status_code == 302
    submitted = Quote.objects.get()  # the same row, not a second quote
    assert submitted.pk == draft.pk and submitted.status == QuoteStatus.SUBMITTED
    assert submitted.lines.count() == 2

    client.force_login(buyer)
    page = client.get(reverse("orders:rfq_detail", args=[rfq.pk])).content.decode()
    assert "¥777" in page and "¥1,500" in page


def test_saving_a_draft_through_the_page_keeps_partial_prices(client, buyer, member_a, world):
    rfq = world.rfq1
    Quote.objects.filter(rfq=rfq, supplier=member_a.organization).delete()
    line = rfq.lines.get()
    client.force_login(member_a)
    response = client.post(
        reverse("orders:rfq_quote", args=[rfq.pk]),
        {"action": "draft", f"l{line.pk}_qty1": "1", "notes": "下書き"},
    )
    assert response.status_code == 302
    draft = Quote.objects.get(rfq=rfq, supplier=member_a.organization)
    assert draft.status == QuoteStatus.DRAFT and draft.notes == "下書き"
    assert not draft.lines.exists()
    assert draft.pk not in {q.pk for q in gate.quotes_visible_to(buyer)}


def test_a_draft_cannot_be_saved_over_a_submitted_quote(world, member_a, firm_a):
    with pytest.raises(ValidationError) as refused:
        services.quote_save_draft(actor=member_a, rfq=world.rfq1, supplier=firm_a, prices={})
    assert refused.value.error_list[0].code == "quote_already_answered"
    assert Quote.objects.get(pk=world.quote_a.pk).status == QuoteStatus.SUBMITTED


def test_a_draft_refuses_a_negative_quantity_and_keeps_nothing(world, member_a):
    rfq = world.rfq2
    with pytest.raises(ValidationError) as refused:
        services.quote_save_draft(
            actor=member_a,
            rfq=rfq,
            supplier=member_a.organization,
            prices={rfq.lines.get(): [(-5, 100)]},
        )
    assert refused.value.error_dict["min_qty"][0].code == "negative_quantity"
    assert not Quote.objects.filter(rfq=rfq).exists()


# --- award split by line ----------------------------------------------------------------------


def test_split_award_makes_one_order_per_supplier_priced_from_each_quote(
    buyer, firm_a, firm_b, two_lines
):
    t = two_lines
    pos = services.purchase_orders_from_award(
        actor=buyer,
        rfq=t.rfq,
        award_lines=[
            award(t.shaft, firm_b, 60, D(2026, 12, 5)),
            award(t.bracket, firm_a, 100),
        ],
        order_date=D(2026, 11, 24),
        number_prefix="PO-261124",
        quantity_increase_confirmed=True,  # 60 shafts against the 50 quoted
    )
    assert [(po.number, po.supplier) for po in pos] == [
        ("PO-261124-1", firm_a),  # in line order, whatever order the award came in
        ("PO-261124-2", firm_b),
    ]
    po_a, po_b = pos
    (line_a,) = po_a.lines.all()
    (line_b,) = po_b.lines.all()
    assert (line_a.description, line_a.qty_ordered, line_a.unit_price) == (
        "ブラケット",
        Decimal("100"),
        Decimal("120.00"),  # firm_a's break from 100
    )
    assert (line_b.description, line_b.qty_ordered, line_b.unit_price) == (
        "シャフト",
        Decimal("60"),
        Decimal("380.00"),  # firm_b's break from 50
    )
    assert line_b.promised_date == D(2026, 12, 5)
    assert all(po.rfq == t.rfq and po.buyer == buyer.organization for po in pos)
    assert {po.pk for po in t.rfq.purchase_orders.all()} == {po_a.pk, po_b.pk}
    t.rfq.refresh_from_db()
    assert t.rfq.status == RfqStatus.CLOSED


def test_a_partial_award_leaves_the_rfq_open(buyer, firm_b, two_lines):
    t = two_lines
    services.purchase_orders_from_award(
        actor=buyer,
        rfq=t.rfq,
        award_lines=[award(t.shaft, firm_b, 10)],
        order_date=D(2026, 11, 24),
        number_prefix="P",
    )
    t.rfq.refresh_from_db()
    assert t.rfq.status == RfqStatus.SENT
    assert PurchaseOrder.objects.get().lines.get().unit_price == Decimal("450.00")


def test_an_rfq_awarded_in_two_steps_closes_with_the_second(buyer, firm_a, firm_b, two_lines):
    t = two_lines
    first = services.purchase_orders_from_award(
        actor=buyer,
        rfq=t.rfq,
        award_lines=[award(t.shaft, firm_b, 10)],
        order_date=D(2026, 11, 24),
        number_prefix="P",
    )
    assert first[0].lines.get().rfq_line == t.shaft
    services.purchase_orders_from_award(
        actor=buyer,
        rfq=t.rfq,
        award_lines=[award(t.bracket, firm_a, 100)],
        order_date=D(2026, 11, 25),
        number_prefix="Q",
    )
    t.rfq.refresh_from_db()
    assert t.rfq.status == RfqStatus.CLOSED


@pytest.mark.parametrize(
    ("bad", "code"),
    [
        (lambda t, a, b: award(t.shaft, b, 0), "quantity_not_positive"),
        (lambda t, a, b: award(t.shaft, b, -3), "negative_quantity"),
        (lambda t, a, b: award(t.shaft, t.firm_c, 50), "supplier_not_quoting_line"),
        (lambda t, a, b: award(t.bracket, a, 100), "line_awarded_twice"),
    ],
    ids=["zero", "negative", "supplier-without-quote", "twice"],
)
def test_one_bad_award_line_creates_nothing(buyer, firm_a, firm_b, two_lines, bad, code):
    t = two_lines
    with pytest.raises(ValidationError) as refused:
        services.purchase_orders_from_award(
            actor=buyer,
            rfq=t.rfq,
            award_lines=[award(t.bracket, firm_a, 100), bad(t, firm_a, firm_b)],
            order_date=D(2026, 11, 24),
            number_prefix="PO-X",
        )
    errors = getattr(refused.value, "error_dict", {}) or {None: refused.value.error_list}
    assert code in {e.code for es in errors.values() for e in es}
    assert not PurchaseOrder.objects.exists()
    t.rfq.refresh_from_db()
    assert t.rfq.status == RfqStatus.SENT


def test_a_line_the_supplier_did_not_price_cannot_go_to_it(
    buyer, member_a, firm_a, firm_b, two_lines
):
    t = two_lines
    # firm_c answers, but prices only the brackets.
    c_member = MemberFactory(organization=t.firm_c, username="member_c")
    services.quote_submit(
        actor=c_member, rfq=t.rfq, supplier=t.firm_c, prices={t.bracket: [(1, 90)]}
    )
    with pytest.raises(ValidationError) as refused:
        services.purchase_orders_from_award(
            actor=buyer,
            rfq=t.rfq,
            award_lines=[award(t.bracket, t.firm_c, 100), award(t.shaft, t.firm_c, 50)],
            order_date=D(2026, 11, 24),
            number_prefix="PO-C",
        )
    assert refused.value.error_list[0].code == "supplier_not_quoting_line"
    assert not PurchaseOrder.objects.exists()


def test_only_the_buyer_awards_and_a_draft_quote_is_never_ordered_from(
    buyer, buyer2, member_a, firm_a, two_lines
):
    t = two_lines
    for outsider in (buyer2, member_a):
        with pytest.raises(PermissionDenied):
            services.purchase_orders_from_award(
                actor=outsider,
                rfq=t.rfq,
                award_lines=[award(t.bracket, firm_a, 100)],
                order_date=D(2026, 11, 24),
                number_prefix="PO-Z",
            )
    Quote.objects.filter(pk=t.a.pk).update(status=QuoteStatus.DRAFT)
    with pytest.raises(ValidationError) as refused:
        services.purchase_orders_from_award(
            actor=buyer,
            rfq=t.rfq,
            award_lines=[award(t.bracket, firm_a, 100)],
            order_date=D(2026, 11, 24),
            number_prefix="PO-Z",
        )
    assert refused.value.error_list[0].code == "supplier_not_quoting_line"
    assert not PurchaseOrder.objects.exists()


def test_a_closed_rfq_is_not_awarded_again(buyer, firm_a, firm_b, two_lines):
    t = two_lines
    lines = [award(t.bracket, firm_a, 100), award(t.shaft, firm_b, 50)]
    kwargs = {"actor": buyer, "rfq": t.rfq, "order_date": D(2026, 11, 24)}
    services.purchase_orders_from_award(award_lines=lines, number_prefix="A", **kwargs)
    with pytest.raises(ValidationError) as refused:
        services.purchase_orders_from_award(award_lines=lines, number_prefix="B", **kwargs)
    assert refused.value.error_list[0].code == "rfq_not_open"
    assert PurchaseOrder.objects.count() == 2


def test_award_page(client, buyer, buyer2, member_a, firm_a, firm_b, two_lines):
    t = two_lines
    url = reverse("orders:rfq_award", args=[t.rfq.pk])
    data = {
        "number_prefix": "PO-WEB",
        "order_date": "2026-11-24",
        f"a{t.bracket.pk}_supplier": str(firm_a.pk),
        f"a{t.bracket.pk}_qty": "100",
        f"a{t.bracket.pk}_promised": "2026-12-01",
        f"a{t.shaft.pk}_supplier": str(firm_b.pk),
        f"a{t.shaft.pk}_qty": "50",
        f"a{t.shaft.pk}_promised": "2026-12-03",
    }
    client.force_login(member_a)
    assert client.post(url, data).status_code == 403  # sees the RFQ, may not order
    client.force_login(buyer2)
    assert client.post(url, data).status_code == 404
    assert not PurchaseOrder.objects.exists()

    client.force_login(buyer)
    page = client.get(reverse("orders:rfq_detail", args=[t.rfq.pk])).content.decode()
    assert 'id="award"' in page and "妙義メッキ" not in page.split('id="award"')[1]
    # The third firm never quoted: the form does not offer it (and nothing is written).
    bad = {**data, f"a{t.shaft.pk}_supplier": str(t.firm_c.pk)}
    assert client.post(url, bad).status_code == 422
    assert not PurchaseOrder.objects.exists()
    response = client.post(url, {**data, f"a{t.shaft.pk}_qty": "0"})
    assert response.status_code == 422 and not PurchaseOrder.objects.exists()

    response = client.post(url, data)
    assert response.status_code == 302
    numbers = set(PurchaseOrder.objects.values_list("number", "supplier"))
    assert numbers == {("PO-WEB-1", firm_a.pk), ("PO-WEB-2", firm_b.pk)}
    page = client.get(reverse("orders:rfq_detail", args=[t.rfq.pk])).content.decode()
    assert "PO-WEB-1" in page and "PO-WEB-2" in page and 'id="award"' not in page


def test_the_single_quote_order_still_works(client, buyer, two_lines):
    t = two_lines
    client.force_login(buyer)
    prefix = f"quote{t.b.pk}"
    ql = t.b.lines.get(rfq_line=t.shaft)
    response = client.post(
        reverse("orders:po_from_quote", args=[t.rfq.pk, t.b.pk]),
        {
            f"{prefix}-number": "PO-ONE",
            f"{prefix}-order_date": "2026-11-24",
            f"{prefix}-promised_date": "2026-12-01",
            f"{prefix}-q{ql.pk}_take": "on",
            f"{prefix}-q{ql.pk}_qty": "50",
        },
    )
    assert response.status_code == 302
    po = PurchaseOrder.objects.get()
    assert po.rfq == t.rfq and po.lines.get().unit_price == Decimal("380.00")
