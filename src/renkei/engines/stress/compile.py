"""Turn the network model (a :class:`SupplyData`, or a contract :class:`Network`) into index
arrays and sparse LP blocks.

The per-day LP of a window of ``T`` days (every quantity divided by ``T``, so capacities keep
their per-day values and only the inventory term ``inventory / T`` depends on ``T``):

    columns   y_a  (edge a, units per day)      0 <= y_a <= cap_a
              l_k  (lost demand of item k/day)  0 <= l_k <= d_k          (items with demand)
    balance   sum_{a makes k} y_a + l_k - sum_j q_jk sum_{a makes j} y_a >= d_k - inv_k / T
    site      sum_{a at s} y_a <= cap_s                                   (finite capacities)

The contract's part rule and product rule are the two special cases of this one balance row
(no demand, or no consumers). An item with both - a product that is also a part of another
item - gets both terms, and ``l_k <= d_k`` keeps lost sales from feeding its parents.

Items whose output cannot reach any demand are dropped ("dead"): producing them only uses
capacity and parts, so every optimum can leave them at zero. The remaining rows and columns fall
into independent blocks (connected components of the row/column incidence graph); a site without
a capacity limit adds no row and therefore does not tie its items' blocks together.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order, connected_components

from renkei.engines.network.model import SupplyData
from renkei.engines.stress.model import Network, stress_view

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Block:
    """One independent LP block in per-day units.

    ``a_bal`` (balance rows x edge columns) and ``a_site`` (capacity rows x edge columns) are CSC
    matrices; ``edges`` maps local columns to global edge indices, ``items`` local balance rows to
    global item indices.
    """

    index: int
    edges: IntArray
    items: IntArray
    a_bal: sp.csc_matrix
    a_site: sp.csc_matrix
    site_cap: FloatArray
    edge_cap: FloatArray
    edge_need: FloatArray  # most an edge can usefully make per day (the item's requirement)
    demand: FloatArray
    inventory: FloatArray
    margin: FloatArray

    @property
    def n_cols(self) -> int:
        return int(self.edges.size)

    @cached_property
    def coo(self) -> tuple[IntArray, IntArray, FloatArray]:
        """Entries (row, column, value) of [A_bal; A_site], site rows after balance rows."""
        bal, site = self.a_bal.tocoo(), self.a_site.tocoo()
        rows = np.concatenate([bal.row, site.row + self.a_bal.shape[0]]).astype(np.int64)
        cols = np.concatenate([bal.col, site.col]).astype(np.int64)
        return rows, cols, np.concatenate([bal.data, site.data]).astype(np.float64)


@dataclass(frozen=True)
class Compiled:
    """Arrays of a network plus its LP blocks and, per node, the edge columns it disrupts."""

    node_ids: tuple[str, ...]
    node_types: tuple[str, ...]
    ttr: FloatArray  # per node, nan when not stress-tested
    total_demand: float
    tts_service_level: float
    tts_cap_days: float
    blocks: tuple[Block, ...]
    edge_block: IntArray  # global edge -> block (-1 for dead edges)
    edge_local: IntArray  # global edge -> column inside its block
    node_edges: sp.csr_matrix  # node x edge incidence (1 where disrupting the node zeroes the edge)
    item_names: tuple[str, ...]
    item_demand: FloatArray
    item_margin: FloatArray


def compile_network(network: Network | SupplyData) -> Compiled:
    """Index the network, prune dead items and split the LP into independent blocks.

    The LPs come from the network model (``SupplyData``): a contract :class:`Network` is read
    through its ``data``, in its node order (see :func:`~renkei.engines.stress.model.stress_view`).
    """
    view = stress_view(network)
    data = view.data
    node_ids = view.node_ids
    node_index = {nid: i for i, nid in enumerate(node_ids)}
    n_nodes = len(node_ids)
    # Items and sites get their own dense numbering, in the model's order.
    item_nodes = np.fromiter((node_index[i.id] for i in data.items), np.int64, len(data.items))
    site_nodes = np.fromiter((node_index[s.id] for s in data.sites), np.int64, len(data.sites))
    n_items, n_sites = item_nodes.size, site_nodes.size
    item_pos, site_pos = data.positions.item, data.positions.site

    items = data.items
    inventory = np.array([n.inventory for n in items], dtype=np.float64)
    demand = np.array([n.demand_per_day for n in items], dtype=np.float64)
    margin = np.array([n.margin for n in items], dtype=np.float64)
    site_cap = np.array(
        [np.inf if s.capacity_per_day is None else s.capacity_per_day for s in data.sites],
        dtype=np.float64,
    )

    edges = view.edges
    edge_site = np.array([site_pos[e.site] for e in edges], dtype=np.int64)
    edge_item = np.array([item_pos[e.item] for e in edges], dtype=np.int64)
    edge_cap = np.array(
        [np.inf if e.capacity_per_day is None else e.capacity_per_day for e in edges],
        dtype=np.float64,
    )
    # The model holds BOM lines with a quantity only (see the model's doc).
    bom_parent = np.array(data.positions.bom_parent, dtype=np.int64).reshape(len(data.bom))
    bom_child = np.array(data.positions.bom_child, dtype=np.int64).reshape(len(data.bom))
    bom_qty = np.array([b.qty_per_unit for b in data.bom], dtype=np.float64)

    n_edges = edge_item.size

    # Live items: reachable from an item with demand by walking parent -> child.
    down = sp.csr_matrix(
        (np.ones(bom_parent.size), (bom_parent, bom_child)), shape=(n_items, n_items)
    )
    live = np.zeros(n_items, dtype=bool)
    roots = np.flatnonzero(demand > 0)
    if roots.size:
        # A virtual root above every demand item gives one breadth-first search.
        extra = sp.csr_matrix(
            (np.ones(roots.size), (np.zeros(roots.size, dtype=np.int64), roots + 1)),
            shape=(1, n_items + 1),
        )
        graph = sp.vstack([extra, sp.hstack([sp.csr_matrix((n_items, 1)), down])]).tocsr()
        order = breadth_first_order(graph, 0, directed=True, return_predecessors=False)
        live[np.asarray(order[1:], dtype=np.int64) - 1] = True

    live_edges = np.flatnonzero(live[edge_item]) if n_edges else np.zeros(0, dtype=np.int64)
    live_items = np.flatnonzero(live)
    row_of_item = np.full(n_items, -1, dtype=np.int64)
    row_of_item[live_items] = np.arange(live_items.size)
    finite_sites = np.flatnonzero(np.isfinite(site_cap))
    row_of_site = np.full(n_sites, -1, dtype=np.int64)
    row_of_site[finite_sites] = np.arange(finite_sites.size)

    ne = live_edges.size
    cols = np.arange(ne)
    e_item = edge_item[live_edges]
    e_site = edge_site[live_edges]
    # make[k, a] = 1 when live edge a makes item k.
    make = sp.csr_matrix((np.ones(ne), (e_item, cols)), shape=(n_items, ne))
    # consume[k, j] = q_jk: item k is used by parent j; balance = make - consume @ make.
    live_bom = live[bom_parent] & live[bom_child]
    consume = sp.csr_matrix(
        (bom_qty[live_bom], (bom_child[live_bom], bom_parent[live_bom])), shape=(n_items, n_items)
    )
    a_bal_all = (make - consume @ make).tocsr()[live_items]
    # Requirement rate at full demand, r = d + C r (C = consume; acyclic, so this settles after
    # as many rounds as the BOM is deep). No edge ever needs to make more than r per day, so it
    # bounds every edge column: boxed columns keep HiGHS away from zero-cost unbounded rays.
    need = demand.copy()
    for _ in range(n_items + 1):
        nxt = demand + consume @ need
        if np.array_equal(nxt, need):
            break
        need = nxt
    keep_site = row_of_site[e_site] >= 0
    a_site_all = sp.csr_matrix(
        (np.ones(int(keep_site.sum())), (row_of_site[e_site[keep_site]], cols[keep_site])),
        shape=(finite_sites.size, ne),
    )

    # Blocks: components of the bipartite graph rows (balance, site) <-> edge columns.
    n_bal, n_srow = live_items.size, finite_sites.size
    inc = sp.vstack([a_bal_all, a_site_all]).tocoo()
    n_rows = n_bal + n_srow
    size = n_rows + ne
    r, c = np.asarray(inc.row, dtype=np.int64), np.asarray(inc.col, dtype=np.int64) + n_rows
    bip = sp.csr_matrix(
        (np.ones(2 * r.size), (np.concatenate([r, c]), np.concatenate([c, r]))), shape=(size, size)
    )
    if size == 0:
        labels = np.zeros(0, dtype=np.int64)
        n_comp = 0
    else:
        n_comp, labels_raw = connected_components(bip, directed=False)
        labels = np.asarray(labels_raw, dtype=np.int64)
    row_label, col_label = labels[:n_rows], labels[n_rows:]
    # Components with no balance row cannot lose demand (their edges feed nothing live): drop.
    has_bal = np.zeros(n_comp, dtype=bool)
    has_bal[row_label[:n_bal]] = True
    comp_ids = np.flatnonzero(has_bal)
    new_id = np.full(n_comp, -1, dtype=np.int64)
    new_id[comp_ids] = np.arange(comp_ids.size)

    a_bal_csc = a_bal_all.tocsc()
    a_site_csc = a_site_all.tocsc()
    bal_order = np.argsort(new_id[row_label[:n_bal]], kind="stable")
    site_order = np.argsort(new_id[row_label[n_bal:]], kind="stable")
    col_order = np.argsort(new_id[col_label], kind="stable")
    bal_bounds = np.searchsorted(new_id[row_label[:n_bal]][bal_order], np.arange(comp_ids.size + 1))
    site_bounds = np.searchsorted(
        new_id[row_label[n_bal:]][site_order], np.arange(comp_ids.size + 1)
    )
    col_bounds = np.searchsorted(new_id[col_label][col_order], np.arange(comp_ids.size + 1))
    # Permute once so that every block is a contiguous slice (cheap to cut).
    a_bal_p = a_bal_csc[bal_order][:, col_order].tocsc()
    a_site_p = a_site_csc[site_order][:, col_order].tocsc()
    bal_items = live_items[bal_order]
    site_caps = site_cap[finite_sites][site_order]
    edges_p = live_edges[col_order]

    blocks: list[Block] = []
    for b in range(comp_ids.size):
        r0, r1 = bal_bounds[b], bal_bounds[b + 1]
        s0, s1 = site_bounds[b], site_bounds[b + 1]
        c0, c1 = col_bounds[b], col_bounds[b + 1]
        blk_items = bal_items[r0:r1]
        blk_edges = edges_p[c0:c1]
        blocks.append(
            Block(
                index=b,
                edges=blk_edges,
                items=blk_items,
                a_bal=sp.csc_matrix(a_bal_p[r0:r1, c0:c1]),
                a_site=sp.csc_matrix(a_site_p[s0:s1, c0:c1]),
                site_cap=site_caps[s0:s1],
                edge_cap=edge_cap[blk_edges],
                edge_need=need[edge_item[blk_edges]],
                demand=demand[blk_items],
                inventory=inventory[blk_items],
                margin=margin[blk_items],
            )
        )

    edge_block = np.full(n_edges, -1, dtype=np.int64)
    edge_local = np.full(n_edges, -1, dtype=np.int64)
    for blk in blocks:
        edge_block[blk.edges] = blk.index
        edge_local[blk.edges] = np.arange(blk.n_cols)

    # Disrupting a site zeroes its edges, disrupting an item the edges that make it.
    all_edges = np.arange(n_edges)
    node_edges = sp.csr_matrix(
        (
            np.ones(2 * n_edges),
            (
                np.concatenate([site_nodes[edge_site], item_nodes[edge_item]]),
                np.concatenate([all_edges, all_edges]),
            ),
        ),
        shape=(n_nodes, n_edges),
    )
    ttr = np.array([np.nan if t is None else t for t in view.node_ttr], dtype=np.float64)
    return Compiled(
        node_ids=node_ids,
        node_types=view.node_types,
        ttr=ttr,
        total_demand=float(demand.sum()),
        tts_service_level=float(view.options.tts_service_level),
        tts_cap_days=float(view.options.tts_cap_days),
        blocks=tuple(blocks),
        edge_block=edge_block,
        edge_local=edge_local,
        node_edges=node_edges,
        item_names=tuple(n.id for n in items),
        item_demand=demand,
        item_margin=margin,
    )
