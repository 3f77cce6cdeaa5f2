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

from .errors import CriteriaCode, CriteriaError
from .result import ALL_MONTHS, QcdRow

# Criterion name -> the QcdRow figure it scores.
CRITERIA: dict[str, str] = {
    "otd_qty": "otd_qty",
    "otif_lines": "otif_lines",
    "defect_ppm": "defect_ppm",
    "lead_time": "lead_time_days_median",
}
PPM_SCALES = ("linear", "log")
DEFAULT_BANDS: tuple[tuple[str, float], ...] = (("S", 90.0), ("A", 80.0), ("B", 70.0), ("C", 60.0))
# Fewer firms than this and the quartiles would come close to naming individual figures.
MIN_CLUSTER_FIRMS = 5
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _check_finite(name: str, value: object) -> float:
    if not _is_number(value) or not math.isfinite(float(value)):  # type: ignore[arg-type]
        raise ValueError(f"{name} must be a finite number. Got: {value!r}")
    return float(value)  # type: ignore[arg-type]


def _criteria_number(name: str, value: object, *, field: str, **params: Any) -> float:
    """``value`` as a float, else the coded refusal of criteria field ``field``."""
    try:
        return _check_finite(name, value)
    except ValueError as error:
        raise CriteriaError(
            CriteriaCode.NOT_A_NUMBER, str(error), field=field, value=value, **params
        ) from None


@dataclass(frozen=True)
class Criteria:
    """A buyer's weighted criteria over the QCD figures.

    Parameters
    ----------
    weight_otd_qty, weight_otif_lines, weight_defect_ppm, weight_lead_time : float
        Relative weights, >= 0 and not all zero; they are normalised to sum to 1 (see
        :attr:`weights`). Defaults: quality 40 % (defect_ppm), delivery 40 % (otd_qty 20 %,
        otif_lines 20 %), lead time 20 %.
    ppm_at_zero : float
        The defect rate (ppm) that scores 0 points; > 0. Default 10,000 (1 %).
    ppm_scale : {"linear", "log"}
        How ppm between 0 and ``ppm_at_zero`` turns into points (module docstring).
    lead_time_target_days : float
        A median lead time at or below this scores 100 points; >= 0.
    lead_time_at_zero_days : float
        A median lead time at or above this scores 0 points; > ``lead_time_target_days``.
    bands : tuple of (label, threshold)
        Bands from the best down, thresholds strictly decreasing in [0, 100]: a score gets the
        first label whose threshold it reaches. Default S >= 90, A >= 80, B >= 70, C >= 60.
    lowest_band : str
        The band of a score below every threshold. Default ``"D"``.
    trend_months : int
        N: the trend is the least-squares slope over the last N scored months; >= 3.
    """

    weight_otd_qty: float = 0.2
    weight_otif_lines: float = 0.2
    weight_defect_ppm: float = 0.4
    weight_lead_time: float = 0.2
    ppm_at_zero: float = 10_000.0
    ppm_scale: Literal["linear", "log"] = "linear"
    lead_time_target_days: float = 14.0
    lead_time_at_zero_days: float = 28.0
    bands: tuple[tuple[str, float], ...] = DEFAULT_BANDS
    lowest_band: str = "D"
    trend_months: int = 6

    def __post_init__(self) -> None:
        raw = self._raw_weights()
        for name, value in raw.items():
            field = f"weight_{name}"
            if _criteria_number(field, value, field=field) < 0:
                raise CriteriaError(
                    CriteriaCode.NEGATIVE_WEIGHT,
                    f"{field} must be >= 0. Got: {value!r}",
                    field=field,
                    value=value,
                )
        if sum(raw.values()) <= 0:
            raise CriteriaError(
                CriteriaCode.WEIGHTS_ALL_ZERO,
                f"weights must not all be zero. Got: {raw}",
                field="weights",
            )
        if _criteria_number("ppm_at_zero", self.ppm_at_zero, field="ppm_at_zero") <= 0:
            raise CriteriaError(
                CriteriaCode.PPM_AT_ZERO_NOT_POSITIVE,
                f"ppm_at_zero must be > 0. Got: {self.ppm_at_zero!r}",
                field="ppm_at_zero",
                value=self.ppm_at_zero,
            )
        if self.ppm_scale not in PPM_SCALES:
            raise CriteriaError(
                CriteriaCode.INVALID_PPM_SCALE,
                f"ppm_scale must be one of {PPM_SCALES}. Got: {self.ppm_scale!r}",
                field="ppm_scale",
                value=self.ppm_scale,
            )
        target = _criteria_number(
            "lead_time_target_days", self.lead_time_target_days, field="lead_time_target_days"
        )
        if target < 0:
            raise CriteriaError(
                CriteriaCode.NEGATIVE_LEAD_TIME,
                f"lead_time_target_days must be >= 0. Got: {target!r}",
                field="lead_time_target_days",
                value=target,
            )
        at_zero = _criteria_number(
            "lead_time_at_zero_days", self.lead_time_at_zero_days, field="lead_time_at_zero_days"
        )
        if at_zero <= target:
            raise CriteriaError(
                CriteriaCode.LEAD_TIME_AT_ZERO_NOT_ABOVE_TARGET,
                f"lead_time_at_zero_days must be > lead_time_target_days ({target}). "
                f"Got: {at_zero!r}",
                field="lead_time_at_zero_days",
                value=at_zero,
                target=target,
            )
        self._check_bands()
        if not isinstance(self.trend_months, int) or isinstance(self.trend_months, bool):
            raise CriteriaError(
                CriteriaCode.TREND_MONTHS_NOT_INTEGER,
                f"trend_months must be an integer. Got: {self.trend_months!r}",
                field="trend_months",
                value=self.trend_months,
            )
        if self.trend_months < 3:
            raise CriteriaError(
                CriteriaCode.TREND_MONTHS_TOO_FEW,
                f"trend_months must be >= 3. Got: {self.trend_months}",
                field="trend_months",
                value=self.trend_months,
            )

    def _check_bands(self) -> None:
        if not isinstance(self.lowest_band, str) or not self.lowest_band:
            raise CriteriaError(
                CriteriaCode.INVALID_LOWEST_BAND,
                f"lowest_band must be a non-empty string. Got: {self.lowest_band!r}",
                field="lowest_band",
                value=self.lowest_band,
            )
        if not isinstance(self.bands, tuple):
            raise CriteriaError(
                CriteriaCode.INVALID_BANDS,
                f"bands must be a tuple of (label, threshold). Got: {self.bands!r}",
                field="bands",
            )
        labels = [self.lowest_band]
        previous = math.inf
        for band in self.bands:
            if not (isinstance(band, tuple) and len(band) == 2):
                raise CriteriaError(
                    CriteriaCode.INVALID_BANDS,
                    f"each band must be a (label, threshold) pair. Got: {band!r}",
                    field="bands",
                )
            label, threshold = band
            if not isinstance(label, str) or not label or label in labels:
                raise CriteriaError(
                    CriteriaCode.INVALID_BAND_LABEL,
                    f"band labels must be distinct non-empty strings. Got: {label!r}",
                    field="bands",
                    band=label,
                )
            labels.append(label)
            value = _criteria_number(
                f"threshold of band {label}", threshold, field="bands", band=label
            )
            if not 0 <= value <= 100:
                raise CriteriaError(
                    CriteriaCode.BAND_THRESHOLD_OUT_OF_RANGE,
                    f"threshold of band {label} must be between 0 and 100. Got: {threshold!r}",
                    field="bands",
                    band=label,
                    value=value,
                )
            if value >= previous:
                raise CriteriaError(
                    CriteriaCode.BANDS_NOT_DECREASING,
                    f"band thresholds must be strictly decreasing. Got: {threshold!r} "
                    f"after {previous!r}",
                    field="bands",
                    band=label,
                    value=value,
                    previous=previous,
                )
            previous = value

    def _raw_weights(self) -> dict[str, float]:
        return {
            "otd_qty": self.weight_otd_qty,
            "otif_lines": self.weight_otif_lines,
            "defect_ppm": self.weight_defect_ppm,
            "lead_time": self.weight_lead_time,
        }

    @property
    def weights(self) -> dict[str, float]:
        """The weights normalised to sum to 1, keyed by criterion name."""
        raw = {name: float(value) for name, value in self._raw_weights().items()}
        total = math.fsum(raw.values())
        return {name: value / total for name, value in raw.items()}

    def points(self, criterion: str, value: float) -> float:
        """The points (0–100) of one figure under these criteria."""
        if criterion in ("otd_qty", "otif_lines"):
            points = 100.0 * value
        elif criterion == "defect_ppm":
            if self.ppm_scale == "linear":
                points = 100.0 * (1.0 - value / self.ppm_at_zero)
            else:
                points = 100.0 * (
                    1.0 - math.log10(1.0 + value) / math.log10(1.0 + self.ppm_at_zero)
                )
        elif criterion == "lead_time":
            target, at_zero = self.lead_time_target_days, self.lead_time_at_zero_days
            points = 100.0 * (at_zero - value) / (at_zero - target)
        else:
            raise ValueError(f"criterion must be one of {tuple(CRITERIA)}. Got: {criterion!r}")
        return min(100.0, max(0.0, points))

    def band(self, score: float) -> str:
        """The band of a score (first threshold reached, from the best down)."""
        for label, threshold in self.bands:
            if score >= threshold:
                return label
        return self.lowest_band


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
