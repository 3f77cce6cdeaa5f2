"""The entry point: :func:`solve`."""

from __future__ import annotations

import warnings
from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np

from renkei.engines.network import analysis
from renkei.engines.network.errors import NetworkWarning
from renkei.engines.network.graph import (
    ACTIVE,
    Index,
    build_index,
    explode,
    graph_lists,
    requirements,
)
from renkei.engines.network.model import SHARE_TOLERANCE, SupplyData
from renkei.engines.network.params import Params
from renkei.engines.network.result import NetworkResult, ProductInfo

_T = TypeVar("_T")


def solve(
    data: SupplyData,
    *,
    params: Params = Params(),  # noqa: B008 (frozen, so sharing the default is safe)
    seed: int = 0,
) -> NetworkResult:
    """Analyse a multi-tier supply network built from BOM lines and sourcing.

    Parameters
    ----------
    data
        Checked supply data (building a :class:`SupplyData` raises
        :class:`NetworkDataError` on bad references, shares or BOM cycles).
    params
        Analysis options.
    seed
        Accepted for the common engine signature; the analysis is deterministic and uses
        no randomness.

    Returns
    -------
    NetworkResult
        Tiers, the supply graph, sourcing gaps, sole-source sites, concentration,
        地産地消率 and shared sub-tier dependencies. Definitions are in
        :mod:`renkei.engines.network.graph`.

    Notes
    -----
    Cost is O(L x nnz) sparse work for the explosion (``L`` = longest BOM path) plus
    output-sized Python loops: a 50 000-node network takes a few seconds.
    """
    if not isinstance(params, Params):
        raise TypeError(f"params must be a Params. Got: {type(params).__name__}")
    if not isinstance(data, SupplyData):
        raise TypeError(f"data must be a SupplyData. Got: {type(data).__name__}")
    del seed  # deterministic: kept for the uniform engine signature
    index = build_index(data)
    _warn_unassigned(index)
    explosion = explode(index)
    requirement = requirements(index)
    ctx = analysis.Context.build(index, explosion, requirement)

    item_tiers, site_tiers, site_arrays = analysis.tiers(ctx)
    # Each flag is decided here on arrays; its records are built when first read.
    single = _once(analysis.single_sourced(ctx))
    concentrated = _once(analysis.concentration(ctx, params))
    shared = _once(analysis.shared(ctx, params))
    flags: dict[str, Callable[[], tuple[Any, ...]]] = {
        "single_sourced": lambda: single()[0],
        "single_active_with_backup": lambda: single()[1],
        "unsourced": analysis.unsourced(ctx),
        "sole_source_sites": analysis.sole_source_sites(ctx, params),
        "concentrated_items": lambda: concentrated()[0],
        "concentrated_products": lambda: concentrated()[1],
        "shared_sites": lambda: shared()[0],
        "shared_items": lambda: shared()[1],
    }

    n_prod = len(index.products)
    n_pairs = np.bincount(explosion.pair_product, minlength=n_prod)
    n_sites = np.bincount(site_arrays.product, minlength=n_prod)
    max_tier = np.zeros(n_prod, dtype=np.int64)
    np.maximum.at(max_tier, explosion.pair_product, explosion.pair_max)
    products = tuple(
        ProductInfo(
            id=pid, owner=owner, demand_per_day=d, n_items=items, n_sites=sites, max_tier=tier
        )
        for pid, owner, d, items, sites, tier in zip(
            ctx.product_ids,
            ctx.product_owners,
            index.demand[index.products].tolist(),
            n_pairs.tolist(),
            n_sites.tolist(),
            max_tier.tolist(),
            strict=True,
        )
    )
    # one layer per node for a tiered drawing: an item's deepest tier over all products,
    # a site's closest
    item_layer = np.full(index.n_items, -1, dtype=np.int64)
    np.maximum.at(item_layer, explosion.pair_item, explosion.pair_max)
    site_layer = np.full(index.n_sites, np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(site_layer, site_arrays.site, site_arrays.tier)
    in_trees = site_layer < np.iinfo(np.int64).max

    nodes = edges = None
    if params.build_graph:
        nodes, edges = graph_lists(
            index,
            {index.item_ids[i]: int(item_layer[i]) for i in np.flatnonzero(item_layer >= 0)},
            {index.site_ids[s]: int(site_layer[s]) for s in np.flatnonzero(in_trees)},
        )

    return NetworkResult(
        params=params,
        products=products,
        tiers=item_tiers,
        site_tiers=site_tiers,
        requirements=dict(zip(index.item_ids, requirement.tolist(), strict=True)),
        local_sourcing=analysis.local_sourcing(ctx),
        graph_nodes=nodes,
        graph_edges=edges,
        sites_in_trees=int(in_trees.sum()),
        _context=ctx,
        _flags=flags,
    )


def _once(build: Callable[[], _T]) -> Callable[[], _T]:
    """``build`` called at most once (a pair of flags shares one build)."""
    done: list[_T] = []

    def get() -> _T:
        if not done:
            done.append(build())
        return done[0]

    return get


def _warn_unassigned(index: Index) -> None:
    """Warn when the given shares of an item's active sources leave part of it to nobody."""
    active = index.row_status == ACTIVE
    n_needs = index.n_needs
    total = np.bincount(index.row_need[active], weights=index.row_share[active], minlength=n_needs)
    has_active = np.bincount(index.row_need[active], minlength=n_needs) > 0
    short = np.flatnonzero(has_active & (total < 1 - SHARE_TOLERANCE))
    if len(short):
        item, step = index.need_key(int(short[0]))
        what = repr(item) + (f" step {step!r}" if step else "")
        warnings.warn(
            f"The active shares of {len(short)} item(s) add up to less than 1 (first: {what}, "
            f"{float(total[short[0]]):.4g}); the rest of their requirement is assigned to no "
            "source and counts in no volume or ratio.",
            NetworkWarning,
            stacklevel=3,
        )
