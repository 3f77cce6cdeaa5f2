"""Entry points: the all-node stress test, area scenarios and the add-a-source what-if."""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any, Protocol

import numpy as np

from renkei.engines.network.errors import NetworkDataError
from renkei.engines.network.model import SiteInfo, Sourcing, SupplyData
from renkei.engines.stress.compile import Compiled, compile_network
from renkei.engines.stress.errors import NetworkError, StressCode, in_contract_words
from renkei.engines.stress.lp import BlockLPs, LPFailure
from renkei.engines.stress.model import Network, Node, SupplyEdge
from renkei.engines.stress.parallel import run_plan
from renkei.engines.stress.result import (
    ScenarioResult,
    SolveStats,
    StressResult,
    clean,
    rank_rows,
)
from renkei.engines.stress.sweep import BlockOutcome, make_plan, node_stops


class Progress(Protocol):
    """Progress callback, the shape the platform's job runner passes in."""

    def __call__(self, fraction: float, message: str = "") -> None: ...


@dataclass(frozen=True)
class Params:
    """How to run the sweep (the network's own ``options`` say what to compute).

    Parameters
    ----------
    workers
        Local processes for the node sweep (1 = in this process).
    dask_scheduler
        A ``distributed.Client`` or a scheduler address (``"tcp://host:8786"``); when given,
        the sweep fans out over that cluster and ``workers`` is ignored.
    chunks_per_worker
        Block ranges per worker; more gives better balance, fewer less overhead.
    lp_tolerance
        HiGHS primal and dual feasibility tolerance.
    shortcuts
        Use the exact shortcuts (skip LPs whose answer is known); off only to check them.
    """

    workers: int = 1
    dask_scheduler: Any = None
    chunks_per_worker: int = 4
    lp_tolerance: float = 1e-9
    shortcuts: bool = True

    def __post_init__(self) -> None:
        if not isinstance(self.workers, int) or isinstance(self.workers, bool) or self.workers < 1:
            raise ValueError(f"workers must be an integer >= 1. Got: {self.workers!r}")
        if not isinstance(self.chunks_per_worker, int) or self.chunks_per_worker < 1:
            raise ValueError(
                f"chunks_per_worker must be an integer >= 1. Got: {self.chunks_per_worker!r}"
            )
        if not (isinstance(self.lp_tolerance, float) and 1e-12 <= self.lp_tolerance <= 1e-5):
            raise ValueError(
                f"lp_tolerance must be a float between 1e-12 and 1e-5. Got: {self.lp_tolerance!r}"
            )
        scheduler = self.dask_scheduler
        if (
            scheduler is not None
            and not isinstance(scheduler, str)
            and not hasattr(scheduler, "submit")
        ):
            raise ValueError(
                "dask_scheduler must be a scheduler address or a distributed.Client. "
                f"Got: {scheduler!r}"
            )


def solve(
    network: Network | SupplyData,
    *,
    params: Params = Params(),
    seed: int = 0,
    progress: Progress | None = None,
) -> StressResult:
    """Stress-test every node with a ``ttr_days``.

    Parameters
    ----------
    network
        The validated network: the network model (``SupplyData``, default options) or a
        contract :class:`Network`.
    params
        How to run the sweep.
    seed
        Unused: the LPs are deterministic. Kept for the common engine signature.
    progress
        Called with the fraction done (0..1) and a short message.

    Returns
    -------
    StressResult
        One row per stress-tested node with TTS, PI (lost units and profit), REI and rank.
    """
    del seed
    started = time.perf_counter()
    compiled = compile_network(network)
    nodes = np.flatnonzero(np.isfinite(compiled.ttr))
    plan = make_plan(compiled, nodes, tolerance=params.lp_tolerance, shortcuts=params.shortcuts)
    total = max(1, int(plan.task_node.size))
    done = 0

    def tick(k: int) -> None:
        nonlocal done
        done += k
        if progress is not None:
            progress(min(1.0, done / total), f"{done}/{total}")

    if progress is not None:
        progress(0.0, f"0/{total}")
    outcomes = run_plan(
        plan,
        workers=params.workers,
        dask_scheduler=params.dask_scheduler,
        chunks_per_worker=params.chunks_per_worker,
        tick=tick,
    )
    result = _assemble(network.name, compiled, nodes, outcomes)
    stats = SolveStats(
        blocks=len(compiled.blocks),
        tasks=int(plan.task_node.size),
        lp_solves=sum(o.lp_solves for o in outcomes),
        solver_cpu_seconds=sum(o.cpu_seconds for o in outcomes),
        seconds=time.perf_counter() - started,
    )
    return replace(result, stats=stats)


def _assemble(
    name: str, comp: Compiled, nodes: Iterable[int], outcomes: list[BlockOutcome]
) -> StressResult:
    cap = comp.tts_cap_days
    n_blocks = len(comp.blocks)
    tts_base = np.full(n_blocks, cap)
    for o in outcomes:
        tts_base[o.block] = o.tts_base
    baseline = float(tts_base.min(initial=cap))
    # Loss of the untouched network per window (nonzero only when it cannot meet demand).
    base_total: dict[float, list[float]] = {}
    for o in outcomes:
        for window, (units, profit) in o.base_lost.items():
            acc = base_total.setdefault(window, [0.0, 0.0])
            acc[0] += units
            acc[1] += profit

    node_list = [int(n) for n in nodes]
    lost_u = {n: base_total.get(float(comp.ttr[n]), [0.0, 0.0])[0] for n in node_list}
    lost_p = {n: base_total.get(float(comp.ttr[n]), [0.0, 0.0])[1] for n in node_list}
    tts = dict.fromkeys(node_list, math.inf)
    touched: dict[int, set[int]] = {n: set() for n in node_list}
    failed: set[int] = set()
    for o in outcomes:
        for i, n in enumerate(o.nodes.tolist()):
            window = float(comp.ttr[n])
            base_u, base_p = o.base_lost.get(window, (0.0, 0.0))
            lost_u[n] += float(o.lost_units[i]) - base_u
            lost_p[n] += float(o.lost_profit[i]) - base_p
            tts[n] = min(tts[n], float(o.tts[i]))
            touched[n].add(o.block)
        failed.update(o.failed)
    by_tts = np.argsort(tts_base, kind="stable").tolist()

    profit_factor = max(1.0, float(comp.item_margin.max(initial=0.0)))
    raw = []
    for n in node_list:
        if n in failed:
            continue
        mine = touched[n]
        for b in by_tts:  # the weakest block the node leaves alone
            if b not in mine:
                tts[n] = min(tts[n], float(tts_base[b]))
                break
        days = clean(min(tts[n], cap))
        # Noise below 1e-9 of the window's whole demand is zero.
        units_scale = max(1.0, comp.total_demand) * max(1.0, float(comp.ttr[n]))
        raw.append(
            (
                comp.node_ids[n],
                comp.node_types[n],
                float(comp.ttr[n]),
                _tts_value(days, cap),
                clean(max(0.0, lost_u[n]), units_scale),
                clean(max(0.0, lost_p[n]), units_scale * profit_factor),
            )
        )
    return StressResult(
        network=name,
        baseline_tts_days=_tts_value(clean(baseline), cap),
        rows=rank_rows(raw, comp.total_demand),
        failed=tuple(sorted(comp.node_ids[n] for n in failed)),
    )


def _tts_value(days: float, cap: float) -> float:
    """TTS at the horizon cap means the network never runs short: report infinity."""
    return math.inf if days >= cap * (1 - 1e-9) else days


def solve_scenario(
    network: Network | SupplyData,
    down: set[str] | frozenset[str] | Iterable[str],
    ttr_days: float,
    *,
    params: Params = Params(),
) -> ScenarioResult:
    """Several sites and items down together for the same ``ttr_days`` (an area scenario).

    Parameters
    ----------
    network
        The validated network.
    down
        Node ids that stop together (for example every site in a flooded area).
    ttr_days
        Days until all of them are back.

    Returns
    -------
    ScenarioResult
        Lost units and profit over the window, TTS and the loss per product.

    Raises
    ------
    NetworkError
        When ``down`` names an unknown node or ``ttr_days`` is negative.
    """
    ids = sorted(set(down))
    comp = compile_network(network)
    index = {nid: i for i, nid in enumerate(comp.node_ids)}
    unknown = [nid for nid in ids if nid not in index]
    if unknown:
        raise NetworkError(
            f"scenario: unknown node {unknown[0]!r}",
            code=StressCode.UNKNOWN_NODE,
            ref=(unknown[0],),
            record="scenario",
            field="down",
            value=unknown[0],
        )
    if not (
        isinstance(ttr_days, int | float)
        and not isinstance(ttr_days, bool)
        and math.isfinite(ttr_days)
        and ttr_days >= 0
    ):
        raise NetworkError(
            f"scenario: ttr_days must be a number >= 0. Got: {ttr_days!r}",
            code=StressCode.BAD_WINDOW,
            record="scenario",
            field="ttr_days",
            value=ttr_days,
        )
    window = float(ttr_days)
    stops = node_stops(comp, [index[nid] for nid in ids])
    cap = comp.tts_cap_days
    tts = cap
    lost_u = np.zeros(len(comp.item_names))
    lost_p = np.zeros(len(comp.item_names))
    failed = False
    for blk in comp.blocks:
        cols = stops.get(blk.index)
        lps = BlockLPs(blk, comp.tts_service_level, cap, params.lp_tolerance)
        try:
            tts = min(tts, lps.tts(cols))
            if window > 0:
                lost_u[blk.items] = lps.lost_by_item(window, "units", cols)
                lost_p[blk.items] = lps.lost_by_item(window, "profit", cols) * blk.margin
        except LPFailure:
            failed = True
    units_scale = max(1.0, comp.total_demand) * max(1.0, window)
    profit_scale = units_scale * max(1.0, float(comp.item_margin.max(initial=0.0)))
    products = np.flatnonzero(comp.item_demand > 0)
    by_u = {comp.item_names[k]: clean(float(lost_u[k]), units_scale) for k in products}
    by_p = {comp.item_names[k]: clean(float(lost_p[k]), profit_scale) for k in products}
    units = clean(float(lost_u.sum()), units_scale)
    return ScenarioResult(
        down=tuple(ids),
        ttr_days=window,
        tts_days=_tts_value(clean(tts), cap),
        lost_units=units,
        lost_profit=clean(float(lost_p.sum()), profit_scale),
        lost_demand_days=clean(units / comp.total_demand) if comp.total_demand > 0 else 0.0,
        lost_units_by_product=by_u,
        lost_profit_by_product=by_p,
        failed=failed,
    )


def with_added_source(
    network: Network | SupplyData, site: str, item: str, capacity_per_day: float | None = None
) -> Network | SupplyData:
    """A copy of ``network`` where ``site`` also makes ``item`` (a what-if for backups).

    An unknown ``site`` is added as a supplier without a capacity limit and without a TTR, so
    the set of stress-tested nodes stays the same and the two results compare row by row. On
    the network model the new source is a qualified backup; a candidate row of the same site
    and item becomes that backup.

    Raises
    ------
    NetworkError
        When ``item`` is unknown or not an item, ``site`` is an item, the edge exists already
        (code ``duplicate_sourcing``), or the capacity is negative.
    """
    if isinstance(network, SupplyData):
        return _added_source(network, site, item, capacity_per_day)
    nodes = list(network.nodes)
    if site not in network.node_map:
        nodes.append(Node(id=site, type="supplier"))
    supply = (*network.supply, SupplyEdge(site, item, capacity_per_day))
    return Network(
        name=network.name,
        nodes=tuple(nodes),
        bom=network.bom,
        supply=supply,
        options=network.options,
    )


def _added_source(
    data: SupplyData, site: str, item: str, capacity_per_day: float | None
) -> SupplyData:
    sites = list(data.sites)
    if not data.has_site(site):
        if data.has_item(site):
            raise NetworkError(
                f"supply edge {site} -> {item}: site {site!r} is an item, not a site",
                code=StressCode.NOT_A_SITE,
                ref=(item, site),
                record="sourcing",
                field="site",
                value=site,
            )
        sites.append(SiteInfo(site, site))
    rows = [
        row
        for row in data.sourcing
        if not (
            row.item == item and row.site == site and row.step is None and not row.is_supply_edge
        )
    ]
    try:
        rows.append(Sourcing(item, site, "backup", capacity_per_day=capacity_per_day))
        return SupplyData(
            items=data.items, bom=data.bom, sourcing=rows, sites=sites, name=data.name
        )
    except NetworkDataError as error:
        raise in_contract_words(
            error,
            owner=f"supply edge {site} -> {item}",
            sites={s.id for s in sites},
            items={i.id for i in data.items},
        ) from None
