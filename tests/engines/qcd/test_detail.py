"""The per-line detail, the late-delivery calendar and the defect Pareto."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings

from renkei.engines.qcd import (
    OrderLine,
    Params,
    QcdData,
    Receipt,
    defect_pareto,
    due_lines,
    late_calendar,
    line_measures,
    solve,
)

from .test_properties import datasets

D = dt.date


def worked_example() -> QcdData:
    """QCD.md's line L1 (late by 2 days), an on-time line and one open and overdue."""
    lines = [
        OrderLine("L1", 1, "B", "S", "I", 100, 1.0, D(2026, 9, 1), D(2026, 9, 10)),
        OrderLine("L2", 1, "B", "S", "I", 10, 1.0, D(2026, 9, 1), D(2026, 9, 10)),
        OrderLine("L3", 1, "B", "S", "I", 10, 1.0, D(2026, 9, 1), D(2026, 9, 25)),
        OrderLine("L4", 1, "B", "S", "I", 10, 1.0, D(2026, 9, 1), D(2026, 10, 5)),
    ]
    receipts = [
        Receipt("L1", 1, D(2026, 9, 8), 60, 60, 3),
        Receipt("L1", 1, D(2026, 9, 12), 40, 40, 0),
        Receipt("L2", 1, D(2026, 9, 9), 10, 10, 0),
    ]
    return QcdData.from_records(lines, receipts)


def test_due_lines_give_the_engines_days_late():
    data = worked_example()
    as_of = D(2026, 9, 30)
    due = due_lines(data, as_of)
    assert due.rows() == [
        (D(2026, 9, 10), D(2026, 9, 12), 2),
        (D(2026, 9, 10), D(2026, 9, 9), -1),
        (D(2026, 9, 25), None, 5),  # open: A - promised
    ]
    # The very array the figures come from, not a second formula.
    measures = line_measures(data, as_of)
    np.testing.assert_array_equal(due.days_late, measures.days_late[measures.due])
    assert due.line.tolist() == [0, 1, 2]


def test_late_calendar_counts_and_averages_per_promised_day():
    cal = late_calendar(worked_example(), D(2026, 9, 30))
    assert cal.rows() == [(D(2026, 9, 10), 1, 2.0), (D(2026, 9, 25), 1, 5.0)]
    assert late_calendar(worked_example(), D(2026, 9, 9)).rows() == []


def test_empty_data_gives_empty_detail():
    data = QcdData.from_records([], [])
    assert len(due_lines(data, D(2026, 1, 1))) == 0
    assert len(late_calendar(data, D(2026, 1, 1))) == 0


@settings(max_examples=80, deadline=None)
@given(datasets())
def test_calendar_late_lines_add_up_to_each_months_late_lines(case):
    lines, receipts, as_of = case
    data = QcdData.from_records(lines, receipts)
    # One supplier's sheet: the calendar is per supplier, like the sheet.
    for supplier in data.supplier_ids:
        own = data.select(supplier_id=supplier)
        cal = late_calendar(own, as_of)
        per_month: Counter[str] = Counter()
        for day, late, avg in cal.rows():
            assert late >= 1 and avg >= 1
            per_month[f"{day:%Y-%m}"] += late
        rows = solve(own, params=Params(as_of=as_of)).rows
        for row in rows:
            if row.month == "all":
                assert sum(per_month.values()) == (row.late_lines or 0)
            else:
                assert per_month.get(row.month, 0) == (row.late_lines or 0), row.month
        months = {row.month for row in rows}
        assert set(per_month) <= months
        # And the per-line detail agrees with both.
        due = due_lines(own, as_of)
        assert int(due.late.sum()) == sum(per_month.values())


def test_pareto_sorts_by_rejected_quantity_with_shares():
    p = defect_pareto(
        ["burr", "dimension", "burr", "plating", "appearance", "dimension"],
        [3, 10, 4, 2, 0, 1],
    )
    assert p.defect_class == ("dimension", "burr", "plating")
    assert p.qty_rejected.tolist() == [11, 7, 2]
    assert p.share.tolist() == pytest.approx([0.55, 0.35, 0.10])
    assert p.cumulative_share.tolist() == pytest.approx([0.55, 0.90, 1.0])
    assert p.cumulative_share[-1] == 1.0
    assert p.total == 20
    assert p.rows()[0] == ("dimension", 11.0, pytest.approx(0.55), pytest.approx(0.55))


def test_pareto_ties_are_ordered_by_name_and_empty_input_is_empty():
    assert defect_pareto(["b", "a", "c"], [2, 2, 5]).defect_class == ("c", "a", "b")
    empty = defect_pareto([], [])
    assert len(empty) == 0 and empty.total == 0
    assert len(defect_pareto(["burr"], [0])) == 0


def test_pareto_refuses_bad_input():
    with pytest.raises(ValueError, match=r"same length\. Got: 2 and 1"):
        defect_pareto(["a", "b"], [1])
    with pytest.raises(ValueError, match=r">= 0\. Got: \[-1\.0\]"):
        defect_pareto(["a"], [-1])
