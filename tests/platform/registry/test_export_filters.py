"""An export with a filter it cannot apply exports nothing (a 400), not the unfiltered list."""

from __future__ import annotations

from django.urls import reverse


def test_export_with_a_bad_filter_exports_nothing(client, member_a):
    client.force_login(member_a)
    response = client.get(reverse("registry:directory_export"), {"municipality": "zz"})
    assert response.status_code == 400
    assert "spreadsheetml" not in response["Content-Type"]
