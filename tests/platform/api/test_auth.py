"""API tokens (hashed, revocable, CLI and admin) and session auth with CSRF."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.test import Client

from renkei.accounts.models import ApiToken
from renkei.accounts.services import api_token_create, api_token_revoke
from renkei.cli import main as renkei
from renkei.registry.models import Organization
from tests.factories import UserFactory
from tests.platform.api.conftest import ApiClient, assert_problem


def test_token_authenticates(client, member_a, token_a):
    response = ApiClient(client, token=token_a).get("/me")
    assert response.status_code == 200
    assert response.json()["username"] == "member_a"
    assert response.json()["organization_id"] == member_a.organization_id
    token = ApiToken.objects.get(user=member_a)
    assert token.last_used_at is not None


def test_only_a_hash_of_the_token_is_stored(member_a, token_a):
    token = ApiToken.objects.get(user=member_a)
    assert token.key_hash == hashlib.sha256(token_a.encode()).hexdigest()
    assert token_a.startswith(token.prefix)
    stored = " ".join(str(v) for v in ApiToken.objects.values_list().get())
    assert token_a not in stored


def test_token_can_change_own_firm_without_csrf(client, member_a, token_a):
    response = ApiClient(client, token=token_a).patch(
        f"/organizations/{member_a.organization_id}", {"employees": 77}
    )
    assert response.status_code == 200, response.content
    assert Organization.objects.get(pk=member_a.organization_id).employees == 77


def test_revoked_token_fails_even_where_the_public_may_read(client, member_a, token_a):
    api_token_revoke(token=ApiToken.objects.get(user=member_a))
    as_token = ApiClient(client, token=token_a)
    body = assert_problem(as_token.get("/me"), 401, "invalid_token")
    assert body["title"] == "APIトークンが無効です"
    response = as_token.get("/organizations")
    assert_problem(response, 401, "invalid_token")
    assert 'error="invalid_token"' in response["WWW-Authenticate"]


@pytest.mark.parametrize("header", ["Bearer ", "Bearer rk_guessed", "Bearer not-even-ours"])
def test_unknown_tokens_fail(client, db, header):
    response = client.get("/api/v1/organizations", headers={"Authorization": header})
    assert_problem(response, 401, "invalid_token")


def test_token_of_an_inactive_user_fails(client, db):
    user = UserFactory(is_active=False)
    _token, raw = api_token_create(user=user, name="old")
    assert_problem(ApiClient(client, token=raw).get("/me"), 401, "invalid_token")


def test_anonymous_may_read_but_not_write(anon, firm_a):
    assert anon.get("/organizations").status_code == 200
    response = anon.patch(f"/organizations/{firm_a.pk}", {"name": "x"})
    assert_problem(response, 401, "not_authenticated")
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert_problem(anon.get("/me"), 401, "not_authenticated")


def _csrf_client(user) -> tuple[Client, str]:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    client.get("/")  # a page with a form sets the csrftoken cookie
    return client, client.cookies["csrftoken"].value


def test_session_change_needs_the_csrf_token(member_a):
    client, csrf = _csrf_client(member_a)
    path = f"/organizations/{member_a.organization_id}"
    refused = ApiClient(client).patch(path, {"employees": 5})
    assert_problem(refused, 403, "csrf_failed")
    assert Organization.objects.get(pk=member_a.organization_id).employees != 5
    accepted = ApiClient(client).patch(path, {"employees": 5}, headers={"X-CSRFToken": csrf})
    assert accepted.status_code == 200, accepted.content
    assert Organization.objects.get(pk=member_a.organization_id).employees == 5


def test_session_reads_need_no_csrf_token(member_a, unlisted_firm):
    client, _csrf = _csrf_client(member_a)
    # An unlisted member firm: visible to the logged-in member, not to the public.
    assert ApiClient(client).get(f"/organizations/{unlisted_firm.pk}").status_code == 200
    assert_problem(ApiClient(Client()).get(f"/organizations/{unlisted_firm.pk}"), 404, "not_found")


def test_anonymous_change_with_csrf_enforced_is_401_not_403(firm_a):
    response = ApiClient(Client(enforce_csrf_checks=True)).patch(
        f"/organizations/{firm_a.pk}", {"name": "x"}
    )
    assert_problem(response, 401, "not_authenticated")


# --- the CLI ---
def test_cli_issues_lists_and_revokes(member_a, client, capsys):
    assert renkei(["api-token", "member_a", "--name", "ci"]) == 0
    raw = capsys.readouterr().out.strip()
    assert raw.startswith("rk_")
    assert ApiClient(client, token=raw).get("/me").json()["username"] == "member_a"

    assert renkei(["api-token", "member_a", "--list"]) == 0
    listing = capsys.readouterr().out
    prefix = ApiToken.objects.get(user=member_a).prefix
    assert prefix in listing and "ci" in listing and raw not in listing

    assert renkei(["api-token", "member_a", "--revoke", prefix]) == 0
    assert_problem(ApiClient(client, token=raw).get("/me"), 401, "invalid_token")


def test_cli_unknown_user(db, capsys):
    assert renkei(["api-token", "nobody"]) == 2


# --- the admin ---
@pytest.fixture
def admin_client(db):
    admin = UserFactory(
        username="admin", is_staff=True, is_superuser=True, role="coordinator", organization=None
    )
    client = Client()
    client.force_login(admin)
    return client


def test_admin_issues_a_token_and_shows_it_once(admin_client, member_a):
    response = admin_client.post(
        "/admin/accounts/apitoken/add/", {"user": member_a.pk, "name": "ERP連携"}, follow=True
    )
    assert response.status_code == 200
    page = response.content.decode()
    raw = re.search(r"rk_[A-Za-z0-9_-]{43}", page).group(0)
    token = ApiToken.objects.get(user=member_a)
    assert token.name == "ERP連携" and token.prefix == raw[:10]
    assert ApiClient(Client(), token=raw).get("/me").status_code == 200
    # The change page shows the prefix, never the secret.
    detail = admin_client.get(f"/admin/accounts/apitoken/{token.pk}/change/").content.decode()
    assert raw not in detail and token.prefix in detail


def test_admin_revokes_tokens(admin_client, member_a, token_a):
    token = ApiToken.objects.get(user=member_a)
    response = admin_client.post(
        "/admin/accounts/apitoken/", {"action": "revoke", "_selected_action": [token.pk]}
    )
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert_problem(ApiClient(Client(), token=token_a).get("/me"), 401, "invalid_token")
