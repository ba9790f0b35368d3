"""Set-based writes for ingest: one INSERT ... SELECT FROM unnest(...) per table and batch.

The ORM's bulk_create sends one VALUES row per object; unnest sends one array
per column, which PostgreSQL plans once and psycopg adapts without per-row SQL.

These statements go through a server-side-binding cursor (``bulk_cursor``):
Django's default cursor quotes every parameter into the SQL text in Python,
which for a page of a thousand abstracts and payloads cost more than the
statements themselves; bound parameters are sent as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

import psycopg
from django.db import connection


def bulk_cursor() -> psycopg.Cursor:
    """A cursor on Django's own connection (so inside its transaction) that binds on the server.

    For set-based statements with large array parameters only: it bypasses
    Django's query logging and execute wrappers.
    """
    connection.ensure_connection()
    return psycopg.Cursor(connection.connection)


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
) -> list[tuple]:
    """Insert ``rows`` (tuples in ``fields`` order) into ``model``'s table in one statement.

    ``on_conflict`` is the SQL after ``ON CONFLICT`` (e.g. "(paper_id, version) DO NOTHING").
    Array-typed columns are passed as text literals and cast, since unnest flattens arrays.
    ``table`` writes to another table with the same columns (a staging table).
    """
    if not rows:
        return []
    columns = [_column(model, f) for f in fields]
    selects, params = [], []
    for index, (column, db_type) in enumerate(columns):
        values = [row[index] for row in rows]
        if db_type.endswith("[]"):
            selects.append(f"v{index}::{db_type}")
            values = [_array_literal(v) for v in values]
            db_type = "text"
        elif db_type == "jsonb":
            selects.append(f"v{index}::jsonb")
            db_type = "text"
        else:
            selects.append(f"v{index}")
        params.append(values)
        columns[index] = (column, db_type)
    # %b: binary parameters; psycopg escapes text-format arrays element by element in Python.
    unnest = ", ".join(f"%b::{db_type}[]" for _, db_type in columns)
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
    with bulk_cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if returning else []


def _array_literal(values) -> str:
    escaped = ('"' + str(v).replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values or ())
    return "{" + ",".join(escaped) + "}"
