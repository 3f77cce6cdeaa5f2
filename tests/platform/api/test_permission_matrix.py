"""Every role against firm A, its sites and its capabilities, read and update.

firm A is a listed member firm; B is another member firm; the buyer belongs to a buyer firm.
Unsafe methods need a caller (401); a visible object of someone else is 403; an invisible one is
404, so that its existence does not leak. Nothing refused is ever written.
"""

from __future__ import annotations

import pytest
from django.forms.models import model_to_dict
from django.test import Client

from renkei.registry.models import Capability, Organization, Site
from tests.factories import (
    BuyerFactory,
    BuyerOrganizationFactory,
    CapabilityFactory,
    SiteFactory,
)
from tests.platform.api.conftest import ApiClient, assert_problem

pytestmark = pytest.mark.django_db

ROLES = ["anon", "as_member_a", "as_member_b", "as_buyer", "as_coordinator"]
# Expected status of an update of firm A's objects, per role.
UPDATE = {
    "anon": (401, "not_authenticated"),
    "as_member_a": (200, None),
    "as_member_b": (403, "permission_denied"),
    "as_buyer": (403, "permission_denied"),
    "as_coordinator": (200, None),
}


@pytest.fixture
def objects(firm_a):
    site = firm_a.sites.get()
    capability = CapabilityFactory(site=site)
    return {
        "organization": (
            Organization,
            firm_a.pk,
            f"/organizations/{firm_a.pk}",
            {"description": "変更"},
        ),
        "site": (Site, site.pk, f"/sites/{site.pk}", {"name": "変更工場"}),
        "capability": (
            Capability,
            capability.pk,
            f"/capabilities/{capability.pk}",
            {"notes": "変更"},
        ),
    }


def _state(model, pk):
    return model_to_dict(model.objects.get(pk=pk))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", ["organization", "site", "capability"])
def test_read_firm_a(request, objects, role, kind):
    api = request.getfixturevalue(role)
    _model, _pk, path, _change = objects[kind]
    response = api.get(path)
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", ["organization", "site", "capability"])
def test_update_firm_a(request, objects, role, kind):
    api = request.getfixturevalue(role)
    model, pk, path, change = objects[kind]
    before = _state(model, pk)
    response = api.patch(path, change)
    status, code = UPDATE[role]
    if code is None:
        assert response.status_code == status, response.content
        assert _state(model, pk) != before
    else:
        assert_problem(response, status, code)
        assert _state(model, pk) == before


@pytest.mark.parametrize("role", ROLES)
def test_create_children_of_firm_a(request, firm_a, role):
    api = request.getfixturevalue(role)
    site = firm_a.sites.get()
    sites, capabilities = Site.objects.count(), Capability.objects.count()
    new_site = api.post(
        f"/organizations/{firm_a.pk}/sites",
        {"name": "新工場", "municipality": "10205", "address": "太田市1-1"},
    )
    new_capability = api.post(
        f"/sites/{site.pk}/capabilities",
        {"process": "tig-welding", "monthly_capacity_hours": 100},
    )
    status, code = UPDATE[role]
    expected = 201 if code is None else status
    assert (new_site.status_code, new_capability.status_code) == (expected, expected), (
        new_site.content,
        new_capability.content,
    )
    if code is not None:
        assert_problem(new_site, status, code)
        assert_problem(new_capability, status, code)
        assert (Site.objects.count(), Capability.objects.count()) == (sites, capabilities)


@pytest.fixture
def hidden(db):
    """An unlisted buyer firm with a site and a capability: only coordinators and its staff see it."""
    organization = BuyerOrganizationFactory(listed_in_directory=False)
    site = SiteFactory(organization=organization)
    capability = CapabilityFactory(site=site)
    return organization, site, capability


@pytest.mark.parametrize("role", ROLES)
def test_invisible_objects_are_404_for_everyone_but_coordinators(request, hidden, role):
    api = request.getfixturevalue(role)
    organization, site, capability = hidden
    paths = [
        f"/organizations/{organization.pk}",
        f"/organizations/{organization.pk}/sites",
        f"/sites/{site.pk}",
        f"/capabilities/{capability.pk}",
    ]
    for path in paths:
        response = api.get(path)
        if role == "as_coordinator":
            assert response.status_code == 200, path
        else:
            assert_problem(response, 404, "not_found")
    patch = api.patch(f"/sites/{site.pk}", {"name": "x"})
    if role == "anon":
        assert_problem(patch, 401, "not_authenticated")
    elif role == "as_coordinator":
        assert patch.status_code == 200
    else:
        assert_problem(patch, 404, "not_found")
        assert Site.objects.get(pk=site.pk).name == "本社工場"
    listed = {i["id"] for i in api.get("/organizations", {"limit": 100}).json()["items"]}
    assert (organization.pk in listed) == (role == "as_coordinator")
    capabilities = {i["id"] for i in api.get("/capabilities", {"limit": 100}).json()["items"]}
    assert (capability.pk in capabilities) == (role == "as_coordinator")


def test_a_buyers_own_unlisted_firm_is_visible_and_editable_to_its_staff(db):
    organization = BuyerOrganizationFactory(listed_in_directory=False)
    staff = BuyerFactory(organization=organization)
    web = Client()
    web.force_login(staff)
    api = ApiClient(web)
    assert api.get(f"/organizations/{organization.pk}").status_code == 200
    assert api.patch(f"/organizations/{organization.pk}", {"employees": 9}).status_code == 200
