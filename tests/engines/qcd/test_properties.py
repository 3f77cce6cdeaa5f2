"""Invariants of the figures, and agreement with a plain-Python re-computation (helpers.oracle)."""

from __future__ import annotations

import datetime as dt
import random

from hypothesis import given, settings
from hypothesis import strategies as st

from renkei.engines.qcd import OrderLine, Params, QcdData, Receipt, solve

from .helpers import assert_rows_equal, oracle

START = dt.date(2026, 6, 1)
RATES = ("otd_qty", "otif_lines")
DUE_FIGURES = ("otd_qty", "otif_lines", "late_lines", "avg_days_late", "lead_time_days_median")


@st.composite
def datasets(draw):
    """Small random inputs of the common format (whole quantities, dates over ~5 months)."""
    n_lines = draw(st.integers(0, 12))
    lines: list[OrderLine] = []
    receipts: list[Receipt] = []
    for k in range(n_lines):
        ordered = START + dt.timedelta(days=draw(st.integers(0, 100)))
        promised = ordered + dt.timedelta(days=draw(st.integers(0, 40)))
        qty = draw(st.integers(0, 30))
        supplier = draw(st.sampled_from(["S1", "S2", "仙台精工"]))
        lines.append(OrderLine(f"PO{k}", 1, "B1", supplier, "I", qty, 1.0, ordered, promised))
        for _ in range(draw(st.integers(0, 3))):
            received = ordered + dt.timedelta(days=draw(st.integers(-5, 60)))
            got = draw(st.integers(0, 25))
            inspected = draw(st.integers(0, got))
            rejected = draw(st.integers(0, inspected))
            receipts.append(Receipt(f"PO{k}", 1, received, got, inspected, rejected))
    as_of = START + dt.timedelta(days=draw(st.integers(0, 150)))
    return lines, receipts, as_of


def figures(lines, receipts, as_of):
    result = solve(QcdData.from_records(lines, receipts), params=Params(as_of=as_of))
    rows = result.to_json()["rows"]
    assert [row.to_json() for row in result.rows] == rows  # two views, one table
    return rows


@settings(max_examples=100, deadline=None)
@given(datasets())
def test_agrees_with_a_line_by_line_recomputation(case):
    lines, receipts, as_of = case
    assert_rows_equal(figures(lines, receipts, as_of), oracle(lines, receipts, as_of))


@settings(max_examples=50, deadline=None)
@given(datasets())
def test_rates_lie_in_0_1_and_counts_are_consistent(case):
    for row in figures(*case):
        for name in RATES:
            assert row[name] is None or 0.0 <= row[name] <= 1.0
        assert row["defect_ppm"] is None or 0.0 <= row["defect_ppm"] <= 1e6
        if row["late_lines"] is not None:
            assert 0 <= row["late_lines"] <= row["lines_due"]
        if row["avg_days_late"] is not None:
            assert row["avg_days_late"] >= 1


@settings(max_examples=50, deadline=None)
@given(datasets())
def test_figures_are_null_when_nothing_is_due(case):
    for row in figures(*case):
        if row["lines_due"] == 0:
            assert row["qty_due"] == 0
            for name in DUE_FIGURES:
                assert row[name] is None, name
        else:
            assert row["otif_lines"] is not None and row["late_lines"] is not None
        if not row["late_lines"]:
            assert row["avg_days_late"] is None


@settings(max_examples=50, deadline=None)
@given(datasets(), st.data())
def test_an_on_time_receipt_never_lowers_otd(case, data):
    lines, receipts, as_of = case
    due = [ln for ln in lines if ln.promised_date <= as_of]
    if not due:
        return
    target = data.draw(st.sampled_from(due))
    days_early = data.draw(st.integers(0, 10))
    qty = data.draw(st.integers(0, 50))
    on_time = Receipt(
        target.order_id,
        target.line_no,
        target.promised_date - dt.timedelta(days=days_early),
        qty,
        0,
        0,
    )
    before = {(r["supplier_id"], r["month"]): r["otd_qty"] for r in figures(lines, receipts, as_of)}
    after = {
        (r["supplier_id"], r["month"]): r["otd_qty"]
        for r in figures(lines, [*receipts, on_time], as_of)
    }
    for key, value in before.items():
        if value is None:
            assert after[key] is None
        else:
            assert after[key] >= value


def test_agrees_with_the_recomputation_on_a_larger_seeded_data_set():
    rng = random.Random(20260930)
    lines, receipts = [], []
    for k in range(3000):
        ordered = START + dt.timedelta(days=rng.randrange(200))
        promised = ordered + dt.timedelta(days=rng.randrange(60))
        qty = rng.choice([0, 1, 10, 50, 100, 250, 1000])
        supplier = f"S{rng.randrange(40):03d}"
        lines.append(
            OrderLine(f"PO{k // 3}", k % 3, "B1", supplier, "I", qty, 1.0, ordered, promised)
        )
        for _ in range(rng.choice([0, 1, 1, 1, 2, 3, 5])):
            got = rng.randrange(0, qty + 20)
            inspected = rng.randrange(0, got + 1)
            rejected = rng.randrange(0, inspected // 10 + 1)
            day = ordered + dt.timedelta(days=rng.randrange(-3, 90))
            receipts.append(Receipt(f"PO{k // 3}", k % 3, day, got, inspected, rejected))
    for as_of in (dt.date(2026, 8, 15), dt.date(2026, 12, 31), dt.date(2027, 6, 30)):
        assert_rows_equal(figures(lines, receipts, as_of), oracle(lines, receipts, as_of))
