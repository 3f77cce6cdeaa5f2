"""The coordinator's admin cannot raise anyone's privileges: no superuser flag, no API token
issued for another user."""

from __future__ import annotations

from django.urls import reverse


def test_coordinator_cannot_make_anyone_superuser(client, coordinator, member_a):
    client.force_login(coordinator)
    url = reverse("admin:accounts_user_change", args=[coordinator.pk])
    page = client.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, list)}
    data.update(
        {
            "username": coordinator.username,
            "role": "coordinator",
            "is_active": "on",
            "is_superuser": "on",
            "is_staff": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "00:00:00",
        }
    )
    client.post(url, data)
    coordinator.refresh_from_db()
    assert not coordinator.is_superuser


def test_coordinator_cannot_issue_a_token_for_someone_else(client, coordinator, buyer):
    from renkei.accounts.models import ApiToken

    client.force_login(coordinator)
    client.post(reverse("admin:accounts_apitoken_add"), {"name": "x", "user": buyer.pk})
    assert not ApiToken.objects.filter(user=buyer).exists()
