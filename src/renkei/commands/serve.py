"""Start the job worker and the web server, and stop both together.

The web server is gunicorn with DEBUG off: what users get from ``make run``, static files
included (collected first, served by whitenoise). ``--dev`` runs Django's development server
with DEBUG on instead (``make dev``), which reloads on code changes and shows tracebacks:
never for users.

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
    parser.add_argument("--addr", default="127.0.0.1:8000", help="host:port to listen on")
    parser.add_argument(
        "--dev",
        action="store_true",
        help="Django's development server, DEBUG on, reloading on code changes (not for users)",
    )


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    """Linux: the child gets SIGTERM should this process die without cleaning up (SIGKILL)."""
    if sys.platform == "linux":
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _signal(child: subprocess.Popen[bytes], signum: int, groups: set[int]) -> None:
    """Signal a child, or its whole process group when it leads one (see ``groups``)."""
    try:
        if child.pid in groups:
            os.killpg(child.pid, signum)
        elif child.poll() is None:
            child.send_signal(signum)
    except ProcessLookupError:
        pass


def _stop(children: list[subprocess.Popen[bytes]], groups: set[int]) -> None:
    for child in children:
        _signal(child, signal.SIGTERM, groups)
    deadline = time.monotonic() + GRACE_SECONDS
    for child in children:
        try:
            child.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            _signal(child, signal.SIGKILL, groups)
            child.wait()
        if child.pid in groups:
            # The group's other members (the reloader's server) may outlive its leader.
            _signal(child, signal.SIGKILL, groups)


def _web_server(args: argparse.Namespace, manage: list[str], env: dict[str, str]) -> list[str]:
    if args.dev:
        return [*manage, "runserver", args.addr]
    # The hashed, compressed copies that whitenoise serves: without DEBUG, a page naming a
    # static file that was not collected fails. Files collected before are not compressed again.
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True)
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "--config",
        "python:renkei.config.gunicorn",
        "--bind",
        args.addr,
    ]


def run(args: argparse.Namespace) -> int:
    # The mode decides DEBUG, whatever the environment says: a debug page shows the code and
    # the settings to anyone who finds an error.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "renkei.config.settings",
        "DEBUG": "1" if args.dev else "0",
    }
    manage = [sys.executable, "-m", "renkei.cli", "manage"]
    try:
        web = _web_server(args, manage, env)
    except subprocess.CalledProcessError as error:
        print(f"renkei serve: collectstatic failed ({error.returncode})", file=sys.stderr)
        return error.returncode
    received: list[int] = []

    def on_signal(signum: int, _frame: FrameType | None) -> None:
        received.append(signum)

    # Installed before the children start, so that a signal arriving meanwhile is not lost.
    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    children: list[subprocess.Popen[bytes]] = []
    # Children that lead a process group of their own, stopped as a group: the development
    # server's reloader runs the actual server as its own child.
    groups: set[int] = set()
    ended: subprocess.Popen[bytes] | None = None
    try:
        children.append(
            subprocess.Popen(
                [*manage, "renkei_worker", "--interval", "0.5"],
                env=env,
                preexec_fn=_die_with_parent,
            )
        )
        server = subprocess.Popen(
            web, env=env, preexec_fn=_die_with_parent, process_group=0 if args.dev else None
        )
        children.append(server)
        if args.dev:
            groups.add(server.pid)
        while not received and ended is None:
            time.sleep(POLL_SECONDS)
            ended = next((child for child in children if child.poll() is not None), None)
    finally:
        _stop(children, groups)
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if received or ended is None:
        return 0
    name = "web server" if ended is children[-1] else "job worker"
    print(f"renkei serve: the {name} ended ({ended.returncode}); stopping", file=sys.stderr)
    return ended.returncode or 1
