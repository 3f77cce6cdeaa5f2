"""Agreed prices and their revisions (単価改定履歴).

The buyer keeps the price master: it alone records a revision (``price_revise``); the supplier
reads the prices agreed with it, nobody else sees them (``orders.permissions``). The price in
force on a day is the newest revision effective on or before it (:func:`agreed_price`);
``services.purchase_order_create`` takes it for a line given without a price.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from renkei.common.permissions import require
from renkei.common.writes import save_validated as _save
from renkei.orders.models import OrderLine, PriceRevision
from renkei.orders.permissions import can_act_for, price_revisions_visible_to
from renkei.registry.models import Organization
from renkei.supply.models import Item


def _subject(item: Item | None, description: str) -> dict[str, Any]:
    """The key of what is priced: the item, or (without one) the description."""
    if item is not None:
        return {"item": item, "description": ""}
    return {"item": None, "description": (description or "").strip()}


def revisions_of(
    buyer: Any, supplier: Any, item: Item | None = None, description: str = ""
) -> QuerySet[PriceRevision]:
    """Every revision of one buyer, supplier and item (or description), oldest first."""
    key = _subject(item, description)
    qs = PriceRevision.objects.filter(buyer=buyer, supplier=supplier)
    if key["item"] is not None:
        qs = qs.filter(item=key["item"])
    else:
        qs = qs.filter(item__isnull=True, description=key["description"])
    return qs.order_by("revision")


def same_key(revision: PriceRevision) -> QuerySet[PriceRevision]:
    return revisions_of(
        revision.buyer_id, revision.supplier_id, revision.item, revision.description
    )


def agreed_price(
    *,
    buyer: Any,
    supplier: Any,
    item: Item | None = None,
    description: str = "",
    on: dt.date,
) -> PriceRevision | None:
    """The revision in force on ``on``: the newest one effective on or before it."""
    return (
        revisions_of(buyer, supplier, item, description)
        .filter(effective_from__lte=on)
        .order_by("-effective_from", "-revision")
        .first()
    )


@transaction.atomic
def price_revise(
    *,
    actor: Any,
    buyer: Organization,
    supplier: Organization,
    unit_price: Any,
    effective_from: dt.date,
    item: Item | None = None,
    description: str = "",
    reason: str = "",
) -> PriceRevision:
    """Record a new agreed price from ``effective_from`` on, numbered after the last revision.

    Only people of the buyer may (the agreed price is the buyer's master). Refused: a negative
    price (``negative_price``), a date not after the latest revision's
    (``revision_out_of_order``), an item that is neither the buyer's nor the supplier's.
    """
    require(can_act_for(actor, buyer))
    price = Decimal(str(unit_price))
    if price < 0:
        raise ValidationError(
            {
                "unit_price": ValidationError(
                    _("A price cannot be negative. Got: %(value)s"),
                    code="negative_price",
                    params={"value": price},
                )
            }
        )
    if item is not None and item.owner_id not in (buyer.pk, supplier.pk):
        raise ValidationError(
            {"item": ValidationError(_("This item is not yours to price."), code="item_not_yours")}
        )
    key = _subject(item, description)
    # Lock the key's revisions so that two revisions at once cannot get the same number.
    existing = list(revisions_of(buyer, supplier, **key).select_for_update())
    latest = max(existing, key=lambda r: r.revision, default=None)
    if latest is not None and effective_from <= latest.effective_from:
        raise ValidationError(
            {
                "effective_from": ValidationError(
                    _(
                        "A revision must take effect after the latest one (revision "
                        "%(revision)s, from %(date)s)."
                    ),
                    code="revision_out_of_order",
                    params={"revision": latest.revision, "date": latest.effective_from},
                )
            }
        )
    return _save(
        PriceRevision(buyer=buyer, supplier=supplier),
        {
            **key,
            "revision": (latest.revision if latest else 0) + 1,
            "unit_price": price,
            "effective_from": effective_from,
            "reason": reason.strip(),
            "created_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
        actor=actor,
    )


# --- reads --------------------------------------------------------------------------------------


@dataclass
class PriceRow:
    """One buyer × supplier × item of the price list."""

    latest: PriceRevision
    current: PriceRevision  # in force today (the first one if all are still to come)
    count: int
    change: float | None  # the latest revision against the one before, as a fraction

    @property
    def upcoming(self) -> bool:
        return self.latest.pk != self.current.pk

    @property
    def change_percent(self) -> float | None:
        return None if self.change is None else 100 * self.change


def _change(new: Decimal, old: Decimal | None) -> float | None:
    if old is None or old == 0:
        return None
    return float((new - old) / old)


def price_list(user: Any, *, today: dt.date) -> list[PriceRow]:
    """Every price key the user may see, with its current price and last change."""
    keys: dict[tuple[int, int, int | None, str], list[PriceRevision]] = {}
    revisions = price_revisions_visible_to(user).select_related("buyer", "supplier", "item")
    for rev in revisions.order_by("buyer_id", "supplier_id", "item_id", "description", "revision"):
        keys.setdefault((rev.buyer_id, rev.supplier_id, rev.item_id, rev.description), []).append(
            rev
        )
    rows = []
    for history in keys.values():
        in_force = [r for r in history if r.effective_from <= today]
        previous = history[-2].unit_price if len(history) > 1 else None
        rows.append(
            PriceRow(
                latest=history[-1],
                current=in_force[-1] if in_force else history[0],
                count=len(history),
                change=_change(history[-1].unit_price, previous),
            )
        )
    return sorted(
        rows,
        key=lambda r: (r.latest.buyer.name, r.latest.supplier.name, r.latest.subject),
    )


@dataclass
class HistoryRow:
    revision: PriceRevision
    change_yen: Decimal | None
    change: float | None

    @property
    def change_percent(self) -> float | None:
        return None if self.change is None else 100 * self.change


def price_history(revision: PriceRevision) -> list[HistoryRow]:
    rows = []
    previous: Decimal | None = None
    for rev in same_key(revision).select_related("created_by"):
        rows.append(
            HistoryRow(
                revision=rev,
                change_yen=None if previous is None else rev.unit_price - previous,
                change=_change(rev.unit_price, previous),
            )
        )
        previous = rev.unit_price
    return rows


def ordered_prices(revision: PriceRevision) -> QuerySet[OrderLine]:
    """The order lines of the key's buyer, supplier and item: the prices actually paid."""
    lines = OrderLine.objects.filter(
        po__buyer_id=revision.buyer_id, po__supplier_id=revision.supplier_id
    )
    if revision.item_id is not None:
        lines = lines.filter(item_id=revision.item_id)
    else:
        lines = lines.filter(item__isnull=True, description=revision.description)
    return lines.select_related("po").order_by("po__order_date", "pk")


def _revision_label(revision: PriceRevision) -> str:
    """The hover text of a step of the chart: the revision number and its reason."""
    label = gettext("Revision %(number)s") % {"number": revision.revision}
    return f"{label} {revision.reason}".strip()


def price_chart(revision: PriceRevision, *, today: dt.date) -> dict[str, Any]:
    """The data of the step chart: the agreed price over time and the ordered prices as dots."""
    history = list(same_key(revision))
    lines = list(ordered_prices(revision))
    end = max([today, *(ln.po.order_date for ln in lines), *(r.effective_from for r in history)])
    return {
        "agreed": {
            "x": [r.effective_from.isoformat() for r in history] + [end.isoformat()],
            "y": [float(r.unit_price) for r in history] + [float(history[-1].unit_price)],
            "text": [_revision_label(r) for r in history] + [""],
        },
        "ordered": {
            "x": [ln.po.order_date.isoformat() for ln in lines],
            "y": [float(ln.unit_price) for ln in lines],
            "text": [f"{ln.po.number}-{ln.line_no}" for ln in lines],
        },
    }
