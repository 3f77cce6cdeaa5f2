"""Browser tests: Playwright for Python driving Debian's Chromium against a live server.

Run with `make test-browser` (or `.ci/run`). A screenshot of the page is kept in
test-artifacts/ when a test fails.
"""

from __future__ import annotations

import os
import re
import struct
import zlib
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("RENKEI_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

# Playwright's sync API runs an event loop in this thread; the live server's database work is in
# its own thread, and the test's own ORM calls are synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """On SQLite, the browser tests' database is a file, not memory: the live server then opens
    one connection per request thread instead of sharing the test's in-memory one across
    threads (which its request threads would close under each other)."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3"):
        path = tmp_path_factory.mktemp("browser-db") / "test.sqlite3"
        database.setdefault("TEST", {})["NAME"] = str(path)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


# Every page reports what its Content-Security-Policy refused (an inline script or style, an
# eval, a foreign host): the browser tests then fail on it, whatever they test otherwise.
CSP_LISTENER = """
document.addEventListener('securitypolicyviolation', function (e) {
  window.renkeiCspViolation([location.pathname, e.violatedDirective, e.blockedURI || 'inline',
                             (e.sourceFile || '') + ':' + e.lineNumber, e.sample || ''].join(' '));
});
"""


def watch_csp(context) -> list[str]:
    """The CSP violations of every page of ``context``, as they happen."""
    violations: list[str] = []

    def report(violation: str) -> None:
        violations.append(violation)

    context.expose_function("renkeiCspViolation", report)
    context.add_init_script(CSP_LISTENER)
    return violations


def _png(width: int = 1, height: int = 1) -> bytes:
    """A grey PNG, written out here (no image library needed)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    rows = b"".join(b"\0" + b"\xdd" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


TILE_PNG = _png()
# The maps' default base map is GSI's tile server: the tests never reach it (the machine may
# be offline, and a test's result must not depend on a foreign host). Every tile is answered
# here with a small PNG, through the page's Content-Security-Policy all the same.
GSI_TILES = re.compile(r"^https://cyberjapandata\.gsi\.go\.jp/")


def serve_tiles_locally(context) -> None:
    context.route(
        GSI_TILES, lambda route: route.fulfill(status=200, content_type="image/png", body=TILE_PNG)
    )


@pytest.fixture
def page(browser, request, live_server):
    context = browser.new_context(locale="ja-JP", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    serve_tiles_locally(context)
    violations = watch_csp(context)
    page = context.new_page()
    page.base = live_server.url  # type: ignore[attr-defined]
    page.csp_violations = violations  # type: ignore[attr-defined]
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
    assert not violations, "Content-Security-Policy violations:\n" + "\n".join(violations)


def log_in(page, username: str, password: str = "pass-renkei-123") -> None:
    page.goto(f"{page.base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


@pytest.fixture(autouse=True)
def _reference_data(transactional_db):
    # Transactional tests flush the database between tests, data migrations included.
    from renkei.registry.reference_data import load

    load()
