"""Two browsers editing one profile: the second to save, having started from the version the
first one changed, is refused with 409 and a Japanese "reload" message; the first's change
stays. Also with both submits at once, each on its own database connection."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from renkei.registry.models import Contact, Organization, Site
from tests.concurrency import concurrent_db, in_threads  # noqa: F401 - the fixture
from tests.factories import ContactFactory

RELOAD = "他の人がこの内容を変更しました"


def _browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _opened_version(client: Client, url: str) -> str:
    """Open the edit page as a browser would and read the hidden version it carries."""
    page = client.get(url)
    assert page.status_code == 200
    match = re.search(r'<input type="hidden" name="version" value="(\d+)"', page.content.decode())
    assert match, "the edit form carries no version"
    return match.group(1)


def _profile_form(org: Organization, **changes: str) -> dict[str, str]:
    data = {
        "name": org.name,
        "name_kana": org.name_kana,
        "corporate_number": org.corporate_number,
        "industry": org.industry,
        "employees": str(org.employees or ""),
        "description": org.description,
        "listed_in_directory": "on",
    }
    return {**data, **changes}


def test_the_second_of_two_browsers_is_refused_and_the_first_change_stays(member_a):
    org = member_a.organization
    url = reverse("registry:organization_edit", args=[org.pk])
    first, second = _browser(member_a), _browser(member_a)
    version_1, version_2 = _opened_version(first, url), _opened_version(second, url)
    assert version_1 == version_2

    saved = first.post(url, _profile_form(org, employees="61", version=version_1))
    assert saved.status_code == 302
    refused = second.post(url, _profile_form(org, description="古い画面から", version=version_2))
    assert refused.status_code == 409
    assert RELOAD in refused.content.decode()

    org.refresh_from_db()
    assert org.employees == 61
    assert org.description != "古い画面から"
    # After a reload the form carries the new version and saves.
    reloaded = _opened_version(second, url)
    assert int(reloaded) == org.version
    again = second.post(url, _profile_form(org, description="再読み込み後", version=reloaded))
    assert again.status_code == 302
    org.refresh_from_db()
    assert (org.employees, org.description) == (61, "再読み込み後")


def test_a_stale_site_form_is_refused(member_a):
    org = member_a.organization
    site = org.sites.get()
    url = reverse("registry:child_edit", args=[org.pk, "sites", site.pk])
    first, second = _browser(member_a), _browser(member_a)
    version = _opened_version(first, url)
    assert _opened_version(second, url) == version
    form = {
        "name": site.name,
        "is_headquarters": "on",
        "postal_code": site.postal_code,
        "municipality": site.municipality_id,
        "address": site.address,
    }
    assert first.post(url, {**form, "name": "新工場", "version": version}).status_code == 302
    refused = second.post(url, {**form, "address": "群馬県太田市古町1", "version": version})
    assert refused.status_code == 409
    assert RELOAD in refused.content.decode()
    site.refresh_from_db()
    assert (site.name, site.address) == ("新工場", form["address"])


def test_a_form_without_a_version_still_saves(member_a):
    """An older page (or a script) that sends no version changes what it sends."""
    org = member_a.organization
    response = _browser(member_a).post(
        reverse("registry:organization_edit", args=[org.pk]), _profile_form(org, employees="9")
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.employees == 9


def test_a_new_entry_needs_no_version(member_a):
    org = member_a.organization
    client = _browser(member_a)
    url = reverse("registry:child_create", args=[org.pk, "contacts"])
    assert 'name="version"' in client.get(url).content.decode()
    response = client.post(url, {"name": "新 担当", "visibility": "private", "version": ""})
    assert response.status_code == 302
    assert Contact.objects.get(name="新 担当").version == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.usefixtures("concurrent_db")
@pytest.mark.parametrize("what", ["profile", "contact"])
def test_two_stale_submits_at_once_one_saves_the_other_is_refused(member_a, what):
    org = member_a.organization
    if what == "profile":
        url = reverse("registry:organization_edit", args=[org.pk])
        forms = [
            _profile_form(org, employees="71"),
            _profile_form(org, description="同時送信の説明"),
        ]
    else:
        contact = ContactFactory(organization=org, name="山田 太郎")
        url = reverse("registry:child_edit", args=[org.pk, "contacts", contact.pk])
        base = {"name": contact.name, "phone": "", "visibility": "private"}
        forms = [{**base, "phone": "0276-00-0001"}, {**base, "department": "品質保証部"}]
    browsers = [_browser(member_a), _browser(member_a)]
    version = _opened_version(browsers[0], url)

    results, errors = in_threads(
        2, lambda i: (i, browsers[i].post(url, {**forms[i], "version": version}))
    )
    assert not errors, errors
    status = {i: response.status_code for i, response in results}
    assert sorted(status.values()) == [302, 409]
    refused = next(r for _i, r in results if r.status_code == 409)
    assert RELOAD in refused.content.decode()
    winner = forms[next(i for i, code in status.items() if code == 302)]
    if what == "profile":
        org.refresh_from_db()
        assert (str(org.employees), org.description) == (winner["employees"], winner["description"])
        assert org.version == int(version) + 1
    else:
        contact.refresh_from_db()
        assert (contact.phone, contact.department) == (
            winner.get("phone", ""),
            winner.get("department", ""),
        )
        assert contact.version == int(version) + 1
    assert Site.objects.filter(organization=org).count() == 1
