"""The LPs of one block, kept alive in HiGHS and re-solved with a warm start per node.

Every TTR LP of a block has the same matrix; nodes differ only in the window ``T`` (the lower
bounds of balance rows with inventory) and in which edge columns are fixed at zero. So each
block keeps three HiGHS models - TTR with unit weights, TTR with margins, TTS - solves each once
undisrupted and keeps that optimal basis. A node then resets the basis, changes a handful of
bounds and re-solves: the baseline basis stays dual feasible under bound changes, so the dual
simplex needs only the few pivots the disruption forces (about 2-4 on the generated networks,
against 25+ when starting from the previous node's basis, which first has to undo that node).

TTS LP (totals over ``t`` days; always feasible at ``t = 0``, so "cannot survive at all" is the
optimum ``t = 0`` and a network short at baseline simply gets a finite ``t``):

    max t   s.t.  A_bal x - α d t >= -inv,   A_site x - cap_s t <= 0,
                  x_a - cap_a t <= 0 (finite edge capacities),   0 <= t <= tts_cap_days
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import highspy
import numpy as np
import numpy.typing as npt

from renkei.engines.stress.compile import Block, FloatArray, IntArray

INF = float("inf")
# A node's edges carrying less than this (relative to the largest flow) count as unused.
_UNUSED = 1e-9


class LPFailure(RuntimeError):
    """HiGHS did not reach an optimum (numerical trouble); the node is reported as failed."""


def _new_highs(tolerance: float) -> Any:
    h = highspy.Highs()  # type: ignore[no-untyped-call]
    h.setOptionValue("output_flag", False)
    h.setOptionValue("presolve", "off")  # presolve would discard the basis we warm-start from
    h.setOptionValue("threads", 1)
    # After a basis reset, exact steepest-edge weights would be recomputed from scratch on
    # every solve; Devex starts from unit weights and was ~20% faster on the sweep.
    h.setOptionValue("simplex_dual_edge_weight_strategy", 1)
    h.setOptionValue("primal_feasibility_tolerance", tolerance)
    h.setOptionValue("dual_feasibility_tolerance", tolerance)
    return h


def _pass(
    h: Any,
    shape: tuple[int, int],
    entries: tuple[IntArray, IntArray, FloatArray],
    cost: FloatArray,
    lo: FloatArray,
    up: FloatArray,
    rlo: FloatArray,
    rup: FloatArray,
) -> None:
    """Hand HiGHS a model given by its (row, column, value) entries (built with NumPy only)."""
    n_rows, n_cols = shape
    row, col, val = entries
    order = np.lexsort((row, col))
    col_sorted = col[order]
    start = np.searchsorted(col_sorted, np.arange(n_cols)).astype(np.int32)
    status = h.passModel(
        n_cols, n_rows, int(val.size), 1, 1, 0.0,
        cost, lo, up, rlo, rup,
        start, row[order].astype(np.int32), val[order].astype(np.float64),
        np.zeros(n_cols, dtype=np.int32),  # all continuous
    )  # fmt: skip
    if status == highspy.HighsStatus.kError:
        raise LPFailure("HiGHS refused the model")


def _optimal(h: Any) -> bool:
    return bool(h.getModelStatus() == highspy.HighsModelStatus.kOptimal)


def _run(h: Any) -> None:
    h.run()
    if not _optimal(h):
        # A stale basis can stall the warm start: retry once from scratch before giving up.
        h.clearSolver()
        h.run()
        if not _optimal(h):
            raise LPFailure(h.modelStatusToString(h.getModelStatus()))


@dataclass
class _Model:
    """One HiGHS model with the optimal basis of its undisrupted LP."""

    highs: Any
    col_up: FloatArray  # the undisrupted upper bounds of the edge columns
    basis: Any = None
    stale: bool = True  # the basis is not (yet) optimal for the current undisrupted LP
    window: float = INF  # TTR models: the window the balance rows are set for

    def solve(self, cols: IntArray | None, *, read_cols: bool) -> tuple[FloatArray, float]:
        """Solve with the edge columns ``cols`` fixed at 0, then give them back their bounds.

        Returns the column values (when ``read_cols``) and the objective, both read before the
        bounds change back, because a model change clears HiGHS' solution.
        """
        h = self.highs
        if self.stale:
            # The undisrupted optimum (for this window): every node starts from its basis. After
            # a window change the old basis is still dual feasible, so this is a short re-solve.
            if self.basis is not None:
                h.setBasis(self.basis)
            _run(h)
            self.basis = h.getBasis()
            self.stale = False
        if cols is None or cols.size == 0:
            h.setBasis(self.basis)
            _run(h)
            values = np.asarray(h.getSolution().col_value) if read_cols else np.zeros(0)
            return values.astype(np.float64), float(h.getObjectiveValue())
        idx = cols if cols.dtype == np.int32 else cols.astype(np.int32)
        zeros = np.zeros(idx.size)
        h.setBasis(self.basis)
        h.changeColsBounds(idx.size, idx, zeros, zeros)
        try:
            _run(h)
            values = np.asarray(h.getSolution().col_value) if read_cols else np.zeros(0)
            objective = float(h.getObjectiveValue())
        finally:
            h.changeColsBounds(idx.size, idx, zeros, self.col_up[cols])
        return values.astype(np.float64), objective


@dataclass
class BlockLPs:
    """The three warm-started models of one block (built on first use)."""

    block: Block
    alpha: float
    cap_days: float
    tolerance: float = 1e-9
    _ttr: dict[str, _Model] = field(default_factory=dict)
    _tts: _Model | None = None
    last_flows: FloatArray = field(default_factory=lambda: np.zeros(0))

    def __post_init__(self) -> None:
        # Balance rows with stock: the only rows whose bounds depend on the window.
        self._stock_rows = np.flatnonzero(self.block.inventory > 0).astype(np.int32)
        self._stock = self.block.inventory[self._stock_rows]
        self._stock_demand = self.block.demand[self._stock_rows]
        self._stock_up = np.full(self._stock_rows.size, INF)

    # ------------------------------------------------------------------------------ TTS ---
    def _tts_model(self) -> _Model:
        if self._tts is None:
            blk = self.block
            n = blk.n_cols
            finite = np.flatnonzero(np.isfinite(blk.edge_cap))
            nb, ns, nf = blk.a_bal.shape[0], blk.a_site.shape[0], finite.size
            row, col, val = blk.coo
            # [A_bal; A_site; I_finite | t column]: the t column holds -α d, -cap_s, -cap_a.
            t_col = np.concatenate([-self.alpha * blk.demand, -blk.site_cap, -blk.edge_cap[finite]])
            t_rows = np.flatnonzero(t_col)
            entries = (
                np.concatenate([row, nb + ns + np.arange(nf), t_rows]),
                np.concatenate([col, finite, np.full(t_rows.size, n)]),
                np.concatenate([val, np.ones(nf), t_col[t_rows]]),
            )
            cost = np.zeros(n + 1)
            cost[n] = -1.0  # maximise t
            # x_a <= requirement x cap_days: never binding at an optimum, keeps columns boxed.
            up = np.append(blk.edge_need * self.cap_days, self.cap_days)
            rlo = np.concatenate([-blk.inventory, np.full(ns + nf, -INF)])
            rup = np.concatenate([np.full(nb, INF), np.zeros(ns + nf)])
            h = _new_highs(self.tolerance)
            _pass(h, (nb + ns + nf, n + 1), entries, cost, np.zeros(n + 1), up, rlo, rup)
            self._tts = _Model(h, up)
        return self._tts

    def tts(self, cols: IntArray | None = None, *, flows: bool = False) -> float:
        """Days the block meets ``α`` x demand with the edge columns ``cols`` stopped.

        With ``flows`` the edge flows of that solution are left in :attr:`last_flows`.
        """
        blk = self.block
        n = blk.n_cols
        if n == 0:
            # No production at all: inventory covers α d t for t <= min inv / (α d).
            need = self.alpha * blk.demand
            with np.errstate(divide="ignore"):
                days = np.where(need > 0, blk.inventory / np.where(need > 0, need, 1.0), INF)
            self.last_flows = np.zeros(0)
            return float(min(self.cap_days, days.min(initial=INF)))
        values, objective = self._tts_model().solve(cols, read_cols=flows)
        if flows:
            self.last_flows = values[:n]
        return -objective  # the model minimises -t

    # ------------------------------------------------------------------------------ TTR ---
    def _ttr_model(self, metric: str) -> _Model:
        model = self._ttr.get(metric)
        if model is None:
            blk = self.block
            n = blk.n_cols
            lost_rows = np.flatnonzero(blk.demand > 0)
            m = lost_rows.size
            nb, ns = blk.a_bal.shape[0], blk.a_site.shape[0]
            row, col, val = blk.coo
            # [A_bal; A_site | lost columns], one lost column per balance row with demand.
            entries = (
                np.concatenate([row, lost_rows]),
                np.concatenate([col, n + np.arange(m)]),
                np.concatenate([val, np.ones(m)]),
            )
            weight = np.ones(m) if metric == "units" else blk.margin[lost_rows]
            cost = np.concatenate([np.zeros(n), weight])
            up = np.concatenate([np.minimum(blk.edge_cap, blk.edge_need), blk.demand[lost_rows]])
            # Rows start at the window T = inf (d - inv/T = d); _set_window moves them.
            rlo = np.concatenate([blk.demand, np.full(ns, -INF)])
            rup = np.concatenate([np.full(nb, INF), blk.site_cap])
            h = _new_highs(self.tolerance)
            _pass(h, (nb + ns, n + m), entries, cost, np.zeros(n + m), up, rlo, rup)
            model = self._ttr[metric] = _Model(h, up)
        return model

    def _set_window(self, model: _Model, window: float, rebase: bool = True) -> None:
        if model.window == window:
            return
        rows = self._stock_rows
        if rows.size:
            rlo = self._stock_demand - self._stock / window
            model.highs.changeRowsBounds(rows.size, rows, rlo, self._stock_up)
            # The old basis stays dual feasible, so it remains a valid (if farther) start.
            model.stale = model.stale or rebase or model.basis is None
        model.window = window

    def lost(
        self, window: float, metric: str, cols: IntArray | None = None, *, rebase: bool = True
    ) -> float:
        """Least lost demand (units or margin) over ``window`` days with ``cols`` stopped.

        ``rebase=False`` skips re-solving the undisrupted LP at a new window (worth it only
        when several nodes share that window) and starts from the previous window's basis.
        """
        if window <= 0:
            return 0.0
        blk = self.block
        if blk.n_cols == 0:
            w = np.ones_like(blk.demand) if metric == "units" else blk.margin
            return float(window * (w * np.maximum(0.0, blk.demand - blk.inventory / window)).sum())
        model = self._ttr_model(metric)
        self._set_window(model, window, rebase)
        _, objective = model.solve(cols, read_cols=False)
        return window * objective

    def lost_by_item(self, window: float, metric: str, cols: IntArray | None = None) -> FloatArray:
        """Lost units per balance row in the optimal plan for ``metric`` (a scenario detail)."""
        blk = self.block
        out = np.zeros(blk.items.size)
        if window <= 0:
            return out
        if blk.n_cols == 0:
            out[:] = window * np.maximum(0.0, blk.demand - blk.inventory / window)
            return out
        model = self._ttr_model(metric)
        self._set_window(model, window)
        values, _ = model.solve(cols, read_cols=True)
        out[np.flatnonzero(blk.demand > 0)] = window * values[blk.n_cols :]
        return out


def used_columns(flows: FloatArray) -> npt.NDArray[np.bool_]:
    """Which edge columns carry flow in a solution (the rest can stop at no cost)."""
    if flows.size == 0:
        return np.zeros(0, dtype=bool)
    scale = max(1.0, float(np.abs(flows).max()))
    return np.asarray(flows > _UNUSED * scale)
