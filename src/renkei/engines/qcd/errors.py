"""Coded refusals of scorecard criteria.

The engine has no Django and no gettext: it refuses a :class:`~renkei.engines.qcd.Criteria`
with a :class:`CriteriaError` that carries a stable :class:`CriteriaCode`, the criteria field
it is about and the values it names. The English sentence is for the CLI and logs; a caller
that speaks another language maps the code (the platform: ``renkei.qcd.criteria_errors``).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any


class CriteriaCode(StrEnum):
    """Why criteria were refused. The values are stable: callers key their messages on them."""

    NOT_A_NUMBER = "not_a_number"
    NEGATIVE_WEIGHT = "negative_weight"
    WEIGHTS_ALL_ZERO = "weights_all_zero"
    PPM_AT_ZERO_NOT_POSITIVE = "ppm_at_zero_not_positive"
    INVALID_PPM_SCALE = "invalid_ppm_scale"
    NEGATIVE_LEAD_TIME = "negative_lead_time"
    LEAD_TIME_AT_ZERO_NOT_ABOVE_TARGET = "lead_time_at_zero_not_above_target"
    INVALID_LOWEST_BAND = "invalid_lowest_band"
    INVALID_BANDS = "invalid_bands"
    INVALID_BAND_LABEL = "invalid_band_label"
    BAND_THRESHOLD_OUT_OF_RANGE = "band_threshold_out_of_range"
    BANDS_NOT_DECREASING = "bands_not_decreasing"
    TREND_MONTHS_NOT_INTEGER = "trend_months_not_integer"
    TREND_MONTHS_TOO_FEW = "trend_months_too_few"


class CriteriaError(ValueError):
    """Criteria the engine refuses.

    Attributes
    ----------
    code : CriteriaCode
        Why.
    field : str
        The :class:`~renkei.engines.qcd.Criteria` field it is about (``"weights"`` for the
        weights as a whole); for a band, ``"bands"`` with the band's label in ``params["band"]``.
    params : Mapping[str, Any]
        The values the refusal names (``value``, ``band``, ``previous``, ``target``).
    """

    def __init__(self, code: CriteriaCode, message: str, *, field: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.field = field
        self.params: Mapping[str, Any] = params
