"""The coordinator's admin cannot raise anyone's privileges: it has no page of the accounts at
all, so no superuser flag and no API token for anyone (the attacks on passwords, firms and roles
are in test_admin_accounts.py)."""

from __future__ import annotations

from django.urls import reverse


def test_coordinator_cannot_make_anyone_superuser(client, coordinator, member_a):
    client.force_login(coordinator)
    for target in (coordinator, member_a):
        url = reverse("admin:accounts_user_change", args=[target.pk])
        assert client.get(url).status_code == 403
        response = client.post(
            url,
            {
                "username": target.username,
                "role": "coordinator",
                "is_active": "on",
                "is_superuser": "on",
                "is_staff": "on",
                "date_joined_0": "2026-01-01",
                "date_joined_1": "00:00:00",
            },
        )
        assert response.status_code == 403
        target.refresh_from_db()
        assert not target.is_superuser and not target.is_staff


def test_coordinator_cannot_issue_a_token_for_someone_else(client, coordinator, buyer):
    from renkei.accounts.models import ApiToken

    client.force_login(coordinator)
    client.post(reverse("admin:accounts_apitoken_add"), {"name": "x", "user": buyer.pk})
    assert not ApiToken.objects.filter(user=buyer).exists()
