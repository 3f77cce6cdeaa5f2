from __future__ import annotations

from django.urls import reverse

from renkei.commands.compilemessages import compile_all


def test_japanese_catalogue_is_complete():
    assert compile_all(check=True) == []


def test_pages_are_japanese_by_default(client, firm_a):
    html = client.get(reverse("registry:directory")).content.decode()
    assert "クラスター企業検索" in html
    assert 'lang="ja"' in html


def test_english_switch(client, firm_a):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/directory/"})
    assert response.status_code == 302
    html = client.get(reverse("registry:directory")).content.decode()
    assert "Cluster directory" in html
    assert 'lang="en"' in html


def test_validation_message_in_english(client, member_a):
    client.cookies["django_language"] = "en"
    client.force_login(member_a)
    org = member_a.organization
    response = client.post(
        reverse("registry:organization_edit", args=[org.pk]),
        {"name": org.name, "corporate_number": "1234567890123", "industry": "manufacturing"},
    )
    assert "check digit of corporate number 1234567890123 is wrong" in response.content.decode()
