"""The engines' refusals reach the user by their code, in Japanese, never by their English."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from renkei.engines.network import NetworkCode, NetworkDataError
from renkei.engines.stress import StressCode
from renkei.supply.engine_errors import MESSAGES, network_error_message
from renkei.supply.models import SourcingStatus
from tests.factories import SourcingFactory


@pytest.mark.parametrize("code", [*NetworkCode, *StressCode])
def test_every_code_has_a_japanese_message(code):
    assert code in MESSAGES
    error = NetworkDataError("English for the log", code=code, ref=("I1", "S2"), value=3)
    with translation.override("en"):
        english = network_error_message(error)
    with translation.override("ja"):
        japanese = network_error_message(error, {"I1": "A 部品A"})
    assert japanese != english and "English" not in japanese
    assert not any("a" <= ch <= "z" for ch in japanese.replace("A 部品A", "").replace("S2", ""))


def test_the_message_names_the_records_by_their_labels():
    cycle = NetworkDataError(
        "BOM cycle: I1 -> I2 -> I1", code=NetworkCode.BOM_CYCLE, ref=("I1", "I2", "I1")
    )
    with translation.override("ja"):
        text = network_error_message(cycle, {"I1": "A", "I2": "B"})
    assert text == "部品表が循環しています: A → B → A。"


def test_whatif_with_a_source_that_exists_says_so_in_japanese(client, car_network):
    client.force_login(car_network["buyer"])
    response = client.get(
        reverse("supply:whatif"),
        {"item": car_network["part"].pk, "site": car_network["s1"].pk},
        HTTP_ACCEPT_LANGUAGE="ja",
    )
    assert response.status_code == 200 and response.context["outcome"] is None
    errors = response.context["form"].non_field_errors()
    assert errors == ["この拠点はすでにこの品目を供給しています。別の拠点か品目を選んでください。"]


def test_whatif_qualifies_a_candidate_site(client, car_network, firm_b):
    site = firm_b.sites.get()
    SourcingFactory(item=car_network["part"], site=site, status=SourcingStatus.CANDIDATE)
    client.force_login(car_network["buyer"])
    response = client.get(
        reverse("supply:whatif"),
        {"item": car_network["part"].pk, "site": site.pk, "capacity_per_day": "150"},
    )
    outcome = response.context["outcome"]
    assert outcome is not None, response.context["form"].errors
    assert outcome["after_total_profit"] < outcome["before_total_profit"]
