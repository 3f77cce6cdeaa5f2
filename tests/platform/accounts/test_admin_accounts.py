"""Accounts in the admin are the superuser's only: users, their roles and firms, passwords,
API tokens, groups and permissions.

A coordinator runs the registry in the admin; were it to reach the accounts, it could set a
member's password or move itself into a firm and read that firm's prices, orders, drawings and
daily reports. Each attack below is tried as a coordinator and must get nowhere; the superuser
can still do all of it.
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from renkei.accounts import services
from renkei.accounts.models import ApiToken, Role, User
from tests.factories import CoordinatorFactory

PASSWORD = "pass-renkei-123"
NEW_PASSWORD = "a-new-secret-9876"
REFUSED = (403, 404, 405)


def refused(response) -> bool:
    """403, 404 (405 for a POST to a read-only address), or the admin's login page (what the
    admin answers someone it does not let in): anything but the page itself or a redirect
    after a write."""
    if response.status_code == 302:
        return "/admin/login/" in response["Location"]
    return response.status_code in REFUSED


def accounts_urls(user: User, token: ApiToken, group: Group) -> dict[str, str]:
    return {
        "users": reverse("admin:accounts_user_changelist"),
        "add user": reverse("admin:accounts_user_add"),
        "change user": reverse("admin:accounts_user_change", args=[user.pk]),
        "set password": reverse("admin:auth_user_password_change", args=[user.pk]),
        "delete user": reverse("admin:accounts_user_delete", args=[user.pk]),
        "user history": reverse("admin:accounts_user_history", args=[user.pk]),
        "user autocomplete": reverse("admin:autocomplete")
        + "?app_label=accounts&model_name=apitoken&field_name=user",
        "tokens": reverse("admin:accounts_apitoken_changelist"),
        "add token": reverse("admin:accounts_apitoken_add"),
        "change token": reverse("admin:accounts_apitoken_change", args=[token.pk]),
        "delete token": reverse("admin:accounts_apitoken_delete", args=[token.pk]),
        "groups": reverse("admin:auth_group_changelist"),
        "add group": reverse("admin:auth_group_add"),
        "change group": reverse("admin:auth_group_change", args=[group.pk]),
        "accounts app": reverse("admin:app_list", args=["accounts"]),
        "auth app": reverse("admin:app_list", args=["auth"]),
    }


@pytest.fixture
def token(coordinator):
    return services.api_token_create(user=coordinator, name="coordinator's own")[0]


@pytest.fixture
def group(db):
    return Group.objects.create(name="editors")


@pytest.fixture
def staff_coordinator(db):
    """A coordinator somebody made staff and gave every accounts and auth permission: the rule
    is the superuser's, not a matter of permissions someone could hand out."""
    user = CoordinatorFactory(username="coord_staff", is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label__in=("accounts", "auth"))
    )
    return User.objects.get(pk=user.pk)  # without the cached permissions


@pytest.fixture(params=["coordinator", "staff_coordinator"])
def attacker(request):
    return request.getfixturevalue(request.param)


def test_no_accounts_page_answers_a_coordinator(client, attacker, member_a, token, group):
    client.force_login(attacker)
    for target in (member_a, attacker):
        for what, url in accounts_urls(target, token, group).items():
            got = client.get(url)
            assert refused(got), f"{what} ({url}) answered {got.status_code}"
            assert refused(client.post(url, {})), f"POST {what} ({url}) got through"


def test_the_admin_index_lists_no_accounts_for_a_coordinator(client, attacker):
    client.force_login(attacker)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    apps = {app["app_label"] for app in index.context["app_list"]}
    assert "registry" in apps
    assert not apps & {"accounts", "auth"}
    page = index.content.decode()
    assert reverse("admin:accounts_user_changelist") not in page
    assert reverse("admin:accounts_apitoken_changelist") not in page


def test_a_coordinator_cannot_set_a_members_password(client, attacker, member_a):
    client.force_login(attacker)
    url = reverse("admin:auth_user_password_change", args=[member_a.pk])
    response = client.post(
        url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}
    )
    assert refused(response)
    member_a.refresh_from_db()
    assert member_a.check_password(PASSWORD) and not member_a.check_password(NEW_PASSWORD)


def test_a_coordinator_cannot_move_anyone_into_a_firm(client, attacker, member_a, firm_b):
    client.force_login(attacker)
    for target, role in ((member_a, Role.MEMBER), (attacker, Role.MEMBER)):
        url = reverse("admin:accounts_user_change", args=[target.pk])
        response = client.post(
            url,
            {
                "username": target.username,
                "role": role,
                "organization": firm_b.pk,
                "is_active": "on",
                "date_joined_0": "2026-01-01",
                "date_joined_1": "00:00:00",
            },
        )
        assert refused(response)
    member_a.refresh_from_db()
    attacker.refresh_from_db()
    assert member_a.organization_id != firm_b.pk
    assert attacker.organization_id is None and attacker.role == Role.COORDINATOR


def test_a_coordinator_cannot_create_a_user(client, attacker, firm_a):
    client.force_login(attacker)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "mole",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "usable_password": "true",
            "role": Role.MEMBER,
            "organization": firm_a.pk,
        },
    )
    assert refused(response)
    assert not User.objects.filter(username="mole").exists()


def test_a_coordinator_cannot_issue_or_read_api_tokens(client, attacker, member_a, token):
    client.force_login(attacker)
    for owner in (attacker, member_a):
        response = client.post(
            reverse("admin:accounts_apitoken_add"), {"name": "backdoor", "user": owner.pk}
        )
        assert refused(response)
    assert not ApiToken.objects.filter(name="backdoor").exists()
    # Not even its own token: a token is an account's key, issued by the superuser.
    page = client.get(reverse("admin:accounts_apitoken_changelist"))
    assert refused(page) and token.prefix not in page.content.decode()
    response = client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    assert refused(response)
    token.refresh_from_db()
    assert token.revoked_at is None


def test_a_coordinator_cannot_grant_permissions_through_a_group(client, attacker):
    client.force_login(attacker)
    everything = Permission.objects.values_list("pk", flat=True)
    response = client.post(
        reverse("admin:auth_group_add"), {"name": "all", "permissions": list(everything)}
    )
    assert refused(response)
    assert not Group.objects.filter(name="all").exists()


def test_a_coordinator_reads_no_account_history_in_the_audit_log(client, coordinator, member_a):
    member_a.email = "member_a@example.jp"
    member_a.save()
    client.force_login(coordinator)
    page = client.get(reverse("admin:auditlog_logentry_changelist"))
    assert page.status_code == 200
    assert "accounts" not in {e.content_type.app_label for e in page.context["cl"].queryset}


# --- the superuser still runs the accounts ---------------------------------------------------


def test_the_superuser_adds_a_user_with_role_and_firm(client, admin_user, firm_a):
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_add")
    page = client.get(url)
    assert page.status_code == 200
    assert {"username", "role", "organization"} <= set(page.context["adminform"].form.fields)
    response = client.post(
        url,
        {
            "username": "new_member",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "usable_password": "true",
            "role": Role.MEMBER,
            "organization": firm_a.pk,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    user = User.objects.get(username="new_member")
    assert user.role == Role.MEMBER and user.organization == firm_a
    assert user.check_password(NEW_PASSWORD)
    assert not user.is_staff and not user.is_superuser


def test_adding_a_member_without_a_firm_is_refused_on_the_form(client, admin_user):
    """What answered 500 (``'UserForm' has no field named 'organization'``) is a form error."""
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "lost_member",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "usable_password": "true",
            "role": Role.MEMBER,
        },
    )
    assert response.status_code == 200
    assert "organization" in response.context["adminform"].form.errors
    assert not User.objects.filter(username="lost_member").exists()


def test_the_superuser_adds_a_coordinator_of_no_firm(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "new_coord",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "usable_password": "true",
            "role": Role.COORDINATOR,
        },
    )
    assert response.status_code == 302
    assert User.objects.get(username="new_coord").role == Role.COORDINATOR


def test_the_add_user_form_refuses_control_characters(client, admin_user, firm_a):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:accounts_user_add"),
        {
            "username": "bell\x07",
            "password1": NEW_PASSWORD,
            "password2": NEW_PASSWORD,
            "usable_password": "true",
            "role": Role.MEMBER,
            "organization": firm_a.pk,
        },
    )
    assert response.status_code == 200
    assert "username" in response.context["adminform"].form.errors
    assert not User.objects.filter(username__startswith="bell").exists()


def test_the_superuser_changes_a_users_firm_role_and_password(client, admin_user, member_a, firm_b):
    client.force_login(admin_user)
    url = reverse("admin:accounts_user_change", args=[member_a.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = {
        "username": member_a.username,
        "last_name": "山田",
        "first_name": "太郎",
        "role": Role.BUYER,
        "organization": firm_b.pk,
        "is_active": "on",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "00:00:00",
    }
    assert client.post(url, {**data, "last_name": "山\x07田"}).status_code == 200
    member_a.refresh_from_db()
    assert member_a.last_name != "山\x07田"
    assert client.post(url, data).status_code == 302
    member_a.refresh_from_db()
    assert (member_a.role, member_a.organization_id, member_a.last_name) == (
        Role.BUYER,
        firm_b.pk,
        "山田",
    )

    password_url = reverse("admin:auth_user_password_change", args=[member_a.pk])
    assert client.get(password_url).status_code == 200
    response = client.post(
        password_url,
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.check_password(NEW_PASSWORD)


def test_the_superuser_issues_and_revokes_tokens(client, admin_user, member_a):
    client.force_login(admin_user)
    assert client.get(reverse("admin:accounts_apitoken_add")).status_code == 200
    response = client.post(
        reverse("admin:accounts_apitoken_add"), {"name": "連携用", "user": member_a.pk}
    )
    assert response.status_code == 302
    token = ApiToken.objects.get(user=member_a)
    assert token.name == "連携用"
    page = client.get(reverse("admin:accounts_apitoken_changelist"))
    assert token.prefix in page.content.decode()
    client.post(
        reverse("admin:accounts_apitoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_at is not None
    response = client.post(
        reverse("admin:accounts_apitoken_add"), {"name": "鈴\x07", "user": member_a.pk}
    )
    assert response.status_code == 200
    assert "name" in response.context["adminform"].form.errors


def test_the_superuser_sees_accounts_on_the_index(client, admin_user):
    client.force_login(admin_user)
    apps = {app["app_label"] for app in client.get(reverse("admin:index")).context["app_list"]}
    assert {"accounts", "auth"} <= apps


def test_every_accounts_admin_form_refuses_control_characters():
    from django.contrib import admin

    from renkei.common.forms import TextFormMixin

    pages = [admin.site._registry[model] for model in (User, ApiToken, Group)]
    forms = [form for page in pages for form in (page.form, getattr(page, "add_form", page.form))]
    assert all(issubclass(form, TextFormMixin) for form in forms), forms
