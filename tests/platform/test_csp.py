"""Content-Security-Policy: no page runs or styles anything inline.

Every page a member, a buyer and the coordinator reach from the home page (crawled through the
demo cluster's links, one page per address pattern) carries a policy whose script-src and
style-src have no 'unsafe-inline' (nor 'unsafe-eval'), and its HTML has no inline <script>
that is code, no on...= handler, no hx-on, no javascript: link, no <style> and no style="".
The templates themselves are held to the same, so that htmx fragments are covered too.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db.models import Count
from django.test import Client
from django.urls import Resolver404, resolve

from renkei.accounts.models import Role, User
from tests.platform.demo.conftest import demo, demo_media  # noqa: F401 (fixtures)
from tests.plotly_css import STATIC_FILE, bundle, maplibre_style_id, stylesheet

# Not pages: log-out is a POST, language switching a redirect, the API answers JSON.
SKIP_PREFIXES = ("/accounts/logout/", "/i18n/", "/jsi18n/", "/api/v1/", "/static/", "/media/")
ADMIN_PAGES = 6
PAGES_PER_ROLE = 70


def policy(response) -> dict[str, list[str]]:
    header = response.get("Content-Security-Policy", "")
    assert header, f"{response.wsgi_request.path}: no Content-Security-Policy"
    directives: dict[str, list[str]] = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_strict(directives: dict[str, list[str]], where: str) -> None:
    for name in ("script-src", "style-src"):
        sources = directives.get(name) or directives.get("default-src")
        assert sources, f"{where}: no {name}"
        assert "'unsafe-inline'" not in sources, f"{where}: {name} {sources}"
        assert "'unsafe-eval'" not in sources, f"{where}: {name} {sources}"
    assert directives.get("object-src") == ["'none'"], where
    for name in ("script-src-attr", "script-src-elem", "style-src-attr", "style-src-elem"):
        assert "'unsafe-inline'" not in directives.get(name, []), f"{where}: {name}"


class InlineFinder(HTMLParser):
    """Collects what a strict policy would refuse, and the page's same-site links."""

    def __init__(self, nonce: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.nonce = nonce
        self.problems: list[str] = []
        self.links: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        for name, value in attrs:
            if name.startswith("on") or name.startswith("hx-on") or name.startswith("data-hx-on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name == "style":
                self.problems.append(f'<{tag} style="{value}">')
            if name in ("href", "src", "action", "hx-get") and value:
                if value.strip().lower().startswith("javascript:"):
                    self.problems.append(f"<{tag} {name}={value!r}>")
                elif name in ("href", "hx-get"):
                    self.links.append(value)
        nonced = self.nonce is not None and named.get("nonce") == self.nonce
        code = named.get("type") != "application/json"  # json_script blocks are data
        if tag == "script" and not named.get("src") and not nonced and code:
            self.problems.append(f"inline <script {named}>")
        if tag == "style" and not nonced:
            self.problems.append("<style>")


def inline_problems(html: str, directives: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    nonces = [s[7:-1] for s in directives.get("script-src", []) if s.startswith("'nonce-")]
    finder = InlineFinder(nonces[0] if nonces else None)
    finder.feed(html)
    return finder.problems, finder.links


def crawl(client: Client) -> Iterator[tuple[str, object]]:
    """GET every page reachable from the home page, one per address pattern."""
    queue = deque(["/", "/api/v1/docs"])
    seen: set[tuple[str, str | None]] = set()
    admin_pages = pages = 0
    while queue and pages < PAGES_PER_ROLE:
        url = queue.popleft()
        parts = urlsplit(url)
        if parts.netloc or parts.scheme or not parts.path.startswith("/"):
            continue
        if parts.path.startswith(SKIP_PREFIXES) and parts.path != "/api/v1/docs":
            continue
        try:
            match = resolve(parts.path)
        except Resolver404:
            continue
        key = (match.route, match.view_name)
        if key in seen:
            continue
        seen.add(key)
        if parts.path.startswith("/admin/"):
            if admin_pages >= ADMIN_PAGES:
                continue
            admin_pages += 1
        response = client.get(url)
        pages += 1
        yield url, response
        if response.status_code == 200 and response.get("Content-Type", "").startswith("text/html"):
            _problems, links = inline_problems(response.content.decode(), policy(response))
            queue.extend(links)


def _users() -> dict[str, User]:
    members = (
        User.objects.filter(role=Role.MEMBER, organization__isnull=False)
        .annotate(orders=Count("organization__purchase_orders_received"))
        .order_by("-orders", "username")
    )
    return {
        "member": members.first(),
        "buyer": User.objects.filter(role=Role.BUYER).order_by("username").first(),
        "coordinator": User.objects.filter(role=Role.COORDINATOR).order_by("username").first(),
        "anonymous": None,
    }


@pytest.mark.parametrize("role", ["member", "buyer", "coordinator", "anonymous"])
def test_every_page_runs_nothing_inline(demo, role):  # noqa: F811
    user = _users()[role]
    client = Client()
    if user is not None:
        client.force_login(user)
    visited: list[str] = []
    failures: list[str] = []
    for url, response in crawl(client):
        visited.append(url)
        if response.status_code != 200:
            continue
        directives = policy(response)
        assert_strict(directives, url)
        if response.get("Content-Type", "").startswith("text/html"):
            problems, _links = inline_problems(response.content.decode(), directives)
            failures += [f"{url}: {p}" for p in problems]
    assert not failures, "\n".join(failures)
    # The crawl did reach the pages that matter for the role (not just the home page).
    expected = {
        "member": ["/orders/", "/orders/daily/", "/orders/prices/", "/jobs/", "/orders/qcd/"],
        "buyer": ["/supply/", "/orders/scorecards/", "/orders/"],
        "coordinator": ["/admin/", "/orders/qcd/aggregates/", "/supply/"],
        "anonymous": ["/directory/", "/accounts/login/"],
    }[role]
    missing = [u for u in expected if not any(urlsplit(v).path == u for v in visited)]
    assert not missing, (missing, visited)
    assert len(visited) >= 5


_COMMENTS = re.compile(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S)
_INLINE = {
    "an inline <script>": re.compile(
        r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I
    ),
    "an on...= handler": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    "hx-on": re.compile(r"\bhx-on", re.I),
    "a <style> element": re.compile(r"<style\b", re.I),
    'a style="" attribute': re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    "a javascript: link": re.compile(r"javascript:", re.I),
}


def test_no_template_has_anything_inline():
    templates = sorted((Path(__file__).resolve().parents[2] / "src/renkei").rglob("*.html"))
    assert len(templates) > 50
    failures = []
    for path in templates:
        text = _COMMENTS.sub("", path.read_text(encoding="utf-8"))
        failures += [f"{path.name}: {what}" for what, rx in _INLINE.items() if rx.search(text)]
    assert not failures, "\n".join(failures)


def test_the_static_plotly_stylesheet_is_the_bundles():
    # Regenerate with `python -m tests.plotly_css` when plotly changes.
    assert STATIC_FILE.read_text(encoding="utf-8") == stylesheet(
        bundle().read_text(encoding="utf-8")
    )


def test_the_plotly_include_stops_the_bundles_own_styles():
    include = (
        Path(__file__).resolve().parents[2] / "src/renkei/templates/_plotly.html"
    ).read_text()
    assert 'id="plotly.js-style-global" class="no-inline-styles"' in include
    assert f'id="{maplibre_style_id(bundle().read_text(encoding="utf-8"))}"' in include
    # Both before the bundle runs: it looks for them as it loads.
    bundle_script = include.index("<script src=\"{% static 'plotly/plotly.min.js' %}\"")
    assert include.index('class="no-inline-styles"') < bundle_script
    assert include.index("<span id=") < bundle_script
