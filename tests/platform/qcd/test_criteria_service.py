"""The criteria service takes each criterion as a typed keyword argument, not a dict."""

from __future__ import annotations

import inspect

import pytest

from renkei.qcd import services
from renkei.qcd.models import CRITERIA_FIELDS


def test_the_service_takes_exactly_the_criteria_fields_as_keywords():
    parameters = inspect.signature(services.scorecard_criteria_set).parameters
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in parameters.values())
    assert set(parameters) - {"actor", "buyer", "reset"} == set(CRITERIA_FIELDS)


def test_an_unknown_criterion_is_a_type_error(buyer):
    with pytest.raises(TypeError):
        services.scorecard_criteria_set(actor=buyer, buyer=buyer.organization, weight_price=10)
