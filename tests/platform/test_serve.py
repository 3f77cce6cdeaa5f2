"""`renkei serve` (web server + job worker) stops cleanly when asked: on SIGTERM or SIGINT both
children end, the command exits promptly, no process is left behind and the port is free."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

RENKEI = Path(sys.executable).with_name("renkei")


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


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_stops_its_server_and_worker_on_a_signal(home, signum):
    port = _free_port()
    serve = subprocess.Popen(
        [RENKEI, "serve", "--addr", f"127.0.0.1:{port}"],
        env=_env(home),
        cwd=home,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    children: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 60
        while not _answers(port):
            assert serve.poll() is None, f"serve ended before answering ({serve.returncode})"
            assert time.monotonic() < deadline, "the server never answered"
            time.sleep(0.2)
        children = psutil.Process(serve.pid).children(recursive=True)
        # The web server and the worker, each a process of its own.
        assert len(children) >= 2, children

        serve.send_signal(signum)
        assert serve.wait(timeout=15) == 0

        _gone, alive = psutil.wait_procs(children, timeout=5)
        assert alive == [], f"left behind: {alive}"
        assert not _answers(port)
    finally:
        if serve.poll() is None:
            serve.kill()
            serve.wait()
        for child in children:  # only what this test started, should the fix fail
            if child.is_running():
                child.kill()
