"""The contract JSON (``STRESS.md``) read into a :class:`~renkei.engines.stress.model.Network`
and written back.

The reader checks the document's shape (objects, lists, keys, node types, the keys a product
needs); the values go into the records as they are, and the network model's one validator
checks them when the :class:`~renkei.engines.stress.model.Network` is built.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from renkei.engines.network.errors import NetworkCode
from renkei.engines.network.model import SupplyData
from renkei.engines.stress.errors import NetworkError, StressCode, edge_label, line_label
from renkei.engines.stress.model import (
    NODE_TYPES,
    BomLine,
    Network,
    Node,
    Options,
    SupplyEdge,
    network_from_data,
)

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


def _error(message: str, code: StressCode | NetworkCode, owner: str, key: str = "") -> NetworkError:
    return NetworkError(message, code=code, record="network", field=key, value=owner)


def _check_keys(owner: str, obj: Mapping[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(obj) - allowed - _TEXT_KEYS)
    if unknown:
        raise _error(
            f"{owner}: unknown key {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})",
            StressCode.UNKNOWN_KEY,
            owner,
            str(unknown[0]),
        )


def _object(owner: str, obj: object) -> Mapping[str, Any]:
    if not isinstance(obj, Mapping):
        raise _error(
            f"{owner}: must be a JSON object. Got: {obj!r}", StressCode.NOT_AN_OBJECT, owner
        )
    return obj


def _list(owner: str, obj: object) -> list[Any]:
    if not isinstance(obj, list):
        raise _error(
            f"{owner} must be a JSON list. Got: {type(obj).__name__}", StressCode.NOT_A_LIST, owner
        )
    return obj


def _number(value: object) -> object:
    """An integer as a float (the records hold floats); anything else as it is, for the checks."""
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


def _node_from_json(index: int, raw: object) -> Node:
    obj = _object(f"node #{index}", raw)
    node_id = obj.get("id")
    if not isinstance(node_id, str) or not node_id:
        raise _error(
            f"node #{index}: id must be a non-empty string. Got: {node_id!r}",
            NetworkCode.BAD_ID,
            f"node #{index}",
            "id",
        )
    owner = f"node {node_id!r}"
    node_type = obj.get("type")
    if node_type not in _NODE_KEYS:
        raise _error(
            f"{owner}: type must be one of {sorted(NODE_TYPES)}. Got: {node_type!r}",
            StressCode.BAD_NODE_TYPE,
            owner,
            "type",
        )
    _check_keys(owner, obj, _NODE_KEYS[node_type])
    if node_type == "product":
        for key in ("demand_per_day", "margin"):
            if key not in obj:
                raise _error(f"{owner}: a product needs {key}", StressCode.MISSING_KEY, owner, key)
    name = obj.get("name")
    return Node(
        id=node_id,
        type=node_type,
        ttr_days=_number(obj.get("ttr_days")),  # type: ignore[arg-type]
        capacity_per_day=_number(obj.get("capacity_per_day")),  # type: ignore[arg-type]
        inventory=_number(obj.get("inventory", 0.0)),  # type: ignore[arg-type]
        demand_per_day=_number(obj.get("demand_per_day", 0.0)),  # type: ignore[arg-type]
        margin=_number(obj.get("margin", 0.0)),  # type: ignore[arg-type]
        name=name if isinstance(name, str) else None,
    )


def _ref(owner: str, obj: Mapping[str, Any], key: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str) or not value:
        raise _error(
            f"{owner}: {key} must be a node id. Got: {value!r}", NetworkCode.BAD_ID, owner, key
        )
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
        raise _error(
            "network: the key 'nodes' is missing", StressCode.MISSING_KEY, "network", "nodes"
        )
    nodes = tuple(_node_from_json(i, raw) for i, raw in enumerate(_list("nodes", top["nodes"])))

    bom: list[BomLine] = []
    for i, raw in enumerate(_list("bom", top.get("bom", []))):
        obj = _object(f"BOM line #{i}", raw)
        owner = line_label(obj.get("parent"), obj.get("child"))
        _check_keys(owner, obj, _BOM_KEYS)
        parent, child = _ref(owner, obj, "parent"), _ref(owner, obj, "child")
        if "qty_per_unit" not in obj:
            raise _error(
                f"{owner}: qty_per_unit is missing", StressCode.MISSING_KEY, owner, "qty_per_unit"
            )
        bom.append(BomLine(parent, child, _number(obj["qty_per_unit"])))  # type: ignore[arg-type]

    supply: list[SupplyEdge] = []
    for i, raw in enumerate(_list("supply", top.get("supply", []))):
        obj = _object(f"supply edge #{i}", raw)
        owner = edge_label(obj.get("site"), obj.get("makes"))
        _check_keys(owner, obj, _SUPPLY_KEYS)
        site, makes = _ref(owner, obj, "site"), _ref(owner, obj, "makes")
        supply.append(
            SupplyEdge(site, makes, _number(obj.get("capacity_per_day")))  # type: ignore[arg-type]
        )

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


def network_to_json(net: Network | SupplyData) -> dict[str, Any]:
    """The network in the contract format (inverse of :func:`network_from_json`).

    A model is written as the stress test reads it (see
    :func:`~renkei.engines.stress.model.network_from_data`).
    """
    if isinstance(net, SupplyData):
        net = network_from_data(net)
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
