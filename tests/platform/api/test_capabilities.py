"""Capabilities: search with filters, detail, create and PATCH with process/material codes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.forms.models import model_to_dict

from renkei.registry.models import Capability, Process
from tests.factories import CapabilityFactory, SiteFactory
from tests.platform.api.conftest import assert_problem, field_codes

VALID = {
    "process": "pressing",
    "materials": ["spcc", "sus304"],
    "lot_min": 100,
    "lot_max": 10000,
    "monthly_capacity_hours": "320.5",
    "current_load_hours": 200,
    "tolerance_mm": 0.05,
}


def _ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_search_filters_and_pages(anon, firm_a, firm_b, unlisted_firm):
    a = CapabilityFactory(
        site=firm_a.sites.get(), materials=["sus304"], current_load_hours=Decimal("390")
    )
    b_site = SiteFactory(organization=firm_b, name="高崎工場", municipality_id="10202")
    b = CapabilityFactory(site=b_site, materials=["a5052"], current_load_hours=Decimal("100"))
    press = CapabilityFactory(
        site=firm_b.sites.get(name="本社工場"),
        process=Process.objects.get(code="pressing"),
    )
    CapabilityFactory(site=unlisted_firm.sites.get())  # invisible to the public

    assert sorted(_ids(anon.get("/capabilities"))) == sorted([a.pk, b.pk, press.pk])
    assert _ids(anon.get("/capabilities", {"material": "sus304"})) == [a.pk]
    assert _ids(anon.get("/capabilities", {"process": "pressing"})) == [press.pk]
    assert _ids(anon.get("/capabilities", {"category": "forming"})) == [press.pk]
    assert _ids(anon.get("/capabilities", {"municipality": "10202"})) == [b.pk]
    assert _ids(anon.get("/capabilities", {"organization": firm_a.pk})) == [a.pk]
    assert _ids(anon.get("/capabilities", {"site": b_site.pk})) == [b.pk]
    # Free hours: a 10, b 300, press 100.
    assert _ids(anon.get("/capabilities", {"min_available_hours": 250})) == [b.pk]
    assert sorted(_ids(anon.get("/capabilities", {"min_available_hours": 100}))) == sorted(
        [b.pk, press.pk]
    )
    page = anon.get("/capabilities", {"limit": 1, "offset": 1}).json()
    assert page["count"] == 3 and len(page["items"]) == 1


def test_detail_with_codes_and_language(anon, firm_a):
    capability = CapabilityFactory(site=firm_a.sites.get(), materials=["sus304", "a5052"])
    body = anon.get(f"/capabilities/{capability.pk}").json()
    assert body["process"] == "machining-center" and body["process_name"] == "マシニング加工"
    assert sorted(body["materials"]) == ["a5052", "sus304"]
    assert body["organization_id"] == firm_a.pk
    assert body["available_hours"] == 100.0
    en = anon.get(f"/capabilities/{capability.pk}", headers={"Accept-Language": "en"}).json()
    assert en["process_name"] == "Machining centre"


def test_member_adds_a_capability(as_member_a, firm_a):
    site = firm_a.sites.get()
    response = as_member_a.post(f"/sites/{site.pk}/capabilities", VALID)
    assert response.status_code == 201, response.content
    capability = Capability.objects.get(pk=response.json()["id"])
    assert response["Location"] == f"/api/v1/capabilities/{capability.pk}"
    assert capability.site == site and capability.process.code == "pressing"
    assert sorted(capability.materials.values_list("code", flat=True)) == ["spcc", "sus304"]
    assert capability.monthly_capacity_hours == Decimal("320.5")
    assert capability.tolerance_mm == Decimal("0.05")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"monthly_capacity_hours": -1}, {"monthly_capacity_hours": "min_value"}),
        ({"lot_min": 100, "lot_max": 10}, {"lot_max": "lot_range"}),
        ({"process": "teleportation"}, {"process": "unknown_process"}),
        ({"materials": ["sus304", "unobtainium"]}, {"materials": "unknown_material"}),
        ({"monthly_capacity_hours": "lots"}, {"monthly_capacity_hours": "invalid"}),
        ({"lot_min": -3}, {"lot_min": "min_value"}),
    ],
)
def test_invalid_capability_is_refused_with_field_errors_and_writes_nothing(
    as_member_a, firm_a, change, expected
):
    site = firm_a.sites.get()
    response = as_member_a.post(f"/sites/{site.pk}/capabilities", {**VALID, **change})
    body = assert_problem(response, 422, "validation_error")
    assert field_codes(body) == expected
    assert not Capability.objects.exists()


def test_lot_range_message_is_complete(as_member_a, firm_a):
    response = as_member_a.post(
        f"/sites/{firm_a.sites.get().pk}/capabilities",
        {**VALID, "lot_min": 100, "lot_max": 10},
        headers={"Accept-Language": "en"},
    )
    message = response.json()["errors"][0]["message"]
    assert "100" in message and "%(" not in message


def test_the_same_process_twice_on_a_site_is_a_conflict(as_member_a, firm_a):
    site = firm_a.sites.get()
    assert as_member_a.post(f"/sites/{site.pk}/capabilities", VALID).status_code == 201
    assert_problem(as_member_a.post(f"/sites/{site.pk}/capabilities", VALID), 409, "conflict")
    assert Capability.objects.count() == 1


def test_patch_changes_only_what_is_sent(as_member_a, firm_a):
    capability = CapabilityFactory(site=firm_a.sites.get(), materials=["sus304"])
    response = as_member_a.patch(
        f"/capabilities/{capability.pk}", {"current_load_hours": 10, "materials": ["a5052"]}
    )
    assert response.status_code == 200, response.content
    assert response.json()["available_hours"] == 390.0
    capability.refresh_from_db()
    assert capability.current_load_hours == Decimal("10")
    assert capability.monthly_capacity_hours == Decimal("400")
    assert list(capability.materials.values_list("code", flat=True)) == ["a5052"]


def test_invalid_patch_never_half_writes(as_member_a, firm_a):
    capability = CapabilityFactory(site=firm_a.sites.get(), materials=["sus304"])
    before = model_to_dict(capability)
    response = as_member_a.patch(
        f"/capabilities/{capability.pk}",
        {"notes": "書き換え", "materials": ["a5052"], "lot_min": 50, "lot_max": 5},
    )
    assert field_codes(assert_problem(response, 422, "validation_error")) == {
        "lot_max": "lot_range"
    }
    capability.refresh_from_db()
    assert model_to_dict(capability) == before
    assert list(capability.materials.values_list("code", flat=True)) == ["sus304"]
