"""Run a :class:`~renkei.engines.stress.sweep.Plan` in-process, in local processes or on Dask.

All three paths call :func:`~renkei.engines.stress.sweep.run_blocks` on contiguous block ranges,
so they give identical numbers; only the fan-out differs.
"""

from __future__ import annotations

import multiprocessing
import uuid
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from typing import Any

from renkei.engines.stress.sweep import BlockOutcome, Plan, chunk_blocks, run_blocks

Tick = Callable[[int], None]

_WORKER_PLAN: Plan | None = None


def run_plan(
    plan: Plan,
    *,
    workers: int = 1,
    dask_scheduler: Any = None,
    chunks_per_worker: int = 4,
    tick: Tick | None = None,
) -> list[BlockOutcome]:
    """Every block's outcome, fanned out as the parameters say."""
    if dask_scheduler is not None:
        return _run_dask(plan, dask_scheduler, chunks_per_worker, tick)
    if workers > 1 and len(plan.compiled.blocks) > 1:
        return _run_processes(plan, workers, chunks_per_worker, tick)
    return run_blocks(plan, 0, len(plan.compiled.blocks), tick)


def _tasks(plan: Plan, start: int, stop: int) -> int:
    return int(plan.block_ptr[stop] - plan.block_ptr[start])


def _init_worker(plan: Plan) -> None:
    global _WORKER_PLAN
    _WORKER_PLAN = plan


def _worker_range(start: int, stop: int) -> list[BlockOutcome]:
    assert _WORKER_PLAN is not None, "worker started without a plan"
    return run_blocks(_WORKER_PLAN, start, stop)


def _context() -> multiprocessing.context.BaseContext:
    """Worker processes must not be forked from this one: HiGHS (or anything else) may already
    run threads here, and fork copies none of them. A fork server is a fresh process that loads
    the solver once and then forks cheap workers; where there is none (Windows), spawn."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["renkei.engines.stress.sweep"])
        return context
    return multiprocessing.get_context("spawn")


def _run_processes(
    plan: Plan, workers: int, chunks_per_worker: int, tick: Tick | None
) -> list[BlockOutcome]:
    ranges = chunk_blocks(plan, workers * chunks_per_worker)
    out: list[BlockOutcome] = []
    with ProcessPoolExecutor(
        max_workers=workers, mp_context=_context(), initializer=_init_worker, initargs=(plan,)
    ) as pool:
        futures = {pool.submit(_worker_range, a, b): (a, b) for a, b in ranges}
        for future in as_completed(futures):
            out.extend(future.result())
            if tick is not None:
                tick(_tasks(plan, *futures[future]))
    out.sort(key=lambda o: o.block)
    return out


def _dask_range(plan: Plan, start: int, stop: int) -> list[BlockOutcome]:
    return run_blocks(plan, start, stop)


def _run_dask(
    plan: Plan, scheduler: Any, chunks_per_worker: int, tick: Tick | None
) -> list[BlockOutcome]:
    from distributed import Client
    from distributed import as_completed as dask_completed

    own = isinstance(scheduler, str)
    client = Client(scheduler) if own else scheduler  # type: ignore[no-untyped-call]
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        ranges = chunk_blocks(plan, n_workers * chunks_per_worker)
        # Ship the plan once to every worker instead of once per task.
        plan_future = client.scatter(plan, broadcast=True)
        token = uuid.uuid4().hex  # keys must not collide with an earlier sweep on this client
        futures = [
            client.submit(_dask_range, plan_future, a, b, key=f"stress-{token}-{a}-{b}")
            for a, b in ranges
        ]
        sizes = {f.key: _tasks(plan, a, b) for f, (a, b) in zip(futures, ranges, strict=True)}
        out: list[BlockOutcome] = []
        for future in dask_completed(futures):  # type: ignore[no-untyped-call]
            out.extend(future.result())
            if tick is not None:
                tick(sizes[future.key])
        out.sort(key=lambda o: o.block)
        return out
    finally:
        if own:
            client.close()
