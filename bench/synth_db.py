"""bench/synth.py's database side: COPY on a second thread, columns a model requires, secondary
indexes dropped for the load, the app's refresh functions, savepoints, dropping the bench
database, VACUUM and the rows per table.
"""

from __future__ import annotations

import importlib
import json
import queue
import threading
import time
from datetime import UTC, datetime

from bench.database import bench_database_url


def log(message: str, started: float) -> None:
    print(f"[{time.perf_counter() - started:7.1f} s] {message}", flush=True)


class MissingColumn(Exception):
    """A model gained a required column synth knows nothing about."""


def table_columns(model, provided: list[str]) -> tuple[list[str], tuple]:
    """``provided`` columns plus every other NOT NULL column without a database default.

    The app's models change while this bench lives: a new column with a database
    default or NULL allowed needs nothing here; one with only a Python default
    gets that default; anything else stops the run with its name.
    """
    from django.db.models import NOT_PROVIDED

    extra_columns, extra_values = [], []
    for f in model._meta.concrete_fields:
        if f.column in provided or f.primary_key or getattr(f, "generated", False):
            continue
        if f.db_default is not NOT_PROVIDED or f.null:
            continue
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            value = datetime.now(UTC)
        elif f.has_default():
            value = f.get_default()
            if isinstance(value, dict | list) and f.get_internal_type() == "JSONField":
                value = json.dumps(value)
            elif isinstance(value, list):
                value = "{" + ",".join(value) + "}"
        else:
            raise MissingColumn(
                f"{model._meta.label}.{f.name} is required and bench/synth.py does not fill it; "
                "add it to the row the generator writes."
            )
        extra_columns.append(f.column)
        extra_values.append(value)
    return provided + extra_columns, tuple(extra_values)


class Copier:
    """COPY rows into one table on Django's connection (inside its transaction).

    It uses the psycopg connection itself, so a Writer thread can run it.
    """

    def __init__(self, model, provided: list[str]):
        from django.db import connection

        connection.ensure_connection()
        self.raw = connection.connection
        self.table = model._meta.db_table
        self.columns, self.extra = table_columns(model, provided)
        self.rows = 0
        self.seconds = 0.0

    def write(self, rows) -> None:
        started = time.perf_counter()
        names = ", ".join(f'"{c}"' for c in self.columns)
        extra = self.extra
        with (
            self.raw.cursor() as cursor,
            cursor.copy(f'COPY "{self.table}" ({names}) FROM STDIN') as copy,
        ):
            for row in rows:
                copy.write_row(row + extra if extra else row)
                self.rows += 1
        self.seconds += time.perf_counter() - started


# Written when the app has them (claims and follows).
OPTIONAL_TABLES = ("profiles_claim", "profiles_follow", "papers_upvote")


class Writer:
    """Runs COPY jobs on a thread, so PostgreSQL indexes and computes search vectors for one
    chunk while Python generates the next (the main thread leaves the connection alone)."""

    def __init__(self):
        self.jobs: queue.Queue = queue.Queue(maxsize=4)
        self.error: BaseException | None = None
        self.waited = 0.0
        self.thread = threading.Thread(target=self._run, name="synth-copy", daemon=True)
        self.thread.start()

    def _run(self):
        while (job := self.jobs.get()) is not None:
            if self.error is None:
                try:
                    job[0].write(job[1])
                except BaseException as exc:  # reported by the main thread
                    self.error = exc

    def submit(self, copier: Copier, rows: list) -> None:
        if self.error is not None:
            raise self.error
        started = time.perf_counter()
        self.jobs.put((copier, rows))
        self.waited += time.perf_counter() - started

    def close(self) -> None:
        self.jobs.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error


# The tables synth writes; all but the last get explicit ids.
TABLES = (
    "papers_paper", "papers_paperversion", "papers_authorship", "profiles_author",
    "profiles_authoralias", "profiles_institution", "graph_coauthoredge",
)  # fmt: skip


def drop_secondary_indexes(cursor) -> list[tuple[str, str]]:
    """Drop the non-unique indexes of the loaded tables; their definitions, to rebuild them."""
    cursor.execute(
        """
        SELECT ic.relname, pg_get_indexdef(i.indexrelid)
        FROM pg_index i
        JOIN pg_class ic ON ic.oid = i.indexrelid
        JOIN pg_class t ON t.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()
        WHERE t.relname = ANY(%s) AND NOT i.indisunique AND NOT i.indisprimary
        ORDER BY t.relname, ic.relname
        """,
        [list(TABLES)],
    )
    indexes = cursor.fetchall()
    for name, _ in indexes:
        cursor.execute(f'DROP INDEX "{name}"')
    return indexes


def refreshers():
    """The app's own refresh functions, in the order ingest and the metric tasks call them.

    (module, function, required). Optional ones are skipped when the app lacks them.
    """
    return (
        ("profiles.metrics", "refresh_counters", True),
        ("profiles.institutions", "refresh_institutions", False),
        ("profiles.metrics", "refresh_citation_metrics", False),
        ("profiles.scores", "refresh_author_scores", False),
        ("profiles.trust", "refresh_trust", False),
    )


def run_refreshers(ids: list[int], chunk: int, started: float, quiet: bool = False) -> list[str]:
    from django.db import transaction

    done = []
    for module_name, name, required in refreshers():
        try:
            function = getattr(importlib.import_module(module_name), name)
        except (ImportError, AttributeError):
            if required:
                raise
            if not quiet:
                print(f"  (the app has no {module_name}.{name}; skipped)")
            continue
        t0 = time.perf_counter()
        for at in range(0, len(ids), chunk):
            try:
                with transaction.atomic():  # a savepoint: an optional refresher may fail alone
                    function(ids[at : at + chunk])
            except Exception as exc:
                if required:
                    raise
                print(f"  {module_name}.{name} failed ({exc}); its columns are left as they were")
                break
        else:
            done.append(f"{module_name}.{name}")
            if not quiet:
                seconds = time.perf_counter() - t0
                log(f"{module_name}.{name}: {len(ids):,} authors in {seconds:.1f} s", started)
    return done


class transaction_savepoint:
    """A savepoint that is rolled back when its block fails (so the transaction goes on)."""

    def __enter__(self):
        from django.db import transaction

        self.atomic = transaction.atomic()
        self.atomic.__enter__()

    def __exit__(self, *exc):
        return self.atomic.__exit__(*exc)


def drop_bench_database() -> None:
    """DROP DATABASE the bench database (never the development one: bench_database_url refuses)."""
    from urllib.parse import unquote, urlsplit

    import psycopg
    from psycopg import sql

    parts = urlsplit(bench_database_url())
    name = unquote(parts.path.lstrip("/"))
    with psycopg.connect(
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=unquote(parts.username or "postgres"),
        password=unquote(parts.password or "") or None,
        dbname="postgres",
        autocommit=True,
    ) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
    print(f"dropped database {name!r}; it is created and migrated again")


def vacuum_and_report(started):
    from django.db import connection

    with connection.cursor() as cursor:
        for table in (*TABLES, *OPTIONAL_TABLES):
            cursor.execute("SELECT to_regclass(%s)", [table])
            if cursor.fetchone()[0]:
                cursor.execute(f"VACUUM (ANALYZE) {table}")
        log("VACUUM (ANALYZE) done", started)
        print("\nrows per table:")
        for table in (*TABLES, *OPTIONAL_TABLES, "auth_user", "ingest_importrun"):
            cursor.execute("SELECT to_regclass(%s)", [table])
            if cursor.fetchone()[0]:
                cursor.execute(f"SELECT count(*) FROM {table}")
                print(f"  {table:<24} {cursor.fetchone()[0]:>12,}")
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        print(f"  database size            {cursor.fetchone()[0]:>12}")
    log("done", started)
