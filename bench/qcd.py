"""QCD engine on 1M order lines vs a straightforward pandas groupby of the same figures.

Both start from the same plain columns (supplier ids as strings, dates as ``datetime64``); the
pandas version is written here from QCD.md, independently of the engine, and the two tables
must agree number for number (NaN where the contract says null). ``python -m bench qcd``.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

from renkei.engines.qcd import Params, QcdData, QcdResult, solve
from renkei.engines.qcd.figures import FIGURES

N_LINES = 1_000_000
N_SUPPLIERS = 2_000
RUNS = 3
SEED = 20260930
START = np.datetime64("2025-01-01")
AS_OF = np.datetime64("2026-11-15")


def generate(n_lines: int = N_LINES, seed: int = SEED) -> dict[str, np.ndarray]:
    """Order lines over two years and their receipts: partial, late, early, over, missing."""
    rng = np.random.default_rng(seed)
    order_date = START + rng.integers(0, 700, n_lines).astype("timedelta64[D]")
    promised_date = order_date + rng.integers(3, 60, n_lines).astype("timedelta64[D]")
    qty_ordered = rng.choice([1, 5, 10, 20, 50, 100, 200, 500, 1000], n_lines).astype(float)
    per_line = rng.choice([0, 1, 1, 1, 1, 2, 2, 3], n_lines)
    receipt_line = np.repeat(np.arange(n_lines), per_line)
    m = len(receipt_line)
    received_date = promised_date[receipt_line] + rng.integers(-12, 15, m).astype("timedelta64[D]")
    share = qty_ordered[receipt_line] / per_line[receipt_line]
    qty_received = np.round(share * rng.uniform(0.6, 1.4, m))
    qty_inspected = np.round(qty_received * rng.uniform(0.0, 1.0, m))
    qty_rejected = np.round(qty_inspected * rng.uniform(0.0, 0.05, m))
    return {
        "supplier_id": np.char.add("S", rng.integers(0, N_SUPPLIERS, n_lines).astype("U5")),
        "qty_ordered": qty_ordered,
        "order_date": order_date,
        "promised_date": promised_date,
        "receipt_line": receipt_line,
        "received_date": received_date,
        "qty_received": qty_received,
        "qty_inspected": qty_inspected,
        "qty_rejected": qty_rejected,
    }


def engine(columns: dict[str, np.ndarray]) -> QcdResult:
    data = QcdData.from_columns(**columns)
    return solve(data, params=Params(as_of=AS_OF.astype(object)))


def pandas_figures(columns: dict[str, np.ndarray], as_of: np.datetime64 = AS_OF) -> pd.DataFrame:
    """The figures of QCD.md with pandas, one groupby per figure family."""
    a = pd.Timestamp(as_of)
    lines = pd.DataFrame(
        {
            "supplier_id": columns["supplier_id"],
            "qty_ordered": columns["qty_ordered"],
            "order_date": columns["order_date"],
            "promised_date": columns["promised_date"],
        }
    )
    receipts = pd.DataFrame(
        {
            "line": columns["receipt_line"],
            "received_date": columns["received_date"],
            "qty_received": columns["qty_received"],
            "qty_inspected": columns["qty_inspected"],
            "qty_rejected": columns["qty_rejected"],
        }
    )
    receipts = receipts[receipts["received_date"] <= a]  # receipts after A are ignored
    receipts = receipts.join(lines, on="line")

    # on_time_qty = min(qty_ordered, Σ received by the promised date)
    early = receipts[receipts["received_date"] <= receipts["promised_date"]]
    by_promise = early.groupby("line")["qty_received"].sum()
    lines["on_time"] = np.minimum(
        lines["qty_ordered"], by_promise.reindex(lines.index, fill_value=0)
    )

    # completed_date = first receipt (date order) where the cumulative reaches qty_ordered
    ordered = receipts.sort_values(["line", "received_date"], kind="stable")
    cumulative = ordered.groupby("line")["qty_received"].cumsum()
    reached = ordered[cumulative >= ordered["qty_ordered"]]
    lines["completed"] = reached.groupby("line")["received_date"].first().reindex(lines.index)

    due = lines[lines["promised_date"] <= a].copy()
    done = due["completed"].notna()
    due["days_late"] = (due["completed"].where(done, a) - due["promised_date"]).dt.days
    due["otif"] = done & (due["completed"] <= due["promised_date"])
    due["late"] = due["days_late"] > 0
    due["late_days"] = due["days_late"].where(due["late"], 0)
    due["lead"] = (due["completed"] - due["order_date"]).dt.days  # NaN when not completed
    due["month"] = due["promised_date"].dt.to_period("M")
    receipts["month"] = receipts["received_date"].dt.to_period("M")

    def table(due_keys: list[str], receipt_keys: list[str]) -> pd.DataFrame:
        d = due.groupby(due_keys).agg(
            lines_due=("qty_ordered", "size"),
            qty_due=("qty_ordered", "sum"),
            on_time=("on_time", "sum"),
            otif=("otif", "sum"),
            late_lines=("late", "sum"),
            late_days=("late_days", "sum"),
            lead_time_days_median=("lead", "median"),
        )
        r = receipts.groupby(receipt_keys).agg(
            rejected=("qty_rejected", "sum"), inspected=("qty_inspected", "sum")
        )
        t = d.join(r, how="outer")
        t["lines_due"] = t["lines_due"].fillna(0)
        t["qty_due"] = t["qty_due"].fillna(0)
        has_due = t["lines_due"] > 0
        t["otd_qty"] = (t["on_time"] / t["qty_due"]).where(t["qty_due"] > 0)
        t["otif_lines"] = (t["otif"] / t["lines_due"]).where(has_due)
        t["late_lines"] = t["late_lines"].where(has_due)
        t["avg_days_late"] = (t["late_days"] / t["late_lines"]).where(t["late_lines"] > 0)
        t["defect_ppm"] = (t["rejected"] * 1_000_000 / t["inspected"]).where(t["inspected"] > 0)
        return t[list(FIGURES)]

    monthly = table(["supplier_id", "month"], ["supplier_id", "month"]).reset_index()
    monthly["month"] = monthly["month"].astype(str)
    overall = table(["supplier_id"], ["supplier_id"]).reset_index()
    overall["month"] = "all"
    both = pd.concat([monthly, overall], ignore_index=True)
    both["is_all"] = both["month"] == "all"
    return both.sort_values(["supplier_id", "is_all", "month"]).reset_index(drop=True)


def _timed(fn: Callable[[], Any], runs: int) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(runs):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def _assert_same(result: QcdResult, frame: pd.DataFrame) -> None:
    keys = [(row.supplier_id, row.month) for row in result.rows]
    assert keys == list(zip(frame["supplier_id"], frame["month"], strict=True)), "row keys differ"
    for name in FIGURES:
        ours = np.array(
            [np.nan if (v := getattr(r, name)) is None else v for r in result.rows], dtype=float
        )
        theirs = frame[name].to_numpy(dtype=float)
        assert np.array_equal(ours, theirs, equal_nan=True), f"{name} differs"


def run(n_lines: int = N_LINES, runs: int = RUNS) -> str:
    columns = generate(n_lines)
    engine_s, result = _timed(lambda: engine(columns), runs)
    data = QcdData.from_columns(**columns)
    params = Params(as_of=AS_OF.astype(object))
    solve_s, _ = _timed(lambda: solve(data, params=params), runs)
    json_s, _ = _timed(lambda: solve(data, params=params).to_json(), runs)
    pandas_s, frame = _timed(lambda: pandas_figures(columns), runs)
    _assert_same(result, frame)
    return "\n".join(
        [
            f"{n_lines:,} order lines, {len(columns['receipt_line']):,} receipts, "
            f"{N_SUPPLIERS:,} suppliers, {len(result.rows):,} output rows; median of {runs} runs",
            "",
            "| computation | seconds |",
            "| --- | ---: |",
            f"| renkei.engines.qcd (QcdData.from_columns + solve) | {engine_s:.3f} |",
            f"| renkei.engines.qcd solve only | {solve_s:.3f} |",
            f"| renkei.engines.qcd solve + to_json (the contract's dict) | {json_s:.3f} |",
            f"| pandas groupby (same figures) | {pandas_s:.3f} |",
            "",
            f"pandas / engine: {pandas_s / engine_s:.1f}x (solve only: {pandas_s / solve_s:.1f}x); "
            f"all {len(FIGURES)} figures identical "
            f"in all {len(result.rows):,} rows (NaN = null in the same places).",
        ]
    )


def main() -> None:
    print(run())


if __name__ == "__main__":
    main()
