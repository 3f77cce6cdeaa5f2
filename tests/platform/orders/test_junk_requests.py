"""Every address of the orders and QCD pages against junk: malformed, impossible and out-of-range query
parameters, foreign and absurd ids, empty POSTs, for every role. Nothing may reach a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, reverse

from renkei.orders import daily, prices, services
from renkei.orders.urls import urlpatterns
from renkei.qcd.models import QcdSharing, SharingLevel
from renkei.qcd.urls import urlpatterns as qcd_urlpatterns
from renkei.registry.models import Process

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
HUGE = 99999999999999999999999
JUNK_QUERIES = [
    {"as_of": "abc"},
    {"as_of": "9999-99-99"},
    {"as_of": "0001-01-01"},
    {"as_of": "9999-12-31"},
    {"month": "2026-13"},
    {"month": "9999-12"},
    {"month": "0001-01"},
    {"month": "abc"},
    {"sort": "zzz"},
    {"n": "-5"},
    {"n": "abc"},
    {"n": str(HUGE)},
    {"date_from": "abc", "date_to": "2026-02-31"},
    {"supplier": "abc", "status": "zzz"},
    {"supplier": "-1"},
    {"supplier": str(HUGE)},
    {"page": "abc"},
]
PATTERNS = {
    f"{space}:{p.name}": p
    for space, patterns in (("orders", urlpatterns), ("qcd", qcd_urlpatterns))
    for p in patterns
    if isinstance(p, URLPattern)
}
NAMES = list(PATTERNS)


@pytest.fixture
def full_world(world, buyer, member_a, firm_a, firm_b):
    """The orders world with one of every object: an attachment, a daily report, a price."""
    process = Process.objects.get(code="turning")
    attachment = services.attachment_add(
        actor=buyer,
        rfq=world.rfq1,
        file=SimpleUploadedFile("d.pdf", PDF, content_type="application/pdf"),
    )
    report = daily.daily_report_save(
        actor=member_a,
        organization=firm_a,
        work_date=dt.date(2026, 1, 5),
        worker_name="山田",
        entries=[{"process": process, "hours": 8, "order_line": world.po1.lines.get()}],
        today=dt.date(2026, 1, 5),
    )
    revision = prices.price_revise(
        actor=buyer,
        buyer=buyer.organization,
        supplier=firm_a,
        description="ブラケット",
        unit_price=120,
        effective_from=dt.date(2026, 1, 1),
    )
    QcdSharing.objects.create(organization=firm_a, level=SharingLevel.BUYERS)
    world.ids = {
        "rfq_id": world.rfq1.pk,
        "quote_id": world.quote_a.pk,
        "attachment_id": attachment.pk,
        "po_id": world.po1.pk,
        "line_id": world.po1.lines.get().pk,
        "supplier_id": firm_a.pk,
        "org_id": firm_a.pk,
        "report_id": report.pk,
        "revision_id": revision.pk,
    }
    return world


def _url(name, ids, override=None):
    pattern = PATTERNS[name]
    keys = list(pattern.pattern.converters)
    kwargs = {k: (override if override is not None else ids[k]) for k in keys}
    return reverse(name, kwargs=kwargs), bool(keys)


ROLES = [None, "buyer", "buyer2", "member_a", "member_b", "coordinator"]


@pytest.mark.parametrize("name", NAMES)
def test_no_address_answers_junk_with_a_500(client, request, full_world, name):
    for role in ROLES:
        client.logout()
        if role is not None:
            client.force_login(request.getfixturevalue(role))
        url, has_ids = _url(name, full_world.ids)
        for query in JUNK_QUERIES:
            response = client.get(url, query)
            assert response.status_code < 500, (role, url, query)
        for body in ({}, {"action": "quote"}, {"action": "draft"}, {"action": "decline"}):
            response = client.post(url, body)
            assert response.status_code < 500, (role, url, body)
        if has_ids:
            for bad in (0, HUGE):
                bad_url, _ = _url(name, full_world.ids, bad)
                assert client.get(bad_url).status_code in (302, 403, 404, 405), (role, bad_url)
                assert client.post(bad_url, {}).status_code in (302, 403, 404, 405), (role, bad_url)


# --- bad parameters get a clear, Japanese 4xx ---------------------------------------------------


@pytest.mark.parametrize("as_of", ["abc", "9999-99-99", "0001-01-01", "2026-02-30"])
def test_a_bad_as_of_is_a_japanese_400_on_every_face_of_a_sheet(
    client, full_world, member_a, as_of
):
    client.force_login(member_a)
    org = full_world.ids["org_id"]
    for name in ("qcd_sheet", "qcd_sheet_xlsx", "qcd_sheet_pdf"):
        response = client.get(reverse(f"qcd:{name}", args=[org]), {"as_of": as_of})
        assert response.status_code == 400, (name, as_of)
        text = response.content.decode()
        assert as_of in text and ("基準日" in text or "範囲外" in text), text
        assert "Bad Request" not in text


@pytest.mark.parametrize("month", ["2026-13", "abc", "9999-12", "0001-01"])
def test_a_bad_month_is_a_japanese_400(client, full_world, member_a, month):
    client.force_login(member_a)
    for name in ("daily_month", "daily_export"):
        response = client.get(reverse(f"orders:{name}"), {"month": month})
        assert response.status_code == 400, (name, month)
        text = response.content.decode()
        assert month in text and ("月は" in text or "範囲外" in text), text


def test_a_huge_supplier_id_is_a_404(client, full_world, buyer):
    client.force_login(buyer)
    assert client.get(reverse("qcd:scorecard_detail", args=[HUGE])).status_code == 404


@pytest.mark.parametrize(
    ("query", "status"),
    [({"as_of": "0001-01-01"}, 422), ({"as_of": "abc"}, 422), ({}, 200)],
)
def test_api_refuses_a_bad_as_of_with_a_stable_code(client, full_world, member_a, query, status):
    import json

    from renkei.accounts.services import api_token_create

    token = api_token_create(user=member_a, name="t")[1]
    org = full_world.ids["org_id"]
    headers = {"Authorization": f"Bearer {token}"}
    response = client.get(f"/api/v1/qcd/sheets/{org}", query, headers=headers)
    assert response.status_code == status
    if status != 200:
        body = json.loads(response.content)
        assert response["Content-Type"] == "application/problem+json"
        assert body["code"] == "validation_error"
        assert body["errors"][0]["field"] == "as_of"
    huge = client.get(f"/api/v1/qcd/sheets/{HUGE}", headers=headers)
    assert huge.status_code == 404
    assert json.loads(huge.content)["code"] == "not_found"


def test_the_price_chart_speaks_japanese(client, full_world, buyer):
    client.force_login(buyer)
    url = reverse("orders:price_detail", args=[full_world.ids["revision_id"]])
    chart = client.get(url).context["chart"]
    label = chart["agreed"]["text"][0]
    assert "rev." not in label and "改定" in label, label
