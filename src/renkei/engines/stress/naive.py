"""The straightforward stress test: a fresh full LP pair per node, exactly as ``STRESS.md`` reads.

No per-day scaling, no pruning of dead items, no blocks, no warm start and no shortcuts: per node
it builds the whole network's TTS LP and both TTR LPs in totals over the window and solves each
from scratch with ``scipy.optimize.linprog(method="highs")``. It is the oracle for
:func:`renkei.engines.stress.solve` and the baseline of the benchmark.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp

from renkei.engines.network.model import SupplyData
from renkei.engines.stress.compile import FloatArray, IntArray
from renkei.engines.stress.model import Network, StressView, stress_view
from renkei.engines.stress.result import SolveStats, StressResult, clean, rank_rows


def linprog(*args: Any, **kwargs: Any) -> Any:
    """scipy's linprog, imported on first use (worker processes of the sweep never need it)."""
    from scipy.optimize import linprog as scipy_linprog

    # scipy's stubs do not admit sparse constraint matrices, which linprog accepts.
    return scipy_linprog(*args, **kwargs)


@dataclass(frozen=True)
class _Arrays:
    edge_site: IntArray
    edge_item: IntArray
    edge_cap: FloatArray
    site_cap: FloatArray
    inventory: FloatArray
    demand: FloatArray
    margin: FloatArray
    bom_parent: IntArray
    bom_child: IntArray
    bom_qty: FloatArray
    site_of: dict[str, int]
    item_of: dict[str, int]


def _arrays(view: StressView) -> _Arrays:
    data = view.data
    site_of = {s.id: i for i, s in enumerate(data.sites)}
    item_of = {n.id: i for i, n in enumerate(data.items)}
    inf = math.inf
    return _Arrays(
        edge_site=np.array([site_of[e.site] for e in view.edges], dtype=np.int64),
        edge_item=np.array([item_of[e.item] for e in view.edges], dtype=np.int64),
        edge_cap=np.array(
            [inf if e.capacity_per_day is None else e.capacity_per_day for e in view.edges]
        ),
        site_cap=np.array(
            [inf if s.capacity_per_day is None else s.capacity_per_day for s in data.sites]
        ),
        inventory=np.array([n.inventory for n in data.items], dtype=np.float64),
        demand=np.array([n.demand_per_day for n in data.items], dtype=np.float64),
        margin=np.array([n.margin for n in data.items], dtype=np.float64),
        bom_parent=np.array([item_of[b.parent] for b in data.bom], dtype=np.int64),
        bom_child=np.array([item_of[b.child] for b in data.bom], dtype=np.int64),
        bom_qty=np.array([b.qty_per_unit for b in data.bom], dtype=np.float64),
        site_of=site_of,
        item_of=item_of,
    )


def _matrices(a: _Arrays) -> tuple[sp.csr_matrix, sp.csr_matrix, IntArray]:
    """Item balance (items x edges: consumption - production) and finite site rows."""
    n_items, n_edges = a.inventory.size, a.edge_item.size
    make = sp.csr_matrix(
        (np.ones(n_edges), (a.edge_item, np.arange(n_edges))), shape=(n_items, n_edges)
    )
    use = sp.csr_matrix((a.bom_qty, (a.bom_child, a.bom_parent)), shape=(n_items, n_items))
    balance = (use @ make - make).tocsr()
    finite = np.flatnonzero(np.isfinite(a.site_cap))
    row = np.full(a.site_cap.size, -1)
    row[finite] = np.arange(finite.size)
    keep = row[a.edge_site] >= 0
    site = sp.csr_matrix(
        (np.ones(int(keep.sum())), (row[a.edge_site[keep]], np.flatnonzero(keep))),
        shape=(finite.size, n_edges),
    )
    return balance, site, finite


def _stopped(a: _Arrays, node_id: str | None) -> IntArray:
    if node_id is None:
        return np.zeros(0, dtype=np.int64)
    if node_id in a.site_of:
        return np.flatnonzero(a.edge_site == a.site_of[node_id])
    return np.flatnonzero(a.edge_item == a.item_of[node_id])


def _lost(view: StressView, node_id: str | None, window: float, weights: FloatArray) -> float:
    """Least weighted lost demand over ``window`` days with ``node_id`` down (totals LP)."""
    if window <= 0:
        return 0.0
    a = _arrays(view)
    balance, site, finite = _matrices(a)
    n_edges = a.edge_item.size
    has_demand = np.flatnonzero(a.demand > 0)
    m = has_demand.size
    # consumption - production - lost <= inventory - demand x T
    lost = sp.csr_matrix((-np.ones(m), (has_demand, np.arange(m))), shape=(a.inventory.size, m))
    a_ub = sp.vstack(
        [sp.hstack([balance, lost]), sp.hstack([site, sp.csr_matrix((site.shape[0], m))])]
    )
    b_ub = np.concatenate([a.inventory - a.demand * window, a.site_cap[finite] * window])
    upper = np.concatenate([a.edge_cap * window, a.demand[has_demand] * window])
    upper[_stopped(a, node_id)] = 0.0
    bounds = np.column_stack([np.zeros(n_edges + m), upper])
    cost = np.concatenate([np.zeros(n_edges), weights[has_demand]])
    res = linprog(cost, A_ub=a_ub.tocsr(), b_ub=b_ub, bounds=bounds, method="highs")
    if res.status != 0:
        raise RuntimeError(f"TTR LP of {node_id}: {res.message}")
    return float(res.fun)


def _tts(view: StressView, node_id: str | None) -> float:
    """Longest t with all (α x) demand met while ``node_id`` is down (t-space LP)."""
    a = _arrays(view)
    balance, site, finite = _matrices(a)
    alpha, cap_days = view.options.tts_service_level, view.options.tts_cap_days
    n_edges = a.edge_item.size
    capped = np.flatnonzero(np.isfinite(a.edge_cap))
    eye = sp.csr_matrix(
        (np.ones(capped.size), (np.arange(capped.size), capped)), shape=(capped.size, n_edges)
    )
    t_col = np.concatenate([alpha * a.demand, -a.site_cap[finite], -a.edge_cap[capped]])
    a_ub = sp.hstack([sp.vstack([balance, site, eye]), sp.csr_matrix(t_col.reshape(-1, 1))])
    b_ub = np.concatenate([a.inventory, np.zeros(finite.size + capped.size)])
    upper = np.full(n_edges + 1, np.inf)
    upper[_stopped(a, node_id)] = 0.0
    upper[n_edges] = cap_days
    cost = np.zeros(n_edges + 1)
    cost[n_edges] = -1.0
    bounds = np.column_stack([np.zeros(n_edges + 1), upper])
    res = linprog(cost, A_ub=a_ub.tocsr(), b_ub=b_ub, bounds=bounds, method="highs")
    if res.status != 0:
        raise RuntimeError(f"TTS LP of {node_id}: {res.message}")
    return float(res.x[n_edges])


def naive_node(network: Network | SupplyData, node_id: str) -> tuple[float, float, float]:
    """TTS, lost units and lost profit of one node from three fresh full LPs (unrounded)."""
    view = stress_view(network)
    return _naive_node(view, node_id, view.node_ttr[view.node_ids.index(node_id)])


def _naive_node(view: StressView, node_id: str, ttr: float | None) -> tuple[float, float, float]:
    window = float(ttr or 0.0)
    margins = np.array([n.margin for n in view.data.items], dtype=np.float64)
    tts = _tts(view, node_id)
    units = _lost(view, node_id, window, np.ones(len(view.data.items)))
    profit = _lost(view, node_id, window, margins)
    return tts, units, profit


def solve_naive(
    network: Network | SupplyData, *, nodes: Iterable[str] | None = None
) -> StressResult:
    """The stress test by brute force: fresh full LPs per node (oracle and benchmark baseline).

    Parameters
    ----------
    network
        The validated network (a contract network or the network model).
    nodes
        Restrict the sweep to these stress-tested node ids (REI is then relative to them).

    Returns
    -------
    StressResult
        Same fields as :func:`renkei.engines.stress.solve`.
    """
    started = time.perf_counter()
    view = stress_view(network)
    chosen = set(nodes) if nodes is not None else None
    targets = [
        (node_id, node_type, ttr)
        for node_id, node_type, ttr in zip(
            view.node_ids, view.node_types, view.node_ttr, strict=True
        )
        if ttr is not None and (chosen is None or node_id in chosen)
    ]
    cap = view.options.tts_cap_days
    items = view.data.items
    margins = np.array([n.margin for n in items], dtype=np.float64)
    total_demand = float(sum(n.demand_per_day for n in items))
    units_scale_base = max(1.0, total_demand)
    profit_factor = max(1.0, float(margins.max(initial=0.0)))

    def tts_value(days: float) -> float:
        return math.inf if days >= cap * (1 - 1e-9) else clean(days)

    raw = []
    solves = 1
    for node_id, node_type, ttr in targets:
        window = float(ttr or 0.0)
        units_scale = units_scale_base * max(1.0, window)
        tts, units, profit = _naive_node(view, node_id, ttr)
        solves += 3
        raw.append(
            (
                node_id,
                node_type,
                window,
                tts_value(tts),
                clean(max(0.0, units), units_scale),
                clean(max(0.0, profit), units_scale * profit_factor),
            )
        )
    baseline = tts_value(_tts(view, None))
    return StressResult(
        network=view.name,
        baseline_tts_days=baseline,
        rows=rank_rows(raw, total_demand),
        stats=SolveStats(
            tasks=len(targets), lp_solves=solves, seconds=time.perf_counter() - started
        ),
    )
