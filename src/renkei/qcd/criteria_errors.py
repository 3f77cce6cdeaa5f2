"""The engine's refusals of scorecard criteria, as the user's ValidationError.

:class:`renkei.engines.qcd.scorecard.Criteria` refuses invalid criteria with an English
``ValueError``, one sentence per rule. :func:`criteria_error` maps each rule to the model field
it is about, a stable code and a translatable message, so the engine stays the one place
that decides what is valid.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS
from django.utils.translation import gettext_lazy as _

BAND_LABELS = ("S", "A", "B", "C")

_RULES: tuple[tuple[str, str, str, Any], ...] = (
    (
        "weights must not all be zero",
        NON_FIELD_ERRORS,
        "weights_all_zero",
        _("Give at least one criterion a weight above zero."),
    ),
    (
        "ppm_at_zero must be > 0",
        "ppm_at_zero",
        "ppm_at_zero_not_positive",
        _("The defect rate that scores zero must be greater than 0 ppm."),
    ),
    (
        "ppm_scale must be one of",
        "ppm_scale",
        "invalid_ppm_scale",
        _("Choose a linear or a logarithmic scale."),
    ),
    (
        "lead_time_target_days must be >= 0",
        "lead_time_target_days",
        "negative_lead_time",
        _("The target lead time cannot be negative."),
    ),
    (
        "lead_time_at_zero_days must be >",
        "lead_time_at_zero_days",
        "lead_time_at_zero_not_above_target",
        _("The lead time that scores zero must be longer than the target lead time."),
    ),
    (
        "trend_months must be >= 3",
        "trend_months",
        "trend_months_too_few",
        _("The trend needs at least 3 months."),
    ),
)


def _band_field(bands: Sequence[tuple[str, Any]], message: str) -> str:
    """The field of the band the engine refused (the first out of order or out of range)."""
    named = re.match(r"threshold of band (\w+)", message)
    if named and named.group(1) in BAND_LABELS:
        return f"band_{named.group(1).lower()}"
    previous = None
    for label, value in bands:
        if previous is not None and value >= previous:
            return f"band_{label.lower()}"
        previous = value
    return f"band_{BAND_LABELS[0].lower()}"


def criteria_error(
    message: str, bands: Sequence[tuple[str, Any]]
) -> tuple[str, str, Any, dict[str, Any]]:
    """``(field, code, message, params)`` for the engine's refusal ``message``.

    ``bands`` are the ``(label, threshold)`` pairs that were refused with it, best first.
    Anything unforeseen keeps the engine's text under the code ``invalid_criteria``.
    """
    weight = re.match(r"weight_(\w+) must be >= 0\. Got: (.+)$", message)
    if weight:
        return (
            f"weight_{weight.group(1)}",
            "negative_weight",
            _("A weight cannot be negative. Got: %(value)s"),
            {"value": weight.group(2)},
        )
    if message.startswith("threshold of band"):
        return (
            _band_field(bands, message),
            "band_threshold_out_of_range",
            _("Band thresholds must be between 0 and 100."),
            {},
        )
    if message.startswith("band thresholds must be strictly decreasing"):
        return (
            _band_field(bands, message),
            "bands_not_decreasing",
            _("Band thresholds must fall from S to C (S above A above B above C)."),
            {},
        )
    for prefix, field, code, text in _RULES:
        if message.startswith(prefix):
            return field, code, text, {}
    return (
        NON_FIELD_ERRORS,
        "invalid_criteria",
        _("These criteria cannot be used: %(reason)s"),
        {"reason": message},
    )
