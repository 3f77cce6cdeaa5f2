"""Supply-network stress test: TTR, TTS, performance impact and risk exposure per node.

After Simchi-Levi et al., "Identifying Risks and Mitigating Disruptions in the Automotive Supply
Chain", Interfaces 45(5), 2015. The contract (input and output JSON, semantics) is ``STRESS.md``
next to this file.

>>> from renkei.engines.stress import network_from_json, solve
>>> result = solve(network_from_json(data))          # doctest: +SKIP
>>> result.to_json()["results"][0]["node"]           # doctest: +SKIP

The names below load on first use, so that ``renkei --help`` (which imports every command
module, this package's CLI included) does not pay for NumPy, SciPy and HiGHS.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from renkei.engines.stress.contract import network_from_json, network_to_json
    from renkei.engines.stress.errors import NetworkError, StressCode
    from renkei.engines.stress.model import (
        BomLine,
        Network,
        Node,
        Options,
        SupplyEdge,
        network_from_data,
    )
    from renkei.engines.stress.naive import solve_naive
    from renkei.engines.stress.result import NodeStress, ScenarioResult, SolveStats, StressResult
    from renkei.engines.stress.solver import Params, solve, solve_scenario, with_added_source

_WHERE = {
    "BomLine": "model",
    "Network": "model",
    "NetworkError": "errors",
    "StressCode": "errors",
    "Node": "model",
    "Options": "model",
    "SupplyEdge": "model",
    "network_from_data": "model",
    "network_from_json": "contract",
    "network_to_json": "contract",
    "solve_naive": "naive",
    "NodeStress": "result",
    "ScenarioResult": "result",
    "SolveStats": "result",
    "StressResult": "result",
    "Params": "solver",
    "solve": "solver",
    "solve_scenario": "solver",
    "with_added_source": "solver",
}

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
    "StressCode",
    "StressResult",
    "SupplyEdge",
    "network_from_data",
    "network_from_json",
    "network_to_json",
    "solve",
    "solve_naive",
    "solve_scenario",
    "with_added_source",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value
