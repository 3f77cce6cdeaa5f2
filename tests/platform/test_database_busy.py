"""A write that cannot get its lock in time answers 503 "busy, try again", never a 500.

Another connection really holds the write lock (SQLite's database lock, PostgreSQL's row lock)
longer than the tiny lock timeout these tests set: the page says so in Japanese, the API with
problem+json ``database_busy``, both with Retry-After; and once the lock is gone the same
request goes through.
"""

from __future__ import annotations

import json

import pytest
from django.db import DatabaseError, OperationalError
from django.test import Client
from django.urls import reverse

from renkei.accounts.services import api_token_create
from renkei.common.busy import is_database_busy
from renkei.registry.models import Organization
from tests.concurrency import concurrent_db, lock_timeout, write_lock_held  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("concurrent_db"),
]


def _profile(org: Organization, employees: int) -> dict[str, str]:
    return {
        "name": org.name,
        "name_kana": org.name_kana,
        "corporate_number": org.corporate_number,
        "industry": "manufacturing",
        "employees": str(employees),
        "listed_in_directory": "on",
    }


def _lock_firm(org_id: int):
    return lambda: Organization.objects.filter(pk=org_id).update(description="ロック中")


def test_a_page_whose_write_waits_too_long_answers_503_in_japanese(member_a):
    org = member_a.organization
    client = Client(raise_request_exception=False)
    client.force_login(member_a)
    url = reverse("registry:organization_edit", args=[org.pk])
    with lock_timeout(50), write_lock_held(_lock_firm(org.pk)):
        response = client.post(url, _profile(org, 66), HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 503, response.content[:500]
    assert response["Retry-After"].isdigit()
    html = response.content.decode()
    assert "混雑しています" in html and "もう一度" in html
    assert Organization.objects.get(pk=org.pk).employees != 66
    # The lock is gone: the same request goes through.
    assert client.post(url, _profile(org, 66)).status_code == 302
    assert Organization.objects.get(pk=org.pk).employees == 66


def test_an_api_write_that_waits_too_long_answers_database_busy(client, member_a):
    org_id = member_a.organization_id
    _token, raw = api_token_create(user=member_a, name="busy")
    headers = {"Authorization": f"Bearer {raw}", "Accept-Language": "ja"}
    path = f"/api/v1/organizations/{org_id}"
    with lock_timeout(50), write_lock_held(_lock_firm(org_id)):
        response = client.patch(
            path, json.dumps({"employees": 77}), content_type="application/json", headers=headers
        )
    assert response.status_code == 503, response.content[:500]
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"].isdigit()
    body = json.loads(response.content)
    assert body["code"] == "database_busy" and body["status"] == 503
    assert "混雑" in body["detail"]
    assert Organization.objects.get(pk=org_id).employees != 77
    again = client.patch(
        path, json.dumps({"employees": 77}), content_type="application/json", headers=headers
    )
    assert again.status_code == 200, again.content
    assert Organization.objects.get(pk=org_id).employees == 77


def test_only_lock_errors_count_as_busy():
    assert is_database_busy(OperationalError("database is locked"))
    assert not is_database_busy(OperationalError("no such table: registry_organization"))
    assert not is_database_busy(DatabaseError("value too long for type character varying(20)"))
    assert not is_database_busy(ValueError("database is locked"))
