from __future__ import annotations

from django.urls import reverse


def test_coordinator_manages_firms_in_the_admin(client, coordinator, firm_a):
    client.force_login(coordinator)
    assert client.get(reverse("admin:index")).status_code == 200
    url = reverse("admin:registry_organization_change", args=[firm_a.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:auditlog_logentry_changelist")).status_code == 200


def test_member_and_buyer_have_no_admin(client, member_a, buyer, firm_a):
    for user in (member_a, buyer):
        client.force_login(user)
        response = client.get(reverse("admin:registry_organization_change", args=[firm_a.pk]))
        assert response.status_code == 302  # sent to the admin login
        assert "/admin/login/" in response["Location"]
