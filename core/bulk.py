"""Set-based writes: one INSERT ... SELECT FROM unnest(...) or COPY per table and batch.

The ORM's bulk_create sends one VALUES row per object; unnest sends one array
per column, which PostgreSQL plans once and psycopg adapts without per-row SQL.

These statements go through a server-side-binding cursor (``bulk_cursor``):
Django's default cursor quotes every parameter into the SQL text in Python,
which for a page of a thousand abstracts and payloads cost more than the
statements themselves; bound parameters are sent as they are.

Rows that are new for certain (no conflict to resolve) and need nothing back go
in with COPY (``copy_rows``): no statement to plan, and psycopg formats each row
in C where the arrays of ``insert_rows`` are dumped value by value in Python.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from contextlib import contextmanager

import psycopg
from django.db import connection

# The length in a column type ("varchar(300)"), left out of casts: see ``insert_rows``.
_UNSIZED = re.compile(r"\(\d+\)")


def bulk_cursor(conn: psycopg.Connection | None = None) -> psycopg.Cursor:
    """A cursor on Django's own connection (so inside its transaction) that binds on the server.

    For set-based statements with large array parameters only: it bypasses
    Django's query logging and execute wrappers. ``conn`` is that connection as
    ``alongside`` hands it to another thread (Django's own is per thread).
    """
    if conn is None:
        connection.ensure_connection()
        conn = connection.connection
    return psycopg.Cursor(conn)


@contextmanager
def alongside(write: Callable[[psycopg.Connection], None] | None):
    """Run ``write(conn)`` in a thread, on this transaction's connection, while the block runs.

    The block must not use the database: it is for Python work (matching names)
    that can go on while PostgreSQL takes a large write (the page's papers), and
    a worker would otherwise wait for one, then the other. The thread is joined
    before the block is left, so nothing writes after the transaction ends; its
    error, if any, is raised here.
    """
    if write is None:
        yield
        return
    connection.ensure_connection()
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-write") as pool:
        writing = pool.submit(write, connection.connection)
        try:
            yield
        finally:
            wait([writing])
        writing.result()


def _column(model, name):
    field = model._meta.get_field(name)
    return field.column, field.db_type(connection)


def insert_rows(
    model,
    fields: Sequence[str],
    rows: Sequence[Sequence],
    *,
    on_conflict: str = "",
    returning: Sequence[str] = (),
    table: str | None = None,
    conn: psycopg.Connection | None = None,
) -> list[tuple]:
    """Insert ``rows`` (tuples in ``fields`` order) into ``model``'s table in one statement.

    ``on_conflict`` is the SQL after ``ON CONFLICT`` (e.g. "(paper_id, version) DO NOTHING").
    Array-typed columns are passed as text literals and cast, since unnest flattens arrays.
    ``table`` writes to another table with the same columns (a staging table).
    ``conn``: as for ``bulk_cursor`` (a write run ``alongside``).
    """
    if not rows:
        return []
    columns = [_column(model, f) for f in fields]
    selects, params = [], []
    for index, (column, db_type) in enumerate(columns):
        values = [row[index] for row in rows]
        if db_type.endswith("[]"):
            selects.append(f"v{index}::{_UNSIZED.sub('', db_type)}")
            values = [array_text(v) for v in values]
            db_type = "text"
        elif db_type == "jsonb":
            selects.append(f"v{index}::jsonb")
            db_type = "text"
        else:
            selects.append(f"v{index}")
        params.append(values)
        columns[index] = (column, db_type)
    # %b: binary parameters; psycopg escapes text-format arrays element by element in Python.
    # The arrays are cast without a length ("varchar", not "varchar(300)"): an explicit cast
    # would cut an overlong value silently, where storing it into the column refuses it.
    unnest = ", ".join(f"%b::{_UNSIZED.sub('', db_type)}[]" for _, db_type in columns)
    aliases = ", ".join(f"v{i}" for i in range(len(columns)))
    names = ", ".join(f'"{column}"' for column, _ in columns)
    sql = (
        f'INSERT INTO "{table or model._meta.db_table}" ({names}) '
        f"SELECT {', '.join(selects)} FROM unnest({unnest}) AS t({aliases})"
    )
    if on_conflict:
        sql += f" ON CONFLICT {on_conflict}"
    if returning:
        sql += " RETURNING " + ", ".join(f'"{_column(model, r)[0]}"' for r in returning)
    with bulk_cursor(conn) as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if returning else []


def array_text(values) -> str:
    """A PostgreSQL array literal ('{"a","b"}') of these values, to be cast from text."""
    escaped = ('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values or ())
    return "{" + ",".join(escaped) + "}"


def copy_rows(model, fields: Sequence[str], rows: Sequence[Sequence], *, conn=None) -> None:
    """Append ``rows`` (tuples in ``fields`` order) to ``model``'s table with one COPY.

    Only for rows that cannot conflict and whose ids the caller already has (or
    does not need): COPY has no ON CONFLICT and no RETURNING.
    """
    if not rows:
        return
    names = ", ".join(f'"{_column(model, f)[0]}"' for f in fields)
    sql = f'COPY "{model._meta.db_table}" ({names}) FROM STDIN'
    with bulk_cursor(conn) as cursor, cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def next_ids(model, count: int) -> list[int]:
    """``count`` ids from the table's own sequence, for rows written by ``copy_rows``."""
    if count <= 0:
        return []
    with bulk_cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [model._meta.db_table, count],
        )
        return [row[0] for row in cursor.fetchall()]
