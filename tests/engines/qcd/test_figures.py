"""Hand-worked cases of the figures in QCD.md, one rule each."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from renkei.engines.qcd import (
    Params,
    QcdData,
    QcdInputError,
    day_number,
    group_figures,
    line_measures,
    solve,
)

from .helpers import D, line, receipt

SEPT_30 = D(2026, 9, 30)


def rows(lines, receipts, as_of=SEPT_30):
    """{(supplier, month): row dict}."""
    result = solve(QcdData.from_records(lines, receipts), params=Params(as_of=as_of))
    return {(r["supplier_id"], r["month"]): r for r in result.to_json()["rows"]}


def test_partial_deliveries_count_on_time_only_up_to_the_promised_date():
    # 30 + 30 by the promised 09-10, then 50 on 09-15 completes (cumulative 110 >= 100).
    receipts = [
        receipt(on=D(2026, 9, 5), qty=30),
        receipt(on=D(2026, 9, 9), qty=30),
        receipt(on=D(2026, 9, 15), qty=50),
    ]
    row = rows([line(qty=100)], receipts)[("S001", "2026-09")]
    assert row["otd_qty"] == 0.6
    assert row["otif_lines"] == 0.0
    assert (row["late_lines"], row["avg_days_late"]) == (1, 5.0)
    assert row["lead_time_days_median"] == 14.0  # 09-01 -> 09-15


def test_over_delivery_is_capped_at_qty_ordered():
    lines = [line("A", qty=100), line("B", qty=100)]
    receipts = [receipt("A", on=D(2026, 9, 8), qty=150)]  # B gets nothing
    row = rows(lines, receipts)[("S001", "2026-09")]
    assert row["otd_qty"] == 0.5  # (100 + 0) / 200, not 150 / 200
    assert row["otif_lines"] == 0.5
    assert row["late_lines"] == 1 and row["avg_days_late"] == 20.0  # B: 09-30 - 09-10


def test_a_line_not_yet_due_is_not_counted():
    lines = [line("A", promised=D(2026, 9, 10)), line("B", promised=D(2026, 10, 15))]
    receipts = [receipt("A", on=D(2026, 9, 10), qty=100)]
    table = rows(lines, receipts)
    assert table[("S001", "2026-09")]["lines_due"] == 1
    assert table[("S001", "all")]["qty_due"] == 100
    assert ("S001", "2026-10") not in table  # nothing due and no receipt in October


def test_due_but_nothing_received_is_late_by_as_of_minus_promised():
    table = rows([line(promised=D(2026, 9, 10))], [])
    row = table[("S001", "2026-09")]
    assert row["lines_due"] == 1 and row["otd_qty"] == 0.0 and row["otif_lines"] == 0.0
    assert (row["late_lines"], row["avg_days_late"]) == (1, 20.0)
    assert row["lead_time_days_median"] is None  # nothing completed
    assert row["defect_ppm"] is None  # nothing inspected


def test_due_on_as_of_with_nothing_received_is_not_yet_late():
    row = rows([line(promised=SEPT_30)], [])[("S001", "2026-09")]
    assert row["late_lines"] == 0 and row["avg_days_late"] is None
    assert row["otif_lines"] == 0.0


def test_completed_on_the_promised_date_is_otif():
    row = rows([line()], [receipt(on=D(2026, 9, 10), qty=100)])[("S001", "2026-09")]
    assert (row["otd_qty"], row["otif_lines"], row["late_lines"]) == (1.0, 1.0, 0)
    assert row["avg_days_late"] is None


def test_receipts_after_as_of_are_ignored():
    receipts = [receipt(on=D(2026, 10, 2), qty=100, rejected=10)]
    before = rows([line()], receipts, as_of=SEPT_30)
    assert before[("S001", "2026-09")]["avg_days_late"] == 20.0
    assert before[("S001", "all")]["defect_ppm"] is None
    assert ("S001", "2026-10") not in before
    after = rows([line()], receipts, as_of=D(2026, 10, 5))
    assert after[("S001", "2026-09")]["avg_days_late"] == 22.0  # completed 10-02
    assert after[("S001", "2026-10")]["defect_ppm"] == 100000.0


def test_a_month_with_receipts_but_no_due_line_has_null_rates():
    lines = [line(promised=D(2026, 10, 20))]
    receipts = [receipt(on=D(2026, 9, 15), qty=1000, inspected=100, rejected=1)]
    table = rows(lines, receipts)
    for key in [("S001", "2026-09"), ("S001", "all")]:
        row = table[key]
        assert (row["lines_due"], row["qty_due"]) == (0, 0)
        for name in (
            "otd_qty",
            "otif_lines",
            "late_lines",
            "avg_days_late",
            "lead_time_days_median",
        ):
            assert row[name] is None, name
        assert row["defect_ppm"] == 10000.0


def test_defects_count_in_the_receipt_month_not_the_due_month():
    # Promised in September, delivered early in August with 5 of 100 rejected.
    lines = [line(ordered=D(2026, 8, 1), promised=D(2026, 9, 5))]
    receipts = [receipt(on=D(2026, 8, 28), qty=100, rejected=5)]
    table = rows(lines, receipts)
    august, september = table[("S001", "2026-08")], table[("S001", "2026-09")]
    assert august["lines_due"] == 0 and august["defect_ppm"] == 50000.0
    assert september["lines_due"] == 1 and september["defect_ppm"] is None
    assert september["otd_qty"] == 1.0
    assert table[("S001", "all")]["defect_ppm"] == 50000.0


def test_rows_sorted_by_supplier_then_month_all_last_and_empty_months_left_out():
    lines = [
        line("A", supplier="S2", promised=D(2026, 7, 10), ordered=D(2026, 7, 1)),
        line("B", supplier="S1", promised=D(2026, 9, 10)),
        line("C", supplier="S1", promised=D(2026, 7, 10), ordered=D(2026, 7, 1)),
    ]
    result = solve(QcdData.from_records(lines, []), params=Params(as_of=SEPT_30))
    assert [(r.supplier_id, r.month) for r in result.rows] == [
        ("S1", "2026-07"),
        ("S1", "2026-09"),  # no August row: nothing due, nothing received
        ("S1", "all"),
        ("S2", "2026-07"),
        ("S2", "all"),
    ]


def test_a_supplier_with_nothing_up_to_as_of_has_no_rows():
    result = solve(
        QcdData.from_records([line(promised=D(2026, 11, 1))], []), params=Params(as_of=SEPT_30)
    )
    assert result.rows == ()
    assert result.to_json() == {"as_of": "2026-09-30", "rows": []}


def test_lead_time_median_of_an_even_count_is_the_mean_of_the_middle_two():
    lines = [line("A"), line("B")]
    receipts = [receipt("A", on=D(2026, 9, 11), qty=100), receipt("B", on=D(2026, 9, 14), qty=100)]
    assert rows(lines, receipts)[("S001", "2026-09")]["lead_time_days_median"] == 11.5


def test_the_all_row_spans_months():
    lines = [
        line("A", ordered=D(2026, 8, 1), promised=D(2026, 8, 10)),
        line("B", qty=300, promised=D(2026, 9, 10)),
    ]
    receipts = [
        receipt("A", on=D(2026, 8, 10), qty=100, rejected=1),
        receipt("B", on=D(2026, 9, 14), qty=300, rejected=3),
    ]
    row = rows(lines, receipts)[("S001", "all")]
    assert (row["lines_due"], row["qty_due"]) == (2, 400)
    assert row["otd_qty"] == 0.25 and row["otif_lines"] == 0.5
    assert (row["late_lines"], row["avg_days_late"]) == (1, 4.0)
    assert row["defect_ppm"] == 10000.0  # 4 / 400
    assert row["lead_time_days_median"] == 11.0  # median of 9 and 13


def test_decimal_quantities_complete_despite_float_rounding():
    # Ten receipts of 0.1 sum to 0.9999999999999999 in float64: still a complete 1.0 kg line.
    receipts = [receipt(on=D(2026, 9, 1 + k), qty=0.1) for k in range(10)]
    row = rows([line(qty=1.0, promised=D(2026, 9, 10))], receipts)[("S001", "2026-09")]
    assert row["otif_lines"] == 1.0 and row["late_lines"] == 0
    assert row["qty_due"] == 1  # a whole decimal sum prints as an integer


def test_supplier_ids_given_out_of_order_still_sort():
    data = QcdData(
        supplier_ids=("Z", "A"),
        line_supplier=[0, 1],
        qty_ordered=[10, 10],
        order_day=[day_number(D(2026, 9, 1))] * 2,
        promised_day=[day_number(D(2026, 9, 10))] * 2,
        receipt_line=[],
        received_day=[],
        qty_received=[],
        qty_inspected=[],
        qty_rejected=[],
    )
    result = solve(data, params=Params(as_of=SEPT_30))
    assert [r.supplier_id for r in result.rows] == ["A", "A", "Z", "Z"]


def test_one_supplier_and_one_buyer_by_select():
    lines = [
        line("A", supplier="S1", buyer="B1"),
        line("B", supplier="S1", buyer="B2"),
        line("C", supplier="S2", buyer="B1"),
    ]
    receipts = [receipt("A", on=D(2026, 9, 9), qty=100), receipt("C", on=D(2026, 9, 9), qty=50)]
    data = QcdData.from_records(lines, receipts)
    params = Params(as_of=SEPT_30)
    whole = solve(data, params=params)
    assert solve(data.select(supplier_id="S1"), params=params).rows == whole.rows_for("S1")
    seen_by_b1 = solve(data.select(supplier_id="S1", buyer_id="B1"), params=params)
    assert seen_by_b1.rows[0].otd_qty == 1.0  # B2's unreceived line is not B1's business
    assert whole.rows_for("S1")[0].otd_qty == 0.5
    assert solve(data.select(supplier_id="nobody"), params=params).rows == ()


def test_group_figures_with_own_labels_match_solve_per_buyer():
    lines = [
        line("A", buyer="B1"),
        line("B", buyer="B2", qty=50),
        line("C", buyer="B2", promised=D(2026, 9, 20)),
    ]
    receipts = [
        receipt("A", on=D(2026, 9, 12), qty=100, rejected=2),
        receipt("B", on=D(2026, 9, 1), qty=50, rejected=1),
    ]
    data = QcdData.from_records(lines, receipts)
    assert data.line_buyer is not None
    measures = line_measures(data, SEPT_30)
    by_buyer = group_figures(
        data,
        measures,
        SEPT_30,
        line_group=data.line_buyer,
        receipt_group=data.line_buyer[data.receipt_line],
    )
    for k, buyer in enumerate(data.buyer_ids):
        expected = solve(data.select(buyer_id=buyer), params=Params(as_of=SEPT_30)).rows[-1]
        assert by_buyer.lines_due[k] == expected.lines_due
        assert by_buyer.otd_qty[k] == expected.otd_qty
        assert by_buyer.defect_ppm[k] == expected.defect_ppm
        assert by_buyer.avg_days_late[k] == expected.avg_days_late


def test_group_figures_refuses_labels_of_the_wrong_length():
    data = QcdData.from_records([line()], [])
    with pytest.raises(ValueError, match="one label per order line"):
        group_figures(
            data,
            line_measures(data, SEPT_30),
            SEPT_30,
            line_group=np.zeros(2, dtype=np.int64),
            receipt_group=np.zeros(0, dtype=np.int64),
        )


@pytest.mark.parametrize("bad", [dt.datetime(2026, 9, 30, 12), "2026-09-30", None])
def test_params_as_of_must_be_a_date(bad):
    with pytest.raises(ValueError, match=r"as_of must be a datetime.date. Got:"):
        Params(as_of=bad)


def test_from_records_names_every_problem_by_position():
    lines = [line("A"), line("A"), line("B", qty=-5)]
    receipts = [
        receipt("Z", on=D(2026, 9, 1), qty=5),
        receipt("A", on=D(2026, 9, 1), qty=5, rejected=6),
    ]
    with pytest.raises(QcdInputError) as info:
        QcdData.from_records(lines, receipts)
    found = [(p.file, p.row, p.column, p.code) for p in info.value.problems]
    assert found == [
        ("order_lines", 2, "line_no", "duplicate_line"),
        ("order_lines", 3, "qty_ordered", "negative_quantity"),
        ("receipts", 1, "order_id", "unknown_line"),
        ("receipts", 2, "qty_rejected", "rejected_exceeds_inspected"),
    ]


def test_from_records_refuses_bad_quantities_alone():
    receipts = [receipt(on=D(2026, 9, 1), qty=5, inspected=6)]
    with pytest.raises(QcdInputError) as info:
        QcdData.from_records([line()], receipts)
    assert [(p.file, p.row, p.column) for p in info.value.problems] == [
        ("receipts", 1, "qty_inspected")
    ]


def test_from_columns_matches_from_records():
    lines = [line("A", supplier="S2"), line("B", supplier="S1", promised=D(2026, 9, 20))]
    receipts = [receipt("B", on=D(2026, 9, 18), qty=100, rejected=1)]
    by_columns = QcdData.from_columns(
        supplier_id=["S2", "S1"],
        qty_ordered=[100, 100],
        order_date=np.array(["2026-09-01", "2026-09-01"], dtype="datetime64[D]"),
        promised_date=[D(2026, 9, 10), D(2026, 9, 20)],
        receipt_line=[1],
        received_date=["2026-09-18"],
        qty_received=[100],
        qty_inspected=[100],
        qty_rejected=[1],
    )
    params = Params(as_of=SEPT_30)
    assert solve(by_columns, params=params) == solve(
        QcdData.from_records(lines, receipts), params=params
    )


def test_qcd_data_refuses_columns_of_different_lengths():
    with pytest.raises(ValueError, match="qty_ordered must have 1 values"):
        QcdData(
            supplier_ids=("S",),
            line_supplier=[0],
            qty_ordered=[1, 2],
            order_day=[0],
            promised_day=[0],
            receipt_line=[],
            received_day=[],
            qty_received=[],
            qty_inspected=[],
            qty_rejected=[],
        )
