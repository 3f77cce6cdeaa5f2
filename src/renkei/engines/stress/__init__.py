"""Supply-network stress test: TTR, TTS, performance impact and risk exposure per node.

After Simchi-Levi et al., "Identifying Risks and Mitigating Disruptions in the Automotive Supply
Chain", Interfaces 45(5), 2015. The contract (input and output JSON, semantics) is ``STRESS.md``.

>>> from renkei.engines.stress import network_from_json, solve
>>> result = solve(network_from_json(data))          # doctest: +SKIP
>>> result.to_json()["results"][0]["node"]           # doctest: +SKIP
"""

from __future__ import annotations

from renkei.engines.stress.model import (
    BomLine,
    Network,
    NetworkError,
    Node,
    Options,
    SupplyEdge,
    network_from_json,
    network_to_json,
)
from renkei.engines.stress.naive import solve_naive
from renkei.engines.stress.result import NodeStress, ScenarioResult, SolveStats, StressResult
from renkei.engines.stress.solver import Params, solve, solve_scenario, with_added_source

__all__ = [
    "BomLine",
    "Network",
    "NetworkError",
    "Node",
    "NodeStress",
    "Options",
    "Params",
    "ScenarioResult",
    "SolveStats",
    "StressResult",
    "SupplyEdge",
    "network_from_json",
    "network_to_json",
    "solve",
    "solve_naive",
    "solve_scenario",
    "with_added_source",
]
