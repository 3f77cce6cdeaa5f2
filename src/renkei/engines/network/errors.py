"""Coded refusals of supply-network data (the one model both network engines read).

The engine has no Django and no gettext: it refuses bad data with a :class:`NetworkDataError`
that carries a stable :class:`NetworkCode`, the offending ids and values. The English sentence
is for the CLI and logs; a caller that speaks another language maps the code (the platform:
``renkei.supply.engine_errors``), never the sentence.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, Literal

#: Which kind of record an error is about.
Record = Literal["item", "site", "bom_line", "sourcing", "data", "network", "scenario"]

#: Why a number was refused (``NetworkDataError.reason``).
Reason = Literal[
    "missing", "not_a_number", "not_finite", "negative", "not_positive", "too_large", ""
]


class NetworkCode(StrEnum):
    """Why supply data was refused. The values are stable: callers key their messages on them."""

    BAD_ID = "bad_id"
    BAD_KIND = "bad_kind"
    BAD_ROLE = "bad_role"
    BAD_OWNER = "bad_owner"
    BAD_RECORD = "bad_record"
    BAD_STATUS = "bad_status"
    BAD_SHARE = "bad_share"
    BAD_QTY = "bad_qty"
    BAD_MUNICIPALITY = "bad_municipality"
    BAD_COORDINATE = "bad_coordinate"
    NEGATIVE_DEMAND = "negative_demand"
    NEGATIVE_PRICE = "negative_price"
    NEGATIVE_CAPACITY = "negative_capacity"
    NEGATIVE_LEAD_TIME = "negative_lead_time"
    NEGATIVE_INVENTORY = "negative_inventory"
    NEGATIVE_MARGIN = "negative_margin"
    NEGATIVE_TTR = "negative_ttr"
    DUPLICATE_ITEM = "duplicate_item"
    DUPLICATE_SITE = "duplicate_site"
    DUPLICATE_BOM_LINE = "duplicate_bom_line"
    DUPLICATE_SOURCING = "duplicate_sourcing"
    UNKNOWN_ITEM = "unknown_item"
    UNKNOWN_SITE = "unknown_site"
    SHARES_OVER_ONE = "shares_over_one"
    BOM_CYCLE = "bom_cycle"


class NetworkDataError(ValueError):
    """Supply data that the engines cannot analyse.

    Parameters
    ----------
    message
        English sentence that names the offending record.
    code
        Why (a :class:`NetworkCode`; the stress contract adds its own codes).
    ref
        The offending ids: an item id, a site id, ``(parent, child)``, ``(item, site)``,
        or the cycle's items in order (closed: the first id again at the end).
    record
        Which kind of record: ``"item"``, ``"site"``, ``"bom_line"``, ``"sourcing"``, ...
    field
        The record's field the refusal is about (``"inventory"``, ``"qty_per_unit"``, ...),
        ``""`` when it is about the record as a whole.
    value
        The refused value (the unknown id for a reference, the number for a number).
    reason
        For a refused number: ``"negative"``, ``"not_positive"``, ``"not_finite"``,
        ``"not_a_number"``, ``"missing"`` or ``"too_large"``.
    """

    def __init__(
        self,
        message: str,
        *,
        code: StrEnum,
        ref: tuple[str, ...] = (),
        record: Record = "data",
        field: str = "",
        value: Any = None,
        reason: Reason = "",
    ) -> None:
        super().__init__(message)
        self.code = code
        self.ref = ref
        self.record = record
        self.field = field
        self.value = value
        self.reason = reason


class NetworkWarning(UserWarning):
    """Data the engine analyses but that probably is not what the user meant."""
