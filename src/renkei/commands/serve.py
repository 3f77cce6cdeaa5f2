"""Start the job worker and the web server, and stop both together.

Both run as child processes. On SIGTERM or SIGINT (a service manager, a container stop, Ctrl-C)
the command asks both to end, kills whichever has not ended after a grace period, and exits:
no server keeps the port and no worker keeps polling the database after ``renkei serve`` is
gone. When either child ends by itself, the other is stopped too: a server without its worker
would queue jobs that never run.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from types import FrameType

# How long a child may take to finish what it is doing once asked to stop.
GRACE_SECONDS = 5.0
POLL_SECONDS = 0.2


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--addr", default="127.0.0.1:8000")


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the child gets SIGTERM should this process die without cleaning up (SIGKILL)."""
    if sys.platform == "linux":
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _stop(children: list[subprocess.Popen[bytes]]) -> None:
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + GRACE_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def run(args: argparse.Namespace) -> int:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "renkei.config.settings"}
    renkei = [sys.executable, "-m", "renkei.cli", "manage"]
    received: list[int] = []

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        received.append(signum)

    # Installed before the children start, so that a signal arriving meanwhile is not lost.
    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    children: list[subprocess.Popen[bytes]] = []
    ended: subprocess.Popen[bytes] | None = None
    try:
        for command in (
            ["renkei_worker", "--interval", "0.5"],
            ["runserver", "--noreload", args.addr],
        ):
            children.append(
                subprocess.Popen([*renkei, *command], env=env, preexec_fn=_die_with_parent)
            )
        while not received and ended is None:
            time.sleep(POLL_SECONDS)
            ended = next((child for child in children if child.poll() is not None), None)
    finally:
        _stop(children)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if received or ended is None:
        return 0
    name = "web server" if ended is children[-1] else "job worker"
    print(f"renkei serve: the {name} ended ({ended.returncode}); stopping", file=sys.stderr)
    return ended.returncode or 1
