"""Scorecards over the QCD figures: hand-worked scores, null handling, bands, trend, cluster."""

from __future__ import annotations

import datetime as dt
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.stats import percentileofscore

from renkei.engines.qcd import (
    ClusterStanding,
    ClusterSummary,
    Criteria,
    OrderLine,
    Params,
    QcdData,
    QcdRow,
    Receipt,
    cluster_bands,
    cluster_summary,
    score,
    solve,
)


def row(month="2026-09", supplier="S1", *, otd=None, otif=None, ppm=None, lead=None, due=None):
    """A QcdRow with only the scored figures set (the others follow them loosely)."""
    lines = (0 if otif is None else 10) if due is None else due
    return QcdRow(supplier, month, lines, float(lines), otd, otif, None, None, ppm, lead)


def only(rows, criteria=None):
    [result] = score(rows, criteria)
    return result


# -- hand-worked examples ------------------------------------------------------------------


def test_every_figure_present_default_weights():
    # points: otd 0.95 -> 95; otif 0.9 -> 90; ppm 1250 -> 100 × (1 − 1250/10000) = 87.5;
    # lead 14 days = target -> 100.
    # score = 0.2×95 + 0.2×90 + 0.4×87.5 + 0.2×100 = 19 + 18 + 35 + 20 = 92 -> S (>= 90)
    result = only([row(otd=0.95, otif=0.9, ppm=1250.0, lead=14.0)])
    assert result.points == {
        "otd_qty": 95.0,
        "otif_lines": 90.0,
        "defect_ppm": 87.5,
        "lead_time": 100.0,
    }
    assert result.score == pytest.approx(92.0)
    assert result.band == "S"
    assert result.coverage == pytest.approx(1.0)
    assert result.trend is None  # one scored month


def test_null_ppm_drops_its_weight_and_renormalises():
    # Nothing inspected: ppm null. Lead 21 days between target 14 and zero 28:
    # 100 × (28 − 21) / (28 − 14) = 50. otd 0.8 -> 80; otif 0.7 -> 70.
    # weights left 0.2 + 0.2 + 0.2 = 0.6: (0.2×80 + 0.2×70 + 0.2×50) / 0.6 = 40 / 0.6 = 66.67 -> C
    result = only([row(otd=0.8, otif=0.7, ppm=None, lead=21.0)])
    assert result.points["defect_ppm"] is None
    assert result.points["lead_time"] == pytest.approx(50.0)
    assert result.score == pytest.approx(200.0 / 3.0)
    assert result.band == "C"
    assert result.coverage == pytest.approx(0.6)
    assert result.weights == pytest.approx(
        {"otd_qty": 1 / 3, "otif_lines": 1 / 3, "defect_ppm": 0.0, "lead_time": 1 / 3}
    )


def test_month_with_receipts_but_no_due_line_is_scored_on_defects_only():
    # No line due: every delivery figure null; 3000 ppm -> 100 × (1 − 0.3) = 70 = the score,
    # exactly on the B threshold (70 >= 70 -> B, not C).
    result = only([row(ppm=3000.0, due=0)])
    assert result.score == pytest.approx(70.0)
    assert result.band == "B"
    assert result.coverage == pytest.approx(0.4)
    assert result.weights["defect_ppm"] == 1.0


def test_month_with_nothing_is_no_data_not_perfect():
    result = only([row(due=0)])
    assert result.score is None and result.band is None and result.trend is None
    assert result.coverage == 0.0
    assert set(result.weights.values()) == {0.0}


def test_figure_whose_weight_is_zero_does_not_make_data():
    # Only ppm has data but the buyer gives it no weight: no data for these criteria.
    criteria = Criteria(weight_defect_ppm=0.0)
    assert only([row(ppm=0.0, due=0)], criteria).score is None


def test_log_ppm_scale():
    # log10(1 + 99) / log10(1 + 9999) = 2 / 4 -> 100 × (1 − 0.5) = 50 points.
    criteria = Criteria(ppm_at_zero=9999.0, ppm_scale="log")
    assert only([row(ppm=99.0, due=0)], criteria).score == pytest.approx(50.0)
    assert criteria.points("defect_ppm", 0.0) == 100.0
    assert criteria.points("defect_ppm", 50_000.0) == 0.0


def test_scales_clamp_to_0_100():
    criteria = Criteria()
    assert criteria.points("defect_ppm", 20_000.0) == 0.0
    assert criteria.points("lead_time", 3.0) == 100.0
    assert criteria.points("lead_time", 40.0) == 0.0
    assert criteria.points("otd_qty", 1.0) == 100.0


def test_weights_are_normalised():
    criteria = Criteria(
        weight_otd_qty=1, weight_otif_lines=1, weight_defect_ppm=2, weight_lead_time=0
    )
    assert criteria.weights == {
        "otd_qty": 0.25,
        "otif_lines": 0.25,
        "defect_ppm": 0.5,
        "lead_time": 0.0,
    }
    # (1×80 + 1×60 + 2×90) / 4 = 320 / 4 = 80 -> A; lead time (weight 0) is ignored.
    result = only([row(otd=0.8, otif=0.6, ppm=1000.0, lead=100.0)], criteria)
    assert result.score == pytest.approx(80.0)
    assert result.band == "A"


# -- bands ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (100.0, "S"),
        (90.0, "S"),
        (89.999, "A"),
        (80.0, "A"),
        (79.9, "B"),
        (70.0, "B"),
        (60.0, "C"),
        (59.99, "D"),
        (0.0, "D"),
    ],
)
def test_default_band_thresholds(value, band):
    assert Criteria().band(value) == band


def test_band_thresholds_are_configurable():
    criteria = Criteria(bands=(("優", 85.0), ("良", 50.0)), lowest_band="可")
    assert [criteria.band(v) for v in (90.0, 85.0, 84.0, 50.0, 10.0)] == [
        "優",
        "優",
        "良",
        "良",
        "可",
    ]
    # Floating noise does not cost a band: weights 0.1, 0.1, 0.9 over three figures worth 90
    # points each give 89.99999999999999 in floating point; the score is 90 and band S.
    noisy = Criteria(
        weight_otd_qty=0.1, weight_otif_lines=0.1, weight_defect_ppm=0.9, weight_lead_time=0
    )
    result = only([row(otd=0.9, otif=0.9, ppm=1000.0, lead=50.0)], noisy)
    assert result.score == 90.0 and result.band == "S"


# -- validation ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"weight_otd_qty": -0.1}, r"weight_otd_qty must be >= 0\. Got: -0\.1"),
        (
            {"weight_lead_time": float("nan")},
            r"weight_lead_time must be a finite number\. Got: nan",
        ),
        ({"weight_defect_ppm": "0.4"}, r"weight_defect_ppm must be a finite number\. Got: '0\.4'"),
        (
            {
                "weight_otd_qty": 0,
                "weight_otif_lines": 0,
                "weight_defect_ppm": 0,
                "weight_lead_time": 0,
            },
            r"weights must not all be zero\. Got:",
        ),
        ({"ppm_at_zero": 0}, r"ppm_at_zero must be > 0\. Got: 0"),
        ({"ppm_scale": "sqrt"}, r"ppm_scale must be one of .*Got: 'sqrt'"),
        ({"lead_time_target_days": -1.0}, r"lead_time_target_days must be >= 0\. Got: -1\.0"),
        ({"lead_time_at_zero_days": 14.0}, r"lead_time_at_zero_days must be > .*Got: 14\.0"),
        ({"bands": (("S", 90.0), ("A", 95.0))}, r"strictly decreasing\. Got: 95\.0"),
        ({"bands": (("S", 120.0),)}, r"between 0 and 100\. Got: 120\.0"),
        ({"bands": (("S", 90.0), ("S", 80.0))}, r"distinct non-empty strings\. Got: 'S'"),
        ({"bands": (("D", 90.0),)}, r"distinct non-empty strings\. Got: 'D'"),
        ({"trend_months": 2}, r"trend_months must be >= 3\. Got: 2"),
        ({"trend_months": 3.5}, r"trend_months must be an integer\. Got: 3\.5"),
    ],
)
def test_criteria_validation(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Criteria(**kwargs)


def test_bad_rows_are_refused():
    with pytest.raises(ValueError, match=r"one row per supplier and month\. Got: S1 2026-09 twice"):
        score([row(ppm=1.0, due=0), row(ppm=2.0, due=0)])
    with pytest.raises(ValueError, match=r"must be 'YYYY-MM' or 'all'\. Got: '2026-13'"):
        score([row("2026-13", ppm=1.0, due=0)])
    with pytest.raises(
        ValueError, match=r"otd_qty of S1 2026-09 must be between 0 and 1\. Got: 1\.5"
    ):
        score([row(otd=1.5, otif=1.0)])
    with pytest.raises(ValueError, match=r"defect_ppm of S1 2026-09 must be >= 0\. Got: -1\.0"):
        score([row(ppm=-1.0, due=0)])


# -- order and trend -----------------------------------------------------------------------


def test_order_is_supplier_then_month_all_last():
    rows = [
        row("all", "S2", ppm=0.0, due=0),
        row("2026-10", "S1", ppm=0.0, due=0),
        row("all", "S1", ppm=0.0, due=0),
        row("2025-12", "S1", ppm=0.0, due=0),
    ]
    assert [(r.supplier_id, r.month) for r in score(rows)] == [
        ("S1", "2025-12"),
        ("S1", "2026-10"),
        ("S1", "all"),
        ("S2", "all"),
    ]


def test_trend_of_a_worsening_series_is_negative():
    # Defects only: 1000, 1200, ..., 2000 ppm -> 90, 88, ..., 80 points: −2 points a month.
    months = [f"2026-{m:02d}" for m in range(1, 7)]
    rows = [row(m, ppm=1000.0 + 200.0 * k, due=0) for k, m in enumerate(months)]
    rows.append(row("all", ppm=1500.0, due=0))
    results = score(rows)
    assert [r.trend for r in results[:2]] == [None, None]  # fewer than 3 scored months
    assert results[2].trend == pytest.approx(-2.0)
    assert results[-1].month == "all" and results[-1].trend == pytest.approx(-2.0)
    assert all(r.trend < 0 for r in results[2:])


def test_trend_uses_the_last_n_scored_months_on_a_calendar_axis():
    # Jan–Mar improving (70, 80, 90), then Apr has no data, then May, Jun worsening (80, 60).
    # With N = 3 the June trend is over Mar, May, Jun: x = 2, 4, 5 (months), y = 90, 80, 60.
    points = {"2026-01": 70.0, "2026-02": 80.0, "2026-03": 90.0, "2026-05": 80.0, "2026-06": 60.0}
    rows = [row(m, ppm=(100.0 - p) * 100.0, due=0) for m, p in points.items()]
    rows.append(row("2026-04", due=0))  # nothing at all
    criteria = Criteria(trend_months=3)
    by_month = {r.month: r for r in score(rows, criteria)}
    assert by_month["2026-03"].trend == pytest.approx(10.0)
    assert by_month["2026-04"].score is None and by_month["2026-04"].trend is None
    # By hand: x̄ = 11/3, x − x̄ = −5/3, 1/3, 4/3 (Σ² = 42/9); ȳ = 230/3, y − ȳ = 40/3, 10/3,
    # −50/3; Σ(x−x̄)(y−ȳ) = (−200 + 10 − 200)/9 = −390/9; slope = −390/42 = −65/7 ≈ −9.29.
    assert np.polyfit([2.0, 4.0, 5.0], [90.0, 80.0, 60.0], 1)[0] == pytest.approx(-65.0 / 7.0)
    assert by_month["2026-06"].trend == pytest.approx(-65.0 / 7.0)
    # (Ignoring the April gap, x = 2, 3, 4, June would give −15: the axis is the calendar.)
    # May: Feb, Mar, May at x = 1, 2, 4.
    assert by_month["2026-05"].trend == pytest.approx(
        np.polyfit([1.0, 2.0, 4.0], [80.0, 90.0, 80.0], 1)[0]
    )


def test_scores_the_engine_output_end_to_end():
    # The worked example of QCD.md: otd 0.6, otif 0 (completed late), 30,000 ppm, lead 11 days.
    lines = [
        OrderLine("PO1", 1, "B1", "S1", "I", 100, 1.0, dt.date(2026, 9, 1), dt.date(2026, 9, 10))
    ]
    receipts = [
        Receipt("PO1", 1, dt.date(2026, 9, 8), 60, 60, 3),
        Receipt("PO1", 1, dt.date(2026, 9, 12), 40, 40, 0),
    ]
    result = solve(QcdData.from_records(lines, receipts), params=Params(as_of=dt.date(2026, 9, 30)))
    scores = score(result.rows)
    assert [s.month for s in scores] == ["2026-09", "all"]
    # 0.2×60 + 0.2×0 + 0.4×0 (30,000 >= 10,000 ppm) + 0.2×100 (11 <= 14 days) = 12 + 20 = 32 -> D
    assert scores[0].score == pytest.approx(32.0)
    assert scores[0].band == "D"
    json.dumps([s.to_json() for s in scores])  # JSON-ready


# -- properties ----------------------------------------------------------------------------


@st.composite
def criteria_strategy(draw):
    weights = [draw(st.floats(0.0, 10.0)) for _ in range(4)]
    if sum(weights) == 0:
        weights[0] = 1.0
    target = draw(st.floats(0.0, 60.0))
    return Criteria(
        *weights,
        ppm_at_zero=draw(st.floats(1.0, 1e6)),
        ppm_scale=draw(st.sampled_from(["linear", "log"])),
        lead_time_target_days=target,
        lead_time_at_zero_days=target + draw(st.floats(0.5, 100.0)),
    )


@st.composite
def cases(draw):
    """Criteria, then figures mostly inside the ranges where the scales are not clamped."""
    criteria = draw(criteria_strategy())

    def maybe(strategy):
        return draw(st.none() | strategy)

    figures = {
        "otd": maybe(st.floats(0.0, 1.0)),
        "otif": maybe(st.floats(0.0, 1.0)),
        "ppm": maybe(st.floats(0.0, criteria.ppm_at_zero * 1.2)),
        "lead": maybe(st.floats(0.0, criteria.lead_time_at_zero_days * 1.2)),
    }
    return criteria, figures


@settings(max_examples=100, deadline=None)
@given(cases())
def test_score_lies_in_0_100(case):
    criteria, figures = case
    result = only([row(**figures, due=1)], criteria)
    if result.score is None:
        assert result.band is None
        assert all(p is None or criteria.weights[name] == 0 for name, p in result.points.items())
    else:
        assert 0.0 <= result.score <= 100.0
        assert result.band == criteria.band(result.score)
        assert 0.0 < result.coverage <= 1.0
        assert sum(result.weights.values()) == pytest.approx(1.0)


@settings(max_examples=200, deadline=None)
@given(cases(), st.sampled_from(["otd", "otif", "ppm", "lead"]), st.floats(0.0, 1.0))
def test_improving_one_figure_never_lowers_the_score(case, which, step):
    criteria, figures = case
    current = figures[which]
    if current is None:  # give the figure a value (availability must not change)
        middle_lead = (criteria.lead_time_target_days + criteria.lead_time_at_zero_days) / 2
        defaults = {"otd": 0.5, "otif": 0.5, "ppm": criteria.ppm_at_zero / 2, "lead": middle_lead}
        current = defaults[which]
        figures[which] = current
    better = dict(figures)
    if which in ("otd", "otif"):
        better[which] = current + step * (1.0 - current)  # a higher rate, still <= 1
    else:
        better[which] = current * (1.0 - step)  # fewer ppm / a shorter lead time, >= 0
    before = only([row(**figures, due=1)], criteria).score
    after = only([row(**better, due=1)], criteria).score
    assert (before is None) == (after is None)
    if before is not None:
        assert after >= before


# -- cluster standing ----------------------------------------------------------------------


def test_cluster_below_five_firms_is_refused():
    values = {"A": 0.9, "B": 0.8, "C": 0.95, "D": 0.7}
    standing = cluster_bands(values, firm="A")
    assert standing.status == "too_few" and standing.n == 4
    assert standing.median is None and standing.q1 is None and standing.q3 is None
    assert standing.quartile is None and standing.percentile is None
    assert standing.value == 0.9  # its own figure only


def test_cluster_firm_without_value_and_nulls_left_out():
    values = {"A": None, "B": 0.8, "C": 0.95, "D": 0.7, "E": 0.6, "F": 0.5}
    assert cluster_bands(values, firm="A").status == "no_data"
    assert cluster_bands(values, firm="Z").status == "no_data"
    # None does not count: B..F are 5 firms with a value, enough.
    assert cluster_bands(values, firm="B").n == 5


def test_min_firms_can_only_be_stricter():
    values = {k: float(i) for i, k in enumerate("ABCDEF")}
    assert cluster_bands(values, firm="A", min_firms=7).status == "too_few"
    with pytest.raises(ValueError, match=r"min_firms must be >= 5\. Got: 3"):
        cluster_bands(values, firm="A", min_firms=3)


def test_cluster_quartiles_agree_with_numpy_and_scipy():
    rng = np.random.default_rng(7)
    for n in (5, 6, 9, 17):
        figures = rng.uniform(0.5, 1.0, n).round(3)
        values = {f"F{i}": float(v) for i, v in enumerate(figures)}
        q1, median, q3 = np.percentile(figures, [25, 50, 75])
        for firm, own in values.items():
            standing = cluster_bands(values, firm=firm)
            assert standing.status == "ok" and standing.n == n
            assert (standing.q1, standing.median, standing.q3) == pytest.approx((q1, median, q3))
            expected = 1 if own >= q3 else 2 if own >= median else 3 if own >= q1 else 4
            assert standing.quartile == expected
            assert standing.percentile == pytest.approx(
                percentileofscore(figures, own, kind="mean")
            )
            low = cluster_bands(values, firm=firm, higher_is_better=False)
            assert low.percentile == pytest.approx(100.0 - standing.percentile)


def test_cluster_hand_worked_and_lower_is_better():
    # ppm of six firms, sorted 100 200 300 400 500 600. numpy linear: Q1 at position 1.25 ->
    # 200 + 0.25×100 = 225; median at 2.5 -> 350; Q3 at 3.75 -> 475.
    values = {"A": 300.0, "B": 100.0, "C": 600.0, "D": 200.0, "E": 500.0, "F": 400.0}
    standing = cluster_bands(values, firm="A", higher_is_better=False)
    assert (standing.q1, standing.median, standing.q3) == (225.0, 350.0, 475.0)
    # 300 is between Q1 and the median: the second-best quarter; better than C, E, F (3 of 6)
    # plus half of itself -> (3 + 0.5) / 6 = 58.33 %.
    assert standing.quartile == 2
    assert standing.percentile == pytest.approx(350.0 / 6.0)
    assert cluster_bands(values, firm="B", higher_is_better=False).quartile == 1
    assert cluster_bands(values, firm="C", higher_is_better=False).quartile == 4
    # Nothing of the other firms in the answer: no id, no figure.
    text = json.dumps(standing.to_json())
    for other, value in values.items():
        if other != "A":
            assert f'"{other}"' not in text
            assert repr(value) not in text
    assert isinstance(standing, ClusterStanding)


def test_all_equal_cluster_puts_everyone_in_the_best_quarter():
    values = dict.fromkeys("ABCDE", 0.9)
    standing = cluster_bands(values, firm="C")
    assert standing.quartile == 1 and standing.percentile == 50.0


def test_cluster_refuses_non_finite_values():
    with pytest.raises(ValueError, match=r"value of firm B must be a finite number\. Got: nan"):
        cluster_bands({"A": 1.0, "B": float("nan")}, firm="A")


# -- cluster summary (no firm: the coordinator's aggregates) -----------------------------------


def test_cluster_summary_is_cluster_bands_without_a_firm():
    values = {"A": 300.0, "B": 100.0, "C": 600.0, "D": 200.0, "E": 500.0, "F": 400.0, "G": None}
    summary = cluster_summary(values)
    assert summary == ClusterSummary("ok", 6, 350.0, 225.0, 475.0)
    standing = cluster_bands(values, firm="A")
    assert (summary.q1, summary.median, summary.q3) == (standing.q1, standing.median, standing.q3)
    assert set(summary.to_json()) == {"status", "n", "median", "q1", "q3"}


def test_cluster_summary_withholds_small_groups_and_keeps_the_floor():
    values = {k: float(i) for i, k in enumerate("ABCDEF")}
    assert cluster_summary(values, min_firms=7) == ClusterSummary("too_few", 6)
    with pytest.raises(ValueError, match=r"min_firms must be >= 5\. Got: 4"):
        cluster_summary(values, min_firms=4)
    with pytest.raises(ValueError, match=r"value of firm B must be a finite number"):
        cluster_summary({"A": 1.0, "B": float("inf")})


def test_a_negative_median_lead_time_scores_as_a_short_one():
    # Goods received before the order date (shipped on a forecast) give a negative median
    # lead time: the engine's figures accept it, so the score must too — full points.
    result = only([row(lead=-3.0, due=5)])
    assert result.points["lead_time"] == 100.0
    assert result.score == 100.0
