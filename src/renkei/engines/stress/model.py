"""The stress test's input: the contract's records over the one supply-network model.

The engine reads a :class:`~renkei.engines.network.model.SupplyData` (the model the network
analysis reads, built by the platform's one adapter) and compiles its LPs from it. The contract
(``STRESS.md``) speaks of nodes (sites and items in one namespace), BOM lines and supply edges:
:class:`Network` holds those records and builds its ``data`` from them, so the one validator of
the model checks a network read from JSON, built in code or built from the database alike.
Every refusal is a :class:`~renkei.engines.stress.errors.NetworkError` whose message names the
offending node, BOM line or supply edge, with the model's code and ids.

Mapping: a site node is a :class:`~renkei.engines.network.model.SiteInfo` (its ``type`` the
site's ``role``, the site its own organisation); an item node an
:class:`~renkei.engines.network.model.Item` (``"product"`` or ``"part"``, owner
:data:`CONTRACT_OWNER`); a supply edge an active item-level
:class:`~renkei.engines.network.model.Sourcing` row. The stress test reads the model's active
and backup item-level rows as its supply edges (candidates are not qualified; a sourced process
step is not the item). A BOM line with ``qty_per_unit`` 0 is valid in the contract and moves
nothing: the model, which only holds lines with a quantity, checks it with the others and then
leaves it out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from renkei.engines.network.errors import NetworkCode, NetworkDataError
from renkei.engines.network.model import BomLine as ModelBomLine
from renkei.engines.network.model import Item, SiteInfo, Sourcing, SupplyData
from renkei.engines.stress.errors import (
    NetworkError,
    StressCode,
    edge_label,
    in_contract_words,
    line_label,
)

SITE_TYPES = frozenset({"supplier", "plant"})
ITEM_TYPES = frozenset({"part", "product"})
NODE_TYPES = SITE_TYPES | ITEM_TYPES

#: Owner of the items of a contract network (the contract has no owners).
CONTRACT_OWNER = "network"


@dataclass(frozen=True, slots=True)
class Node:
    """A site (``supplier``, ``plant``) or an item (``part``, ``product``).

    Parameters
    ----------
    id
        Unique node id.
    type
        ``"supplier"``, ``"plant"``, ``"part"`` or ``"product"``.
    ttr_days
        Time to recover in days; ``None`` means the node is not stress-tested.
    capacity_per_day
        Sites only: units per day shared by every item the site makes; ``None`` = unlimited.
    inventory
        Items only: units on hand, usable by any consumer.
    demand_per_day, margin
        Products only: external demand and the margin per unit.
    name
        Optional display name.
    """

    id: str
    type: str
    ttr_days: float | None = None
    capacity_per_day: float | None = None
    inventory: float = 0.0
    demand_per_day: float = 0.0
    margin: float = 0.0
    name: str | None = None

    @property
    def is_site(self) -> bool:
        return self.type in SITE_TYPES


@dataclass(frozen=True, slots=True)
class BomLine:
    """``qty_per_unit`` units of ``child`` go into one unit of ``parent``."""

    parent: str
    child: str
    qty_per_unit: float = 1.0

    def label(self) -> str:
        return line_label(self.parent, self.child)


@dataclass(frozen=True, slots=True)
class SupplyEdge:
    """Site ``site`` makes item ``makes``, at most ``capacity_per_day`` (``None`` = unlimited)."""

    site: str
    makes: str
    capacity_per_day: float | None = None

    def label(self) -> str:
        return edge_label(self.site, self.makes)


@dataclass(frozen=True, slots=True)
class Options:
    """Options of the TTS LP.

    Parameters
    ----------
    tts_service_level
        Share ``α`` of demand that must be met while surviving, in (0, 1].
    tts_cap_days
        Horizon at which TTS counts as infinite (reported ``"inf"``).
    """

    tts_service_level: float = 1.0
    tts_cap_days: float = 1e6

    def __post_init__(self) -> None:
        for name, ok, rule in (
            (
                "tts_service_level",
                _is_number(self.tts_service_level) and 0 < self.tts_service_level <= 1,
                "must be in (0, 1]",
            ),
            (
                "tts_cap_days",
                _is_number(self.tts_cap_days) and 0 < self.tts_cap_days < math.inf,
                "must be a positive finite number",
            ),
        ):
            if not ok:
                value = getattr(self, name)
                raise NetworkError(
                    f"options: {name} {rule}. Got: {value!r}",
                    code=StressCode.BAD_OPTION,
                    record="network",
                    field=name,
                    value=value,
                )


@dataclass(frozen=True)
class Network:
    """A supply network in the contract's terms: sites, items, the BOM and the supply edges.

    Construction checks the records with the network model's one validator (references,
    duplicates, signs, BOM acyclicity) plus the contract's own rules (one namespace for node
    ids, no stock on a site, no capacity on an item, no demand on a part) and raises
    :class:`NetworkError` naming the offending node or edge. ``data`` is the model the engine
    compiles.
    """

    name: str
    nodes: tuple[Node, ...]
    bom: tuple[BomLine, ...] = ()
    supply: tuple[SupplyEdge, ...] = ()
    options: Options = field(default_factory=Options)
    data: SupplyData = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Accept lists from callers but store tuples so the network stays hashable and frozen.
        object.__setattr__(self, "nodes", tuple(self.nodes))
        object.__setattr__(self, "bom", tuple(self.bom))
        object.__setattr__(self, "supply", tuple(self.supply))
        object.__setattr__(self, "data", _to_model(self))

    def node(self, node_id: str) -> Node:
        """The node with id ``node_id`` (``KeyError`` if absent)."""
        return self.node_map[node_id]

    @property
    def node_map(self) -> dict[str, Node]:
        cached: dict[str, Node] | None = self.__dict__.get("_node_map")
        if cached is None:
            cached = {n.id: n for n in self.nodes}
            object.__setattr__(self, "_node_map", cached)
        return cached

    def stress_nodes(self) -> list[Node]:
        """Nodes with a ``ttr_days``, in input order."""
        return [n for n in self.nodes if n.ttr_days is not None]


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and not math.isnan(value)


def _is_zero(value: object) -> bool:
    return _is_number(value) and value == 0


def _refuse(
    message: str, code: StressCode | NetworkCode, node: Node, name: str = ""
) -> NetworkError:
    return NetworkError(
        message,
        code=code,
        ref=(node.id,) if isinstance(node.id, str) else (),
        record="site" if node.is_site else "item",
        field=name,
        value=getattr(node, name) if name else node.id,
    )


def _node_record(node: Node) -> Item | SiteInfo:
    """The model record of one node, after the contract's rules for its kind."""
    owner = f"node {node.id!r}"
    try:
        if node.is_site:
            record: Item | SiteInfo = SiteInfo(
                node.id,
                node.id,
                name=node.name or "",
                role="plant" if node.type == "plant" else "supplier",
                capacity_per_day=node.capacity_per_day,
                ttr_days=node.ttr_days,
            )
        else:
            record = Item(
                node.id,
                "product" if node.type == "product" else "part",
                CONTRACT_OWNER,
                name=node.name or "",
                demand_per_day=node.demand_per_day,
                inventory=node.inventory,
                margin=node.margin,
                ttr_days=node.ttr_days,
            )
    except NetworkDataError as error:
        raise in_contract_words(error, owner=owner) from None
    if node.is_site:
        for name in ("inventory", "demand_per_day", "margin"):
            if getattr(node, name):
                raise _refuse(
                    f"{owner}: a site has no inventory, demand or margin",
                    StressCode.SITE_HAS_STOCK,
                    node,
                    name,
                )
    elif node.capacity_per_day is not None:
        raise _refuse(
            f"{owner}: an item has no capacity_per_day (put it on the site)",
            StressCode.ITEM_HAS_CAPACITY,
            node,
            "capacity_per_day",
        )
    elif node.type == "part" and (node.demand_per_day or node.margin):
        raise _refuse(
            f"{owner}: a part has no demand or margin (make it a product)",
            StressCode.PART_HAS_DEMAND,
            node,
            "demand_per_day" if node.demand_per_day else "margin",
        )
    return record


def _to_model(net: Network) -> SupplyData:
    """Check the contract's records and build the model from them (its validator runs)."""
    seen: set[str] = set()
    items: list[Item] = []
    sites: list[SiteInfo] = []
    for node in net.nodes:
        if not isinstance(node.id, str) or not node.id:
            raise NetworkError(
                f"node {node.id!r}: id must be a non-empty string",
                code=NetworkCode.BAD_ID,
                record="data",
                field="id",
                value=node.id,
            )
        if node.id in seen:
            raise _refuse(f"duplicate node id {node.id!r}", StressCode.DUPLICATE_NODE, node)
        seen.add(node.id)
        if node.type not in NODE_TYPES:
            raise _refuse(
                f"node {node.id!r}: type must be one of {sorted(NODE_TYPES)}. Got: {node.type!r}",
                StressCode.BAD_NODE_TYPE,
                node,
                "type",
            )
        record = _node_record(node)
        if isinstance(record, SiteInfo):
            sites.append(record)
        else:
            items.append(record)
    site_ids = {s.id for s in sites}
    item_ids = {i.id for i in items}

    lines: list[ModelBomLine] = []
    zero: list[bool] = []
    for line in net.bom:
        # A zero line is checked like the others (as one unit) and then left out.
        is_zero = _is_zero(line.qty_per_unit)
        try:
            lines.append(
                ModelBomLine(line.parent, line.child, 1.0 if is_zero else line.qty_per_unit)
            )
        except NetworkDataError as error:
            raise in_contract_words(error, owner=line.label(), sites=site_ids) from None
        zero.append(is_zero)
    rows: list[Sourcing] = []
    for edge in net.supply:
        try:
            rows.append(Sourcing(edge.makes, edge.site, capacity_per_day=edge.capacity_per_day))
        except NetworkDataError as error:
            raise in_contract_words(error, owner=edge.label()) from None

    def build(bom: Sequence[ModelBomLine]) -> SupplyData:
        try:
            return SupplyData(items=items, bom=bom, sourcing=rows, sites=sites, name=net.name)
        except NetworkDataError as error:
            raise in_contract_words(error, sites=site_ids, items=item_ids) from None

    data = build(lines)
    if any(zero):
        data = build([line for line, z in zip(lines, zero, strict=True) if not z])
    return data


def network_from_data(data: SupplyData, *, options: Options | None = None) -> Network:
    """The contract's view of a model: what the stress test reads of it, as records.

    Sites come first, then items, each in the model's order. A site that neither makes
    anything (no active or backup item-level row) nor has a TTR is left out: it can change no
    answer. An item with demand or margin is a ``"product"``, any other a ``"part"``.
    """
    edges = [row for row in data.sourcing if row.is_supply_edge]
    making = {row.site for row in edges}
    nodes = [
        Node(
            id=site.id,
            type=site.role,
            ttr_days=site.ttr_days,
            capacity_per_day=site.capacity_per_day,
            name=site.name or None,
        )
        for site in data.sites
        if site.id in making or site.ttr_days is not None
    ]
    nodes.extend(
        Node(
            id=item.id,
            type=stress_type(item),
            ttr_days=item.ttr_days,
            inventory=item.inventory,
            demand_per_day=item.demand_per_day,
            margin=item.margin,
            name=item.name or None,
        )
        for item in data.items
    )
    return Network(
        name=data.name,
        nodes=tuple(nodes),
        bom=tuple(BomLine(b.parent, b.child, b.qty_per_unit) for b in data.bom),
        supply=tuple(SupplyEdge(r.site, r.item, r.capacity_per_day) for r in edges),
        options=options or Options(),
    )


def stress_type(item: Item) -> str:
    """The contract's node type of a model item: ``"product"`` when it has demand or margin."""
    return "product" if item.kind == "product" or item.demand_per_day or item.margin else "part"


@dataclass(frozen=True)
class StressView:
    """What the engine reads of its input: the model, the options and the nodes in order.

    ``node_ids`` and ``node_types`` cover sites and items in one namespace (a contract
    network's node order; sites then items for a bare model); ``edges`` are the model's supply
    edges (active and backup item-level rows) in the model's order.
    """

    data: SupplyData
    options: Options
    node_ids: tuple[str, ...]
    node_types: tuple[str, ...]
    node_ttr: tuple[float | None, ...]
    edges: tuple[Sourcing, ...]

    @property
    def name(self) -> str:
        return self.data.name


def stress_view(network: Network | SupplyData) -> StressView:
    """The engine's reading of a contract network or of a bare model (default options)."""
    if isinstance(network, Network):
        data, options = network.data, network.options
        nodes = network.nodes
        ids = tuple(n.id for n in nodes)
        types = tuple(n.type for n in nodes)
        ttr = tuple(n.ttr_days for n in nodes)
    elif isinstance(network, SupplyData):
        data, options = network, Options()
        ids = tuple([s.id for s in data.sites] + [i.id for i in data.items])
        types = tuple([s.role for s in data.sites] + [stress_type(i) for i in data.items])
        ttr = tuple([s.ttr_days for s in data.sites] + [i.ttr_days for i in data.items])
        if len(set(ids)) < len(ids):
            shared = sorted({s.id for s in data.sites} & {i.id for i in data.items})
            raise NetworkError(
                f"duplicate node id {shared[0]!r}: a site and an item share it",
                code=StressCode.DUPLICATE_NODE,
                ref=(shared[0],),
                record="data",
                field="id",
                value=shared[0],
            )
    else:
        raise TypeError(f"network must be a Network or a SupplyData. Got: {type(network).__name__}")
    edges = tuple(row for row in data.sourcing if row.is_supply_edge)
    return StressView(data, options, ids, types, ttr, edges)
