"""All-node stress test of generated networks: the warm-started sweep against fresh LPs per node.

Per size (``gen-network --nodes N --seed 1``): the sweep in this process, with two local worker
processes and on a two-worker Dask cluster, then the naive method (three fresh full LPs per node,
:func:`renkei.engines.stress.naive.naive_node`) on a sample of nodes, whose figures must equal
the sweep's. ``RENKEI_BENCH_STRESS_SIZES=1000,10000`` runs fewer sizes.
"""

from __future__ import annotations

import math
import os
import statistics
import time
from dataclasses import dataclass

import highspy
import numpy as np

from bench import machine, record
from renkei.engines.stress import Network, Params, StressResult, solve
from renkei.engines.stress.generate import generate_network
from renkei.engines.stress.naive import naive_node

SIZES = (1000, 10_000, 50_000)
SAMPLE = {1000: 20, 10_000: 12}  # naive nodes per size; larger networks get 5
TARGET_50K_SECONDS = 120.0


@dataclass
class Row:
    nodes: int
    tested: int
    blocks: int
    largest_block: int
    lp_solves: int
    exposed: int
    serial: float
    serial_cpu: float
    pool2: float
    pool2_cpu: float
    dask2: float | None
    naive_median: float
    sample: int
    identical: int


def _timed(net: Network, params: Params) -> tuple[StressResult, float, float]:
    """Result, wall seconds and the sweep's CPU seconds summed over every worker."""
    wall = time.perf_counter()
    result = solve(net, params=params)
    return result, time.perf_counter() - wall, result.stats.solver_cpu_seconds


def _same(a: float, b: float, scale: float) -> bool:
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6 * scale)


def _sample(result: StressResult, k: int) -> list[str]:
    # Spread over the ranking so exposed and unexposed nodes, big and small, all appear.
    rng = np.random.default_rng(0)
    picks = rng.choice(len(result.rows), size=min(k, len(result.rows)), replace=False)
    return [result.rows[int(i)].node for i in sorted(picks)]


def _dask(net: Network) -> float | None:
    try:
        from distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - distributed is a project dependency
        return None
    with (
        LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        _, wall, _ = _timed(net, Params(dask_scheduler=client))
    return wall


def measure(n_nodes: int) -> Row:
    net = generate_network(n_nodes, seed=1)
    result, serial, serial_cpu = _timed(net, Params())
    pooled, pool2, pool2_cpu = _timed(net, Params(workers=2))
    if pooled.to_json() != result.to_json():
        raise AssertionError(f"{n_nodes}: the 2-process sweep differs from the serial one")
    dask2 = _dask(net) if n_nodes >= 10_000 else None

    from renkei.engines.stress.compile import compile_network

    compiled = compile_network(net)
    demand = max(1.0, compiled.total_demand)
    margin = max(1.0, float(compiled.item_margin.max(initial=0.0)))
    times, identical = [], 0
    sample = _sample(result, SAMPLE.get(n_nodes, 5))
    for node in sample:
        started = time.perf_counter()
        tts, units, profit = naive_node(net, node)
        times.append(time.perf_counter() - started)
        row = result.row(node)
        tts = math.inf if tts >= net.options.tts_cap_days * (1 - 1e-9) else tts
        scale = demand * row.ttr_days
        identical += (
            _same(row.tts_days, tts, 1.0)
            and _same(row.lost_units, units, scale)
            and _same(row.lost_profit, profit, scale * margin)
        )
    return Row(
        nodes=len(net.nodes),
        tested=len(result.rows),
        blocks=result.stats.blocks,
        largest_block=max((b.n_cols for b in compiled.blocks), default=0),
        lp_solves=result.stats.lp_solves,
        exposed=sum(r.exposed for r in result.rows),
        serial=serial,
        serial_cpu=serial_cpu,
        pool2=pool2,
        pool2_cpu=pool2_cpu,
        dask2=dask2,
        naive_median=statistics.median(times),
        sample=len(sample),
        identical=identical,
    )


def _sizes() -> tuple[int, ...]:
    raw = os.environ.get("RENKEI_BENCH_STRESS_SIZES")
    return tuple(int(s) for s in raw.split(",")) if raw else SIZES


def run() -> str:
    where = machine()  # before the runs: the load figure is the load at the start
    rows = [measure(n) for n in _sizes()]
    lines = [
        "## Stress test (`renkei.engines.stress`)",
        "",
        f"Measured on {where}, HiGHS {highspy.Highs().version()}.",  # type: ignore[no-untyped-call]
        "Networks from `renkei gen-network --nodes N --seed 1`; every node with a TTR is tested",
        "(TTS LP, then both TTR LPs where the node is exposed). *fast* = the warm-started block",
        "sweep (`solve`); *naive* = three fresh full-network LPs per node (`solve_naive`), timed",
        "on a random sample of nodes whose TTS / lost units / lost profit must equal the sweep's.",
        "",
        "| nodes | tested | blocks (largest, cols) | LP solves | fast 1 proc s (CPU s) "
        "| fast 2 procs s (CPU s) | Dask 2 workers s | fast ms/node | naive s/node (median) "
        "| naive / fast | sample identical |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        per_node = min(r.serial, r.pool2) / max(1, r.tested)
        dask = f"{r.dask2:.1f}" if r.dask2 is not None else "-"
        lines.append(
            f"| {r.nodes:,} | {r.tested:,} | {r.blocks:,} ({r.largest_block}) | {r.lp_solves:,} "
            f"| {r.serial:.1f} ({r.serial_cpu:.1f}) | {r.pool2:.1f} ({r.pool2_cpu:.1f}) | {dask} "
            f"| {per_node * 1e3:.2f} | {r.naive_median:.3f} | {r.naive_median / per_node:,.0f}x "
            f"| {r.identical}/{r.sample} |"
        )
    big = [r for r in rows if r.nodes >= 45_000]
    lines.append("")
    if big:
        best = min(big[-1].serial, big[-1].pool2)
        verdict = "met" if best < TARGET_50K_SECONDS else "NOT met"
        lines.append(
            f"Target: all-node stress test of a 50k-node network in < {TARGET_50K_SECONDS:.0f} s "
            f"on 2 cores: {verdict} ({best:.1f} s)."
        )
    lines.append(
        "*fast ms/node* is the whole sweep (best of 1 and 2 processes) divided by the tested "
        "nodes, set-up included; *naive / fast* compares it with the median naive node. "
        "Wall times on a shared machine: the CPU figures (LP sweep only, summed over the "
        "workers; no start-up, no set-up) are the steadier ones."
    )
    return "\n".join(lines)


def main() -> int:
    return record("stress", run())


if __name__ == "__main__":
    raise SystemExit(main())
