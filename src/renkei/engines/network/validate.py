"""The checks between the records of a :class:`~renkei.engines.network.model.SupplyData`.

Each record checks its own fields (:mod:`renkei.engines.network.records`); here: every record
of the right type, unique item and site ids, every reference known, one BOM line per pair and
one sourcing row per (item, step, site), the shares of an item's active sources at most 100 %,
and the model's one cycle check (networkx). The checks look every reference up anyway: they
keep the positions, and with them the records' fields the engines read, as arrays
(:class:`Positions`), so that an engine starts from columns, not from records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, TypeVar

from renkei.engines.network.errors import NetworkCode, NetworkDataError
from renkei.engines.network.records import BomLine, Item, SiteInfo, Sourcing

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    from renkei.engines.network.model import SupplyData

    IntArray = npt.NDArray[np.int64]
    FloatArray = npt.NDArray[np.float64]
    BoolArray = npt.NDArray[np.bool_]

#: Shares of an item's active sources may add up to at most ``1 + SHARE_TOLERANCE``
#: (sourcing tables are typed in with rounded percentages: 33.33 % three times is fine).
SHARE_TOLERANCE = 1e-6

_R = TypeVar("_R", Item, SiteInfo)

#: Sourcing statuses as numbers (``Positions.row_status``): ordered, active first.
STATUS_CODE: dict[str, int] = {"active": 0, "backup": 1, "candidate": 2}


@dataclass(frozen=True, slots=True)
class Positions:
    """Where each reference of a :class:`SupplyData` points, and the fields the engines read.

    Items, sites, BOM lines and sourcing rows in input order; a missing number (``None``) is
    NaN. The arrays are read-only: the model is immutable and every engine shares them.
    """

    item: dict[str, int]
    site: dict[str, int]
    bom_parent: IntArray
    bom_child: IntArray
    bom_qty: FloatArray
    row_item: IntArray
    row_site: IntArray
    row_status: IntArray  # STATUS_CODE
    row_share: FloatArray  # the given share
    row_price: FloatArray
    row_step: tuple[str | None, ...]
    row_step_code: IntArray  # 0: the whole item; k: the k-th distinct step, in input order
    n_steps: int  # distinct steps + 1
    item_demand: FloatArray
    item_price: FloatArray
    item_is_product: BoolArray
    owner_ids: tuple[str, ...]  # the items' owners, sorted
    item_owner: IntArray  # position in owner_ids
    site_in_region: BoolArray
    towns: tuple[str, ...]  # the sites' municipalities (5-digit JIS codes), sorted
    site_town: IntArray  # position in towns, -1 when unknown
    zone_names: tuple[str, ...]  # the sites' hazard zones, sorted
    site_zones: npt.NDArray[np.uint64]  # sites x words: one bit per zone, 64 zones a word


def unique_ids(
    records: Iterable[_R], expected: type[_R], what: Literal["item", "site"]
) -> dict[str, _R]:
    by_id: dict[str, _R] = {}
    code = NetworkCode.DUPLICATE_ITEM if what == "item" else NetworkCode.DUPLICATE_SITE
    for record in records:
        if not isinstance(record, expected):
            raise NetworkDataError(
                f"Every {what} must be an instance of {expected.__name__}. Got: {record!r}",
                code=NetworkCode.BAD_RECORD,
                record=what,
                value=record,
            )
        if record.id in by_id:
            raise NetworkDataError(
                f"Duplicate {what} id {record.id!r}.",
                code=code,
                ref=(record.id,),
                record=what,
                field="id",
                value=record.id,
            )
        by_id[record.id] = record
    return by_id


def check_references(data: SupplyData) -> Positions:
    items = {item.id: k for k, item in enumerate(data.items)}
    sites = {site.id: k for k, site in enumerate(data.sites)}
    bom_parent: list[int] = []
    bom_child: list[int] = []
    row_item: list[int] = []
    row_site: list[int] = []
    seen_lines: set[tuple[str, str]] = set()
    for line in data.bom:
        if not isinstance(line, BomLine):
            raise NetworkDataError(
                f"Every BOM line must be a BomLine. Got: {line!r}",
                code=NetworkCode.BAD_RECORD,
                record="bom_line",
                value=line,
            )
        key = (line.parent, line.child)
        for end, name in ((line.parent, "parent"), (line.child, "child")):
            if end not in items:
                raise NetworkDataError(
                    f"BOM line {line.parent} -> {line.child} refers to unknown item {end!r}.",
                    code=NetworkCode.UNKNOWN_ITEM,
                    ref=key,
                    record="bom_line",
                    field=name,
                    value=end,
                )
        if key in seen_lines:
            raise NetworkDataError(
                f"Duplicate BOM line {line.parent} -> {line.child}.",
                code=NetworkCode.DUPLICATE_BOM_LINE,
                ref=key,
                record="bom_line",
            )
        seen_lines.add(key)
        bom_parent.append(items[line.parent])
        bom_child.append(items[line.child])

    seen_rows: set[tuple[str, str | None, str]] = set()
    active_shares: dict[tuple[str, str | None], float] = defaultdict(float)
    for row in data.sourcing:
        if not isinstance(row, Sourcing):
            raise NetworkDataError(
                f"Every sourcing row must be a Sourcing. Got: {row!r}",
                code=NetworkCode.BAD_RECORD,
                record="sourcing",
                value=row,
            )
        ref = (row.item, row.site)
        # the site first: the stress contract names an edge by its site
        if row.site not in sites:
            raise NetworkDataError(
                f"Sourcing {row.item} <- {row.site} refers to unknown site {row.site!r}.",
                code=NetworkCode.UNKNOWN_SITE,
                ref=ref,
                record="sourcing",
                field="site",
                value=row.site,
            )
        if row.item not in items:
            raise NetworkDataError(
                f"Sourcing {row.item} <- {row.site} refers to unknown item {row.item!r}.",
                code=NetworkCode.UNKNOWN_ITEM,
                ref=ref,
                record="sourcing",
                field="item",
                value=row.item,
            )
        key3 = (row.item, row.step, row.site)
        if key3 in seen_rows:
            step_text = f" (step {row.step})" if row.step else ""
            raise NetworkDataError(
                f"Duplicate sourcing {row.item}{step_text} <- {row.site}: one row per item and site.",
                code=NetworkCode.DUPLICATE_SOURCING,
                ref=ref,
                record="sourcing",
                value=row.step,
            )
        seen_rows.add(key3)
        row_item.append(items[row.item])
        row_site.append(sites[row.site])
        if row.status == "active" and row.share is not None:
            active_shares[row.need] += row.share
    for (item_id, step), total in active_shares.items():
        if total > 1 + SHARE_TOLERANCE:
            what = f"item {item_id!r}" + (f" step {step!r}" if step else "")
            raise NetworkDataError(
                f"Shares of the active sources of {what} add up to more than 1. Got: {total:.6g}",
                code=NetworkCode.SHARES_OVER_ONE,
                ref=(item_id,),
                record="sourcing",
                field="share",
                value=total,
            )

    cycle = find_bom_cycle(data.bom)
    if cycle is not None:
        raise NetworkDataError(
            "BOM cycle: " + " -> ".join(cycle),
            code=NetworkCode.BOM_CYCLE,
            ref=tuple(cycle),
            record="bom_line",
        )
    return _positions(data, items, sites, bom_parent, bom_child, row_item, row_site)


def _positions(
    data: SupplyData,
    items: dict[str, int],
    sites: dict[str, int],
    bom_parent: list[int],
    bom_child: list[int],
    row_item: list[int],
    row_site: list[int],
) -> Positions:
    # NumPy here, not at import: reading the stress contract and `renkei --help` build no model.
    import numpy as np

    def column(values: list[Any], dtype: type[np.generic]) -> npt.NDArray[Any]:
        # reshape: an empty list is an empty vector; NaN for None (float dtype)
        array = np.array(values, dtype=dtype).reshape(len(values))
        array.flags.writeable = False
        return array

    rows, records = data.sourcing, data.items
    status = STATUS_CODE
    steps: dict[str | None, int] = {None: 0}
    row_step = tuple([row.step for row in rows])
    step_code = [steps.setdefault(step, len(steps)) for step in row_step]
    owners = [item.owner for item in records]
    owner_ids = tuple(sorted(set(owners)))
    owner_pos = {owner: k for k, owner in enumerate(owner_ids)}
    site_towns = [site.municipality for site in data.sites]
    towns = tuple(sorted(set(site_towns) - {""}))
    town_pos = {town: k for k, town in enumerate(towns)}
    zones_of = [site.hazard_zones for site in data.sites]
    zone_names = tuple(sorted({zone for zones in zones_of for zone in zones}))
    return Positions(
        item=items,
        site=sites,
        bom_parent=column(bom_parent, np.int64),
        bom_child=column(bom_child, np.int64),
        bom_qty=column([line.qty_per_unit for line in data.bom], np.float64),
        row_item=column(row_item, np.int64),
        row_site=column(row_site, np.int64),
        row_status=column([status[row.status] for row in rows], np.int64),
        row_share=column([row.share for row in rows], np.float64),
        row_price=column([row.unit_price for row in rows], np.float64),
        row_step=row_step,
        row_step_code=column(step_code, np.int64),
        n_steps=len(steps),
        item_demand=column([item.demand_per_day for item in records], np.float64),
        item_price=column([item.unit_price for item in records], np.float64),
        item_is_product=column([item.kind == "product" for item in records], np.bool_),
        owner_ids=owner_ids,
        item_owner=column([owner_pos[owner] for owner in owners], np.int64),
        site_in_region=column([site.in_region for site in data.sites], np.bool_),
        towns=towns,
        site_town=column([town_pos.get(town, -1) for town in site_towns], np.int64),
        zone_names=zone_names,
        site_zones=_zone_bits(zones_of, zone_names),
    )


def _zone_bits(
    zones_of: Sequence[tuple[str, ...]], zone_names: Sequence[str]
) -> npt.NDArray[np.uint64]:
    """Hazard zones of each site as bit sets (64 zones a word)."""
    import numpy as np

    bit = {name: k for k, name in enumerate(zone_names)}
    n_words = max(1, -(-len(zone_names) // 64))
    # a Python int per distinct zone list (sites share a few), then cut into 64-bit words
    mask_of: dict[tuple[str, ...], int] = {}
    for zones in zones_of:
        if zones not in mask_of:
            mask_of[zones] = sum(1 << bit[zone] for zone in set(zones))
    masks = [mask_of[zones] for zones in zones_of]
    if len(zone_names) < 64:  # one word, and every mask fits an int64: NumPy's fast path
        bits = np.array(masks, dtype=np.int64).reshape(len(masks), 1).view(np.uint64)
    else:
        low = (1 << 64) - 1
        words = [[(mask >> (64 * w)) & low for w in range(n_words)] for mask in masks]
        bits = np.array(words, dtype=np.uint64).reshape(len(zones_of), n_words)
    bits.flags.writeable = False
    return bits


def find_bom_cycle(bom: Iterable[BomLine | tuple[str, str]]) -> list[str] | None:
    """Return one cycle of a BOM, closed (``["A", "B", "C", "A"]``), or None if it has none.

    Parameters
    ----------
    bom
        BOM lines, or ``(parent, child)`` pairs (an import can check rows before it builds
        records).

    Notes
    -----
    The one cycle check of the model, with networkx: an acyclicity test (a topological
    sort), and only when it fails a depth-first search for the cycle. The graph is built
    with the lines sorted, so the search is deterministic: parents and children are visited
    in sorted order and the cycle is reported from where the walk first re-enters it. Both
    are iterative: a 50 000-deep chain does not hit Python's recursion limit.
    """
    import networkx as nx  # here, not at import: `renkei --help` reads the stress contract

    pairs = sorted(
        (line.parent, line.child) if isinstance(line, BomLine) else (line[0], line[1])
        for line in bom
    )
    graph = nx.DiGraph()
    graph.add_edges_from(pairs)
    if nx.is_directed_acyclic_graph(graph):
        return None
    edges = nx.find_cycle(graph)
    return [edges[0][0], *(child for _, child in edges)]
