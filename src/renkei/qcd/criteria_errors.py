"""The engine's refusals of scorecard criteria, as the user's ValidationError.

:class:`renkei.engines.qcd.Criteria` refuses invalid criteria with a coded
:class:`~renkei.engines.qcd.CriteriaError` (a :class:`~renkei.engines.qcd.CriteriaCode`, the
criteria field and the values it names). :func:`criteria_error` maps the code to a
translatable message and the field to the model's, so the engine stays the one place that
decides what is valid and the platform the one place that says it in Japanese. The engine's
code is the ValidationError's code.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

from renkei.engines.qcd import CriteriaCode, CriteriaError

BAND_LABELS = ("S", "A", "B", "C")

MESSAGES: dict[CriteriaCode, Any] = {
    CriteriaCode.NOT_A_NUMBER: _("This must be a number. Got: %(value)s"),
    CriteriaCode.NEGATIVE_WEIGHT: _("A weight cannot be negative. Got: %(value)s"),
    CriteriaCode.WEIGHTS_ALL_ZERO: _("Give at least one criterion a weight above zero."),
    CriteriaCode.PPM_AT_ZERO_NOT_POSITIVE: _(
        "The defect rate that scores zero must be greater than 0 ppm."
    ),
    CriteriaCode.INVALID_PPM_SCALE: _("Choose a linear or a logarithmic scale."),
    CriteriaCode.NEGATIVE_LEAD_TIME: _("The target lead time cannot be negative."),
    CriteriaCode.LEAD_TIME_AT_ZERO_NOT_ABOVE_TARGET: _(
        "The lead time that scores zero must be longer than the target lead time."
    ),
    CriteriaCode.INVALID_LOWEST_BAND: _("The lowest band needs a name."),
    CriteriaCode.INVALID_BANDS: _("Each band needs a name and a threshold."),
    CriteriaCode.INVALID_BAND_LABEL: _("Each band needs a name of its own."),
    CriteriaCode.BAND_THRESHOLD_OUT_OF_RANGE: _("Band thresholds must be between 0 and 100."),
    CriteriaCode.BANDS_NOT_DECREASING: _(
        "Band thresholds must fall from S to C (S above A above B above C)."
    ),
    CriteriaCode.TREND_MONTHS_NOT_INTEGER: _(
        "The trend's number of months must be a whole number. Got: %(value)s"
    ),
    CriteriaCode.TREND_MONTHS_TOO_FEW: _("The trend needs at least 3 months."),
}
# Criteria fields that are not one model field: the weights together, the lowest band's name.
_NOT_A_MODEL_FIELD = ("weights", "lowest_band")


def _model_field(error: CriteriaError) -> str:
    """The :class:`~renkei.qcd.models.ScorecardCriteria` field the refusal is about."""
    if error.field == "bands":
        label = error.params.get("band")
        return f"band_{label.lower()}" if label in BAND_LABELS else f"band_{BAND_LABELS[0].lower()}"
    if error.field in _NOT_A_MODEL_FIELD:
        return NON_FIELD_ERRORS
    return error.field


def criteria_error(error: CriteriaError) -> tuple[str, str, Any, dict[str, Any]]:
    """``(model field, code, message, params)`` for the engine's refusal ``error``."""
    params = {"value": error.params["value"]} if "value" in error.params else {}
    return _model_field(error), str(error.code), MESSAGES[error.code], params
