"""Coded refusals of the stress test's input, in the contract's words.

The network model (:mod:`renkei.engines.network.model`) decides what is valid and refuses with a
:class:`~renkei.engines.network.errors.NetworkDataError` in its own vocabulary (items, sites,
sourcing rows). The contract (``STRESS.md``) speaks of nodes and supply edges, and other tools
read its one-line messages: :func:`in_contract_words` says the same refusal, with the same code
and ids, the contract's way. The contract's own rules (JSON shape, one namespace for node ids,
which fields a site or a part may have, options, scenarios) have codes of their own
(:class:`StressCode`).
"""

from __future__ import annotations

from collections.abc import Container
from enum import StrEnum

from renkei.engines.network.errors import NetworkCode, NetworkDataError


class StressCode(StrEnum):
    """Why the contract refused its input (beyond the model's :class:`NetworkCode`)."""

    NOT_AN_OBJECT = "not_an_object"
    NOT_A_LIST = "not_a_list"
    MISSING_KEY = "missing_key"
    UNKNOWN_KEY = "unknown_key"
    BAD_NODE_TYPE = "bad_node_type"
    DUPLICATE_NODE = "duplicate_node"
    SITE_HAS_STOCK = "site_has_stock"
    ITEM_HAS_CAPACITY = "item_has_capacity"
    PART_HAS_DEMAND = "part_has_demand"
    NOT_AN_ITEM = "not_an_item"
    NOT_A_SITE = "not_a_site"
    BAD_OPTION = "bad_option"
    UNKNOWN_NODE = "unknown_node"
    BAD_WINDOW = "bad_window"
    UNREADABLE_FILE = "unreadable_file"


class NetworkError(NetworkDataError):
    """The network is not valid input; the message names the offending node or edge.

    A :class:`~renkei.engines.network.errors.NetworkDataError` (so a ``ValueError``) whose
    ``code`` is a :class:`~renkei.engines.network.errors.NetworkCode` or a :class:`StressCode`.
    """


_NUMBER_CODES = frozenset(
    {
        NetworkCode.BAD_QTY,
        NetworkCode.NEGATIVE_CAPACITY,
        NetworkCode.NEGATIVE_DEMAND,
        NetworkCode.NEGATIVE_INVENTORY,
        NetworkCode.NEGATIVE_MARGIN,
        NetworkCode.NEGATIVE_TTR,
    }
)


def edge_label(site: object, makes: object) -> str:
    return f"supply edge {site} -> {makes}"


def line_label(parent: object, child: object) -> str:
    return f"BOM line {parent} -> {child}"


def _owner(error: NetworkDataError) -> str:
    ref = error.ref
    if error.record == "bom_line" and len(ref) == 2:
        return line_label(*ref)
    if error.record == "sourcing" and len(ref) == 2:
        return edge_label(ref[1], ref[0])
    return f"node {ref[0]!r}" if ref else "network"


def in_contract_words(
    error: NetworkDataError,
    *,
    owner: str | None = None,
    sites: Container[str] = (),
    items: Container[str] = (),
) -> NetworkError:
    """The model's refusal ``error`` as the contract says it (same code, ids and value).

    ``owner`` names the record when the error carries no ids (an empty BOM child);
    ``sites`` and ``items`` are the contract's node ids, so that a reference to a node of
    the other kind reads "is a site, not an item" instead of "unknown".
    """
    who = owner or _owner(error)
    code, value, field = error.code, error.value, error.field
    if code in _NUMBER_CODES and error.reason in ("negative", "not_positive"):
        message = f"{who}: {field} must be >= 0. Got: {value!r}"
    elif code in _NUMBER_CODES:
        message = f"{who}: {field} must be a finite number. Got: {value!r}"
    elif code == NetworkCode.BAD_ID and error.record in ("bom_line", "sourcing"):
        message = f"{who}: unknown {field} {value!r}"
    elif code == NetworkCode.UNKNOWN_ITEM:
        role = field if error.record == "bom_line" else "item"
        if isinstance(value, str) and value in sites:
            code, message = (
                StressCode.NOT_AN_ITEM,
                f"{who}: {role} {value!r} is a site, not an item",
            )
        else:
            message = f"{who}: unknown {role} {value!r}"
    elif code == NetworkCode.UNKNOWN_SITE:
        if isinstance(value, str) and value in items:
            code, message = StressCode.NOT_A_SITE, f"{who}: site {value!r} is an item, not a site"
        else:
            message = f"{who}: unknown site {value!r}"
    elif code in (NetworkCode.DUPLICATE_BOM_LINE, NetworkCode.DUPLICATE_SOURCING):
        message = f"duplicate {who}"
    else:  # a BOM cycle, and what a contract network cannot reach: the model's own words
        message = str(error)
    return NetworkError(
        message,
        code=code,
        ref=error.ref,
        record=error.record,
        field=field,
        value=value,
        reason=error.reason,
    )
