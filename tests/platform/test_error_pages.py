"""The 403, 404 and 500 pages users get (DEBUG off, as under `make run`): the site's own, in
Japanese, in English for a visitor who chose English, and never Django's debug pages."""

from __future__ import annotations

import pytest
from django.test import Client

from renkei.common.views import LAST_RESORT_500

pytestmark = pytest.mark.urls("tests.platform.error_urls")

DEBUG_PAGE_WORDS = ("Page not found (404)", "Traceback", "DEBUG = True", "a bug in a view")


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"  # what the language menu (set_language) leaves
    return client


def page(response, status: int) -> str:
    assert response.status_code == status
    html = response.content.decode()
    for words in DEBUG_PAGE_WORDS:
        assert words not in html
    return html


def test_unknown_address_gives_the_japanese_404(client, settings):
    assert settings.DEBUG is False
    html = page(client.get("/no-such-page/"), 404)
    assert 'lang="ja"' in html
    assert "404 見つかりません" in html
    assert "このページは存在しないか" in html
    assert "トップページへ戻る" in html


def test_404_in_english_for_a_visitor_who_chose_english(client):
    html = page(english(client).get("/no-such-page/"), 404)
    assert 'lang="en"' in html
    assert "404 Not found" in html
    assert "This page does not exist" in html


def test_404_follows_the_browsers_language_when_none_was_chosen(client):
    html = page(client.get("/no-such-page/", headers={"accept-language": "en"}), 404)
    assert "404 Not found" in html


def test_404_keeps_the_menu_of_the_logged_in_user(client, member_a):
    client.force_login(member_a)
    html = page(client.get("/no-such-page/"), 404)
    assert "ログアウト" in html


@pytest.mark.parametrize(
    ("language", "words"),
    [("ja", "403 この操作は許可されていません"), ("en", "403 You may not do this.")],
)
def test_forbidden_page(client, language, words):
    client.cookies["django_language"] = language
    html = page(client.get("/test-forbidden/"), 403)
    assert words in html


@pytest.mark.parametrize(
    ("language", "words"),
    [("ja", "500 サーバーエラー"), ("en", "500 Server error")],
)
def test_server_error_page(db, django_assert_num_queries, language, words):
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = language
    # Nothing on the page reads the database: it may be what failed.
    with django_assert_num_queries(0):
        response = client.get("/test-broken/")
    html = page(response, 500)
    assert f'lang="{language}"' in html
    assert words in html
    assert "renkei/renkei.css" in html


def test_server_error_page_when_the_page_itself_fails(db, settings, tmp_path):
    """The static files were not collected: the 500 page cannot name its stylesheet, and the
    user still gets a page in both languages, not the server's bare answer."""
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "renkei.common.staticfiles.StaticFilesStorage"},
    }
    client = Client(raise_request_exception=False)
    response = client.get("/test-broken/")
    assert response.status_code == 500
    assert response.content.decode() == LAST_RESORT_500


@pytest.mark.parametrize(
    ("language", "words"),
    [("ja", "403 フォームを送信できませんでした。"), ("en", "403 The form could not be sent.")],
)
def test_form_refused_by_the_csrf_check(db, language, words):
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = language
    html = page(client.post("/accounts/login/", {"username": "x", "password": "y"}), 403)
    assert words in html
