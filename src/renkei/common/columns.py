"""Read a queryset's columns straight into NumPy arrays, with as little per-row Python as we can.

The ORM builds one Python object per cell and runs a converter on each (a ``Decimal`` per
quantity, a ``date`` per date): on a million rows that is most of the time. Here the ORM only
*writes* the SQL; the database does the casts (numbers as float8/REAL, dates as day numbers,
see :class:`DayNumber`) and the rows arrive as arrays:

- PostgreSQL: the server packs each column into one ``bytea`` of 8-byte values
  (``string_agg(int8send(col), '')``), fetched in binary and read by ``numpy.frombuffer`` —
  no Python object per row at all.
- SQLite: the same with ``group_concat``: one text per column, parsed by NumPy (dates as
  stored, ISO text).

Columns are :func:`integer`, :func:`real` (with a value for NULL if need be) or
:class:`DayNumber`: non-null and 8 bytes wide. :func:`fetch_many` reads several querysets,
on PostgreSQL optionally on two connections at once (the server runs a query on one core).
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Expression,
    FloatField,
    Func,
    Model,
    QuerySet,
    Value,
)
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast, Coalesce
from django.db.models.sql.compiler import SQLCompiler


class DayNumber(Func):
    """A date column as its day number: days since 1970-01-01 (numpy's ``datetime64[D]``),
    computed by the database so that no ``datetime.date`` is built per row."""

    output_field = BigIntegerField()

    def as_postgresql(
        self, compiler: SQLCompiler, connection: Any, **extra: Any
    ) -> tuple[str, list[Any]]:
        return self.as_sql(
            compiler, connection, template="((%(expressions)s) - DATE '1970-01-01')::bigint"
        )

    def as_sqlite(
        self, compiler: SQLCompiler, connection: Any, **extra: Any
    ) -> tuple[str, list[Any]]:
        # julianday() of a date is its Julian day at midnight, x.5; 2440587.5 is 1970-01-01.
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)",
        )


def integer(expression: str | Expression) -> Cast:
    """A column as a 64-bit integer (ids, counts)."""
    return Cast(expression, BigIntegerField())


def real(expression: str | Expression, *, null: float | None = None) -> Expression:
    """A column as a float64; with ``null``, the value that stands for NULL."""
    column = Cast(expression, FloatField())
    return column if null is None else Coalesce(column, Value(float(null)))


def fetch_columns(queryset: QuerySet[Any], **columns: Expression) -> dict[str, np.ndarray]:
    """The rows of ``queryset`` as one array per keyword, in no particular order.

    Parameters
    ----------
    queryset : QuerySet
        The rows (its ordering is dropped).
    **columns : Expression
        Name -> :func:`integer`, :func:`real` or :class:`DayNumber` expression; each must be
        non-null in every row.

    Returns
    -------
    dict of str to numpy.ndarray
        int64 arrays for the integer columns, float64 for the real ones, aligned row by row.

    Raises
    ------
    ValueError
        A column that is not 64-bit integer or float, or a null where none may be.
    """
    dtypes: dict[str, type[np.int64] | type[np.float64]] = {}
    for name, expression in columns.items():
        field = getattr(expression, "output_field", None)
        if not isinstance(field, BigIntegerField | FloatField):
            raise ValueError(
                f"{name} must be integer(), real() or DayNumber(). Got: {expression!r}"
            )
        dtypes[name] = np.float64 if isinstance(field, FloatField) else np.int64
    connection = connections[queryset.db]
    if connection.vendor not in ("postgresql", "sqlite"):
        raise NotImplementedError(
            f"fetch_columns reads PostgreSQL and SQLite. Got: {connection.vendor}"
        )
    # SQLite: dates as stored (ISO text), parsed by NumPy; julianday() costs more than that.
    dates = {
        name
        for name, expression in columns.items()
        if connection.vendor == "sqlite" and isinstance(expression, DayNumber)
    }
    # Aliases of our own, so that a column may share its name with a model field.
    aliases = {
        f"renkei_column_{i}": expression.source_expressions[0] if name in dates else expression
        for i, (name, expression) in enumerate(columns.items())
    }
    try:
        sql, params = queryset.order_by().values(**aliases).query.sql_with_params()
    except EmptyResultSet:  # e.g. QuerySet.none(): no SQL at all
        return {name: np.zeros(0, dtype=dtype) for name, dtype in dtypes.items()}
    if connection.vendor == "postgresql":
        return _aggregated(connection, sql, params, list(aliases), dtypes)
    # SQLite: each column concatenated as text by the database (REALs print with 15
    # significant digits: every decimal of a DecimalField comes back exactly), parsed by NumPy.
    parts = ", ".join(f"group_concat(q.{alias})" for alias in aliases)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT count(*), {parts} FROM ({sql}) AS q", params)
        count, *texts = cursor.fetchone()
    result: dict[str, np.ndarray] = {}
    for (name, dtype), text in zip(dtypes.items(), texts, strict=True):
        if name in dates:
            days = text.split(",") if text else []
            values = np.array(days, dtype="datetime64[D]").astype(np.int64)
        else:
            with warnings.catch_warnings():
                warnings.simplefilter("error", DeprecationWarning)  # unparsable text
                values = np.fromstring(text or "", dtype=dtype, sep=",")
        if len(values) != count:  # group_concat() skips NULLs
            raise ValueError(f"{name} must be non-null in every row")
        result[name] = values
    return result


def estimated_rows(model: type[Model], using: str) -> int:
    """The planner's estimate of the rows of ``model``'s table: PostgreSQL's ``reltuples``
    (free to read, kept by ANALYZE); 0 on other databases or for a table never analysed."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        return 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT reltuples FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table]
        )
        row = cursor.fetchone()
    return max(0, int(row[0])) if row else 0


def among(model: type[Model], column: str, values: np.ndarray) -> RawSQL:
    """A PostgreSQL condition for ``filter()``: ``column = ANY(values)``, the values passed as
    one array parameter. A selection read already, narrowing the next query by index, instead
    of a subquery that would select it again."""
    table = model._meta.db_table
    return RawSQL(
        f'"{table}"."{column}" = ANY(%s)',
        (np.asarray(values, dtype=np.int64).tolist(),),
        output_field=BooleanField(),
    )


def fetch_many(
    requests: Sequence[tuple[QuerySet[Any], Mapping[str, Expression]]], *, two_connections: bool
) -> list[dict[str, np.ndarray]]:
    """:func:`fetch_columns` of each ``(queryset, columns)``, in order.

    With ``two_connections`` on PostgreSQL, outside any transaction, every other request runs
    on a second connection in a helper thread, so that the server reads two tables at once
    (it does one query on one core). Inside a transaction a second connection would not see
    its uncommitted rows, so the requests then run one after the other, as on SQLite. Either
    way each query sees what was committed when it ran, as it would one after the other.
    """
    if not requests:
        return []
    alias = requests[0][0].db
    connection = connections[alias]
    if not (
        two_connections
        and len(requests) > 1
        and connection.vendor == "postgresql"
        and connection.get_autocommit()
        and not connection.in_atomic_block
    ):
        return [fetch_columns(queryset, **columns) for queryset, columns in requests]
    results: dict[int, dict[str, np.ndarray]] = {}

    def helper() -> None:
        try:
            for i in range(1, len(requests), 2):
                queryset, columns = requests[i]
                results[i] = fetch_columns(queryset, **columns)
        except Exception:
            pass
        finally:
            connections[alias].close()  # this thread's own connection

    thread = threading.Thread(target=helper, name="fetch_many", daemon=True)
    thread.start()
    try:
        for i in range(0, len(requests), 2):
            queryset, columns = requests[i]
            results[i] = fetch_columns(queryset, **columns)
    finally:
        thread.join()
    # Whatever the helper could not read (no second connection to be had, say), read here:
    # a genuine error then surfaces in the caller's thread.
    for i in range(1, len(requests), 2):
        if i not in results:
            queryset, columns = requests[i]
            results[i] = fetch_columns(queryset, **columns)
    return [results[i] for i in range(len(requests))]


def _aggregated(
    connection: Any,
    sql: str,
    params: tuple[Any, ...],
    aliases: list[str],
    dtypes: Mapping[str, type[np.int64] | type[np.float64]],
) -> dict[str, np.ndarray]:
    """PostgreSQL: each column aggregated by the server into one ``bytea`` of big-endian
    8-byte values (``int8send``/``float8send``), read with ``numpy.frombuffer``.

    One result row of a few large values: no Python object, no protocol message per row (a
    binary COPY sends one message per row, which alone costs about a second per million).
    The aggregates of one query see the rows in the same order, so the columns line up.
    """
    parts = [
        f"string_agg({'int8send' if dtype is np.int64 else 'float8send'}(q.{alias}), '')"
        for alias, dtype in zip(aliases, dtypes.values(), strict=True)
    ]
    statement = f"SELECT count(*), {', '.join(parts)} FROM ({sql}) AS q"
    import psycopg  # only on PostgreSQL

    connection.ensure_connection()
    # A plain psycopg cursor: Django's ClientCursor cannot ask for binary results.
    with psycopg.Cursor(connection.connection) as cursor:
        cursor.execute(statement, params, binary=True)
        count, *blobs = cursor.fetchone() or (0,)  # one row: an aggregate without GROUP BY
    result: dict[str, np.ndarray] = {}
    for (name, dtype), blob in zip(dtypes.items(), blobs, strict=True):
        raw = b"" if blob is None else blob
        if len(raw) != 8 * count:
            raise ValueError(f"{name} must be non-null in all {count} rows. Got {len(raw)} bytes")
        big_endian = ">i8" if dtype is np.int64 else ">f8"
        result[name] = np.frombuffer(raw, dtype=big_endian).astype(dtype)
    return result
