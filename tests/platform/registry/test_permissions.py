"""Every role against every other role's organisation, on the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renkei.registry.models import Visibility
from renkei.registry.permissions import organization_for_user, organizations_visible_to
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_public_sees_only_listed(anonymous, firm_a, unlisted_firm):
    visible = set(organizations_visible_to(anonymous))
    assert firm_a in visible
    assert unlisted_firm not in visible


def test_member_sees_cluster_members_even_unlisted(member_a, unlisted_firm):
    assert unlisted_firm in set(organizations_visible_to(member_a))


def test_coordinator_sees_everything(coordinator, unlisted_firm):
    assert organization_for_user(coordinator, unlisted_firm.pk, for_edit=True) == unlisted_firm


@pytest.mark.parametrize("url_name", ["registry:organization_edit"])
def test_member_cannot_edit_another_firm(client, member_a, firm_b, url_name):
    client.force_login(member_a)
    assert client.get(reverse(url_name, args=[firm_b.pk])).status_code == 403
    response = client.post(reverse(url_name, args=[firm_b.pk]), {"name": "乗っ取り"})
    assert response.status_code == 403
    firm_b.refresh_from_db()
    assert firm_b.name == "榛名プレス工業株式会社"


def test_buyer_cannot_edit_a_member_firm(client, buyer, firm_a):
    client.force_login(buyer)
    assert client.get(reverse("registry:organization_edit", args=[firm_a.pk])).status_code == 403


def test_member_cannot_touch_another_firms_children_through_own_url(client, member_a, firm_b):
    contact = ContactFactory(organization=firm_b)
    client.force_login(member_a)
    # Own organisation id in the path, another firm's contact id: not found, never edited.
    url = reverse("registry:child_edit", args=[member_a.organization_id, "contacts", contact.pk])
    assert client.post(url, {"name": "x", "visibility": "private"}).status_code == 404
    contact.refresh_from_db()
    assert contact.name != "x"


def test_anonymous_is_sent_to_login(client, firm_a):
    response = client.get(reverse("registry:organization_edit", args=[firm_a.pk]))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


def test_unlisted_profile_is_404_for_public(client, unlisted_firm):
    url = reverse("registry:organization_detail", args=[unlisted_firm.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("viewer", "sees"),
    [
        ("anonymous", {"public"}),
        ("member_b", {"public", "cluster"}),
        ("buyer", {"public", "cluster"}),
        ("member_a", {"public", "cluster", "private"}),
        ("coordinator", {"public", "cluster", "private"}),
    ],
)
def test_contacts_follow_their_visibility(client, request, firm_a, viewer, sees):
    for visibility in Visibility.values:
        ContactFactory(organization=firm_a, name=f"担当-{visibility}", visibility=visibility)
    if viewer != "anonymous":
        client.force_login(request.getfixturevalue(viewer))
    else:
        request.getfixturevalue("member_a")  # the firm exists either way
    html = client.get(reverse("registry:organization_detail", args=[firm_a.pk])).content.decode()
    shown = {v for v in Visibility.values if f"担当-{v}" in html}
    assert shown == sees
