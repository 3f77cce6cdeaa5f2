"""Real concurrent writes in tests: threads, each on its own database connection.

``concurrent_db`` gives a test committed transactions (``transactional_db``) on a database that
several connections can write at once. PostgreSQL's test database already is one. SQLite's
test database is in memory with a shared cache, whose table locks answer "database table is
locked" at once instead of waiting (``busy_timeout`` does not apply), so for the test the
database is copied into a file and every connection opened meanwhile (one per thread) writes
that file, with the WAL journal and ``BEGIN IMMEDIATE`` as in production.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.db import connection, connections, transaction


@pytest.fixture
def concurrent_db(transactional_db: None, tmp_path: Any) -> Iterator[None]:
    conn = connections["default"]
    if conn.vendor != "sqlite" or not conn.is_in_memory_db():
        yield
        return
    conn.ensure_connection()
    memory = conn.connection
    target = sqlite3.connect(tmp_path / "concurrent.sqlite3")
    memory.backup(target)
    target.close()
    name = conn.settings_dict["NAME"]
    # The in-memory database lives as long as one connection to it is open: keep ours aside
    # (the connection objects of every thread share this settings dict).
    conn.connection = None
    conn.settings_dict["NAME"] = str(tmp_path / "concurrent.sqlite3")
    try:
        yield
    finally:
        conn.close()
        conn.settings_dict["NAME"] = name
        conn.connection = memory


def in_threads(n: int, work: Callable[[int], Any]) -> tuple[list[Any], list[BaseException]]:
    """Run ``work(i)`` for ``i`` in ``range(n)`` in ``n`` threads released at once; the results
    of those that returned and the exceptions of those that raised."""
    barrier = threading.Barrier(n)
    results: list[Any] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait()
            out = work(i)
            with lock:
                results.append(out)
        except BaseException as e:  # reported to the test
            with lock:
                errors.append(e)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results, errors


@contextmanager
def lock_timeout(milliseconds: int) -> Iterator[None]:
    """Connections opened meanwhile (close the current one first) wait at most ``milliseconds``
    for another's lock: SQLite's busy_timeout, PostgreSQL's lock_timeout."""
    conn = connections["default"]
    options = conn.settings_dict.setdefault("OPTIONS", {})
    saved = dict(options)
    if conn.vendor == "sqlite":
        options["init_command"] = f"PRAGMA journal_mode=WAL; PRAGMA busy_timeout={milliseconds};"
        options["timeout"] = milliseconds / 1000
    else:
        options["options"] = f"-c lock_timeout={milliseconds}"
    conn.close()
    try:
        yield
    finally:
        conn.close()
        options.clear()
        options.update(saved)


@contextmanager
def write_lock_held(
    write: Callable[[], Any], *, seconds: float = 30, release_after: float | None = None
) -> Iterator[None]:
    """Run ``write`` in a transaction of another connection (another thread) and keep that
    transaction, with its locks, open until the block ends (at most ``seconds``), or for
    ``release_after`` seconds when given (the block then meets the lock and sees it go)."""
    holding = threading.Event()
    release = threading.Event()
    errors: list[BaseException] = []

    def hold() -> None:
        try:
            with transaction.atomic():
                write()
                holding.set()
                release.wait(seconds if release_after is None else release_after)
        except BaseException as e:  # reported to the test
            errors.append(e)
            holding.set()
        finally:
            connection.close()

    thread = threading.Thread(target=hold)
    thread.start()
    holding.wait(seconds)
    if errors:
        raise errors[0]
    try:
        yield
    finally:
        release.set()
        thread.join(seconds)
