"""Parameters of the network analysis."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Params:
    """Knobs of :func:`renkei.engines.network.solve`.

    Parameters
    ----------
    include_backup_in_concentration
        Basis of the product-level concentration flags and of the summary count: True
        (default) judges an item concentrated only when its active sources *and* qualified
        backups all sit in one municipality or share a hazard zone (a backup elsewhere is real
        mitigation); False looks at the active sources alone. The item list always holds both.
    min_products_for_sole_source
        A site is listed as a sole source when it is the only active source of some item in
        at least this many products' trees (>= 1).
    min_owners_for_shared
        A site or item is a shared dependency when it sits in the supply trees of products of
        at least this many different owners (buyers) (>= 2).
    build_graph
        Also build the networkx graph and its plain node/edge lists (False saves time and
        memory in sweeps that only need the flags).
    """

    include_backup_in_concentration: bool = True
    min_products_for_sole_source: int = 1
    min_owners_for_shared: int = 2
    build_graph: bool = True

    def __post_init__(self) -> None:
        for name in ("include_backup_in_concentration", "build_graph"):
            value = getattr(self, name)
            if not isinstance(value, bool):
                raise ValueError(f"{name} must be a bool. Got: {value!r}")
        for name, low in (("min_products_for_sole_source", 1), ("min_owners_for_shared", 2)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise ValueError(f"{name} must be an integer >= {low}. Got: {value!r}")
