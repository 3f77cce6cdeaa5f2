"""Two clients changing one object at once through the API: nothing they sent is lost.

A PATCH changes only the fields it sends, on the row locked inside the service's transaction,
so two PATCHes of different fields both stay. A client that says which version it started from
(``If-Match`` with the ETag of its GET, or ``version`` in the body) is refused with 409
``stale_version`` when someone changed the object since. Real threads, each on its own
database connection (SQLite file or PostgreSQL), no mocks.
"""

from __future__ import annotations

import json

import pytest
from django.test import Client

from renkei.accounts.services import api_token_create
from renkei.registry.models import Capability, Organization, Site
from tests.concurrency import concurrent_db, in_threads  # noqa: F401 - the fixture
from tests.factories import CapabilityFactory, SiteFactory
from tests.platform.api.conftest import API, assert_problem

ROUNDS = 10


def _patch(token: str, path: str, body: dict, **headers: str):
    return Client().patch(
        API + path,
        data=json.dumps(body),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}", **headers},
    )


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("concurrent_db")
@pytest.mark.parametrize(
    ("what", "first", "second"),
    [
        ("organization", {"employees": 77}, {"description": "並行編集でも消えない説明"}),
        ("site", {"name": "並行第二工場"}, {"address": "群馬県太田市並行町1-1"}),
        ("capability", {"lot_min": 5}, {"notes": "並行編集でも消えないメモ"}),
    ],
)
def test_two_parallel_patches_of_different_fields_both_stay(member_a, what, first, second):
    _token, token = api_token_create(user=member_a, name="parallel")
    organization = member_a.organization
    for round_ in range(ROUNDS):
        site = SiteFactory(organization=organization, is_headquarters=False)
        obj = {
            "organization": organization,
            "site": site,
            "capability": CapabilityFactory(site=site) if what == "capability" else None,
        }[what]
        path = {
            "organization": f"/organizations/{organization.pk}",
            "site": f"/sites/{site.pk}",
            "capability": f"/capabilities/{obj.pk}",
        }[what]
        # Each round sends values that differ from the previous round's.
        bodies = [
            {k: (v + round_ if isinstance(v, int) else f"{v}{round_}") for k, v in body.items()}
            for body in (first, second)
        ]
        responses, errors = in_threads(2, lambda i, p=path, b=bodies: _patch(token, p, b[i]))
        assert not errors, errors
        assert sorted(r.status_code for r in responses) == [200, 200], [
            r.content for r in responses
        ]
        obj = {"organization": Organization, "site": Site, "capability": Capability}[
            what
        ].objects.get(pk=obj.pk)
        for body in bodies:
            for field, value in body.items():
                assert getattr(obj, field) == value, (round_, field)


def test_get_answers_the_version_as_etag(as_member_a, member_a):
    organization = member_a.organization
    site = organization.sites.first()
    capability = CapabilityFactory(site=site)
    for path, obj in (
        (f"/organizations/{organization.pk}", organization),
        (f"/sites/{site.pk}", site),
        (f"/capabilities/{capability.pk}", capability),
    ):
        response = as_member_a.get(path)
        assert response.status_code == 200
        obj.refresh_from_db()
        assert response.json()["version"] == obj.version
        assert response["ETag"] == f'"{obj.version}"'


@pytest.mark.parametrize("how", ["if_match", "body"])
def test_a_stale_version_is_refused_with_409_and_the_other_change_stays(as_member_a, member_a, how):
    organization = member_a.organization
    path = f"/organizations/{organization.pk}"
    etag = as_member_a.get(path)["ETag"]
    started_from = as_member_a.get(path).json()["version"]
    # Someone else saves first.
    first = as_member_a.patch(path, {"employees": 88}, headers={"If-Match": etag})
    assert first.status_code == 200, first.content
    assert first.json()["version"] == started_from + 1
    assert first["ETag"] == f'"{started_from + 1}"'
    # The client that started from the old version is refused and writes nothing.
    if how == "if_match":
        stale = as_member_a.patch(path, {"description": "古い版から"}, headers={"If-Match": etag})
    else:
        stale = as_member_a.patch(path, {"description": "古い版から", "version": started_from})
    body = assert_problem(stale, 409, "stale_version")
    assert "他の人" in body["detail"]
    organization.refresh_from_db()
    assert organization.employees == 88
    assert organization.description != "古い版から"
    assert organization.version == started_from + 1


def test_the_current_version_passes_and_star_passes_any(as_member_a, member_a):
    organization = member_a.organization
    site = organization.sites.first()
    version = as_member_a.get(f"/sites/{site.pk}").json()["version"]
    response = as_member_a.patch(
        f"/sites/{site.pk}", {"name": "新本社", "version": version}, headers={"If-Match": "*"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "新本社"
    assert response.json()["version"] == version + 1


def test_stale_capability_patch_changes_no_materials(as_member_a, member_a):
    capability = CapabilityFactory(site=member_a.organization.sites.first(), materials=["a5052"])
    path = f"/capabilities/{capability.pk}"
    etag = as_member_a.get(path)["ETag"]
    assert as_member_a.patch(path, {"notes": "先に保存"}).status_code == 200
    stale = as_member_a.patch(path, {"materials": ["sus304"]}, headers={"If-Match": etag})
    assert_problem(stale, 409, "stale_version")
    assert [m.code for m in capability.materials.all()] == ["a5052"]


def test_an_if_match_that_is_no_etag_is_a_validation_error(as_member_a, member_a):
    path = f"/organizations/{member_a.organization.pk}"
    response = as_member_a.patch(path, {"employees": 3}, headers={"If-Match": "yesterday"})
    assert_problem(response, 422, "validation_error")
