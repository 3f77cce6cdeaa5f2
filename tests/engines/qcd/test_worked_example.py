"""The worked example of QCD.md, through solve() and through the CLI."""

from __future__ import annotations

import json

from renkei.cli import main
from renkei.engines.qcd import Params, QcdData, solve

from .helpers import D, line, receipt, write_files

# Line L1: ordered 100 on 2026-09-01, promised 2026-09-10; receipts 60 on 09-08 (inspected 60,
# rejected 3) and 40 on 09-12 (inspected 40, rejected 0). As of 2026-09-30.
L1 = line("L1", 1, supplier="S001", qty=100, ordered=D(2026, 9, 1), promised=D(2026, 9, 10))
RECEIPTS = [
    receipt("L1", 1, on=D(2026, 9, 8), qty=60, inspected=60, rejected=3),
    receipt("L1", 1, on=D(2026, 9, 12), qty=40, inspected=40, rejected=0),
]
AS_OF = D(2026, 9, 30)

# on_time_qty 60 -> otd_qty 0.6; completed 09-12 -> not OTIF, late by 2 days;
# defect_ppm 3/100 x 10^6 = 30,000; lead time 11 days.
FIGURES = {
    "lines_due": 1,
    "qty_due": 100,
    "otd_qty": 0.6,
    "otif_lines": 0.0,
    "late_lines": 1,
    "avg_days_late": 2.0,
    "defect_ppm": 30000.0,
    "lead_time_days_median": 11.0,
}
EXPECTED = {
    "as_of": "2026-09-30",
    "rows": [
        {"supplier_id": "S001", "month": "2026-09", **FIGURES},
        {"supplier_id": "S001", "month": "all", **FIGURES},
    ],
}


def test_worked_example_through_solve():
    result = solve(QcdData.from_records([L1], RECEIPTS), params=Params(as_of=AS_OF))
    assert result.to_json() == EXPECTED
    month = result.rows[0]
    assert (month.otd_qty, month.otif_lines, month.avg_days_late) == (0.6, 0.0, 2.0)
    assert (month.defect_ppm, month.lead_time_days_median) == (30000.0, 11.0)
    assert result.is_feasible()
    assert "1 supplier" in result.summary()


def test_worked_example_through_the_cli(tmp_path, capsys):
    lines_path, receipts_path = write_files(tmp_path, [L1], RECEIPTS)
    argv = ["qcd", "--lines", str(lines_path), "--receipts", str(receipts_path)]
    assert main([*argv, "--as-of", "2026-09-30", "--json"]) == 0
    out = capsys.readouterr().out
    assert json.loads(out) == EXPECTED
    # The JSON types print like the contract: counts and whole quantities as integers,
    # rates and the other figures as decimals.
    assert '"lines_due": 1, "qty_due": 100, "otd_qty": 0.6, "otif_lines": 0.0' in out
    assert '"defect_ppm": 30000.0, "lead_time_days_median": 11.0' in out


def test_integer_and_float_types_match_the_contract():
    row = solve(QcdData.from_records([L1], RECEIPTS), params=Params(as_of=AS_OF)).to_json()
    first = row["rows"][0]
    assert type(first["lines_due"]) is int and type(first["qty_due"]) is int
    assert type(first["late_lines"]) is int
    for key in ("otd_qty", "otif_lines", "avg_days_late", "defect_ppm", "lead_time_days_median"):
        assert type(first[key]) is float, key
