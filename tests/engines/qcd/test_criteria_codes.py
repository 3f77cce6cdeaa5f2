"""The engine refuses scorecard criteria with a coded error: a stable code, the criteria field
it is about and the values it names, so a caller maps it to its own language without reading
the English message."""

from __future__ import annotations

import pytest

from renkei.engines.qcd import Criteria, CriteriaCode, CriteriaError

ZERO_WEIGHTS = {
    "weight_otd_qty": 0,
    "weight_otif_lines": 0,
    "weight_defect_ppm": 0,
    "weight_lead_time": 0,
}


@pytest.mark.parametrize(
    ("kwargs", "code", "field", "params"),
    [
        ({"weight_otd_qty": -1.0}, CriteriaCode.NEGATIVE_WEIGHT, "weight_otd_qty", {"value": -1.0}),
        ({"weight_lead_time": float("nan")}, CriteriaCode.NOT_A_NUMBER, "weight_lead_time", {}),
        ({"weight_defect_ppm": "0.4"}, CriteriaCode.NOT_A_NUMBER, "weight_defect_ppm", {}),
        (ZERO_WEIGHTS, CriteriaCode.WEIGHTS_ALL_ZERO, "weights", {}),
        ({"ppm_at_zero": 0}, CriteriaCode.PPM_AT_ZERO_NOT_POSITIVE, "ppm_at_zero", {"value": 0}),
        ({"ppm_scale": "sqrt"}, CriteriaCode.INVALID_PPM_SCALE, "ppm_scale", {"value": "sqrt"}),
        (
            {"lead_time_target_days": -1.0},
            CriteriaCode.NEGATIVE_LEAD_TIME,
            "lead_time_target_days",
            {"value": -1.0},
        ),
        (
            {"lead_time_at_zero_days": 14.0},
            CriteriaCode.LEAD_TIME_AT_ZERO_NOT_ABOVE_TARGET,
            "lead_time_at_zero_days",
            {"value": 14.0, "target": 14.0},
        ),
        (
            {"bands": (("S", 90.0), ("A", 95.0))},
            CriteriaCode.BANDS_NOT_DECREASING,
            "bands",
            {"band": "A", "value": 95.0, "previous": 90.0},
        ),
        (
            {"bands": (("S", 120.0),)},
            CriteriaCode.BAND_THRESHOLD_OUT_OF_RANGE,
            "bands",
            {"band": "S", "value": 120.0},
        ),
        (
            {"bands": (("S", 90.0), ("A", float("inf")))},
            CriteriaCode.NOT_A_NUMBER,
            "bands",
            {"band": "A"},
        ),
        (
            {"bands": (("S", 90.0), ("S", 80.0))},
            CriteriaCode.INVALID_BAND_LABEL,
            "bands",
            {"band": "S"},
        ),
        ({"bands": [("S", 90.0)]}, CriteriaCode.INVALID_BANDS, "bands", {}),
        ({"bands": (("S",),)}, CriteriaCode.INVALID_BANDS, "bands", {}),
        ({"lowest_band": ""}, CriteriaCode.INVALID_LOWEST_BAND, "lowest_band", {}),
        ({"trend_months": 2}, CriteriaCode.TREND_MONTHS_TOO_FEW, "trend_months", {"value": 2}),
        (
            {"trend_months": 3.5},
            CriteriaCode.TREND_MONTHS_NOT_INTEGER,
            "trend_months",
            {"value": 3.5},
        ),
    ],
)
def test_every_refusal_has_a_code_a_field_and_its_values(kwargs, code, field, params):
    with pytest.raises(CriteriaError) as refused:
        Criteria(**kwargs)
    error = refused.value
    assert error.code is code
    assert error.field == field
    assert params.items() <= error.params.items()
    # Still a ValueError with the English sentence, for the CLI and any caller that only
    # wants a message.
    assert isinstance(error, ValueError)
    assert str(error)


def test_the_codes_are_stable_strings():
    assert CriteriaCode.BANDS_NOT_DECREASING == "bands_not_decreasing"
    assert all(code.value == code.name.lower() for code in CriteriaCode)
