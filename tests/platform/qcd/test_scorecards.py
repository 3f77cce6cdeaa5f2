"""Supplier scorecards: criteria (model, service, form), the adapter, the pages and the
Excel export, each role against each other's data."""

from __future__ import annotations

import io

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from renkei.engines.qcd import Criteria
from renkei.qcd import services
from renkei.qcd.adapters import supplier_scores
from renkei.qcd.models import ScorecardCriteria
from renkei.qcd.scorecards import trend_arrow
from tests.platform.qcd.scorecard_world import ALL_TIME, AS_OF, JULY, D, build, order


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: AS_OF)


@pytest.fixture
def scored(buyer, buyer2, firm_a, firm_b, member_a, member_b, coordinator):
    return build(buyer, buyer2, firm_a, firm_b)


def _same(criteria: Criteria, other: Criteria) -> bool:
    """Equal as the engine uses them (weights normalised: 20 % is 0.2)."""

    def key(c: Criteria) -> tuple:
        return (
            {k: round(v, 12) for k, v in c.weights.items()},
            c.ppm_at_zero,
            c.ppm_scale,
            c.lead_time_target_days,
            c.lead_time_at_zero_days,
            c.bands,
            c.lowest_band,
            c.trend_months,
        )

    return key(criteria) == key(other)


def _by_month(results, supplier):
    return {r.month: r for r in results if r.supplier_id == str(supplier.pk)}


# --- the adapter: the buyer's own orders, hand-computed ---------------------------------------


def test_default_scores_match_the_hand_computation(scored, buyer, firm_a):
    months = _by_month(supplier_scores(scored.b1, as_of=AS_OF), firm_a)
    assert months["2026-07"].score == pytest.approx(JULY)
    assert months["2026-07"].band == "D"
    assert months["2026-07"].points == pytest.approx(
        {"otd_qty": 60.0, "otif_lines": 0.0, "defect_ppm": 80.0, "lead_time": 600 / 14}
    )
    assert months["2026-09"].score == pytest.approx(100.0) and months["2026-09"].band == "S"
    assert months["all"].score == pytest.approx(ALL_TIME) and months["all"].band == "B"


def test_a_month_without_data_is_not_scored(scored, buyer, firm_a):
    months = _by_month(supplier_scores(scored.b1, as_of=AS_OF), firm_a)
    assert "2026-08" not in months  # no due line, no receipt: no row, so no score at all
    # A month with receipts only is scored on the defect rate alone, never as perfect.
    order(
        buyer,
        scored.b1,
        firm_a,
        "PO-A3",
        D(2026, 10, 1),
        D(2026, 10, 30),
        100,
        [(D(2026, 10, 5), 50, 50, 1)],
    )
    months = _by_month(supplier_scores(scored.b1, as_of=AS_OF), firm_a)
    october = months["2026-10"]
    assert october.points["otd_qty"] is None and october.points["lead_time"] is None
    assert october.score == pytest.approx(0.0)  # 20,000 ppm: beyond the zero point
    assert october.coverage == pytest.approx(0.4)


def test_the_buyers_own_orders_only(scored, firm_a):
    mine = _by_month(supplier_scores(scored.b1, as_of=AS_OF), firm_a)
    theirs = _by_month(supplier_scores(scored.b2, as_of=AS_OF), firm_a)
    assert set(theirs) == {"2026-09", "all"}
    assert theirs["2026-09"].score == pytest.approx(0.2 * 100 * 4 / 14)
    assert mine["2026-09"].score == pytest.approx(100.0)


def test_the_buyers_criteria_are_used(scored, buyer, firm_a):
    services.scorecard_criteria_set(
        actor=buyer,
        buyer=scored.b1,
        weight_otd_qty=100,
        weight_otif_lines=0,
        weight_defect_ppm=0,
        weight_lead_time=0,
    )
    months = _by_month(supplier_scores(scored.b1, as_of=AS_OF), firm_a)
    assert months["2026-07"].score == pytest.approx(60.0)
    assert months["2026-07"].band == "C"  # 60 reaches C's threshold


def test_trend_arrow_has_a_tolerance():
    assert trend_arrow(None) == ""
    assert trend_arrow(0.4) == "→" and trend_arrow(-0.4) == "→"
    assert trend_arrow(2.0) == "↗" and trend_arrow(-2.0) == "↘"


# --- criteria: model, service -----------------------------------------------------------------


def test_model_defaults_are_the_engines(buyer):
    assert _same(ScorecardCriteria(buyer=buyer.organization).to_criteria(), Criteria())


@pytest.mark.parametrize(
    ("values", "field", "code"),
    [
        (
            {
                "weight_otd_qty": 0,
                "weight_otif_lines": 0,
                "weight_defect_ppm": 0,
                "weight_lead_time": 0,
            },
            "__all__",
            "weights_all_zero",
        ),
        ({"weight_defect_ppm": -5}, "weight_defect_ppm", "negative_weight"),
        (
            {"lead_time_at_zero_days": 14},
            "lead_time_at_zero_days",
            "lead_time_at_zero_not_above_target",
        ),
        ({"lead_time_target_days": -1}, "lead_time_target_days", "negative_lead_time"),
        ({"ppm_at_zero": 0}, "ppm_at_zero", "ppm_at_zero_not_positive"),
        ({"band_b": 85}, "band_b", "bands_not_decreasing"),
        ({"band_s": 120}, "band_s", "band_threshold_out_of_range"),
        ({"trend_months": 2}, "trend_months", "trend_months_too_few"),
    ],
)
def test_service_refuses_what_the_engine_refuses(buyer, values, field, code):
    with pytest.raises(ValidationError) as caught:
        services.scorecard_criteria_set(actor=buyer, buyer=buyer.organization, **values)
    assert [e.code for e in caught.value.error_dict[field]] == [code]
    assert not ScorecardCriteria.objects.exists()


def test_service_saves_with_the_audit_log_and_resets(buyer):
    org = buyer.organization
    saved = services.scorecard_criteria_set(actor=buyer, buyer=org, weight_defect_ppm=60)
    assert saved.to_criteria().weights["defect_ppm"] == pytest.approx(60 / 120)
    entry = LogEntry.objects.get_for_object(saved).get()
    assert entry.actor == buyer
    services.scorecard_criteria_set(actor=buyer, buyer=org, reset=True)
    assert _same(ScorecardCriteria.objects.get(buyer=org).to_criteria(), Criteria())


def test_only_the_firm_itself_sets_its_criteria(buyer, buyer2, coordinator, member_a):
    for actor in (buyer2, coordinator, member_a):
        with pytest.raises(PermissionDenied):
            services.scorecard_criteria_set(actor=actor, buyer=buyer.organization, band_s=95)
    assert not ScorecardCriteria.objects.exists()


# --- pages ------------------------------------------------------------------------------------


def test_list_shows_latest_score_band_and_no_data_months(client, scored, buyer, firm_a):
    client.force_login(buyer)
    response = client.get(reverse("qcd:scorecard_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert firm_a.name in html
    assert "100.0" in html and 'band band-S">S<' in html  # 2026-09 is the latest scored month
    assert "2026-09" in html
    # The 12-month strip: 2026-08 had no data and stays grey.
    assert 'title="2026-08: データなし"' in html
    assert 'title="2026-07: D"' in html


def test_list_sorts_by_score(client, buyer, firm_a, firm_b):
    org = buyer.organization
    order(
        buyer, org, firm_a, "P1", D(2026, 9, 1), D(2026, 9, 12), 10, [(D(2026, 9, 20), 10, 10, 0)]
    )
    order(
        buyer, org, firm_b, "P2", D(2026, 9, 1), D(2026, 9, 12), 10, [(D(2026, 9, 10), 10, 10, 0)]
    )
    client.force_login(buyer)
    best = client.get(reverse("qcd:scorecard_list"), {"sort": "score"}).context["cards"]
    worst = client.get(reverse("qcd:scorecard_list"), {"sort": "-score"}).context["cards"]
    assert [c.supplier for c in best] == [firm_b, firm_a]
    assert [c.supplier for c in worst] == [firm_a, firm_b]


def test_detail_has_months_figures_points_and_chart(client, scored, buyer, firm_a):
    client.force_login(buyer)
    response = client.get(reverse("qcd:scorecard_detail", args=[firm_a.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"{JULY:.1f}" in html and "60.0%" in html and "2000" in html
    assert f"{ALL_TIME:.1f}" in html and "全期間" in html
    rows = {row["month"]: row for row in response.context["rows"]}
    assert len(rows) == 25  # 24 months + all time
    assert rows["2026-08"]["score"] is None  # no data
    assert rows["2026-07"]["score"].score == pytest.approx(JULY)
    chart = response.context["chart"]
    assert chart["months"][-1] == "2026-10" and len(chart["months"]) == 24
    assert chart["scores"][chart["months"].index("2026-08")] is None
    assert [b["label"] for b in chart["bands"]] == ["S", "A", "B", "C", "D"]
    assert 'id="score-data"' in html and "plotly" in html


def test_a_buyer_never_sees_another_buyers_scorecard_of_the_same_supplier(
    client, scored, buyer, buyer2, firm_a
):
    client.force_login(buyer)
    mine = client.get(reverse("qcd:scorecard_detail", args=[firm_a.pk])).content.decode()
    client.force_login(buyer2)
    theirs = client.get(reverse("qcd:scorecard_detail", args=[firm_a.pk])).content.decode()
    assert "250000" in theirs and "250000" not in mine  # buyer2's defect rate
    assert f"{JULY:.1f}" in mine and f"{JULY:.1f}" not in theirs
    assert "2026-07" in mine and "PO-Z1" not in mine


@pytest.mark.parametrize(
    ("who", "list_status", "detail_status"),
    [
        ("buyer", 200, 200),
        ("buyer2", 200, 200),
        ("member_a", 200, 404),  # a firm never orders from itself
        ("member_b", 200, 404),
        ("coordinator", 403, 403),
        ("anonymous", 302, 302),
    ],
)
def test_scorecard_pages_by_role(client, request, scored, firm_a, who, list_status, detail_status):
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("qcd:scorecard_list")).status_code == list_status
    detail = reverse("qcd:scorecard_detail", args=[firm_a.pk])
    assert client.get(detail).status_code == detail_status
    other = {200: 200, 403: 403, 302: 302}[list_status]
    assert client.get(reverse("qcd:scorecard_criteria")).status_code == other
    assert client.get(reverse("qcd:scorecard_export")).status_code == other


def test_supplier_never_ordered_from_is_404(client, scored, buyer, firm_b):
    client.force_login(buyer)
    assert client.get(reverse("qcd:scorecard_detail", args=[firm_b.pk])).status_code == 404
    assert client.get(reverse("qcd:scorecard_detail", args=[999999])).status_code == 404


def test_a_member_that_outsources_has_scorecards(client, member_a, firm_a, firm_b):
    order(
        member_a,
        firm_a,
        firm_b,
        "OUT-1",
        D(2026, 9, 1),
        D(2026, 9, 12),
        10,
        [(D(2026, 9, 10), 10, 10, 0)],
    )
    client.force_login(member_a)
    html = client.get(reverse("qcd:scorecard_list")).content.decode()
    assert firm_b.name in html
    assert client.get(reverse("qcd:scorecard_detail", args=[firm_b.pk])).status_code == 200


def test_criteria_form_shows_defaults_and_saves(client, scored, buyer, firm_a):
    client.force_login(buyer)
    page = client.get(reverse("qcd:scorecard_criteria"))
    html = page.content.decode()
    assert 'name="weight_defect_ppm"' in html and 'value="40' in html
    assert "既定値" in html and "初期値に戻す" in html
    data = {
        **ScorecardCriteria.defaults(),
        "weight_otd_qty": "100",
        "weight_otif_lines": "0",
        "weight_defect_ppm": "0",
        "weight_lead_time": "0",
    }
    response = client.post(reverse("qcd:scorecard_criteria"), data)
    assert response.status_code == 302
    assert ScorecardCriteria.objects.get(buyer=scored.b1).weight_otd_qty == 100
    detail = client.get(reverse("qcd:scorecard_detail", args=[firm_a.pk]))
    rows = {row["month"]: row for row in detail.context["rows"]}
    assert rows["2026-07"]["score"].score == pytest.approx(60.0)


@pytest.mark.parametrize(
    ("over", "message"),
    [
        (
            {
                "weight_otd_qty": "0",
                "weight_otif_lines": "0",
                "weight_defect_ppm": "0",
                "weight_lead_time": "0",
            },
            "少なくとも1つの評価項目",
        ),
        (
            {"lead_time_target_days": "20", "lead_time_at_zero_days": "15"},
            "目標リードタイムより長く",
        ),
        ({"weight_lead_time": "-10"}, "重みは負にできません"),
    ],
)
def test_criteria_form_errors_in_japanese_and_nothing_saved(client, buyer, over, message):
    client.force_login(buyer)
    data = {**ScorecardCriteria.defaults(), **over}
    response = client.post(reverse("qcd:scorecard_criteria"), data)
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not ScorecardCriteria.objects.exists()


def test_reset_to_defaults(client, buyer):
    services.scorecard_criteria_set(actor=buyer, buyer=buyer.organization, band_s=95)
    client.force_login(buyer)
    response = client.post(reverse("qcd:scorecard_criteria"), {"reset": "1"})
    assert response.status_code == 302
    assert _same(ScorecardCriteria.objects.get().to_criteria(), Criteria())


def test_coordinator_cannot_post_criteria(client, buyer, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("qcd:scorecard_criteria"), {"reset": "1"})
    assert response.status_code == 403
    assert not ScorecardCriteria.objects.exists()


def _workbook(response):
    return load_workbook(io.BytesIO(response.content))


def test_excel_export_in_japanese_and_english(client, scored, buyer, buyer2, firm_a):
    client.force_login(buyer)
    response = client.get(reverse("qcd:scorecard_export"))
    assert response.status_code == 200
    assert "xlsx" in response["Content-Disposition"]
    book = _workbook(response)
    assert book.sheetnames == ["スコアカード", "月次"]
    listed = list(book["スコアカード"].values)
    assert listed[0][:2] == ("法人番号", "仕入先")
    assert listed[1][1] == firm_a.name and listed[1][2] == "2026-09" and listed[1][4] == "S"
    months = {row[2]: row for row in list(book["月次"].values)[1:]}
    assert months["2026-07"][3] == pytest.approx(round(JULY, 1))
    assert months["2026-07"][6] == 60.0 and months["2026-07"][8] == 2000
    assert months["全期間"][4] == "B"
    assert len(listed) == 2  # buyer2's orders are not buyer's
    client.cookies["django_language"] = "en"
    book = _workbook(client.get(reverse("qcd:scorecard_export")))
    assert book.sheetnames == ["Scorecards", "Monthly"]
    assert next(book["Monthly"].values)[:3] == ("Corporate number", "Supplier", "Month")
