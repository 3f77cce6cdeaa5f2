"""The all-node sweep: per block, the baseline and every node that stops some of its edges.

A node may stop edges in several blocks (a site without a capacity limit that makes items of
unrelated products). The blocks are independent LPs, so per block we only compute what the node
changes there; :mod:`renkei.engines.stress.solver` adds the blocks up:

    PI_n  = sum over blocks b of PI_b(n)        (PI_b(n) = baseline PI_b for untouched blocks)
    TTS_n = min over blocks b of TTS_b(n)       (a common t is feasible iff it is in every block)

Shortcuts, each exact:

* a node whose edges carry no flow in the block's baseline TTS solution leaves that solution
  feasible, hence ``TTS_b(n) = TTS_b(baseline)`` without an LP;
* with ``α = 1`` the TTR LP at ``T`` has zero loss exactly when the TTS LP is feasible at
  ``t = T``, so ``TTS_b(n) >= T`` means ``PI_b(n) = 0`` without an LP;
* zero lost units means zero lost profit (no demand is lost at all).

The work unit is a range of blocks of a :class:`Plan`; the same function runs in-process, in a
process pool and on Dask workers.
"""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from renkei.engines.stress.compile import Compiled, FloatArray, IntArray
from renkei.engines.stress.lp import BlockLPs, LPFailure, used_columns


@dataclass(frozen=True)
class Plan:
    """What to solve: the compiled network plus the (node, block) tasks sorted by block.

    ``task_cols[task_ptr[i]:task_ptr[i+1]]`` are the local edge columns task ``i`` stops;
    ``block_ptr[b]:block_ptr[b+1]`` is the task range of block ``b``.
    """

    compiled: Compiled
    task_node: IntArray
    task_window: FloatArray
    task_ptr: IntArray
    task_cols: IntArray
    block_ptr: IntArray
    windows: FloatArray  # every distinct window of the sweep (for the untouched blocks)
    tolerance: float = 1e-9
    shortcuts: bool = True


@dataclass
class BlockOutcome:
    """Per-block results: baseline figures and the per-task figures of the block's nodes."""

    block: int
    tts_base: float
    full_service_base: float  # TTS with α = 1 (decides whether the baseline loses demand)
    base_lost: dict[float, tuple[float, float]]  # window -> (units, profit), where nonzero
    nodes: IntArray
    tts: FloatArray
    lost_units: FloatArray
    lost_profit: FloatArray
    failed: list[int] = field(default_factory=list)
    lp_solves: int = 0
    cpu_seconds: float = 0.0  # CPU time of this block, in whichever process solved it


def make_plan(
    compiled: Compiled, nodes: IntArray, *, tolerance: float = 1e-9, shortcuts: bool = True
) -> Plan:
    """Tasks for the stress-tested ``nodes`` (global node indices)."""
    stops = compiled.node_edges[nodes].tocoo()
    edge = np.asarray(stops.col, dtype=np.int64)
    block = compiled.edge_block[edge]
    live = block >= 0
    owner = np.asarray(nodes, dtype=np.int64)[np.asarray(stops.row, dtype=np.int64)[live]]
    block, edge = block[live], edge[live]
    # One task per (node, block); sort by block, then window so a block changes T rarely.
    window = compiled.ttr[owner]
    order = np.lexsort((compiled.edge_local[edge], owner, window, block))
    owner, block, edge, window = owner[order], block[order], edge[order], window[order]
    if owner.size:
        new_task = np.ones(owner.size, dtype=bool)
        new_task[1:] = (owner[1:] != owner[:-1]) | (block[1:] != block[:-1])
        starts = np.flatnonzero(new_task)
    else:
        starts = np.zeros(0, dtype=np.int64)
    task_ptr = np.append(starts, owner.size).astype(np.int64)
    task_block = block[starts]
    n_blocks = len(compiled.blocks)
    block_ptr = np.searchsorted(task_block, np.arange(n_blocks + 1)).astype(np.int64)
    ttr = compiled.ttr[nodes]
    return Plan(
        compiled=compiled,
        task_node=owner[starts],
        task_window=window[starts],
        task_ptr=task_ptr,
        task_cols=compiled.edge_local[edge].astype(np.int32),  # HiGHS takes int32 indices
        block_ptr=block_ptr,
        windows=np.unique(ttr[np.isfinite(ttr) & (ttr > 0)]),
        tolerance=tolerance,
        shortcuts=shortcuts,
    )


def block_cost(plan: Plan) -> FloatArray:
    """A rough work estimate per block, for balancing chunks across workers."""
    n_tasks = np.diff(plan.block_ptr).astype(np.float64)
    size = np.array([b.n_cols + b.items.size for b in plan.compiled.blocks], dtype=np.float64)
    return (1.0 + n_tasks) * (10.0 + size)


def chunk_blocks(plan: Plan, n_chunks: int) -> list[tuple[int, int]]:
    """Split the block range into at most ``n_chunks`` contiguous ranges of similar cost."""
    n_blocks = len(plan.compiled.blocks)
    if n_blocks == 0:
        return []
    cum = np.cumsum(block_cost(plan))
    cuts = np.searchsorted(cum, cum[-1] * np.arange(1, n_chunks) / n_chunks, side="right")
    edges = np.unique(np.concatenate([[0], cuts, [n_blocks]]))
    return [(int(a), int(b)) for a, b in itertools.pairwise(edges) if b > a]


def run_blocks(
    plan: Plan, start: int, stop: int, tick: Callable[[int], None] | None = None
) -> list[BlockOutcome]:
    """Solve blocks ``start..stop-1`` of the plan; ``tick(k)`` reports k more tasks done."""
    out: list[BlockOutcome] = []
    for b in range(start, stop):
        started = time.process_time()
        outcome = _run_block(plan, b)
        outcome.cpu_seconds = time.process_time() - started
        out.append(outcome)
        if tick is not None:
            tick(int(plan.block_ptr[b + 1] - plan.block_ptr[b]))
    return out


def _run_block(plan: Plan, b: int) -> BlockOutcome:
    comp = plan.compiled
    blk = comp.blocks[b]
    alpha = comp.tts_service_level
    lps = BlockLPs(blk, alpha, comp.tts_cap_days, plan.tolerance)
    tts_base = lps.tts(flows=True)
    used = used_columns(lps.last_flows)
    solves = 1
    if alpha == 1.0:
        full_base = tts_base
    else:
        full_base = BlockLPs(blk, 1.0, comp.tts_cap_days, plan.tolerance).tts()
        solves += 1

    base_lost: dict[float, tuple[float, float]] = {}
    for w in plan.windows:
        window = float(w)
        if full_base < window:
            units = lps.lost(window, "units")
            profit = lps.lost(window, "profit") if units > 0 else 0.0
            solves += 2 if units > 0 else 1
            base_lost[window] = (units, profit)

    t0, t1 = int(plan.block_ptr[b]), int(plan.block_ptr[b + 1])
    n = t1 - t0
    # With one product (or equal margins) lost profit is margin x lost units: one LP fewer.
    margins = np.unique(blk.margin[blk.demand > 0])
    same_margin = float(margins[0]) if margins.size == 1 and plan.shortcuts else None
    # Re-solving the undisrupted LP at a new window pays off when several nodes share it.
    windows = plan.task_window[t0:t1]
    shared_window = np.zeros(n, dtype=bool)
    if n > 1:
        shared_window[1:] = windows[1:] == windows[:-1]
        shared_window[:-1] |= windows[:-1] == windows[1:]
    tts = np.empty(n)
    lost_u = np.empty(n)
    lost_p = np.empty(n)
    failed: list[int] = []
    # A part made only at one site and that site stop the same columns: solve once.
    seen_tts: dict[bytes, float] = {}
    seen_lost: dict[tuple[bytes, float], tuple[float, float]] = {}
    for i in range(n):
        task = t0 + i
        cols = plan.task_cols[plan.task_ptr[task] : plan.task_ptr[task + 1]]
        key = cols.tobytes()
        window = float(plan.task_window[task])
        try:
            if plan.shortcuts and not used[cols].any():
                tts[i] = tts_base
            elif plan.shortcuts and key in seen_tts:
                tts[i] = seen_tts[key]
            else:
                tts[i] = seen_tts[key] = lps.tts(cols)
                solves += 1
            if window <= 0 or (plan.shortcuts and alpha == 1.0 and tts[i] >= window):
                lost_u[i] = lost_p[i] = 0.0
                continue
            if plan.shortcuts and (key, window) in seen_lost:
                lost_u[i], lost_p[i] = seen_lost[key, window]
                continue
            lost_u[i] = lps.lost(window, "units", cols, rebase=bool(shared_window[i]))
            solves += 1
            if same_margin is not None or (lost_u[i] <= 0 and plan.shortcuts):
                lost_p[i] = (same_margin or 0.0) * lost_u[i]
            else:
                lost_p[i] = lps.lost(window, "profit", cols, rebase=bool(shared_window[i]))
                solves += 1
            seen_lost[key, window] = (lost_u[i], lost_p[i])
        except LPFailure:
            failed.append(int(plan.task_node[task]))
            tts[i] = lost_u[i] = lost_p[i] = np.nan
    return BlockOutcome(
        block=b,
        tts_base=tts_base,
        full_service_base=full_base,
        base_lost=base_lost,
        nodes=plan.task_node[t0:t1],
        tts=tts,
        lost_units=lost_u,
        lost_profit=lost_p,
        failed=failed,
        lp_solves=solves,
    )


def node_stops(compiled: Compiled, node_ids: list[int]) -> dict[int, IntArray]:
    """Local columns per block that stopping all ``node_ids`` together zeroes (scenarios)."""
    edges = np.unique(sp.csr_matrix(compiled.node_edges[node_ids]).indices)
    blocks = compiled.edge_block[edges]
    keep = blocks >= 0
    out: dict[int, IntArray] = {}
    for blk in np.unique(blocks[keep]):
        sel = edges[keep][blocks[keep] == blk]
        out[int(blk)] = compiled.edge_local[sel]
    return out
