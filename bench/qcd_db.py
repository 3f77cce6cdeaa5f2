"""Supplier scorecards from the database: 1M order lines on SQLite and PostgreSQL.

*ours*: ``qcd_data(OrderLine.objects.all())`` (the adapter every page uses) + ``solve`` +
``score`` for every supplier. *pandas*: ``pd.read_sql`` of the same four tables, the pandas
figures of :mod:`bench.qcd` and the same ``score``. Both must give the same rows, every figure
within 1e-9, and the same scores. ``python -m bench qcd_db``.

The data (``generate``) is written once per database, through the real Django schema
(``migrate`` on ``DATABASE_URL``), and kept while :data:`DATA_VERSION` and the size are
unchanged: SQLite in ``bench/out/``, PostgreSQL in the database ``renkei_bench`` (skipped with
a note when the server cannot be reached). Each database is measured in its own process
(``python -m bench.qcd_db --worker`` with ``DATABASE_URL`` set), since Django reads it once.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import statistics
import subprocess
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from bench._qcd_db_data import SEED, generate, load

__all__ = ["generate", "load", "run"]

DATA_VERSION = "1"  # bump when generate() changes: the kept databases are then rebuilt
N_LINES = 1_000_000
RUNS = 5
AS_OF = dt.date(2026, 11, 15)
TARGET_SECONDS = 3.0
OUT = Path(__file__).resolve().parent / "out"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DATABASE = "renkei_bench"  # for N_LINES; other sizes get their own (renkei_bench_5000)
KEY_TABLE = "bench_qcd_db"


# --- the two computations ---------------------------------------------------------------


def ours() -> tuple[Any, list[Any]]:
    """The platform's path: adapter, engine, scorecard."""
    from renkei.engines.qcd import Params, score, solve
    from renkei.orders.models import OrderLine
    from renkei.qcd.adapters import qcd_data

    result = solve(qcd_data(OrderLine.objects.all()), params=Params(as_of=AS_OF))
    return result, score(result.rows)


def read_tables() -> dict[str, pd.DataFrame]:
    """``pd.read_sql`` of the four tables, the columns the figures need."""
    from django.db import connection

    connection.ensure_connection()
    queries = {
        "po": "SELECT id, supplier_id, order_date FROM orders_purchaseorder",
        "lines": "SELECT id, po_id, qty_ordered, promised_date FROM orders_orderline",
        "receipts": "SELECT id, order_line_id, received_date, qty_received FROM orders_receipt",
        "inspections": "SELECT receipt_id, qty_inspected, qty_rejected FROM orders_inspection",
    }
    with warnings.catch_warnings():  # pandas prefers SQLAlchemy; a DB-API connection works
        warnings.simplefilter("ignore", UserWarning)
        return {name: pd.read_sql(sql, connection.connection) for name, sql in queries.items()}


def pandas_columns(tables: dict[str, pd.DataFrame]) -> dict[str, np.ndarray]:
    """The tables merged into the plain columns :func:`bench.qcd.pandas_figures` reads."""
    po = tables["po"].set_index("id")
    lines = tables["lines"].join(po, on="po_id")
    receipts = tables["receipts"].merge(
        tables["inspections"], how="left", left_on="id", right_on="receipt_id"
    )
    return {
        "supplier_id": lines["supplier_id"].astype(str).to_numpy(),
        "qty_ordered": lines["qty_ordered"].astype(float).to_numpy(),
        "order_date": pd.to_datetime(lines["order_date"]).to_numpy(),
        "promised_date": pd.to_datetime(lines["promised_date"]).to_numpy(),
        "receipt_line": pd.Index(lines["id"]).get_indexer(receipts["order_line_id"]),
        "received_date": pd.to_datetime(receipts["received_date"]).to_numpy(),
        "qty_received": receipts["qty_received"].astype(float).to_numpy(),
        "qty_inspected": receipts["qty_inspected"].astype(float).fillna(0.0).to_numpy(),
        "qty_rejected": receipts["qty_rejected"].astype(float).fillna(0.0).to_numpy(),
    }


def alternative() -> tuple[pd.DataFrame, list[Any]]:
    """Straightforward pandas: read the tables, merge, the figures of bench.qcd, score."""
    from bench.qcd import pandas_figures

    frame = pandas_figures(pandas_columns(read_tables()), as_of=np.datetime64(AS_OF))
    return frame, score_frame(frame)


def score_frame(frame: pd.DataFrame) -> list[Any]:
    """The scorecard of pandas' figures (NaN as null), through the same ``score``."""
    from renkei.engines.qcd import QcdRow, score
    from renkei.engines.qcd.figures import FIGURES

    def value(v: Any, whole: bool = False) -> Any:
        if v is None or v != v:  # NaN
            return None
        return int(v) if whole else float(v)

    rows = [
        QcdRow(
            supplier_id,
            month,
            int(row[0]),
            float(row[1]),
            *(
                value(v, whole=name == "late_lines")
                for name, v in zip(FIGURES[2:], row[2:], strict=True)
            ),
        )
        for supplier_id, month, *row in zip(
            frame["supplier_id"], frame["month"], *(frame[f].tolist() for f in FIGURES), strict=True
        )
    ]
    return score(rows)


def assert_same(result: Any, scores: list[Any], frame: pd.DataFrame, theirs: list[Any]) -> int:
    """Same rows, same figures (NaN = null, floats within 1e-9), same scores; the row count."""
    from renkei.engines.qcd.figures import FIGURES

    keys = list(zip(result.supplier_id, result.month, strict=True))
    assert keys == list(zip(frame["supplier_id"], frame["month"], strict=True)), "row keys differ"
    for name in FIGURES:
        a = getattr(result.figures, name).astype(float)
        b = frame[name].to_numpy(dtype=float)
        assert np.array_equal(np.isnan(a), np.isnan(b)), f"{name}: nulls differ"
        ok = ~np.isnan(a)
        assert np.allclose(a[ok], b[ok], rtol=1e-9, atol=1e-9), f"{name} differs"
    assert len(scores) == len(theirs), "score rows differ"
    for x, y in zip(scores, theirs, strict=True):
        assert (x.supplier_id, x.month, x.band) == (y.supplier_id, y.month, y.band), (x, y)
        assert (x.score is None) == (y.score is None), (x, y)
        assert x.score is None or abs(x.score - y.score) <= 1e-9, (x, y)
        assert (x.trend is None) == (y.trend is None), (x, y)
        assert x.trend is None or abs(x.trend - y.trend) <= 1e-9, (x, y)
    return len(keys)


# --- measuring --------------------------------------------------------------------------


def _backend_cpu() -> float:
    """CPU seconds used so far by this connection's PostgreSQL backend process (0 elsewhere).

    The machine is shared: wall time also measures the neighbours, while the CPU of this
    process plus that of its backend is what the work itself costs."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:  # another host, or not Linux
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _cpu_timed(fn: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """Median wall seconds, median CPU seconds (this process + its database backend), value."""
    walls, cpus, value = [], [], None
    for _ in range(runs):
        cpu, server, start = time.process_time(), _backend_cpu(), time.perf_counter()
        value = fn()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu + _backend_cpu() - server)
    return statistics.median(walls), statistics.median(cpus), value


@contextlib.contextmanager
def one_connection() -> Iterator[None]:
    """``qcd_data`` without its second PostgreSQL connection, so that the CPU of the one
    backend doing all the work can be read (a helper's backend is gone when it is done)."""
    from renkei.common import columns
    from renkei.qcd import adapters

    def sequential(requests: Any, *, two_connections: bool) -> Any:
        return columns.fetch_many(requests, two_connections=False)

    adapters.fetch_many = sequential  # type: ignore[assignment]
    try:
        yield
    finally:
        adapters.fetch_many = columns.fetch_many


def profile(runs: int) -> dict[str, tuple[float, float | None]]:
    """Where the time of *ours* goes: each step timed on its own, (wall, CPU) medians."""
    from django.db import connection

    from renkei.engines.qcd import Params, score, solve
    from renkei.orders.models import OrderLine
    from renkei.qcd import adapters

    steps: dict[str, tuple[float, float | None]] = {}
    if connection.vendor == "postgresql":
        wall, _, _ = _cpu_timed(lambda: adapters.qcd_columns(OrderLine.objects.all()), runs)
        steps["query + fetch, two connections"] = (wall, None)
    with one_connection():
        *times, columns = _cpu_timed(lambda: adapters.qcd_columns(OrderLine.objects.all()), runs)
    steps["query + fetch, one connection"] = (times[0], times[1])
    *times, data = _cpu_timed(lambda: adapters.qcd_data_from_columns(*columns), runs)
    steps["join by pk + QcdData"] = (times[0], times[1])
    params = Params(as_of=AS_OF)
    *times, result = _cpu_timed(lambda: solve(data, params=params).rows, runs)
    steps["solve (+ rows)"] = (times[0], times[1])
    *times, _ = _cpu_timed(lambda: score(result), runs)
    steps["score"] = (times[0], times[1])
    # A supplier's own page: the filtered path (semi-joins on the selected lines' pks).
    largest = Counter(data.line_supplier.tolist()).most_common(1)[0]
    mine = OrderLine.objects.filter(po__supplier_id=int(data.supplier_ids[largest[0]]))
    *times, _ = _cpu_timed(lambda: score(solve(adapters.qcd_data(mine), params=params).rows), runs)
    steps[f"the largest supplier alone ({largest[1]:,} lines): all of *ours*"] = (
        times[0],
        times[1],
    )
    return steps


def _data_key(n_lines: int) -> str:
    return f"v{DATA_VERSION}-{n_lines}-{SEED}"


def _stored_key() -> str | None:
    from django.db import connection

    if KEY_TABLE not in connection.introspection.table_names():
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key FROM {KEY_TABLE}")
        row = cursor.fetchone()
    return None if row is None else str(row[0])


def prepare(n_lines: int) -> float | None:
    """Migrate, and generate the data unless the database holds this version: the seconds
    spent generating and loading, or None when the data was there."""
    from django.core.management import call_command
    from django.db import connection, transaction

    call_command("migrate", verbosity=0)
    key = _data_key(n_lines)
    if _stored_key() == key:
        return None
    from renkei.orders.models import OrderLine

    if OrderLine.objects.exists():
        raise RuntimeError("the benchmark database holds other data: delete it to regenerate")
    start = time.perf_counter()
    load(generate(n_lines))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE IF NOT EXISTS {KEY_TABLE} (key varchar(100))")
        cursor.execute(f"DELETE FROM {KEY_TABLE}")
        cursor.execute(f"INSERT INTO {KEY_TABLE} (key) VALUES (%s)", [key])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return time.perf_counter() - start


def measure(n_lines: int, runs: int) -> dict[str, Any]:
    """In a process whose Django database is the benchmark's: prepare, time, compare."""
    from renkei.orders.models import OrderLine, Receipt

    generated = prepare(n_lines)
    load = os.getloadavg()[0]  # before the runs: the neighbours' load at the start
    ours_s, _, (result, scores) = _cpu_timed(ours, runs)
    with one_connection():
        ours_one_s, ours_cpu, _ = _cpu_timed(ours, runs)
    pandas_s, pandas_cpu, (frame, theirs) = _cpu_timed(alternative, runs)
    rows = assert_same(result, scores, frame, theirs)
    read_s, read_cpu, _ = _cpu_timed(read_tables, runs)
    return {
        "lines": OrderLine.objects.count(),
        "receipts": Receipt.objects.count(),
        "inspected": int(Receipt.objects.filter(inspection__isnull=False).count()),
        "suppliers": len(set(result.supplier_id)),
        "rows": rows,
        "generated": generated,
        "ours": ours_s,
        "ours one connection": ours_one_s,
        "ours cpu": ours_cpu,
        "pandas": pandas_s,
        "pandas cpu": pandas_cpu,
        "pandas read_sql": read_s,
        "pandas read_sql cpu": read_cpu,
        "load": load,
        "profile": profile(runs),
    }


# --- the two databases, each in its own process ------------------------------------------


def _postgres_database(n_lines: int) -> str:
    return PG_DATABASE if n_lines == N_LINES else f"{PG_DATABASE}_{n_lines}"


def _postgres_ready(database: str, key: str) -> str | None:
    """Make ``database`` exist, emptied unless it holds the data ``key``; None when ready,
    else why PostgreSQL cannot be used."""
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=5) as c:
            exists = c.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (database,)
            ).fetchone()
            if exists:
                with psycopg.connect(f"{PG_SERVER}/{database}", connect_timeout=5) as db:
                    stored = db.execute(
                        f"SELECT key FROM {KEY_TABLE}"
                        if db.execute("SELECT to_regclass(%s)", (KEY_TABLE,)).fetchone()[0]
                        else "SELECT NULL"
                    ).fetchone()
                if stored is None or stored[0] != key:
                    c.execute(f"DROP DATABASE {database} WITH (FORCE)")
                    exists = None
            if not exists:
                c.execute(f"CREATE DATABASE {database}")
    except Exception as exc:
        return f"{type(exc).__name__}: {str(exc).strip().splitlines()[0]}"
    return None


def _sqlite_ready(path: Path, key: str) -> None:
    """Delete the file unless it holds the data ``key`` (a run stopped while loading)."""
    if not path.exists():
        return
    import sqlite3

    with sqlite3.connect(path) as c:
        try:
            stored = c.execute(f"SELECT key FROM {KEY_TABLE}").fetchone()
        except sqlite3.OperationalError:
            stored = None
    if stored is None or stored[0] != key:
        path.unlink()


def _worker_run(url: str, n_lines: int, runs: int) -> dict[str, Any]:
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "renkei.config.settings"}
    command = [sys.executable, "-m", "bench.qcd_db", "--worker", "--lines", str(n_lines)]
    done = subprocess.run(
        [*command, "--runs", str(runs)],
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode:
        raise RuntimeError(f"worker on {url} failed:\n{done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def run(n_lines: int = N_LINES, runs: int = RUNS) -> str:
    OUT.mkdir(exist_ok=True)
    key = _data_key(n_lines)
    sqlite_path = OUT / f"qcd_db-{key}.sqlite3"
    _sqlite_ready(sqlite_path, key)
    backends: dict[str, dict[str, Any] | str] = {
        "SQLite": _worker_run(f"sqlite:///{sqlite_path}", n_lines, runs)
    }
    database = _postgres_database(n_lines)
    why_not = _postgres_ready(database, key)
    backends["PostgreSQL"] = why_not or _worker_run(f"{PG_SERVER}/{database}", n_lines, runs)
    return report(backends, runs)


def report(backends: dict[str, dict[str, Any] | str], runs: int) -> str:
    measured = {name: m for name, m in backends.items() if isinstance(m, dict)}
    first = next(iter(measured.values()))
    lines = [
        "## qcd_db — supplier scorecards from the database",
        "",
        f"{first['lines']:,} order lines, {first['receipts']:,} receipts "
        f"({first['inspected']:,} inspected), {first['suppliers']} suppliers, "
        f"{first['rows']:,} scorecard rows (supplier × month and `all`), as of {AS_OF}, in the "
        "Django schema (`bench/qcd_db.py`). *ours* = `qcd_data(OrderLine.objects.all())` + "
        "`solve` + `score`; *pandas* = `pd.read_sql` of the four tables, merges, the pandas "
        "figures of `bench/qcd.py`, the same `score`. Every figure of every row agrees within "
        "1e-9 and every score, band and trend is the same (asserted on each database). Medians "
        f"of {runs} runs, seconds. *CPU* = this process plus its PostgreSQL backend: the "
        "2-core machine is shared with other jobs (load average at the start given), so wall "
        "time also measures them. On PostgreSQL `qcd_data` reads the whole tables on two "
        "connections at once; *one connection* is the same without that (and is what the CPU "
        "figures measure: a helper's backend has exited when it could be read).",
        "",
        "| database | load | ours | ours, one connection (CPU) | pandas (CPU) "
        "| pandas / ours | pandas `read_sql` alone |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, m in backends.items():
        if isinstance(m, str):
            lines.append(f"| {name} | skipped: {m} | | | | | |")
            continue
        lines.append(
            f"| {name} | {m['load']:.1f} | **{m['ours']:.2f}** "
            f"| {m['ours one connection']:.2f} ({m['ours cpu']:.2f}) "
            f"| {m['pandas']:.2f} ({m['pandas cpu']:.2f}) | {m['pandas'] / m['ours']:.1f}x "
            f"| {m['pandas read_sql']:.2f} |"
        )
    lines += [
        "",
        "Where *ours* goes (each step timed on its own; wall (CPU) seconds, medians):",
        "",
        "| step | " + " | ".join(measured) + " |",
        "| --- |" + " ---: |" * len(measured),
    ]
    # The steps of the database with the most of them, in its order.
    for step in max((m["profile"] for m in measured.values()), key=len):
        cells = []
        for m in measured.values():
            wall, cpu = m["profile"].get(step, (None, None))
            cells.append(
                "" if wall is None else f"{wall:.2f}" + ("" if cpu is None else f" ({cpu:.2f})")
            )
        lines.append(f"| {step} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "*query + fetch*: four plain queries (lines, their orders, receipts, inspections), the "
        "database casting numbers to float and dates to day numbers; PostgreSQL packs each "
        "column into one `bytea` (`string_agg(int8send(...))`), SQLite into one text "
        "(`group_concat`), read by NumPy without a Python object per row; the tables are "
        "joined by pk in NumPy. Joining in the database instead (the ORM's `po__supplier_id`, "
        "`inspection__qty_inspected`) made PostgreSQL hash a million rows and cost more than "
        "the extra key columns. *The largest supplier alone* is a supplier's own page "
        "(`qcd_data(OrderLine.objects.filter(po__supplier_id=...))`): on PostgreSQL the lines "
        "first, then the other tables narrowed by index to the pks read (`= ANY(array)`); on "
        "SQLite by a subquery.",
        "",
    ]
    pg = backends.get("PostgreSQL")
    if isinstance(pg, dict) and pg["lines"] >= N_LINES:
        verdict = "met" if pg["ours"] < TARGET_SECONDS else "NOT met"
        lines.append(
            f"Goal: under {TARGET_SECONDS:.0f} s on PostgreSQL for 1M lines: {verdict} "
            f"({pg['ours']:.2f} s)."
        )
    generated = [f"{n} {m['generated']:.0f} s" for n, m in measured.items() if m["generated"]]
    lines.append(
        f"Data (version {DATA_VERSION}) generated once per database and kept "
        "(`bench/out/`, PostgreSQL `renkei_bench`)"
        + (f"; generated and loaded this run: {', '.join(generated)}." if generated else ".")
    )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", action="store_true", help="measure DATABASE_URL's database")
    parser.add_argument("--lines", type=int, default=N_LINES)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    if not args.worker:
        print(run(args.lines, args.runs))
        return
    import django

    django.setup()
    print(json.dumps(measure(args.lines, args.runs)), flush=True)


if __name__ == "__main__":
    main()
