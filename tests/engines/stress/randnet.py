"""Small random networks that reach the corners of the contract, plus an independent LP oracle.

The networks include what the generator never makes: a product that is also a part of another
product, sites with zero or no capacity, parts nobody makes, dead parts, zero BOM quantities,
margins of zero, TTR of zero or fractional, a service level below one, a short TTS cap and
networks that cannot meet demand even when whole.

The oracle solves the contract LPs in a different form than both engine paths: equalities with
explicit inventory draw and surplus variables, dense matrices built with loops, one
``scipy.optimize.linprog`` call per LP.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.optimize import linprog

from renkei.engines.stress import BomLine, Network, Node, Options, SupplyEdge


def random_network(seed: int, *, size: int = 1) -> Network:
    rng = np.random.default_rng(seed)
    n_products = int(rng.integers(1, 3 + size))
    n_parts = int(rng.integers(1, 5 + 3 * size))
    n_sites = int(rng.integers(1, 3 + 2 * size))
    items = [f"P{i}" for i in range(n_products)] + [f"K{i}" for i in range(n_parts)]
    sites = [f"S{i}" for i in range(n_sites)]

    def ttr() -> float | None:
        r = rng.random()
        if r < 0.35:
            return None
        if r < 0.42:
            return 0.0
        return float(rng.choice([1, 2, 3.5, 5, 7, 10, 14, 20, 30]))

    nodes: list[Node] = []
    for i, pid in enumerate(items):
        is_product = i < n_products
        stock = float(rng.choice([0, 0, 5, 20, 50, 120, 400])) if rng.random() < 0.6 else 0.0
        if is_product:
            nodes.append(
                Node(
                    id=pid,
                    type="product",
                    inventory=stock,
                    demand_per_day=float(rng.choice([1, 5, 10, 20, 35])),
                    margin=float(rng.choice([0, 1, 3, 10, 25])),
                    ttr_days=ttr(),
                )
            )
        else:
            nodes.append(Node(id=pid, type="part", inventory=stock, ttr_days=ttr()))
    for sid in sites:
        r = rng.random()
        cap = None if r < 0.3 else (0.0 if r < 0.36 else float(rng.choice([5, 10, 25, 40, 80])))
        nodes.append(
            Node(id=sid, type=str(rng.choice(["supplier", "plant"])), capacity_per_day=cap,
                 ttr_days=ttr())
        )  # fmt: skip

    # BOM: edges only from earlier to later items, so it is acyclic; products may be children.
    bom: list[BomLine] = []
    for j in range(1, len(items)):
        for i in range(j):
            if rng.random() < (0.45 if i < n_products else 0.25):
                qty = float(rng.choice([0, 0.5, 1, 1, 2, 3]))
                bom.append(BomLine(items[i], items[j], qty))
    supply: list[SupplyEdge] = []
    for item in items:
        k = int(rng.choice([0, 1, 1, 1, 2, 2, 3]))
        for sid in rng.choice(sites, size=min(k, n_sites), replace=False).tolist():
            cap = float(rng.choice([3, 10, 30])) if rng.random() < 0.2 else None
            supply.append(SupplyEdge(sid, item, cap))
    options = Options(
        tts_service_level=float(rng.choice([1.0, 1.0, 1.0, 0.8])),
        tts_cap_days=float(rng.choice([1e6, 1e6, 1e6, 60.0])),
    )
    return Network(name=f"random-{seed}", nodes=tuple(nodes), bom=tuple(bom),
                   supply=tuple(supply), options=options)  # fmt: skip


class Oracle:
    """The contract LPs in equality form, solved one at a time with linprog."""

    def __init__(self, net: Network) -> None:
        self.net = net
        self.items = [n for n in net.nodes if not n.is_site]
        self.sites = [n for n in net.nodes if n.is_site]
        self.item_ix = {n.id: i for i, n in enumerate(self.items)}
        self.site_ix = {n.id: i for i, n in enumerate(self.sites)}
        self.edges = list(net.supply)
        n_i, n_e = len(self.items), len(self.edges)
        # net[k, a]: units of item k that one unit of edge a's output adds (+1) or uses (-q).
        self.flow = np.zeros((n_i, n_e))
        for a, e in enumerate(self.edges):
            self.flow[self.item_ix[e.makes], a] += 1.0
        for line in net.bom:
            for a, e in enumerate(self.edges):
                if e.makes == line.parent:
                    self.flow[self.item_ix[line.child], a] -= line.qty_per_unit

    def _stopped(self, down: set[str]) -> list[int]:
        return [a for a, e in enumerate(self.edges) if e.site in down or e.makes in down]

    def lost(self, down: set[str], window: float, metric: str) -> float:
        if window <= 0:
            return 0.0
        n_i, n_e, n_s = len(self.items), len(self.edges), len(self.sites)
        # columns: x (n_e), use (n_i), surplus (n_i), lost (n_i)
        n_col = n_e + 3 * n_i
        a_eq = np.zeros((n_i, n_col))
        b_eq = np.zeros(n_i)
        for k, item in enumerate(self.items):
            a_eq[k, :n_e] = self.flow[k]
            a_eq[k, n_e + k] = 1.0  # inventory drawn
            a_eq[k, n_e + n_i + k] = -1.0  # surplus
            a_eq[k, n_e + 2 * n_i + k] = 1.0  # lost demand
            b_eq[k] = item.demand_per_day * window
        a_ub = np.zeros((n_s, n_col))
        b_ub = np.zeros(n_s)
        for s, site in enumerate(self.sites):
            for a, e in enumerate(self.edges):
                if e.site == site.id:
                    a_ub[s, a] = 1.0
            b_ub[s] = math.inf if site.capacity_per_day is None else site.capacity_per_day * window
        keep = np.isfinite(b_ub)
        bounds: list[tuple[float, float | None]] = []
        stopped = set(self._stopped(down))
        for a, e in enumerate(self.edges):
            cap = None if e.capacity_per_day is None else e.capacity_per_day * window
            bounds.append((0.0, 0.0) if a in stopped else (0.0, cap))
        bounds += [(0.0, it.inventory) for it in self.items]
        bounds += [(0.0, None) for _ in self.items]
        bounds += [(0.0, it.demand_per_day * window) for it in self.items]
        cost = np.zeros(n_col)
        for k, it in enumerate(self.items):
            cost[n_e + 2 * n_i + k] = 1.0 if metric == "units" else it.margin
        res = linprog(cost, A_ub=a_ub[keep] if keep.any() else None,
                      b_ub=b_ub[keep] if keep.any() else None, A_eq=a_eq, b_eq=b_eq,
                      bounds=bounds, method="highs")  # fmt: skip
        assert res.status == 0, res.message
        return float(res.fun)

    def tts(self, down: set[str]) -> float:
        """Days of survival, math.inf at the cap."""
        n_i, n_e = len(self.items), len(self.edges)
        alpha, cap_days = self.net.options.tts_service_level, self.net.options.tts_cap_days
        # columns: x (n_e), use (n_i), surplus (n_i), t
        n_col = n_e + 2 * n_i + 1
        a_eq = np.zeros((n_i, n_col))
        for k, item in enumerate(self.items):
            a_eq[k, :n_e] = self.flow[k]
            a_eq[k, n_e + k] = 1.0
            a_eq[k, n_e + n_i + k] = -1.0
            a_eq[k, -1] = -alpha * item.demand_per_day
        rows = []
        for site in self.sites:
            if site.capacity_per_day is None:
                continue
            row = np.zeros(n_col)
            for a, e in enumerate(self.edges):
                if e.site == site.id:
                    row[a] = 1.0
            row[-1] = -site.capacity_per_day
            rows.append(row)
        for a, e in enumerate(self.edges):
            if e.capacity_per_day is not None:
                row = np.zeros(n_col)
                row[a] = 1.0
                row[-1] = -e.capacity_per_day
                rows.append(row)
        stopped = set(self._stopped(down))
        bounds: list[tuple[float, float | None]] = [
            (0.0, 0.0) if a in stopped else (0.0, None) for a in range(n_e)
        ]
        bounds += [(0.0, it.inventory) for it in self.items]
        bounds += [(0.0, None) for _ in self.items]
        bounds += [(0.0, cap_days)]
        cost = np.zeros(n_col)
        cost[-1] = -1.0
        res = linprog(cost, A_ub=np.array(rows) if rows else None,
                      b_ub=np.zeros(len(rows)) if rows else None, A_eq=a_eq, b_eq=np.zeros(n_i),
                      bounds=bounds, method="highs")  # fmt: skip
        assert res.status == 0, res.message
        t = float(res.x[-1])
        return math.inf if t >= cap_days * (1 - 1e-9) else t


def close(a: float, b: float, scale: float = 1.0) -> bool:
    """Equal to a relative 1e-6, with an absolute floor of 1e-6 x scale for values near 0."""
    if math.isinf(a) or math.isinf(b):
        return a == b
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6 * max(1.0, scale))
