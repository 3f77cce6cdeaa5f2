"""Results of the stress test and their contract JSON."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

# LP values are rounded to this many significant digits, so that two nodes with the same
# optimum (a part and its only supplier) tie exactly instead of by solver noise.
_DIGITS = 10


def clean(value: float, scale: float = 1.0) -> float:
    """Round ``value`` to 10 significant digits; values below 1e-9 x ``scale`` become 0."""
    if math.isinf(value) or math.isnan(value):
        return value
    if abs(value) <= 1e-9 * max(1.0, abs(scale)):
        return 0.0
    return float(f"{value:.{_DIGITS}g}")


def days_json(value: float) -> float | str:
    """A day count for JSON: ``"inf"`` for an unbounded TTS."""
    return "inf" if math.isinf(value) else value


@dataclass(frozen=True, slots=True)
class NodeStress:
    """The stress figures of one node (see ``STRESS.md``)."""

    node: str
    type: str
    ttr_days: float
    tts_days: float  # math.inf when the network runs without the node indefinitely
    lost_units: float
    lost_profit: float
    lost_demand_days: float
    exposed: bool
    rei_units: float
    rei_profit: float
    rank: int

    def to_json(self) -> dict[str, Any]:
        return {
            "node": self.node,
            "type": self.type,
            "ttr_days": self.ttr_days,
            "tts_days": days_json(self.tts_days),
            "lost_units": self.lost_units,
            "lost_profit": self.lost_profit,
            "lost_demand_days": self.lost_demand_days,
            "exposed": self.exposed,
            "rei_units": self.rei_units,
            "rei_profit": self.rei_profit,
            "rank": self.rank,
        }


@dataclass(frozen=True, slots=True)
class SolveStats:
    """How the sweep went: useful for benchmarks and for the job log."""

    blocks: int = 0
    tasks: int = 0
    lp_solves: int = 0
    seconds: float = 0.0  # wall time of solve()
    solver_cpu_seconds: float = 0.0  # CPU time of the block sweeps, summed over all workers


@dataclass(frozen=True)
class StressResult:
    """Per-node stress figures, sorted by rank.

    ``failed`` lists nodes whose LPs HiGHS could not solve (numerical trouble); they are left
    out of ``rows`` and the REI normalisation.
    """

    network: str
    baseline_tts_days: float
    rows: tuple[NodeStress, ...]
    failed: tuple[str, ...] = ()
    stats: SolveStats = field(default_factory=SolveStats)

    def is_feasible(self) -> bool:
        """Whether every LP was solved (the stress LPs themselves are always feasible)."""
        return not self.failed

    def row(self, node_id: str) -> NodeStress:
        for r in self.rows:
            if r.node == node_id:
                return r
        raise KeyError(node_id)

    def summary(self) -> str:
        exposed = sum(r.exposed for r in self.rows)
        top = ", ".join(r.node for r in self.rows[:3]) or "-"
        base = days_json(self.baseline_tts_days)
        text = (
            f"{self.network or 'network'}: {len(self.rows)} nodes stress-tested, {exposed} exposed "
            f"(TTS < TTR), baseline TTS {base} d; highest risk: {top}"
        )
        if self.failed:
            text += f"; {len(self.failed)} failed: {', '.join(self.failed[:5])}"
        return text

    def to_json(self) -> dict[str, Any]:
        """Exactly the contract output: network, baseline_tts_days, results by rank."""
        return {
            "network": self.network,
            "baseline_tts_days": days_json(self.baseline_tts_days),
            "results": [r.to_json() for r in self.rows],
        }


def rank_rows(
    raw: Sequence[tuple[str, str, float, float, float, float]], total_demand: float
) -> tuple[NodeStress, ...]:
    """REI and rank from ``(node, type, ttr, tts, lost_units, lost_profit)`` tuples."""
    max_u = max((r[4] for r in raw), default=0.0)
    max_p = max((r[5] for r in raw), default=0.0)
    rows = []
    for node, node_type, ttr, tts, units, profit in raw:
        rei_u = units / max_u if max_u > 0 else 0.0
        rei_p = profit / max_p if max_p > 0 else 0.0
        rows.append(
            NodeStress(
                node=node,
                type=node_type,
                ttr_days=ttr,
                tts_days=tts,
                lost_units=units,
                lost_profit=profit,
                lost_demand_days=clean(units / total_demand) if total_demand > 0 else 0.0,
                exposed=bool(tts < ttr),
                rei_units=rei_u,
                rei_profit=rei_p,
                rank=0,
            )
        )
    rows.sort(key=lambda r: (-r.rei_profit, -r.rei_units, r.node))
    return tuple(replace(r, rank=i + 1) for i, r in enumerate(rows))


@dataclass(frozen=True)
class ScenarioResult:
    """Several sites or items down together for the same TTR (an area scenario).

    ``lost_units_by_product`` comes from the plan that loses the fewest units,
    ``lost_profit_by_product`` (margin x lost units) from the plan that loses the least profit.
    """

    down: tuple[str, ...]
    ttr_days: float
    tts_days: float
    lost_units: float
    lost_profit: float
    lost_demand_days: float
    lost_units_by_product: dict[str, float]
    lost_profit_by_product: dict[str, float]
    failed: bool = False

    @property
    def exposed(self) -> bool:
        return self.tts_days < self.ttr_days

    def is_feasible(self) -> bool:
        return not self.failed

    def summary(self) -> str:
        return (
            f"{len(self.down)} nodes down for {self.ttr_days:g} d: lost {self.lost_units:g} units, "
            f"{self.lost_profit:g} profit, TTS {days_json(self.tts_days)} d"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "down": list(self.down),
            "ttr_days": self.ttr_days,
            "tts_days": days_json(self.tts_days),
            "lost_units": self.lost_units,
            "lost_profit": self.lost_profit,
            "lost_demand_days": self.lost_demand_days,
            "exposed": self.exposed,
            "lost_units_by_product": dict(self.lost_units_by_product),
            "lost_profit_by_product": dict(self.lost_profit_by_product),
        }
