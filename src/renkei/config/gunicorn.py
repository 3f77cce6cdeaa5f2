"""gunicorn's settings for ``renkei serve`` (``gunicorn -c python:renkei.config.gunicorn``).

A settings module rather than command-line flags: gunicorn skips the names it does not know,
so a setting that only newer releases have (the control socket) does not stop an older one.
The address comes from the command line (``--bind``), which wins over this module.
"""

from __future__ import annotations

import os
from typing import Any

from renkei.config import env


def cores() -> int:
    """The cores this process may run on (a container's or a taskset's share, not the host's)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


wsgi_app = "renkei.config.wsgi:application"
proc_name = "renkei"

# Threaded workers: a page mostly waits on the database, so a few threads keep a core busy
# while one of them waits, and a slow or idle keep-alive client holds a thread, not a process.
# Processes, two per core and one more, because Python computes on one core per process.
# WEB_CONCURRENCY (the usual name) and RENKEI_THREADS size it for a given machine.
worker_class = "gthread"
workers = int(env.get_str("WEB_CONCURRENCY", "") or 2 * cores() + 1)
threads = int(env.get_str("RENKEI_THREADS", "") or 4)

# The application is imported once, before the workers are forked: they start at once and
# share its memory. Nothing may hold a database connection across the fork (see pre_fork).
preload_app = True

# `renkei serve` gives its children 5 seconds once it is asked to stop; requests in progress
# get most of them before gunicorn stops its workers outright.
graceful_timeout = 4
timeout = 60

# Each request on standard output, like the development server printed them.
accesslog = "-"

# gunicorn >= 25 opens a control socket under $HOME by default: one fixed path that two
# servers on one machine would fight over, and a way in that `renkei serve` does not need.
control_socket_disable = True


def pre_fork(server: Any, worker: Any) -> None:
    """A connection opened while the application was imported must not be shared by the
    forked workers (two processes talking over one socket corrupt each other's answers)."""
    from django.db import connections

    connections.close_all()
