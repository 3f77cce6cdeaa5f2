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


def test_every_source_string_is_in_the_catalogue(settings, tmp_path, monkeypatch):
    """Re-extract the strings from a copy of the sources: nothing may come out untranslated."""
    import shutil
    from pathlib import Path

    import polib
    import pytest
    from django.core.management import call_command

    if shutil.which("xgettext") is None:
        pytest.skip("GNU gettext (xgettext) is not installed")
    package = Path(__file__).resolve().parents[2] / "src" / "renkei"
    copy = tmp_path / "renkei"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
    settings.LOCALE_PATHS = [copy / "locale"]
    monkeypatch.chdir(copy)
    call_command("makemessages", locale=["ja"], no_location=True, no_obsolete=True, verbosity=0)
    po = polib.pofile(str(copy / "locale/ja/LC_MESSAGES/django.po"))
    missing = [e.msgid for e in po.untranslated_entries() + po.fuzzy_entries()]
    assert not missing, f"untranslated strings (run `make messages`): {missing}"
