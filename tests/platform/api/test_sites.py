"""Sites: list per organisation, detail, create and PATCH."""

from __future__ import annotations

from django.forms.models import model_to_dict

from renkei.registry.models import Site
from tests.platform.api.conftest import assert_problem, field_codes


def test_list_and_detail(anon, firm_a):
    site = firm_a.sites.get()
    listed = anon.get(f"/organizations/{firm_a.pk}/sites")
    assert listed.status_code == 200
    assert [s["id"] for s in listed.json()] == [site.pk]
    detail = anon.get(f"/sites/{site.pk}").json()
    assert detail["organization_id"] == firm_a.pk
    assert (detail["municipality"], detail["postal_code"]) == ("10205", "373-0001")


def test_member_adds_a_site(as_member_a, member_a):
    response = as_member_a.post(
        f"/organizations/{member_a.organization_id}/sites",
        {
            "name": "第二工場",
            "municipality": "10202",
            "address": "群馬県高崎市テスト町1-2",
            "postal_code": "370-0001",
            "hazard_zones": ["flood"],
        },
    )
    assert response.status_code == 201, response.content
    site = Site.objects.get(pk=response.json()["id"])
    assert response["Location"] == f"/api/v1/sites/{site.pk}"
    assert (site.organization_id, site.municipality_id) == (member_a.organization_id, "10202")
    assert site.hazard_zones == ["flood"]


def test_bad_site_writes_nothing(as_member_a, member_a):
    count = Site.objects.count()
    response = as_member_a.post(
        f"/organizations/{member_a.organization_id}/sites",
        {"name": "幽霊工場", "municipality": "99999", "address": "x", "postal_code": "1234567"},
    )
    body = assert_problem(response, 422, "validation_error")
    assert field_codes(body) == {"municipality": "invalid", "postal_code": "postal_code_format"}
    assert Site.objects.count() == count


def test_unknown_hazard_zone_is_a_field_error(as_member_a, member_a):
    response = as_member_a.post(
        f"/organizations/{member_a.organization_id}/sites",
        {"name": "x", "municipality": "10202", "address": "x", "hazard_zones": ["meteor"]},
    )
    body = assert_problem(response, 422, "validation_error")
    assert body["errors"][0]["field"] == "hazard_zones.0"


def test_patch_changes_only_what_is_sent_and_never_half_writes(as_member_a, firm_a):
    site = firm_a.sites.get()
    response = as_member_a.patch(f"/sites/{site.pk}", {"name": "本社第一工場"})
    assert response.status_code == 200, response.content
    site.refresh_from_db()
    assert site.name == "本社第一工場" and site.municipality_id == "10205"

    before = model_to_dict(site)
    response = as_member_a.patch(
        f"/sites/{site.pk}", {"name": "改名", "municipality": "00000", "latitude": 99.0}
    )
    body = assert_problem(response, 422, "validation_error")
    assert set(field_codes(body)) == {"municipality", "latitude"}
    site.refresh_from_db()
    assert model_to_dict(site) == before


def test_sites_of_an_invisible_organisation_are_404(anon, unlisted_firm):
    site = unlisted_firm.sites.get()
    assert_problem(anon.get(f"/organizations/{unlisted_firm.pk}/sites"), 404, "not_found")
    assert_problem(anon.get(f"/sites/{site.pk}"), 404, "not_found")
    assert_problem(anon.get("/sites/999999"), 404, "not_found")
