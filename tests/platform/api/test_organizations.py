"""Organisations: the directory with filters and pages, profiles, create and PATCH."""

from __future__ import annotations

import datetime

import pytest
from django.forms.models import model_to_dict

from renkei.registry.models import Contact, Organization, Visibility
from tests.factories import (
    BuyerOrganizationFactory,
    CapabilityFactory,
    CertificationFactory,
    ContactFactory,
    OrganizationFactory,
    SiteFactory,
    corporate_number,
)
from tests.platform.api.conftest import assert_problem, field_codes


def _names(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["name"] for item in response.json()["items"]]


def test_list_shows_listed_organisations_with_their_processes(anon, firm_a, firm_b, unlisted_firm):
    CapabilityFactory(site=firm_a.sites.first())
    response = anon.get("/organizations")
    body = response.json()
    assert body["count"] == 2
    assert {i["name"] for i in body["items"]} == {firm_a.name, firm_b.name}
    item = next(i for i in body["items"] if i["id"] == firm_a.pk)
    assert item["processes"] == ["machining-center"]
    assert item["municipalities"] == ["10205"]


def test_pagination_counts_everything_and_pages_in_a_stable_order(anon, firm_a, firm_b):
    OrganizationFactory(name="妙義鋳造株式会社")
    first = anon.get("/organizations", {"limit": 2}).json()
    second = anon.get("/organizations", {"limit": 2, "offset": 2}).json()
    assert first["count"] == second["count"] == 3
    assert (first["limit"], first["offset"], second["offset"]) == (2, 0, 2)
    assert len(first["items"]) == 2 and len(second["items"]) == 1
    ids = [i["id"] for i in first["items"] + second["items"]]
    assert len(set(ids)) == 3
    assert_problem(anon.get("/organizations", {"limit": 101}), 422, "validation_error")
    assert_problem(anon.get("/organizations", {"offset": -1}), 422, "validation_error")


def test_filters(anon, firm_a, firm_b):
    site_a, site_b = firm_a.sites.first(), firm_b.sites.first()
    CapabilityFactory(
        site=site_a, materials=["sus304"], monthly_capacity_hours=400, current_load_hours=350
    )
    CapabilityFactory(
        site=site_b, materials=["a5052"], monthly_capacity_hours=400, current_load_hours=100
    )
    CertificationFactory(organization=firm_a, kind="iso9001")
    CertificationFactory(organization=firm_b, kind="iso9001", expires_on=datetime.date(2000, 1, 1))
    SiteFactory(
        organization=firm_b, name="高崎工場", is_headquarters=False, municipality_id="10202"
    )
    buyer_org = BuyerOrganizationFactory(name="上州自動車株式会社")

    assert _names(anon.get("/organizations", {"material": "sus304"})) == [firm_a.name]
    assert _names(anon.get("/organizations", {"certification": "iso9001"})) == [firm_a.name]
    assert _names(anon.get("/organizations", {"municipality": "10202"})) == [firm_b.name]
    assert _names(anon.get("/organizations", {"kind": "buyer"})) == [buyer_org.name]
    assert _names(
        anon.get("/organizations", {"process": "machining-center", "min_available_hours": 200})
    ) == [firm_b.name]
    # Full-width keywords are folded (NFKC) as Japanese users type them.
    assert _names(anon.get("/organizations", {"q": "ＳＵＳ３０４"})) == [firm_a.name]
    assert _names(anon.get("/organizations", {"q": "赤城"})) == [firm_a.name]


def test_detail(anon, firm_a):
    CertificationFactory(organization=firm_a, kind="iatf16949")
    response = anon.get(f"/organizations/{firm_a.pk}")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == firm_a.name
    assert body["corporate_number"] == firm_a.corporate_number
    assert body["sites"][0]["municipality"] == "10205"
    assert body["sites"][0]["municipality_name"] == "太田市"
    assert body["certifications"] == [
        {"kind": "iatf16949", "number": "", "issuer": "", "expires_on": None}
    ]
    assert body["can_edit"] is False and body["is_sme"] is True


def test_detail_names_follow_the_language(anon, firm_a):
    body = anon.get(f"/organizations/{firm_a.pk}", headers={"Accept-Language": "en"}).json()
    assert body["sites"][0]["municipality_name"] == "Ota"


def test_contacts_pass_through_contacts_visible_to(anon, as_member_a, as_member_b, firm_a):
    for visibility in Visibility.values:
        ContactFactory(organization=firm_a, name=f"担当 {visibility}", visibility=visibility)

    def contacts(api) -> set[str]:
        return {c["visibility"] for c in api.get(f"/organizations/{firm_a.pk}").json()["contacts"]}

    assert contacts(anon) == {"public"}
    assert contacts(as_member_b) == {"public", "cluster"}
    assert contacts(as_member_a) == {"public", "cluster", "private"}
    assert Contact.objects.count() == 3


def test_coordinator_creates_an_organisation(as_coordinator):
    number = corporate_number(123)
    response = as_coordinator.post(
        "/organizations",
        {"name": "新規精工株式会社", "kind": "member", "corporate_number": number, "employees": 12},
    )
    assert response.status_code == 201, response.content
    created = Organization.objects.get(corporate_number=number)
    assert response.json()["id"] == created.pk
    assert response["Location"] == f"/api/v1/organizations/{created.pk}"
    assert created.name == "新規精工株式会社" and created.employees == 12


@pytest.mark.django_db
@pytest.mark.parametrize("api_fixture", ["as_member_a", "as_buyer"])
def test_only_coordinators_create(request, api_fixture):
    api = request.getfixturevalue(api_fixture)
    count = Organization.objects.count()
    assert_problem(api.post("/organizations", {"name": "勝手株式会社"}), 403, "permission_denied")
    assert Organization.objects.count() == count


def test_bad_check_digit_on_create_writes_nothing(as_coordinator):
    count = Organization.objects.count()
    response = as_coordinator.post(
        "/organizations", {"name": "誤番号株式会社", "corporate_number": "1234567890123"}
    )
    body = assert_problem(response, 422, "validation_error")
    assert field_codes(body) == {"corporate_number": "corporate_number_check_digit"}
    assert Organization.objects.count() == count


def test_duplicate_corporate_number_is_refused(as_coordinator, firm_a):
    count = Organization.objects.count()
    response = as_coordinator.post(
        "/organizations", {"name": "重複株式会社", "corporate_number": firm_a.corporate_number}
    )
    assert response.status_code in (409, 422)
    assert response["Content-Type"] == "application/problem+json"
    assert "corporate_number_taken" in response.content.decode()
    assert "既に" in response.content.decode()
    assert Organization.objects.count() == count


def test_member_patches_own_profile_only_the_fields_sent(as_member_a, member_a):
    org = member_a.organization
    before = model_to_dict(org)
    response = as_member_a.patch(
        f"/organizations/{org.pk}", {"description": "短納期の精密切削", "employees": 55}
    )
    assert response.status_code == 200, response.content
    assert response.json()["can_edit"] is True
    org.refresh_from_db()
    after = model_to_dict(org)
    assert after.pop("description") == "短納期の精密切削" and after.pop("employees") == 55
    before.pop("description"), before.pop("employees")
    assert after == before


def test_invalid_patch_never_half_writes(as_member_a, member_a):
    org = member_a.organization
    before = model_to_dict(org)
    response = as_member_a.patch(
        f"/organizations/{org.pk}",
        {"description": "書き換え", "corporate_number": "1234567890123", "employees": -5},
    )
    body = assert_problem(response, 422, "validation_error")
    assert field_codes(body) == {
        "corporate_number": "corporate_number_check_digit",
        "employees": "min_value",
    }
    org.refresh_from_db()
    assert model_to_dict(org) == before


def test_null_for_a_required_field_is_refused(as_member_a, member_a):
    org = member_a.organization
    body = assert_problem(
        as_member_a.patch(f"/organizations/{org.pk}", {"name": None}), 422, "validation_error"
    )
    assert [e["field"] for e in body["errors"]] == ["name"]
    org.refresh_from_db()
    assert org.name == "赤城精機株式会社"


def test_kind_cannot_be_patched(as_member_a, member_a):
    response = as_member_a.patch(f"/organizations/{member_a.organization_id}", {"kind": "buyer"})
    assert field_codes(assert_problem(response, 422, "validation_error")) == {
        "kind": "unknown_field"
    }
