"""Every error is application/problem+json with a stable code, in the caller's language."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.db import IntegrityError
from django.test import RequestFactory
from ninja.errors import Throttled

from renkei.api.api import api
from renkei.api.errors import ERRORS, ErrorCode
from renkei.registry.models import Organization
from tests.platform.api.conftest import assert_problem, field_codes


def test_every_code_has_a_status_and_title_and_the_catalogue_lists_them(anon):
    response = anon.get("/errors")
    assert response.status_code == 200
    listed = {e["code"]: e["status"] for e in response.json()}
    assert listed == {str(code): spec.status for code, spec in ERRORS.items()}
    assert set(ERRORS) == set(ErrorCode)


def test_malformed_json_is_a_problem_not_a_500(as_member_a, member_a):
    before = Organization.objects.get(pk=member_a.organization_id).name
    response = as_member_a.patch(f"/organizations/{member_a.organization_id}", '{"name": "x",')
    body = assert_problem(response, 400, "malformed_json")
    assert "Traceback" not in body["detail"]
    assert Organization.objects.get(pk=member_a.organization_id).name == before


def test_a_json_body_that_is_not_an_object_is_a_validation_error(as_member_a, member_a):
    response = as_member_a.patch(f"/organizations/{member_a.organization_id}", "[1, 2]")
    body = assert_problem(response, 422, "validation_error")
    assert body["errors"] and body["errors"][0]["code"] == "invalid"


def test_unknown_address_under_the_api_is_a_problem(anon):
    assert_problem(anon.get("/no-such-thing/3"), 404, "not_found")


def test_unknown_field_is_refused_not_ignored(as_member_a, member_a):
    response = as_member_a.patch(f"/organizations/{member_a.organization_id}", {"nmae": "typo"})
    body = assert_problem(response, 422, "validation_error")
    assert field_codes(body) == {"nmae": "unknown_field"}


def test_query_errors_name_the_parameter(anon):
    response = anon.get("/organizations", {"limit": "0", "kind": "bank"})
    body = assert_problem(response, 422, "validation_error")
    assert field_codes(body) == {"limit": "min_value", "kind": "invalid_choice"}


def test_japanese_by_default_english_on_request(as_member_b, firm_a):
    path = f"/organizations/{firm_a.pk}"
    ja = assert_problem(as_member_b.patch(path, {"name": "x"}), 403, "permission_denied")
    en_response = as_member_b.patch(path, {"name": "x"}, headers={"Accept-Language": "en"})
    en = assert_problem(en_response, 403, "permission_denied")
    assert ja["title"] == "権限がありません"
    assert en["title"] == "Permission denied"
    assert ja["detail"] != en["detail"]
    assert en_response["Content-Language"] == "en"


def test_field_messages_follow_the_language_too(as_member_a, member_a):
    path = f"/organizations/{member_a.organization_id}"
    ja = assert_problem(as_member_a.patch(path, {"employees": -1}), 422, "validation_error")
    en = assert_problem(
        as_member_a.patch(path, {"employees": -1}, headers={"Accept-Language": "en"}),
        422,
        "validation_error",
    )
    assert ja["errors"] == [
        {
            "field": "employees",
            "message": "この値は 0 以上でなければなりません。",
            "code": "min_value",
        }
    ]
    assert en["errors"][0]["message"] == "Ensure this value is greater than or equal to 0."


def test_missing_required_field_in_japanese(as_coordinator):
    body = assert_problem(as_coordinator.post("/organizations", {}), 422, "validation_error")
    assert body["errors"] == [
        {"field": "name", "message": "このフィールドは必須です。", "code": "required"}
    ]


@pytest.fixture
def api_request(db):
    return RequestFactory().get("/api/v1/organizations")


def _body(response) -> dict:
    assert response["Content-Type"] == "application/problem+json"
    return json.loads(response.content)


def test_unexpected_exception_is_a_500_problem_without_the_traceback(api_request, caplog):
    response = api.on_exception(api_request, RuntimeError("secret table layout"))
    body = _body(response)
    assert response.status_code == 500 and body["code"] == "internal_error"
    assert "secret" not in response.content.decode()
    assert "Traceback" not in response.content.decode()
    # ...but the operators have it.
    assert any("secret table layout" in (r.exc_text or "") for r in caplog.records)


def test_integrity_error_is_a_conflict_without_the_sql(api_request):
    response = api.on_exception(api_request, IntegrityError("UNIQUE constraint failed: x.y"))
    body = _body(response)
    assert (response.status_code, body["code"]) == (409, "conflict")
    assert "UNIQUE" not in response.content.decode()


def test_throttled_is_rate_limited_with_retry_after(api_request):
    response = api.on_exception(api_request, Throttled(wait=3))
    assert (response.status_code, _body(response)["code"]) == (429, "rate_limited")
    assert int(response["Retry-After"]) >= 3


@pytest.mark.parametrize(
    ("exc", "status", "code"),
    [
        (RequestDataTooBig(), 413, "payload_too_large"),
        (PermissionDenied(), 403, "permission_denied"),
    ],
)
def test_other_django_errors_map_to_their_codes(api_request, exc, status, code):
    response = api.on_exception(api_request, exc)
    assert (response.status_code, _body(response)["code"]) == (status, code)
