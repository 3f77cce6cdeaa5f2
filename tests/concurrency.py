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
from typing import Any

import pytest
from django.db import connection, connections


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
