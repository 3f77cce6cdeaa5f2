"""Input data of the stress test: the supply network and its options.

The dataclasses validate themselves (``Network.__post_init__``), so a network built in code by an
adapter gets the same checks as one read from the contract JSON with :func:`network_from_json`.
Every error is a :class:`NetworkError` whose message names the offending node, BOM line or
supply edge.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

SITE_TYPES = frozenset({"supplier", "plant"})
ITEM_TYPES = frozenset({"part", "product"})
NODE_TYPES = SITE_TYPES | ITEM_TYPES

# Free-text keys allowed on every object of the contract.
_TEXT_KEYS = frozenset({"name", "note", "description"})
_NODE_KEYS = {
    "supplier": frozenset({"id", "type", "capacity_per_day", "ttr_days"}),
    "plant": frozenset({"id", "type", "capacity_per_day", "ttr_days"}),
    "part": frozenset({"id", "type", "inventory", "ttr_days"}),
    "product": frozenset({"id", "type", "inventory", "demand_per_day", "margin", "ttr_days"}),
}
_BOM_KEYS = frozenset({"parent", "child", "qty_per_unit"})
_SUPPLY_KEYS = frozenset({"site", "makes", "capacity_per_day"})
_OPTION_KEYS = frozenset({"tts_service_level", "tts_cap_days"})
_TOP_KEYS = frozenset({"nodes", "bom", "supply", "options"})


class NetworkError(ValueError):
    """The network is not valid input; the message names the offending node or edge."""


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
        return f"BOM line {self.parent} -> {self.child}"


@dataclass(frozen=True, slots=True)
class SupplyEdge:
    """Site ``site`` makes item ``makes``, at most ``capacity_per_day`` (``None`` = unlimited)."""

    site: str
    makes: str
    capacity_per_day: float | None = None

    def label(self) -> str:
        return f"supply edge {self.site} -> {self.makes}"


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
        if not (_is_number(self.tts_service_level) and 0 < self.tts_service_level <= 1):
            raise NetworkError(
                f"options: tts_service_level must be in (0, 1]. Got: {self.tts_service_level!r}"
            )
        if not (_is_number(self.tts_cap_days) and 0 < self.tts_cap_days < math.inf):
            raise NetworkError(
                f"options: tts_cap_days must be a positive finite number. Got: {self.tts_cap_days!r}"
            )


@dataclass(frozen=True)
class Network:
    """A supply network: sites, items, the BOM and the supply edges.

    Construction validates references, duplicates, signs and BOM acyclicity and raises
    :class:`NetworkError` naming the offending node or edge.
    """

    name: str
    nodes: tuple[Node, ...]
    bom: tuple[BomLine, ...] = ()
    supply: tuple[SupplyEdge, ...] = ()
    options: Options = field(default_factory=Options)

    def __post_init__(self) -> None:
        # Accept lists from callers but store tuples so the network stays hashable and frozen.
        object.__setattr__(self, "nodes", tuple(self.nodes))
        object.__setattr__(self, "bom", tuple(self.bom))
        object.__setattr__(self, "supply", tuple(self.supply))
        _validate(self)

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


def _check_amount(owner: str, key: str, value: object, *, optional: bool = False) -> None:
    if value is None and optional:
        return
    if not _is_number(value) or not math.isfinite(value):  # type: ignore[arg-type]
        raise NetworkError(f"{owner}: {key} must be a finite number. Got: {value!r}")
    if value < 0:  # type: ignore[operator]
        raise NetworkError(f"{owner}: {key} must be >= 0. Got: {value!r}")


def _validate(net: Network) -> None:
    seen: dict[str, Node] = {}
    for node in net.nodes:
        if not isinstance(node.id, str) or not node.id:
            raise NetworkError(f"node {node.id!r}: id must be a non-empty string")
        owner = f"node {node.id!r}"
        if node.id in seen:
            raise NetworkError(f"duplicate node id {node.id!r}")
        seen[node.id] = node
        if node.type not in NODE_TYPES:
            raise NetworkError(
                f"{owner}: type must be one of {sorted(NODE_TYPES)}. Got: {node.type!r}"
            )
        _check_amount(owner, "ttr_days", node.ttr_days, optional=True)
        _check_amount(owner, "capacity_per_day", node.capacity_per_day, optional=True)
        _check_amount(owner, "inventory", node.inventory)
        _check_amount(owner, "demand_per_day", node.demand_per_day)
        _check_amount(owner, "margin", node.margin)
        if node.is_site and (node.inventory or node.demand_per_day or node.margin):
            raise NetworkError(f"{owner}: a site has no inventory, demand or margin")
        if not node.is_site and node.capacity_per_day is not None:
            raise NetworkError(f"{owner}: an item has no capacity_per_day (put it on the site)")
        if node.type == "part" and (node.demand_per_day or node.margin):
            raise NetworkError(f"{owner}: a part has no demand or margin (make it a product)")

    def item(owner: str, role: str, ref: object) -> None:
        node = seen.get(ref) if isinstance(ref, str) else None
        if node is None:
            raise NetworkError(f"{owner}: unknown {role} {ref!r}")
        if node.is_site:
            raise NetworkError(f"{owner}: {role} {ref!r} is a site, not an item")

    bom_seen: set[tuple[str, str]] = set()
    for line in net.bom:
        owner = line.label()
        item(owner, "parent", line.parent)
        item(owner, "child", line.child)
        _check_amount(owner, "qty_per_unit", line.qty_per_unit)
        if (line.parent, line.child) in bom_seen:
            raise NetworkError(f"duplicate {owner}")
        bom_seen.add((line.parent, line.child))

    edge_seen: set[tuple[str, str]] = set()
    for edge in net.supply:
        owner = edge.label()
        site = seen.get(edge.site) if isinstance(edge.site, str) else None
        if site is None:
            raise NetworkError(f"{owner}: unknown site {edge.site!r}")
        if not site.is_site:
            raise NetworkError(f"{owner}: site {edge.site!r} is an item, not a site")
        item(owner, "item", edge.makes)
        _check_amount(owner, "capacity_per_day", edge.capacity_per_day, optional=True)
        if (edge.site, edge.makes) in edge_seen:
            raise NetworkError(f"duplicate {owner}")
        edge_seen.add((edge.site, edge.makes))

    cycle = find_bom_cycle((line.parent, line.child) for line in net.bom)
    if cycle:
        raise NetworkError("BOM cycle: " + " -> ".join(cycle))


def find_bom_cycle(lines: Iterable[tuple[str, str]]) -> list[str]:
    """A cycle of the parent -> child graph as ``[a, b, ..., a]``, or ``[]`` when acyclic."""
    children: dict[str, list[str]] = {}
    parents: dict[str, list[str]] = {}
    indegree: dict[str, int] = {}
    for parent, child in lines:
        children.setdefault(parent, []).append(child)
        parents.setdefault(child, []).append(parent)
        indegree[child] = indegree.get(child, 0) + 1
        indegree.setdefault(parent, 0)
    # Kahn: peel off nodes without remaining parents; what is left lies on or below a cycle.
    stack = [n for n, d in indegree.items() if d == 0]
    while stack:
        for child in children.get(stack.pop(), ()):
            indegree[child] -= 1
            if indegree[child] == 0:
                stack.append(child)
    left = {n for n, d in indegree.items() if d > 0}
    if not left:
        return []
    # Every remaining node keeps a remaining parent: walk upwards until a node repeats.
    node = min(left)
    order: dict[str, int] = {}
    path: list[str] = []
    while node not in order:
        order[node] = len(path)
        path.append(node)
        node = min(p for p in parents[node] if p in left)
    cycle = [*path[order[node] :], node]
    cycle.reverse()  # parent -> child order
    return cycle


# ----------------------------------------------------------------------------------- JSON ---


def _check_keys(owner: str, obj: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(obj) - allowed - _TEXT_KEYS)
    if unknown:
        raise NetworkError(
            f"{owner}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})"
        )


def _object(owner: str, obj: object) -> Mapping[str, Any]:
    if not isinstance(obj, Mapping):
        raise NetworkError(f"{owner}: must be a JSON object. Got: {obj!r}")
    return obj


def _list(owner: str, obj: object) -> list[Any]:
    if not isinstance(obj, list):
        raise NetworkError(f"{owner} must be a JSON list. Got: {type(obj).__name__}")
    return obj


def _node_from_json(index: int, raw: object) -> Node:
    obj = _object(f"node #{index}", raw)
    node_id = obj.get("id")
    if not isinstance(node_id, str) or not node_id:
        raise NetworkError(f"node #{index}: id must be a non-empty string. Got: {node_id!r}")
    owner = f"node {node_id!r}"
    node_type = obj.get("type")
    if node_type not in _NODE_KEYS:
        raise NetworkError(f"{owner}: type must be one of {sorted(NODE_TYPES)}. Got: {node_type!r}")
    _check_keys(owner, obj, _NODE_KEYS[node_type])
    if node_type == "product":
        for key in ("demand_per_day", "margin"):
            if key not in obj:
                raise NetworkError(f"{owner}: a product needs {key}")
    for key in ("ttr_days", "capacity_per_day", "inventory", "demand_per_day", "margin"):
        if key in obj:
            _check_amount(owner, key, obj[key], optional=key in ("ttr_days", "capacity_per_day"))
    name = obj.get("name")
    return Node(
        id=node_id,
        type=node_type,
        ttr_days=_float_or_none(obj.get("ttr_days")),
        capacity_per_day=_float_or_none(obj.get("capacity_per_day")),
        inventory=float(obj.get("inventory") or 0.0),
        demand_per_day=float(obj.get("demand_per_day") or 0.0),
        margin=float(obj.get("margin") or 0.0),
        name=name if isinstance(name, str) else None,
    )


def _float_or_none(value: object) -> float | None:
    return None if value is None else float(value)  # type: ignore[arg-type]


def _ref(owner: str, obj: Mapping[str, Any], key: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise NetworkError(f"{owner}: {key} must be a node id. Got: {value!r}")
    return value


def network_from_json(data: object) -> Network:
    """Parse and validate a network in the contract format (see ``STRESS.md``).

    Parameters
    ----------
    data
        The decoded JSON document.

    Returns
    -------
    Network

    Raises
    ------
    NetworkError
        On an unknown key, an unknown reference, a duplicate id, a negative number or a BOM
        cycle; the message names the offending node or edge.
    """
    top = _object("network", data)
    _check_keys("network", top, _TOP_KEYS)
    if "nodes" not in top:
        raise NetworkError("network: the key 'nodes' is missing")
    nodes = tuple(_node_from_json(i, raw) for i, raw in enumerate(_list("nodes", top["nodes"])))

    bom: list[BomLine] = []
    for i, raw in enumerate(_list("bom", top.get("bom", []))):
        obj = _object(f"BOM line #{i}", raw)
        owner = f"BOM line {obj.get('parent')} -> {obj.get('child')}"
        _check_keys(owner, obj, _BOM_KEYS)
        parent, child = _ref(owner, obj, "parent"), _ref(owner, obj, "child")
        if "qty_per_unit" not in obj:
            raise NetworkError(f"{owner}: qty_per_unit is missing")
        _check_amount(owner, "qty_per_unit", obj["qty_per_unit"])
        bom.append(BomLine(parent, child, float(obj["qty_per_unit"])))

    supply: list[SupplyEdge] = []
    for i, raw in enumerate(_list("supply", top.get("supply", []))):
        obj = _object(f"supply edge #{i}", raw)
        owner = f"supply edge {obj.get('site')} -> {obj.get('makes')}"
        _check_keys(owner, obj, _SUPPLY_KEYS)
        site, makes = _ref(owner, obj, "site"), _ref(owner, obj, "makes")
        _check_amount(owner, "capacity_per_day", obj.get("capacity_per_day"), optional=True)
        supply.append(SupplyEdge(site, makes, _float_or_none(obj.get("capacity_per_day"))))

    raw_options = top.get("options")
    options = Options()
    if raw_options is not None:
        opts = _object("options", raw_options)
        _check_keys("options", opts, _OPTION_KEYS)
        options = Options(
            tts_service_level=opts.get("tts_service_level", 1.0),
            tts_cap_days=opts.get("tts_cap_days", 1e6),
        )
    name = top.get("name", "")
    return Network(
        name=name if isinstance(name, str) else str(name),
        nodes=nodes,
        bom=tuple(bom),
        supply=tuple(supply),
        options=options,
    )


def network_to_json(net: Network) -> dict[str, Any]:
    """The network in the contract format (inverse of :func:`network_from_json`)."""
    nodes: list[dict[str, Any]] = []
    for n in net.nodes:
        obj: dict[str, Any] = {"id": n.id, "type": n.type}
        if n.name is not None:
            obj["name"] = n.name
        if n.is_site:
            obj["capacity_per_day"] = n.capacity_per_day
        else:
            obj["inventory"] = n.inventory
        if n.type == "product":
            obj["demand_per_day"] = n.demand_per_day
            obj["margin"] = n.margin
        if n.ttr_days is not None:
            obj["ttr_days"] = n.ttr_days
        nodes.append(obj)
    supply: list[dict[str, Any]] = []
    for e in net.supply:
        edge: dict[str, Any] = {"site": e.site, "makes": e.makes}
        if e.capacity_per_day is not None:
            edge["capacity_per_day"] = e.capacity_per_day
        supply.append(edge)
    return {
        "name": net.name,
        "nodes": nodes,
        "bom": [
            {"parent": b.parent, "child": b.child, "qty_per_unit": b.qty_per_unit} for b in net.bom
        ],
        "supply": supply,
        "options": {
            "tts_service_level": net.options.tts_service_level,
            "tts_cap_days": net.options.tts_cap_days,
        },
    }
