from __future__ import annotations

from auditlog.models import LogEntry
from django.urls import reverse

from tests.factories import PurchaseOrderFactory


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


def test_coordinator_has_no_orders_in_the_admin(client, coordinator):
    """Orders hold the firms' prices: not the coordinator's to read, in the admin either."""
    client.force_login(coordinator)
    for name in ("purchaseorder", "receipt", "quote", "quoteline", "rfq"):
        assert client.get(reverse(f"admin:orders_{name}_changelist")).status_code == 403
    index = client.get(reverse("admin:index"))
    assert "orders" not in {app["app_label"] for app in index.context["app_list"]}
    assert "registry" in {app["app_label"] for app in index.context["app_list"]}


def test_coordinator_reads_no_order_history_in_the_audit_log(client, coordinator, firm_a):
    firm_a.name = "赤城精機株式会社(改)"
    firm_a.save()
    po = PurchaseOrderFactory(supplier=firm_a)
    assert LogEntry.objects.get_for_object(po).exists()
    client.force_login(coordinator)
    page = client.get(reverse("admin:auditlog_logentry_changelist"))
    apps = {entry.content_type.app_label for entry in page.context["cl"].queryset}
    assert "registry" in apps
    assert "orders" not in apps
    entry = LogEntry.objects.get_for_object(po).first()
    url = reverse("admin:auditlog_logentry_change", args=[entry.pk])
    assert client.get(url).status_code in (302, 404)
