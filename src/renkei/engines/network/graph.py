"""The supply graph as arrays: index, BOM explosion, volumes, tiers, networkx graph, Sankey.

Definitions used throughout the engine
--------------------------------------
Products
    Items of kind ``"product"``, plus top-level items (no BOM parent) with demand > 0.
Item tier (per product)
    The product is tier 0, its BOM children tier 1, and so on. An item reached along paths
    of several lengths gets the largest as its tier (MRP's low-level code, so a part is
    drawn below everything that consumes it) and keeps the full list of depths.
Site tier (per product)
    A site's tier is the tier a buyer would name it by: a site that supplies an item found
    at depth ``d >= 1`` of the product's BOM is a Tier ``d`` supplier (it delivers parts of
    the product: Tier 1; it delivers what goes into those parts: Tier 2; ...). A site that
    supplies the product itself (depth 0, a contract manufacturer) is Tier 1 too. Over all
    the items a site supplies in the product's tree the smallest tier counts (the closest
    relationship), i.e. ``site tier = min over supplied items of max(1, min depth of item)``.
    Tiers are structural: every sourcing row counts, whatever its status.
Cumulative quantity
    ``q[p, i]`` = units of item ``i`` in one unit of product ``p``, summed over every BOM path
    (the product of ``qty_per_unit`` along each path).
Volume
    Requirement of an item per day = its independent demand + what its parents consume
    (MRP gross requirement); a source's volume = the requirement x its effective share.
Effective share
    For the active sources of an ``(item, step)``: the given share, and for the active
    sources without one an equal split of what the given shares leave (``1 - sum``, at
    least 0). When every active source has a share and they add up to less than 1, the
    rest is left unassigned (made in-house or not recorded): it counts nowhere, neither
    in the source volumes nor in the local-sourcing ratio. Backups and candidates carry
    no volume.

Computation: the BOM is a sparse matrix ``A`` (``A[parent, child] = qty``). Being a DAG,
``A`` is nilpotent, so ``(I - A)^-1 = I + A + A^2 + ...`` ends after ``L`` terms, ``L`` the
longest BOM path. All products are exploded at once, one level per pass: the frontier of
(product, item) pairs at depth ``k`` (the rows of ``E A^k``, ``E`` picking the products) is
expanded through ``A``'s CSR arrays and its duplicates merged, which yields the depth sets,
the cumulative quantities and the reachability in O(L x pairs) NumPy work instead of one
Python walk per product. Requirements and the local-sourcing roll-up are the same series
on vectors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import networkx as nx
import numpy as np
import numpy.typing as npt

from renkei.engines.network.model import SupplyData

if TYPE_CHECKING:
    from renkei.engines.network.result import NetworkResult

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]

ACTIVE, BACKUP, CANDIDATE = 0, 1, 2
_STATUS_CODE = {"active": ACTIVE, "backup": BACKUP, "candidate": CANDIDATE}
_STATUS_NAME = {v: k for k, v in _STATUS_CODE.items()}


@dataclass(frozen=True)
class Index:
    """Supply data as positions and arrays (items, sites and sourcing rows in input order)."""

    data: SupplyData
    item_ids: tuple[str, ...]
    item_pos: dict[str, int]
    site_ids: tuple[str, ...]
    site_pos: dict[str, int]
    bom: Bom
    demand: FloatArray
    has_parent: BoolArray
    has_children: BoolArray
    products: IntArray  # item positions of the products
    item_owner: IntArray  # position in owner_ids
    owner_ids: tuple[str, ...]
    # one entry per sourcing row
    row_item: IntArray
    row_site: IntArray
    row_status: IntArray
    row_need: IntArray  # the row's need (item, step), numbered in order of first appearance
    row_share: FloatArray  # effective share (0 for backups and candidates)
    row_price: FloatArray  # sourcing price, else the item's price, else NaN
    need_rows: IntArray  # the first row of each need
    need_item: IntArray
    site_in_region: BoolArray
    row_step: tuple[str | None, ...]  # per sourcing row
    row_item_level: BoolArray  # the row sources the whole item (no step)
    rows_by_item: IntArray  # the sourcing rows sorted by item, then input order

    @property
    def n_needs(self) -> int:
        return len(self.need_rows)

    def need_step(self, need: int) -> str | None:
        """The routing step of a need (None: the whole item)."""
        return self.row_step[int(self.need_rows[need])]

    def need_key(self, need: int) -> tuple[str, str | None]:
        """A need as ``(item id, step)``."""
        return self.item_ids[int(self.need_item[need])], self.need_step(need)

    @property
    def n_items(self) -> int:
        return len(self.item_ids)

    @property
    def n_sites(self) -> int:
        return len(self.site_ids)


def build_index(data: SupplyData) -> Index:
    """Turn checked supply data into arrays.

    The records' fields are already columns: the model's validator keeps them with the
    positions of every reference (:class:`~renkei.engines.network.validate.Positions`).
    """
    at = data.positions
    item_ids = tuple(at.item)
    site_ids = tuple(at.site)
    n = len(item_ids)

    parents, children = at.bom_parent, at.bom_child
    bom = _bom(parents, children, at.bom_qty, n)
    demand = at.item_demand
    has_parent = np.zeros(n, dtype=bool)
    has_parent[children] = True
    has_children = np.zeros(n, dtype=bool)
    has_children[parents] = True
    products = np.flatnonzero(at.item_is_product | (~has_parent & (demand > 0)))

    row_item, row_status = at.row_item, at.row_status
    # Needs (item, step) numbered in order of first appearance.
    row_need, need_rows = _first_appearance(
        row_item * at.n_steps + at.row_step_code, n * at.n_steps
    )
    need_item = row_item[need_rows]
    row_share = effective_shares(row_need, row_status == ACTIVE, at.row_share, len(need_rows))
    given_price = at.row_price
    row_price = np.where(np.isnan(given_price), at.item_price[row_item], given_price)

    return Index(
        data=data,
        item_ids=item_ids,
        item_pos=at.item,
        site_ids=site_ids,
        site_pos=at.site,
        bom=bom,
        demand=demand,
        has_parent=has_parent,
        has_children=has_children,
        products=products,
        item_owner=at.item_owner,
        owner_ids=at.owner_ids,
        row_item=row_item,
        row_site=at.row_site,
        row_status=row_status,
        row_need=row_need,
        row_share=row_share,
        row_price=row_price,
        need_rows=need_rows,
        need_item=need_item,
        site_in_region=at.site_in_region,
        row_step=at.row_step,
        row_item_level=at.row_step_code == 0,
        rows_by_item=np.argsort(row_item * max(len(row_item), 1) + np.arange(len(row_item))),
    )


@dataclass(frozen=True)
class Bom:
    """The BOM matrix ``A`` (``A[parent, child] = qty``) as CSR arrays, rows sorted.

    The children of item ``p`` are ``indices[indptr[p]:indptr[p+1]]`` with their quantities
    in ``data``; ``parent`` is each entry's row. Plain NumPy: the engine needs ``A x`` and
    ``A^T x`` only, and SciPy's sparse matrices cost more to build and call than they save
    on a BOM.
    """

    indptr: IntArray
    indices: IntArray
    data: FloatArray
    parent: IntArray
    n: int
    with_children: IntArray  # the rows with an entry

    def times(self, x: FloatArray) -> FloatArray:
        """``A x`` (``x``: a vector or items x k): per parent, its children's ``x`` by qty."""
        if x.ndim == 1:
            return _weighted_count(self.parent, self.data * x[self.indices], self.n)
        out = np.zeros((self.n, x.shape[1]))
        if len(self.data):
            rows = self.with_children
            contribution = self.data[:, np.newaxis] * x[self.indices]
            out[rows] = np.add.reduceat(contribution, self.indptr[rows], axis=0)
        return out

    def transposed_times(self, x: FloatArray) -> FloatArray:
        """``A^T x`` (a vector): per child, what its parents' ``x`` draw of it."""
        return _weighted_count(self.indices, self.data * x[self.parent], self.n)


def _weighted_count(keys: IntArray, weights: FloatArray, n: int) -> FloatArray:
    """Per key in ``[0, n)``, the sum of its weights (``np.bincount``, typed)."""
    return np.asarray(np.bincount(keys, weights=weights, minlength=n), dtype=np.float64)


def _bom(parents: IntArray, children: IntArray, qty: FloatArray, n: int) -> Bom:
    order = np.argsort(parents * max(n, 1) + children)  # (parent, child) pairs are distinct
    indptr = np.zeros(n + 1, dtype=np.int64)
    counts = np.bincount(parents, minlength=n)
    np.cumsum(counts, out=indptr[1:])
    return Bom(indptr, children[order], qty[order], parents[order], n, np.flatnonzero(counts))


def _first_appearance(keys: IntArray, bound: int) -> tuple[IntArray, IntArray]:
    """Number the distinct ``keys`` (ints in ``[0, bound)``) in order of first appearance:
    each key's number, and the position of each number's first key."""
    m = len(keys)
    if bound <= 4 * m + 1024:  # small keys: a table instead of a sort
        first = np.full(bound, m, dtype=np.int64)
        np.minimum.at(first, keys, np.arange(m, dtype=np.int64))
        starts = np.flatnonzero(first < m)
        starts_pos = first[starts]
        order = np.argsort(starts_pos, kind="stable")
        number = np.empty(bound, dtype=np.int64)
        number[starts[order]] = np.arange(len(starts), dtype=np.int64)
        return number[keys], starts_pos[order]
    _, first_pos, inverse = np.unique(keys, return_index=True, return_inverse=True)
    by_first = np.argsort(first_pos, kind="stable")
    rank = np.empty(len(first_pos), dtype=np.int64)
    rank[by_first] = np.arange(len(first_pos))
    return rank[inverse.ravel()].astype(np.int64), first_pos[by_first].astype(np.int64)


def effective_shares(
    row_need: IntArray, active: BoolArray, given: FloatArray, n_needs: int
) -> FloatArray:
    """Effective share of each sourcing row (see the module doc); 0 for inactive rows."""
    explicit = active & ~np.isnan(given)
    missing = active & ~explicit
    # whole-array bincounts and wheres: cheaper than compacting the rows by mask
    given_sum = np.bincount(row_need, weights=np.where(explicit, given, 0.0), minlength=n_needs)
    n_missing = np.bincount(row_need, weights=missing, minlength=n_needs)
    rest = np.clip(1.0 - given_sum, 0.0, None) / np.maximum(n_missing, 1.0)
    share: FloatArray = np.where(explicit, given, np.where(missing, rest[row_need], 0.0))
    return share


def distinct(values: IntArray) -> IntArray:
    """The sorted distinct values (``np.unique``'s answer by one sort: cheaper on ints)."""
    ordered = np.sort(values)
    if len(ordered) < 2:
        return ordered
    keep = np.empty(len(ordered), dtype=bool)
    keep[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=keep[1:])
    return ordered[keep]


def _series(step: Callable[[FloatArray], FloatArray], start: FloatArray, limit: int) -> FloatArray:
    """``start + M start + M^2 start + ...`` (``step`` is ``x -> M x``), until a term is 0."""
    total = np.array(start, dtype=np.float64)
    current = total
    for _ in range(limit):
        current = step(current)
        if not current.any():
            return total
        total = total + current
    raise RuntimeError("BOM matrix is not nilpotent: the BOM has a cycle")  # checked earlier


def rollup(index: Index, weights: FloatArray) -> FloatArray:
    """Per unit of each item, ``weights`` summed over its whole BOM tree (items x k).

    ``u = w + A u``, the cost roll-up: ``u[p] @ ...`` needs no per-product explosion.
    """
    return _series(index.bom.times, weights, index.n_items + 1)


def requirements(index: Index) -> FloatArray:
    """Gross requirement per item per day from every item's independent demand.

    ``r = d + A^T r``: what every parent's requirement draws of its children.
    """
    return _series(index.bom.transposed_times, index.demand, index.n_items + 1)


@dataclass(frozen=True)
class Explosion:
    """Every (product, item) pair of the product trees, sorted by product then item position.

    ``pair_qty[j]`` is the cumulative quantity of item ``pair_item[j]`` in one unit of
    product ``Index.products[pair_product[j]]``.
    """

    pair_product: IntArray  # row in Index.products
    pair_item: IntArray
    pair_qty: FloatArray
    pair_min: IntArray
    pair_max: IntArray
    depth_ptr: IntArray  # depths of pair j: depth_values[depth_ptr[j]:depth_ptr[j+1]]
    depth_values: IntArray


def explode(index: Index) -> Explosion:
    """Explode every product at once, one BOM level per pass (see the module doc).

    Each pass expands the current frontier of (product, item) pairs to the items' children
    through the BOM's CSR arrays and merges the pairs reached along several paths (their
    quantities add up), so a pass costs O(pairs x children) NumPy work, never one Python
    step per node or per path. A pair whose quantity underflows to 0 (qty 1e-200 along a deep
    path) keeps its place: the pairs come from the BOM's pattern, not from the products.
    """
    n = max(index.n_items, 1)
    n_prod = len(index.products)
    bom = index.bom
    indptr, indices, values = bom.indptr, bom.indices, bom.data
    keys = np.arange(n_prod, dtype=np.int64) * n + index.products
    qty: FloatArray = np.ones(n_prod)
    layer_keys, layer_qty, layer_depth = [keys], [qty], [np.zeros(n_prod, dtype=np.int64)]
    for depth in range(1, index.n_items + 2):
        item = keys % n
        counts = indptr[item + 1] - indptr[item]
        total = int(counts.sum())
        if total == 0:
            break
        source = np.repeat(np.arange(len(keys)), counts)
        # position of each expanded entry inside its parent's row of the BOM
        offset = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
        entry = indptr[item[source]] + offset
        reached = (keys[source] // n) * n + indices[entry]
        unique: tuple[IntArray, IntArray] = np.unique(reached, return_inverse=True)
        keys = unique[0]
        weights: FloatArray = qty[source] * values[entry]
        qty = np.bincount(unique[1].ravel(), weights=weights, minlength=len(keys)).astype(
            np.float64
        )
        layer_keys.append(keys)
        layer_qty.append(qty)
        layer_depth.append(np.full(len(keys), depth, dtype=np.int64))
    else:  # pragma: no cover - the model refuses BOM cycles
        raise RuntimeError("BOM matrix is not nilpotent: the BOM has a cycle")

    all_keys = np.concatenate(layer_keys)
    all_depths = np.concatenate(layer_depth)
    # by pair, then depth, so each pair's depths come sorted: one sort of distinct keys
    span = len(layer_keys)
    if n * max(n_prod, 1) * span < 2**62:
        order = np.argsort(all_keys * span + all_depths)
    else:  # pragma: no cover - beyond any real network
        order = np.argsort(all_keys, kind="stable")
    all_keys = all_keys[order]
    depth_values = all_depths[order]
    new_pair = np.ones(len(all_keys), dtype=bool)
    new_pair[1:] = all_keys[1:] != all_keys[:-1]
    starts = np.flatnonzero(new_pair)
    depth_ptr = np.append(starts, len(all_keys)).astype(np.int64)
    pair_qty = np.add.reduceat(np.concatenate(layer_qty)[order], starts) if len(starts) else qty[:0]
    pair_keys = all_keys[starts]
    return Explosion(
        pair_product=(pair_keys // n).astype(np.int64),
        pair_item=(pair_keys % n).astype(np.int64),
        pair_qty=pair_qty.astype(np.float64),
        pair_min=depth_values[starts],
        pair_max=depth_values[depth_ptr[1:] - 1],
        depth_ptr=depth_ptr,
        depth_values=depth_values,
    )


def join_rows(index: Index, explosion: Explosion, row_mask: BoolArray) -> tuple[IntArray, IntArray]:
    """All (pair, sourcing row) combinations where the row supplies the pair's item.

    Returns ``(pair, row)`` index arrays; the rows are those selected by ``row_mask``.
    """
    rows = index.rows_by_item[row_mask[index.rows_by_item]]  # by item, then input order
    counts = np.bincount(index.row_item[rows], minlength=index.n_items)
    ends = np.cumsum(counts)
    per_pair = counts[explosion.pair_item]
    pair = np.repeat(np.arange(len(explosion.pair_item)), per_pair)
    # position of each expanded entry: its item's first row, plus its offset in the pair's block
    block_end = np.cumsum(per_pair)
    offset = np.arange(len(pair)) - np.repeat(block_end - per_pair, per_pair)
    first = (ends - counts)[explosion.pair_item]
    row = rows[np.repeat(first, per_pair) + offset]
    return pair, row


def group_min(keys: IntArray, values: IntArray) -> tuple[IntArray, IntArray]:
    """Unique keys and the smallest value of each."""
    # one sort of a combined key (equal ones are equal pairs: their order does not matter);
    # lexsort is several times slower
    span = int(values.max()) + 1 if len(values) else 1
    order = np.argsort(keys * span + values)
    keys, values = keys[order], values[order]
    first = np.ones(len(keys), dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    return keys[first], values[first]


def graph_lists(
    index: Index, item_tier: dict[str, int], site_tier: dict[str, int]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The whole supply graph as plain node and edge lists, edges along the flow of material.

    Nodes are ``"item:<id>"`` and ``"site:<id>"`` (items and sites may share ids); a supply
    edge runs site -> item (one per sourcing row, with ``status``, ``step`` and ``share``:
    the effective share for active rows, the given one otherwise), a BOM edge child ->
    parent (with ``qty``), so suppliers are sources and products sinks. ``tier`` is the
    item's largest tier over all products and the site's smallest (None outside every
    product tree).
    """
    data = index.data
    nodes: list[dict[str, Any]] = [
        {
            "id": f"item:{item.id}",
            "kind": "item",
            "ref": item.id,
            "item_kind": item.kind,
            "owner": item.owner,
            "tier": item_tier.get(item.id),
            "label": item.label,
        }
        for item in data.items
    ]
    nodes.extend(
        {
            "id": f"site:{site.id}",
            "kind": "site",
            "ref": site.id,
            "organization": site.organization,
            "municipality_code": site.municipality,
            "in_region": site.in_region,
            "tier": site_tier.get(site.id),
            "label": site.label,
        }
        for site in data.sites
    )
    edges: list[dict[str, Any]] = [
        {
            "source": f"item:{line.child}",
            "target": f"item:{line.parent}",
            "kind": "bom",
            "qty": line.qty_per_unit,
        }
        for line in data.bom
    ]
    shares = index.row_share.tolist()
    edges.extend(
        {
            "source": f"site:{row.site}",
            "target": f"item:{row.item}",
            "kind": "supply",
            "status": row.status,
            "step": row.step,
            "share": shares[k] if row.status == "active" else row.share,
        }
        for k, row in enumerate(data.sourcing)
    )
    return nodes, edges


def to_networkx(nodes: list[dict[str, Any]], edges: list[dict[str, Any]]) -> nx.DiGraph:
    """A networkx DiGraph of the plain lists.

    A site that supplies several steps of one item has several rows but one (site, item)
    edge: it carries the first row's attributes and the others under ``"more"``.
    """
    graph = nx.DiGraph()
    graph.add_nodes_from((node["id"], node) for node in nodes)
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for edge in edges:
        attrs = {key: value for key, value in edge.items() if key not in ("source", "target")}
        key = (edge["source"], edge["target"])
        if key in merged:
            merged[key].setdefault("more", []).append(attrs)
        else:
            merged[key] = attrs
    graph.add_edges_from((u, v, attrs) for (u, v), attrs in merged.items())
    return graph


def sankey(result: NetworkResult, product: str) -> dict[str, Any]:
    """Flows of one product for a Sankey chart: active sources -> items -> product.

    Parameters
    ----------
    result
        A result of :func:`renkei.engines.network.solve`.
    product
        Id of one of ``result.products``.

    Returns
    -------
    dict
        ``{"product", "unit", "nodes": [{id, kind, ref, label, tier}], "labels": [...],
        "links": {"source": [...], "target": [...], "value": [...], "kind": [...]}}`` with
        ``source``/``target`` indices into ``nodes`` (plotly's ``go.Sankey`` shape). A supply
        link's value is the source's volume (requirement x effective share), a BOM link's
        the child units the parent consumes. Values are per day of the product's demand;
        a product without demand is drawn per unit (``unit == "per_unit"``).
    """
    context = result._require_context()
    index, explosion = context.index, context.explosion
    positions = {index.item_ids[p]: k for k, p in enumerate(index.products)}
    if product not in positions:
        raise ValueError(f"{product!r} is not a product of this network.")
    k = positions[product]
    demand = float(index.demand[index.products[k]])
    scale, unit = (demand, "per_day") if demand > 0 else (1.0, "per_unit")
    lo, hi = np.searchsorted(explosion.pair_product, [k, k + 1])
    items = explosion.pair_item[lo:hi]
    qty = dict(zip(items.tolist(), explosion.pair_qty[lo:hi].tolist(), strict=True))
    tiers = result.tiers[product]

    nodes: list[dict[str, Any]] = []
    node_pos: dict[str, int] = {}

    def node(kind: str, ref: str, label: str, tier: int) -> int:
        key = f"{kind}:{ref}"
        if key not in node_pos:
            node_pos[key] = len(nodes)
            nodes.append({"id": key, "kind": kind, "ref": ref, "label": label, "tier": tier})
        return node_pos[key]

    for item_id, entry in sorted(tiers.items(), key=lambda kv: (kv[1].tier, kv[0])):
        node("item", item_id, index.data.item(item_id).label, entry.tier)
    source: list[int] = []
    target: list[int] = []
    value: list[float] = []
    kinds: list[str] = []
    bom = index.bom
    for parent in items.tolist():
        lo_c, hi_c = bom.indptr[parent], bom.indptr[parent + 1]
        for child, q in zip(
            bom.indices[lo_c:hi_c].tolist(), bom.data[lo_c:hi_c].tolist(), strict=True
        ):
            source.append(node_pos[f"item:{index.item_ids[child]}"])
            target.append(node_pos[f"item:{index.item_ids[parent]}"])
            value.append(scale * qty[parent] * q)
            kinds.append("bom")
    site_tiers = result.site_tiers[product]
    in_tree = np.zeros(index.n_items, dtype=bool)
    in_tree[items] = True
    for row in np.flatnonzero((index.row_status == ACTIVE) & in_tree[index.row_item]).tolist():
        item_pos = int(index.row_item[row])
        site_id = index.site_ids[int(index.row_site[row])]
        s = node("site", site_id, index.data.site(site_id).label, site_tiers[site_id])
        source.append(s)
        target.append(node_pos[f"item:{index.item_ids[item_pos]}"])
        value.append(scale * qty[item_pos] * float(index.row_share[row]))
        kinds.append("supply")
    return {
        "product": product,
        "unit": unit,
        "nodes": nodes,
        "labels": [n["label"] for n in nodes],
        "links": {"source": source, "target": target, "value": value, "kind": kinds},
    }


def status_name(code: int) -> str:
    return _STATUS_NAME[code]
