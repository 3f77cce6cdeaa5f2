"""A buyer's weighted criteria over the QCD figures (:class:`Criteria`), validated on creation.

Invalid criteria raise :class:`~renkei.engines.qcd.errors.CriteriaError` with a stable code; the
scales are described in :mod:`renkei.engines.qcd.scorecard`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

from .errors import CriteriaCode, CriteriaError

# Criterion name -> the QcdRow figure it scores.
CRITERIA: dict[str, str] = {
    "otd_qty": "otd_qty",
    "otif_lines": "otif_lines",
    "defect_ppm": "defect_ppm",
    "lead_time": "lead_time_days_median",
}
PPM_SCALES = ("linear", "log")
DEFAULT_BANDS: tuple[tuple[str, float], ...] = (("S", 90.0), ("A", 80.0), ("B", 70.0), ("C", 60.0))


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
