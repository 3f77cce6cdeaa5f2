"""`renkei serve` (web server + job worker), run for real.

It serves what users get: gunicorn with DEBUG off, static files from whitenoise under hashed,
long-cached names, the site's 404 page in Japanese (English for a visitor who chose it); `make
run` passes it `ADDR`. `--dev` is Django's development server with DEBUG on. Either stops
cleanly when asked: on SIGTERM or SIGINT both children end, the command exits promptly, no
process is left behind and the port is free.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

RENKEI = Path(sys.executable).with_name("renkei")
REPOSITORY = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    """A migrated SQLite database of its own (the worker needs its task tables)."""
    home = tmp_path_factory.mktemp("serve")
    env = _env(home)
    subprocess.run([RENKEI, "manage", "migrate", "-v0"], env=env, check=True, timeout=300)
    return home


def _env(home: Path) -> dict[str, str]:
    base = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "RENKEI_ENV")}
    return {**base, "RENKEI_HOME": str(home), "RENKEI_SQLITE_PATH": str(home / "db.sqlite3")}


class Served:
    def __init__(self, process: subprocess.Popen[bytes], home: Path, port: int) -> None:
        self.process = process
        self.home = home
        self.port = port
        self.children: list[psutil.Process] = []

    def get(self, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
        request = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def page(self, path: str, **headers: str) -> tuple[int, dict[str, str], str]:
        status, headers, body = self.get(path, **headers)
        return status, headers, body.decode()

    def stop(self, signum: int = signal.SIGTERM) -> None:
        self.process.send_signal(signum)
        assert self.process.wait(timeout=15) == 0
        _gone, alive = psutil.wait_procs(self.children, timeout=5)
        assert alive == [], f"left behind: {alive}"
        assert not _answers(self.port)


def _serve(home: Path, *options: str) -> Iterator[Served]:
    port = _free_port()
    process = subprocess.Popen(
        [RENKEI, "serve", "--addr", f"127.0.0.1:{port}", *options],
        env=_env(home),
        cwd=home,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    served = Served(process, home, port)
    try:
        deadline = time.monotonic() + 90
        while not _answers(port):
            assert process.poll() is None, f"serve ended before answering ({process.returncode})"
            assert time.monotonic() < deadline, "the server never answered"
            time.sleep(0.2)
        served.children = psutil.Process(process.pid).children(recursive=True)
        yield served
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for child in served.children:  # only what this test started, should the fix fail
            if child.is_running():
                child.kill()


@pytest.fixture
def served(home):
    yield from _serve(home)


def test_serve_stops_its_server_and_worker_on_sigint(served):
    # The web server and the worker, each a process of its own (and gunicorn's workers).
    assert len(served.children) >= 2, served.children
    served.stop(signal.SIGINT)


def test_serve_is_gunicorn_with_debug_off_and_static_files(served):
    commands = [" ".join(child.cmdline()) for child in served.children]
    assert any("gunicorn" in command for command in commands), commands
    assert not any("runserver" in command for command in commands), commands

    status, headers, html = served.page("/")
    assert status == 200
    assert headers["Server"] == "gunicorn"
    # Hashed names (collected when serve started), so that browsers may keep them for long.
    script = re.search(r'src="(/static/renkei/renkei\.[0-9a-f]{12}\.js)"', html)
    assert script, "the page does not name the hashed renkei.js"
    status, headers, body = served.get(script[1], **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert b"data-autosubmit" in gzip.decompress(body)
    assert "immutable" in headers["Cache-Control"]
    assert int(re.search(r"max-age=(\d+)", headers["Cache-Control"])[1]) >= 365 * 24 * 3600
    assert headers.get("Content-Encoding") == "gzip"

    status, _headers, html = served.page("/no-such-page/")
    assert status == 404
    assert "404 見つかりません" in html
    assert "Page not found <small>" not in html  # Django's debug page
    assert "URLconf" not in html

    status, _headers, html = served.page("/no-such-page/", Cookie="django_language=en")
    assert status == 404
    assert "404 Not found" in html
    status, _headers, html = served.page("/no-such-page/", **{"Accept-Language": "en"})
    assert "404 Not found" in html

    # Without DEBUG a page naming a file that was not collected fails whole (a 500, not a
    # missing image): every name the templates give is in the manifest serve just wrote.
    manifest = json.loads((served.home / "var/static/staticfiles.json").read_text())["paths"]
    templates = (REPOSITORY / "src/renkei").rglob("*.html")
    named = {
        name
        for template in templates
        for name in re.findall(r"""{% static ['"]([^'"]+)['"]""", template.read_text())
    }
    assert "renkei/renkei.js" in named
    assert named - manifest.keys() == set()

    # SIGTERM, as a service manager stops it: gunicorn, its workers and the job worker end.
    served.stop(signal.SIGTERM)


def test_serve_dev_is_djangos_server_with_debug_on(home):
    for served in _serve(home, "--dev"):
        commands = [" ".join(child.cmdline()) for child in served.children]
        assert any("runserver" in command for command in commands), commands
        status, headers, html = served.page("/no-such-page/")
        assert status == 404
        assert "Page not found <small>(404)</small>" in html  # the debug page, for developers
        assert "gunicorn" not in headers.get("Server", "")
        # The reloader runs the server as a child of its own: both end.
        served.stop()


def test_make_run_listens_on_addr():
    for target, options in (
        ("run", "--addr 127.0.0.1:8765"),
        ("dev", "--dev --addr 127.0.0.1:8765"),
    ):
        dry_run = subprocess.run(
            ["make", "-n", target, "ADDR=127.0.0.1:8765"],
            cwd=REPOSITORY,
            capture_output=True,
            text=True,
            check=True,
        )
        assert f"renkei serve {options}" in dry_run.stdout
    dry_run = subprocess.run(
        ["make", "-n", "run"],
        cwd=REPOSITORY,
        env={**os.environ, "ADDR": "127.0.0.1:8766"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "renkei serve --addr 127.0.0.1:8766" in dry_run.stdout
    default = subprocess.run(
        ["make", "-n", "run"],
        cwd=REPOSITORY,
        env={k: v for k, v in os.environ.items() if k != "ADDR"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "renkei serve --addr 127.0.0.1:8000" in default.stdout
