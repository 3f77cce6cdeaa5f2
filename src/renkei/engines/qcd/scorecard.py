"""Supplier scorecards over the QCD figures, and a firm's standing in its cluster.

A buyer weighs four figures of :class:`~renkei.engines.qcd.QcdRow` (:class:`Criteria`) and gets
a score 0–100, a band (S/A/B/C/D) and a trend per supplier and month (:func:`score`).
:func:`cluster_bands` tells one firm where it stands against the median and quartiles of the
firms sharing a process, without anything about the other firms.

Scales (figure -> points 0–100)
-------------------------------
- ``otd_qty``, ``otif_lines``: rate × 100 (0.962 -> 96.2 points).
- ``defect_ppm``: 0 ppm = 100 points, ``ppm_at_zero`` (default 10,000 ppm = 1 %) or more = 0.
  **Linear by default** (``ppm_scale="linear"``): 100 × (1 − ppm / ppm_at_zero), so "every
  100 ppm costs one point" and 1,000 ppm (0.1 %) still scores 90 — easy to explain to a buyer
  and to check by hand. ``ppm_scale="log"`` uses 100 × (1 − log10(1 + ppm) / log10(1 +
  ppm_at_zero)) instead, which spreads out the good end (10 ppm vs 100 ppm) for clusters where
  every firm is far below 1,000 ppm.
- ``lead_time_days_median``: 100 points at or below ``lead_time_target_days`` (default 14),
  0 at or above ``lead_time_at_zero_days`` (default 28, twice the target), linear between.

Null figures ("no data")
------------------------
A null figure's weight is dropped and the remaining weights renormalised: a month with only
receipts (nothing due) is scored on ``defect_ppm`` alone. A month where every weighted figure
is null gets score ``None`` and band ``None`` — never 100, never 0 — and stays out of the trend.
:attr:`SupplierMonthScore.coverage` says which share of the buyer's weights the score rests on.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from .criteria import CRITERIA, DEFAULT_BANDS, PPM_SCALES, Criteria, _check_finite
from .result import ALL_MONTHS, QcdRow

__all__ = [
    "CRITERIA",
    "DEFAULT_BANDS",
    "MIN_CLUSTER_FIRMS",
    "PPM_SCALES",
    "ClusterStanding",
    "ClusterSummary",
    "Criteria",
    "SupplierMonthScore",
    "cluster_bands",
    "cluster_summary",
    "score",
]

# Fewer firms than this and the quartiles would come close to naming individual figures.
MIN_CLUSTER_FIRMS = 5
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class SupplierMonthScore:
    """The score of one supplier in one month (``"YYYY-MM"``) or over all months (``"all"``).

    Attributes
    ----------
    score : float or None
        0–100 over the non-null figures; ``None`` = no data (every weighted figure null).
    band : str or None
        The band of ``score``; ``None`` with no data.
    points : dict
        Points per criterion (``None`` where the figure is null).
    weights : dict
        The weights the score used: the buyer's weights over the non-null figures,
        renormalised to sum to 1 (0 for a null figure); all 0 with no data.
    coverage : float
        The share (0–1) of the buyer's normalised weights that had data.
    trend : float or None
        Score points per month: the least-squares slope over the last ``trend_months`` scored
        months up to this month (over the latest ones for ``"all"``); ``None`` with fewer
        than 3 scored months or when this month has no data. Months are placed on a calendar
        axis, so a gap of a month without data counts as a month.
    """

    supplier_id: str
    month: str
    score: float | None
    band: str | None
    points: dict[str, float | None]
    weights: dict[str, float]
    coverage: float
    trend: float | None

    def to_json(self) -> dict[str, Any]:
        return {
            "supplier_id": self.supplier_id,
            "month": self.month,
            "score": self.score,
            "band": self.band,
            "points": dict(self.points),
            "weights": dict(self.weights),
            "coverage": self.coverage,
            "trend": self.trend,
        }


def _month_number(month: str, supplier_id: str) -> int | None:
    """Months since year 0 (for the trend axis); None for ``"all"``."""
    if month == ALL_MONTHS:
        return None
    match = _MONTH.match(month) if isinstance(month, str) else None
    if match is None:
        raise ValueError(
            f"month of supplier {supplier_id} must be 'YYYY-MM' or {ALL_MONTHS!r}. Got: {month!r}"
        )
    return int(match.group(1)) * 12 + int(match.group(2)) - 1


def _figure(row: QcdRow, criterion: str) -> float | None:
    name = CRITERIA[criterion]
    value = getattr(row, name)
    if value is None:
        return None
    where = f"{name} of {row.supplier_id} {row.month}"
    number = _check_finite(where, value)
    if criterion in ("otd_qty", "otif_lines") and not 0.0 <= number <= 1.0:
        raise ValueError(f"{where} must be between 0 and 1. Got: {value!r}")
    # A negative median lead time (goods received before the order date: shipped on a
    # forecast, 内示, before the order was written) is data the engine accepts; it scores as
    # a short lead time (clamped to 100 points), never as an error.
    if number < 0 and criterion != "lead_time":
        raise ValueError(f"{where} must be >= 0. Got: {value!r}")
    return number


def _score_row(
    row: QcdRow, criteria: Criteria
) -> tuple[float | None, dict[str, float | None], dict[str, float], float]:
    weights = criteria.weights
    points: dict[str, float | None] = {}
    for criterion in CRITERIA:
        value = _figure(row, criterion)
        points[criterion] = None if value is None else criteria.points(criterion, value)
    present = [name for name, p in points.items() if p is not None and weights[name] > 0]
    coverage = math.fsum(weights[name] for name in present)
    used = dict.fromkeys(CRITERIA, 0.0)
    if coverage <= 0:
        return None, points, used, 0.0
    for name in present:
        used[name] = weights[name] / coverage
    total = math.fsum(weights[name] * points[name] for name in present)  # type: ignore[operator]
    # Rounded at 1e-9 so that float noise (89.99999999999999) does not cost a band; rounding
    # and clamping are monotone, so a better figure still never lowers the score.
    value = round(min(100.0, max(0.0, total / coverage)), 9)
    return value, points, used, min(1.0, coverage)


def _slope(months: list[int], scores: list[float]) -> float | None:
    if len(months) < 3:
        return None
    x = np.asarray(months, dtype=np.float64)
    design = np.column_stack([x - x.mean(), np.ones_like(x)])
    coefficients = np.linalg.lstsq(design, np.asarray(scores, dtype=np.float64), rcond=None)[0]
    return float(coefficients[0])


def score(rows: Iterable[QcdRow], criteria: Criteria | None = None) -> list[SupplierMonthScore]:
    """Score every supplier in every month of ``rows`` (and ``"all"``) under ``criteria``.

    Parameters
    ----------
    rows : iterable of QcdRow
        Rows of :attr:`QcdResult.rows <renkei.engines.qcd.QcdResult.rows>` (any order, any
        suppliers); at most one row per supplier and month.
    criteria : Criteria, optional
        The buyer's criteria; default :class:`Criteria()`.

    Returns
    -------
    list of SupplierMonthScore
        Sorted by supplier_id, then month, ``"all"`` last — the order of the QCD result.

    Raises
    ------
    ValueError
        A duplicate (supplier, month), a month that is neither ``"YYYY-MM"`` nor ``"all"``,
        or a figure outside its range (rate outside [0, 1], negative ppm or lead time).
    """
    criteria = Criteria() if criteria is None else criteria
    by_supplier: dict[str, dict[str, QcdRow]] = {}
    for row in rows:
        months = by_supplier.setdefault(row.supplier_id, {})
        if row.month in months:
            raise ValueError(
                f"rows must hold one row per supplier and month. Got: {row.supplier_id} "
                f"{row.month} twice"
            )
        months[row.month] = row
    result: list[SupplierMonthScore] = []
    for supplier_id in sorted(by_supplier):
        months = by_supplier[supplier_id]
        numbered = {month: _month_number(month, supplier_id) for month in months}
        order = sorted(months, key=lambda m: (numbered[m] is None, numbered[m] or 0))
        scored_months: list[int] = []
        scored_values: list[float] = []
        for month in order:
            value, points, used, coverage = _score_row(months[month], criteria)
            number = numbered[month]
            trend = None
            if value is not None:
                if number is not None:
                    scored_months.append(number)
                    scored_values.append(value)
                n = criteria.trend_months
                # "all" comes last, so it sees every scored month: its trend is the latest one.
                trend = _slope(scored_months[-n:], scored_values[-n:])
            band = None if value is None else criteria.band(value)
            result.append(
                SupplierMonthScore(supplier_id, month, value, band, points, used, coverage, trend)
            )
    return result


def _present(values: Mapping[str, float | None], min_firms: int) -> dict[str, float]:
    """The firms with a value (checked finite), after checking ``min_firms``."""
    if not isinstance(min_firms, int) or isinstance(min_firms, bool):
        raise ValueError(f"min_firms must be an integer. Got: {min_firms!r}")
    if min_firms < MIN_CLUSTER_FIRMS:
        raise ValueError(f"min_firms must be >= {MIN_CLUSTER_FIRMS}. Got: {min_firms}")
    return {
        key: _check_finite(f"value of firm {key}", value)
        for key, value in values.items()
        if value is not None
    }


def _quartiles(array: Any) -> tuple[float, float, float]:
    q1, median, q3 = (float(v) for v in np.percentile(array, [25.0, 50.0, 75.0]))
    return q1, median, q3


@dataclass(frozen=True)
class ClusterSummary:
    """The median and quartiles of one figure over a group of firms — no firm at all.

    ``status`` is ``"too_few"`` (and the statistics ``None``) below ``min_firms`` firms with
    a value; ``n`` counts the firms with a value.
    """

    status: Literal["ok", "too_few"]
    n: int
    median: float | None = None
    q1: float | None = None
    q3: float | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "n": self.n,
            "median": self.median,
            "q1": self.q1,
            "q3": self.q3,
        }


def cluster_summary(
    values: Mapping[str, float | None], *, min_firms: int = MIN_CLUSTER_FIRMS
) -> ClusterSummary:
    """The median and quartiles of a group's figures, as :func:`cluster_bands` computes
    them, for a reader who is none of the firms (a coordinator's aggregates).

    ``None`` values are left out; below ``min_firms`` (at least :data:`MIN_CLUSTER_FIRMS`)
    firms with a value the statistics are withheld (``"too_few"``).
    """
    present = _present(values, min_firms)
    n = len(present)
    if n < min_firms:
        return ClusterSummary("too_few", n)
    q1, median, q3 = _quartiles(np.fromiter(present.values(), dtype=np.float64, count=n))
    return ClusterSummary("ok", n, median, q1, q3)


@dataclass(frozen=True)
class ClusterStanding:
    """Where one firm stands in its cluster on one figure — nothing about any other firm.

    Attributes
    ----------
    firm : str
        The firm asked about (the only id in the result).
    status : {"ok", "too_few", "no_data"}
        ``"too_few"``: fewer than ``min_firms`` firms with a value, the statistics are withheld
        so that no firm's figure can be inferred; ``"no_data"``: the firm has no value.
    n : int
        Firms with a value in the cluster (the firm included).
    value : float or None
        The firm's own figure.
    median, q1, q3 : float or None
        The cluster's quartiles (``numpy.percentile``, linear interpolation); ``None`` unless ok.
    quartile : int or None
        1 = the best quarter ... 4 = the worst, given ``higher_is_better``. A value exactly on
        a cut point gets the better quarter (all-equal clusters put everyone in quarter 1).
    percentile : float or None
        0–100, higher = better: the share of the cluster the firm does better than, ties
        counting half (``scipy.stats.percentileofscore(kind="mean")`` on the direction-adjusted
        values).
    higher_is_better : bool
    """

    firm: str
    status: Literal["ok", "too_few", "no_data"]
    n: int
    value: float | None
    median: float | None = None
    q1: float | None = None
    q3: float | None = None
    quartile: int | None = None
    percentile: float | None = None
    higher_is_better: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "firm": self.firm,
            "status": self.status,
            "n": self.n,
            "value": self.value,
            "median": self.median,
            "q1": self.q1,
            "q3": self.q3,
            "quartile": self.quartile,
            "percentile": self.percentile,
            "higher_is_better": self.higher_is_better,
        }


def cluster_bands(
    values: Mapping[str, float | None],
    *,
    firm: str,
    higher_is_better: bool = True,
    min_firms: int = MIN_CLUSTER_FIRMS,
) -> ClusterStanding:
    """The standing of ``firm`` against the median and quartiles of one process group.

    Parameters
    ----------
    values : mapping firm id -> figure
        One figure per firm of the group (e.g. each firm's all-time ``otd_qty``); ``None`` =
        no data, left out of the cluster.
    firm : str
        The firm whose standing is asked.
    higher_is_better : bool
        True for rates (otd_qty, otif_lines); False for defect_ppm and lead time.
    min_firms : int
        Below this many firms with a value the answer is ``"too_few"``; at least
        :data:`MIN_CLUSTER_FIRMS` (5) — a caller may be stricter, never looser.

    Returns
    -------
    ClusterStanding
        Aggregates and the firm's own position only; no other firm's id or value.
    """
    if not isinstance(firm, str) or not firm:
        raise ValueError(f"firm must be a non-empty string. Got: {firm!r}")
    present = _present(values, min_firms)
    n = len(present)
    own = present.get(firm)
    if own is None:
        return ClusterStanding(firm, "no_data", n, None, higher_is_better=higher_is_better)
    if n < min_firms:
        return ClusterStanding(firm, "too_few", n, own, higher_is_better=higher_is_better)
    array = np.fromiter(present.values(), dtype=np.float64, count=n)
    q1, median, q3 = _quartiles(array)
    if higher_is_better:
        quartile = 1 if own >= q3 else 2 if own >= median else 3 if own >= q1 else 4
        better_than, ties = int(np.sum(array < own)), int(np.sum(array == own))
    else:
        quartile = 1 if own <= q1 else 2 if own <= median else 3 if own <= q3 else 4
        better_than, ties = int(np.sum(array > own)), int(np.sum(array == own))
    percentile = 100.0 * (better_than + 0.5 * ties) / n
    return ClusterStanding(
        firm, "ok", n, own, median, q1, q3, quartile, percentile, higher_is_better
    )
