"""Log-in, log-out, password change, lock-out after repeated failures, audit log, settings."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from renkei.registry.models import Organization

PASSWORD = "pass-renkei-123"


def test_login_and_logout(client, member_a):
    response = client.post(reverse("login"), {"username": "member_a", "password": PASSWORD})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_login_page_is_japanese(client, db):
    html = client.get(reverse("login")).content.decode()
    assert "ユーザー名" in html and "パスワード" in html


def test_repeated_failures_lock_the_account(client, member_a):
    for _ in range(5):
        client.post(reverse("login"), {"username": "member_a", "password": "wrong"})
    # Even the right password is refused while locked.
    response = client.post(reverse("login"), {"username": "member_a", "password": PASSWORD})
    assert response.status_code == 429
    assert "ロック" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_change(client, member_a):
    client.force_login(member_a)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Akagi-yama-2026!",
            "new_password2": "Akagi-yama-2026!",
        },
    )
    assert response.status_code == 302
    member_a.refresh_from_db()
    assert member_a.check_password("Akagi-yama-2026!")


def test_weak_password_is_refused(client, member_a):
    client.force_login(member_a)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert response.status_code == 200
    member_a.refresh_from_db()
    assert member_a.check_password(PASSWORD)


def test_profile_edit_is_audited_with_its_actor(client, member_a):
    client.force_login(member_a)
    org = member_a.organization
    client.post(
        reverse("registry:organization_edit", args=[org.pk]),
        {
            "name": "赤城精機株式会社",
            "name_kana": "アカギセイキ",
            "corporate_number": org.corporate_number,
            "industry": "manufacturing",
            "employees": "77",
        },
    )
    entry = LogEntry.objects.get_for_object(Organization.objects.get(pk=org.pk)).latest("timestamp")
    assert entry.actor == member_a
    assert "employees" in entry.changes_dict


def test_user_in_member_role_needs_an_organisation(db):
    from django.core.exceptions import ValidationError

    from renkei.accounts.models import Role, User

    with pytest.raises(ValidationError):
        User(username="x", role=Role.MEMBER).full_clean()


def _django_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "RENKEI_ENV", "DEBUG")}
    return subprocess.run(
        [sys.executable, "-m", "renkei.cli", "manage", "check"],
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_without_secret_key_fails_loudly():
    result = _django_check({"RENKEI_ENV": "production"})
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_with_secret_key_has_secure_cookies():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django,os;django.setup();from django.conf import settings as s;"
            "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)",
        ],
        env={
            **os.environ,
            "RENKEI_ENV": "production",
            "SECRET_KEY": "x" * 60,
            "DJANGO_SETTINGS_MODULE": "renkei.config.settings",
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split() == ["False", "True", "True"], result.stderr
