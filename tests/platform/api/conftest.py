from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client

from renkei.accounts.services import api_token_create

API = "/api/v1"


class ApiClient:
    """The Django test client speaking JSON to /api/v1, as a token or session or nobody."""

    def __init__(self, client: Client, *, token: str | None = None) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    def _call(self, method: str, path: str, body: Any = None, **extra: Any) -> Any:
        kwargs: dict[str, Any] = {"headers": {**self.headers, **extra.pop("headers", {})}}
        if body is not None:
            kwargs["data"] = body if isinstance(body, (str, bytes)) else json.dumps(body)
            kwargs["content_type"] = "application/json"
        return getattr(self.client, method)(API + path, **kwargs, **extra)

    def get(self, path: str, params: dict[str, Any] | None = None, **extra: Any) -> Any:
        return self.client.get(
            API + path, params or {}, headers={**self.headers, **extra.pop("headers", {})}, **extra
        )

    def post(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self._call("post", path, body, **extra)

    def patch(self, path: str, body: Any = None, **extra: Any) -> Any:
        return self._call("patch", path, body, **extra)


def assert_problem(response: Any, status: int, code: str) -> dict[str, Any]:
    """The response is application/problem+json with this status and stable code."""
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = json.loads(response.content)
    assert body["status"] == status
    assert body["code"] == code
    assert body["type"].endswith(f"#{code}")
    assert body["instance"] == response.wsgi_request.path
    assert body["title"] and body["detail"]
    return body


def field_codes(body: dict[str, Any]) -> dict[str | None, str]:
    return {e["field"]: e["code"] for e in body["errors"]}


@pytest.fixture
def anon(client):
    return ApiClient(client)


def _as(user) -> ApiClient:
    client = Client()
    client.force_login(user)
    return ApiClient(client)


@pytest.fixture
def as_member_a(member_a):
    return _as(member_a)


@pytest.fixture
def as_member_b(member_b):
    return _as(member_b)


@pytest.fixture
def as_buyer(buyer):
    return _as(buyer)


@pytest.fixture
def as_coordinator(coordinator):
    return _as(coordinator)


@pytest.fixture
def token_a(member_a):
    """A member of firm A with an API token (no session)."""
    _token, raw = api_token_create(user=member_a, name="test")
    return raw
