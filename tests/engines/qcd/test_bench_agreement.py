"""The benchmark's pandas computation is a third, independent oracle: run it small."""

from __future__ import annotations

from bench.qcd import run


def test_engine_and_pandas_agree_on_generated_data():
    report = run(n_lines=5_000, runs=1)  # asserts every figure of every row is identical
    assert "figures identical" in report
