"""Every coded refusal of the QCD engine's criteria has a Japanese message on the platform,
keyed by its code (no reading of the engine's English)."""

from __future__ import annotations

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation

from renkei.engines.qcd import CriteriaCode, CriteriaError
from renkei.qcd import services
from renkei.qcd.criteria_errors import MESSAGES, criteria_error


def test_every_engine_code_has_a_japanese_message():
    assert set(MESSAGES) == set(CriteriaCode)
    for code, message in MESSAGES.items():
        with translation.override("en"):
            english = str(message)
        with translation.override("ja"):
            assert str(message) != english, f"{code} has no Japanese"


@pytest.mark.parametrize(
    ("error", "field"),
    [
        (CriteriaError(CriteriaCode.WEIGHTS_ALL_ZERO, "x", field="weights"), NON_FIELD_ERRORS),
        (
            CriteriaError(CriteriaCode.INVALID_LOWEST_BAND, "x", field="lowest_band"),
            NON_FIELD_ERRORS,
        ),
        (
            CriteriaError(CriteriaCode.BANDS_NOT_DECREASING, "x", field="bands", band="B"),
            "band_b",
        ),
        (CriteriaError(CriteriaCode.INVALID_BANDS, "x", field="bands"), "band_s"),
        (
            CriteriaError(CriteriaCode.NEGATIVE_WEIGHT, "x", field="weight_lead_time", value=-2),
            "weight_lead_time",
        ),
    ],
)
def test_the_engine_field_names_the_model_field(error, field):
    model_field, code, _message, _params = criteria_error(error)
    assert (model_field, code) == (field, error.code.value)


def test_the_message_names_the_refused_value_in_japanese(buyer):
    with translation.override("ja"), pytest.raises(ValidationError) as caught:
        services.scorecard_criteria_set(actor=buyer, buyer=buyer.organization, weight_otif_lines=-3)
    (error,) = caught.value.error_dict["weight_otif_lines"]
    assert error.code == "negative_weight"
    assert "-3" in error.messages[0] and "重み" in error.messages[0]
