from __future__ import annotations

import pytest
from django.urls import reverse

from renkei.registry.models import Organization
from tests.factories import CapabilityFactory, SiteFactory


def test_directory_searches_japanese_keywords(client, firm_a, firm_b):
    CapabilityFactory(site=firm_a.sites.first(), materials=["sus304"])
    html = client.get(reverse("registry:directory"), {"q": "マシニング"}).content.decode()
    assert "赤城精機株式会社" in html
    assert "榛名プレス工業株式会社" not in html


def test_directory_full_width_query_is_normalised(client, firm_a):
    CapabilityFactory(site=firm_a.sites.first(), materials=["sus304"])
    # "ＳＵＳ３０４" typed with full-width letters finds SUS304.
    html = client.get(reverse("registry:directory"), {"q": "ＳＵＳ３０４"}).content.decode()
    assert "赤城精機株式会社" in html


def test_directory_filters_by_process_and_free_capacity(client, firm_a, firm_b):
    CapabilityFactory(site=firm_a.sites.first(), monthly_capacity_hours=400, current_load_hours=350)
    CapabilityFactory(site=firm_b.sites.first(), monthly_capacity_hours=400, current_load_hours=100)
    response = client.get(
        reverse("registry:directory"),
        {"process": "machining-center", "min_available_hours": "200"},
    )
    names = [o.name for o in response.context["page"]]
    assert names == ["榛名プレス工業株式会社"]


def test_directory_htmx_returns_the_partial(client, firm_a):
    response = client.get(reverse("registry:directory"), HTTP_HX_REQUEST="true")
    assert b"<html" not in response.content
    assert "赤城精機株式会社" in response.content.decode()


def test_member_edits_own_profile(client, member_a):
    client.force_login(member_a)
    org = member_a.organization
    response = client.post(
        reverse("registry:organization_edit", args=[org.pk]),
        {
            "name": org.name,
            "name_kana": org.name_kana,
            "corporate_number": org.corporate_number,
            "industry": "manufacturing",
            "employees": "55",
            "description": "精密切削と短納期が強みです。",
            "listed_in_directory": "on",
        },
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.employees == 55
    assert org.description == "精密切削と短納期が強みです。"


def test_bad_corporate_number_is_refused_in_japanese(client, member_a):
    client.force_login(member_a)
    org = member_a.organization
    response = client.post(
        reverse("registry:organization_edit", args=[org.pk]),
        {"name": org.name, "corporate_number": "1234567890123", "industry": "manufacturing"},
    )
    assert response.status_code == 422
    assert "チェックディジット" in response.content.decode()
    assert Organization.objects.get(pk=org.pk).corporate_number == org.corporate_number


def test_member_adds_a_capability(client, member_a):
    client.force_login(member_a)
    org = member_a.organization
    site = SiteFactory(organization=org, name="第二工場", is_headquarters=False)
    url = reverse("registry:child_create", args=[org.pk, "capabilities"])
    from renkei.registry.models import Material, Process

    response = client.post(
        url,
        {
            "site": site.pk,
            "process": Process.objects.get(code="pressing").pk,
            "materials": [Material.objects.get(code="spcc").pk],
            "lot_min": "100",
            "lot_max": "10",
            "monthly_capacity_hours": "300",
            "current_load_hours": "100",
        },
    )
    # lot_max < lot_min is refused
    assert response.status_code == 422
    assert site.capabilities.count() == 0


def _child_payloads(org):
    from renkei.registry.models import Material, Process

    site = org.sites.first()
    process = Process.objects.get(code="turning")
    return {
        "sites": {
            "name": "第二工場",
            "postal_code": "373-0002",
            "municipality": "10205",
            "address": "群馬県太田市新町1-2",
            "hazard_zones": ["flood"],
        },
        "capabilities": {
            "site": site.pk,
            "process": process.pk,
            "materials": [Material.objects.get(code="s45c").pk],
            "lot_min": "1",
            "lot_max": "500",
            "monthly_capacity_hours": "320",
            "current_load_hours": "200",
        },
        "equipment": {"site": site.pk, "name": "NC旋盤", "maker": "オークマ", "count": "2"},
        "certifications": {"kind": "iso14001", "number": "JQA-EM0001", "expires_on": "2028-03-31"},
        "contacts": {
            "name": "佐藤 花子",
            "phone": "0276-11-2222",
            "visibility": "cluster",
            "emergency_role": "primary",
            "emergency_order": "1",
        },
        "skills": {"process": process.pk, "age_band": "50s", "workers": "3"},
    }


@pytest.mark.parametrize(
    "kind", ["sites", "capabilities", "equipment", "certifications", "contacts", "skills"]
)
def test_member_adds_each_kind_of_entry_and_sees_it(client, member_a, kind):
    from auditlog.models import LogEntry

    from renkei.registry.views import CHILD_KINDS

    org = member_a.organization
    client.force_login(member_a)
    model = CHILD_KINDS[kind].model
    before = model.objects.count()
    url = reverse("registry:child_create", args=[org.pk, kind])
    response = client.post(url, _child_payloads(org)[kind])
    assert response.status_code == 302, response.content.decode()[:2000]
    assert model.objects.count() == before + 1
    created = model.objects.order_by("-pk").first()
    assert LogEntry.objects.get_for_object(created).get().actor == member_a
    profile = client.get(reverse("registry:organization_detail", args=[org.pk])).content.decode()
    marker = {
        "sites": "第二工場",
        "capabilities": "旋盤加工",
        "equipment": "NC旋盤",
        "certifications": "ISO 14001",
        "contacts": "佐藤 花子",
        "skills": "50〜59歳",
    }[kind]
    assert marker in profile
