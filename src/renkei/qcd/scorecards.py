"""A buying firm's supplier scorecards, as the pages and the Excel export show them.

Scores are the engine's (:func:`renkei.qcd.adapters.supplier_scores`) over the firm's own
purchase orders; this module only arranges them per supplier and calendar month. A month
without data stays "no data" (score ``None``), never a score.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.http import Http404

from renkei.engines.qcd import ALL_MONTHS, Criteria, QcdRow, SupplierMonthScore
from renkei.orders.models import PurchaseOrder
from renkei.qcd.adapters import buyer_criteria, buyer_qcd, supplier_scores
from renkei.registry.models import Organization

# A trend within ± this many points per month is shown as flat (→).
TREND_TOLERANCE = 0.5
STRIP_MONTHS = 12
DETAIL_MONTHS = 24
CRITERIA_ORDER = ("otd_qty", "otif_lines", "defect_ppm", "lead_time")


def months_back(as_of: dt.date, count: int) -> list[str]:
    """The ``count`` calendar months up to the month of ``as_of``, oldest first."""
    last = as_of.year * 12 + as_of.month - 1
    return [f"{m // 12:04d}-{m % 12 + 1:02d}" for m in range(last - count + 1, last + 1)]


def band_ranges(criteria: Criteria) -> list[dict[str, Any]]:
    """The bands with their score ranges, best first (the legends and the charts)."""
    out, upper = [], 100.0
    for label, threshold in criteria.bands:
        out.append({"label": label, "low": threshold, "high": upper})
        upper = threshold
    out.append({"label": criteria.lowest_band, "low": 0.0, "high": upper})
    return out


def trend_arrow(trend: float | None) -> str:
    if trend is None:
        return ""
    if trend > TREND_TOLERANCE:
        return "↗"
    if trend < -TREND_TOLERANCE:
        return "↘"
    return "→"


@dataclass
class SupplierScorecard:
    """One supplier on the firm's scorecard."""

    supplier: Organization
    months: dict[str, SupplierMonthScore] = field(default_factory=dict)
    figures: dict[str, QcdRow] = field(default_factory=dict)
    overall: SupplierMonthScore | None = None
    latest: SupplierMonthScore | None = None
    strip: list[dict[str, Any]] = field(default_factory=list)

    @property
    def arrow(self) -> str:
        return trend_arrow(self.latest.trend if self.latest else None)


def suppliers_of(buyer: Organization) -> list[Organization]:
    """The suppliers the firm has ever placed a purchase order with."""
    ids = PurchaseOrder.objects.filter(buyer=buyer).values("supplier_id")
    return list(Organization.objects.filter(pk__in=ids).order_by("name_kana", "name", "pk"))


def scorecards(
    buyer: Organization, *, as_of: dt.date, supplier: Organization | None = None
) -> tuple[list[SupplierScorecard], Criteria]:
    """The firm's scorecard of each supplier it ordered from (or of ``supplier`` only)."""
    criteria = buyer_criteria(buyer)
    figures = buyer_qcd(buyer, as_of=as_of)
    scores = supplier_scores(buyer, as_of=as_of, criteria=criteria, figures=figures)
    suppliers = [supplier] if supplier is not None else suppliers_of(buyer)
    cards = {str(s.pk): SupplierScorecard(s) for s in suppliers}
    for row in figures.rows:
        if row.supplier_id in cards:
            cards[row.supplier_id].figures[row.month] = row
    for result in scores:
        card = cards.get(result.supplier_id)
        if card is None:
            continue
        if result.month == ALL_MONTHS:
            card.overall = result
        else:
            card.months[result.month] = result
            if result.score is not None:
                card.latest = result  # months come in order: the last scored one wins
    strip = months_back(as_of, STRIP_MONTHS)
    for card in cards.values():
        card.strip = [
            {"month": m, "band": card.months[m].band if m in card.months else None} for m in strip
        ]
    return list(cards.values()), criteria


def scorecard_for(
    buyer: Organization, supplier_id: int, *, as_of: dt.date
) -> tuple[SupplierScorecard, Criteria]:
    """One supplier's scorecard; ``Http404`` if the firm never ordered from it."""
    # The organisation first (a pk lookup is safe for any number; a foreign key's is not).
    supplier = Organization.objects.filter(pk=supplier_id).first()
    if (
        supplier is None
        or not PurchaseOrder.objects.filter(buyer=buyer, supplier=supplier).exists()
    ):
        raise Http404
    cards, criteria = scorecards(buyer, as_of=as_of, supplier=supplier)
    return cards[0], criteria


def month_rows(card: SupplierScorecard, months: list[str]) -> list[dict[str, Any]]:
    """Per month (newest first): the score (``None`` = no data), the figures and points."""
    rows = []
    for month in [*reversed(months), ALL_MONTHS]:
        result = card.months.get(month) if month != ALL_MONTHS else card.overall
        figures = card.figures.get(month)
        rows.append(
            {
                "month": month,
                "score": result,
                "figures": figures,
                "points": [
                    None if result is None else result.points.get(name) for name in CRITERIA_ORDER
                ],
            }
        )
    return rows


def sort_cards(cards: list[SupplierScorecard], order: str) -> list[SupplierScorecard]:
    """``score`` (best first) / ``-score`` (worst first); no data last; else by name."""

    def value(card: SupplierScorecard) -> float | None:
        return card.latest.score if card.latest else None

    if order not in ("score", "-score"):
        return cards
    scored = [c for c in cards if value(c) is not None]
    rest = [c for c in cards if value(c) is None]
    scored.sort(key=lambda c: value(c) or 0.0, reverse=order == "score")
    return scored + rest
