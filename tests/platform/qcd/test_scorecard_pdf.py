"""One supplier's scorecard as a Japanese PDF: the page's numbers, the criteria in force, the
months without data, the chart; the page's gate for each role; the English variant."""

from __future__ import annotations

import pytest
from django.urls import reverse
from reportlab.graphics.shapes import Circle, PolyLine, String

from renkei.engines.qcd import Criteria
from renkei.qcd import services
from renkei.qcd.pdf import FONT, band_line_chart
from renkei.qcd.scorecards import band_ranges
from tests.platform.qcd.pdf_text import pdf_contains
from tests.platform.qcd.scorecard_world import ALL_TIME, AS_OF, JULY, D, build, order


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: AS_OF)


@pytest.fixture
def scored(buyer, buyer2, firm_a, firm_b, member_a, member_b, coordinator):
    return build(buyer, buyer2, firm_a, firm_b)


def _pdf(client, supplier):
    response = client.get(reverse("qcd:scorecard_pdf", args=[supplier.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    content = response.content
    assert content.startswith(b"%PDF") and content.rstrip().endswith(b"%%EOF")
    assert FONT.encode() in content
    return response, content


def test_pdf_holds_the_latest_score_the_supplier_and_the_months(client, scored, buyer, firm_a):
    client.force_login(buyer)
    response, content = _pdf(client, firm_a)
    assert ".pdf" in response["Content-Disposition"]
    assert "%E8%A9%95%E4%BE%A1%E8%A1%A8" in response["Content-Disposition"]  # 評価表
    assert pdf_contains(content, f"サプライヤー評価表 — {firm_a.name}")
    assert pdf_contains(content, buyer.organization.name)
    assert pdf_contains(content, "2026-10-15")
    # Latest: 2026-09, 100 points, band S; all time: band B.
    assert pdf_contains(content, "2026-09")
    assert pdf_contains(content, "100.0(ランク S)")
    assert pdf_contains(content, f"{ALL_TIME:.1f}(ランク B)")
    # The months as on the page: July's score, figures and points; August not scored.
    assert pdf_contains(content, f"{JULY:.1f}")
    assert pdf_contains(content, "60.0%") and pdf_contains(content, "2000")
    assert pdf_contains(content, "42.9")  # July's lead-time points
    assert pdf_contains(content, "評価なし")
    assert pdf_contains(content, "— = データなし: その月は評価せず、傾向の算出にも含めません。")
    # buyer2's orders to the same supplier are not buyer's scorecard.
    assert not pdf_contains(content, "250000")
    assert not pdf_contains(content, scored.b2.name)


def test_pdf_shows_the_same_scores_as_the_page(client, scored, buyer, firm_a):
    client.force_login(buyer)
    page = client.get(reverse("qcd:scorecard_detail", args=[firm_a.pk]))
    _response, content = _pdf(client, firm_a)
    scored = {r["month"]: r["score"].score for r in page.context["rows"] if r["score"]}
    assert set(scored) == {"2026-07", "2026-09", "all"}  # 2026-08: no data
    for month, value in scored.items():
        assert pdf_contains(content, f"{value:.1f}"), month
    html = page.content.decode()
    assert reverse("qcd:scorecard_pdf", args=[firm_a.pk]) in html


def test_pdf_shows_the_criteria_in_force(client, scored, buyer, firm_a):
    client.force_login(buyer)
    _response, content = _pdf(client, firm_a)
    assert pdf_contains(content, "評価基準")
    assert pdf_contains(content, "40%") and pdf_contains(content, "20%")
    assert pdf_contains(content, "S: 90点以上") and pdf_contains(content, "D: 60点未満")
    assert pdf_contains(content, "0 ppm = 100点、10000 ppm以上 = 0点、その間は直線")
    services.scorecard_criteria_set(
        actor=buyer,
        buyer=buyer.organization,
        weight_otd_qty=0,
        weight_otif_lines=0,
        weight_defect_ppm=100,
        weight_lead_time=0,
        ppm_at_zero=5000,
        ppm_scale="linear",
        lead_time_target_days=14,
        lead_time_at_zero_days=28,
        band_s=95,
        band_a=85,
        band_b=75,
        band_c=65,
        trend_months=6,
    )
    _response, content = _pdf(client, firm_a)
    assert pdf_contains(content, "100%") and pdf_contains(content, "0%")
    assert pdf_contains(content, "S: 95点以上") and pdf_contains(content, "D: 65点未満")
    assert pdf_contains(content, "5000 ppm以上 = 0点")
    # July on defects alone: 2,000 ppm of 5,000 -> 60 points, band D under the new bands.
    assert pdf_contains(content, "60.0")
    assert not pdf_contains(content, f"{JULY:.1f}")


def test_a_supplier_without_any_month_of_data(client, member_a, firm_a, firm_b):
    order(member_a, firm_a, firm_b, "OUT-1", D(2026, 10, 1), D(2026, 11, 30), 10)
    client.force_login(member_a)
    _response, content = _pdf(client, firm_b)
    assert pdf_contains(content, firm_b.name)
    assert pdf_contains(content, "データのある月はまだありません。")


def test_pdf_in_english(client, scored, buyer, firm_a):
    client.force_login(buyer)
    client.cookies["django_language"] = "en"
    response, content = _pdf(client, firm_a)
    assert "renkei_scorecard_" in response["Content-Disposition"]
    assert pdf_contains(content, f"Supplier scorecard — {firm_a.name}")
    assert pdf_contains(content, "Buying firm")
    assert pdf_contains(content, "100.0 (band S)")
    assert pdf_contains(content, "not scored")
    assert pdf_contains(content, "S: 90 points or more")
    assert not pdf_contains(content, "サプライヤー評価表")
    assert not pdf_contains(content, "評価なし")


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("buyer", 200),
        ("buyer2", 200),  # its own scorecard of firm_a
        ("member_a", 404),  # a firm never orders from itself
        ("member_b", 404),
        ("coordinator", 403),
        ("anonymous", 302),
    ],
)
def test_pdf_by_role_as_the_detail_page(client, request, scored, firm_a, who, status):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    detail = client.get(reverse("qcd:scorecard_detail", args=[firm_a.pk]))
    response = client.get(reverse("qcd:scorecard_pdf", args=[firm_a.pk]))
    assert response.status_code == status == detail.status_code
    if status != 200:
        assert not response.content.startswith(b"%PDF")


def test_pdf_of_a_supplier_never_ordered_from_is_404(client, scored, buyer, buyer2, firm_a, firm_b):
    client.force_login(buyer)
    assert client.get(reverse("qcd:scorecard_pdf", args=[firm_b.pk])).status_code == 404
    assert client.get(reverse("qcd:scorecard_pdf", args=[999_999])).status_code == 404
    client.force_login(buyer2)
    _response, content = _pdf(client, firm_a)
    assert pdf_contains(content, scored.b2.name) and not pdf_contains(content, scored.b1.name)


def test_list_links_each_suppliers_pdf(client, scored, buyer, firm_a):
    client.force_login(buyer)
    html = client.get(reverse("qcd:scorecard_list")).content.decode()
    assert reverse("qcd:scorecard_pdf", args=[firm_a.pk]) in html
    assert reverse("qcd:scorecard_export") in html


def test_chart_breaks_the_line_at_months_without_data():
    months = ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09"]
    chart = band_line_chart(months, [None, 50.0, 60.0, None, 95.0], band_ranges(Criteria()))
    shapes = chart.contents
    lines = [s for s in shapes if isinstance(s, PolyLine)]
    assert len(lines) == 1 and len(lines[0].points) == 4  # 2026-06 → 2026-07 only
    assert len([s for s in shapes if isinstance(s, Circle)]) == 3
    texts = {s.text for s in shapes if isinstance(s, String)}
    assert {"S", "A", "B", "C", "D", "2026-09", "0", "100"} <= texts
    # The points sit at their score, left to right: 50, 60, then 95 (above the S line).
    points = sorted((c.cx, c.cy) for c in shapes if isinstance(c, Circle))
    assert points[0][1] < points[1][1] < points[2][1]
    assert points[1][0] - points[0][0] == pytest.approx(
        (points[2][0] - points[1][0]) / 2
    )  # a gap month
