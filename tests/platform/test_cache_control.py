"""No page, download or API answer is kept by a browser or a shared cache: every dynamic
response says ``Cache-Control: private, no-store`` (a shared office PC's back button or a proxy
must not show one firm's prices to the next person), unless a view explicitly made a response
to the public cacheable."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.views.decorators.cache import cache_control

from renkei.accounts.services import api_token_create
from renkei.common.middleware import PrivateNoStoreMiddleware

NO_STORE = {"private", "no-store"}


def _directives(response) -> set[str]:
    return {d.strip() for d in response.get("Cache-Control", "").split(",") if d.strip()}


def assert_not_stored(response) -> None:
    directives = _directives(response)
    assert directives >= NO_STORE, response.get("Cache-Control")
    assert "public" not in directives
    assert not any(d.startswith(("max-age", "s-maxage")) for d in directives)


@pytest.mark.parametrize(
    "name, args",
    [
        ("home", []),
        ("registry:directory", []),
        ("qcd:qcd_list", []),
        ("orders:rfq_list", []),
        ("orders:price_list", []),
        ("orders:daily_month", []),
        ("jobs:list", []),
        ("password_change", []),
    ],
)
def test_pages_of_a_logged_in_member_are_not_stored(client, member_a, name, args):
    client.force_login(member_a)
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    assert_not_stored(response)


def test_own_firm_page_is_not_stored(client, member_a):
    client.force_login(member_a)
    response = client.get(reverse("registry:organization_detail", args=[member_a.organization_id]))
    assert response.status_code == 200
    assert_not_stored(response)


def test_an_export_download_is_not_stored(client, member_a):
    client.force_login(member_a)
    response = client.get(reverse("registry:directory_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert_not_stored(response)


def test_the_daily_report_export_is_not_stored(client, member_a):
    client.force_login(member_a)
    response = client.get(reverse("orders:daily_export"))
    assert response.status_code == 200
    assert_not_stored(response)


def test_api_reads_are_not_stored(client, member_a):
    _token, raw = api_token_create(user=member_a, name="cache")
    response = client.get("/api/v1/organizations", headers={"Authorization": f"Bearer {raw}"})
    assert response.status_code == 200
    assert_not_stored(response)
    response = client.get(f"/api/v1/organizations/{member_a.organization_id}")
    assert response.status_code == 200
    assert_not_stored(response)


def test_anonymous_pages_and_errors_are_not_stored(client, db):
    for url in (reverse("login"), reverse("registry:directory"), "/no-such-page/"):
        assert_not_stored(client.get(url))
    response = client.post(reverse("login"), {"username": "x", "password": "y"})
    assert_not_stored(response)


def test_the_admin_is_not_stored(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert_not_stored(response)


@cache_control(public=True, max_age=3600)
def _public_view(request):
    return HttpResponse("the same for everybody")


def _through_middleware(request):
    return PrivateNoStoreMiddleware(_public_view)(request)


def test_an_explicitly_public_response_stays_public_for_the_public(rf: RequestFactory):
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/public/")
    request.user = AnonymousUser()
    response = _through_middleware(request)
    assert "public" in _directives(response)


def test_but_never_for_a_logged_in_user(rf: RequestFactory, member_a):
    request = rf.get("/public/")
    request.user = member_a
    assert_not_stored(_through_middleware(request))
