"""bench/ingest.py's measurements of one path: parse-only, parse+store as the pipeline does
it (from empty tables, into one ImportRun), the rows stored, and the store phase alone
under cProfile with its SQL statements by time.
"""

from __future__ import annotations

import cProfile
import gc
import pstats
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from bench.database import reset_tables


@dataclass
class BenchPath:
    name: str
    kind: str
    target: int
    pages: list[bytes]
    ids: set[str]
    parse: Callable[[bytes], list]
    described: str
    records: int = 0
    parse_rate: float = 0.0
    store_rate: float = 0.0
    stored: dict[str, int] = field(default_factory=dict)


def parse_api(body: bytes) -> list:
    from ingest.sources import arxiv_api

    return arxiv_api.parse(body).records


def parse_oai(body: bytes) -> list:
    from ingest.sources import oai_pmh

    return oai_pmh.parse(body).records


def with_distinct_authors(parse: Callable[[bytes], list]) -> Callable[[bytes], list]:
    """``parse``, with each copy of the fixtures written by people of its own.

    Every name gets its copy's number ("Ada Lovelace C9003"), so every page brings
    new authors, as pages do for a young database; by default later copies find
    the authors earlier ones created, as they do for a mature one.
    """
    from dataclasses import replace

    def parse_distinct(body: bytes) -> list:
        records = parse(body)
        for record in records:
            copy = record.arxiv_id.split(".")[0]
            record.authors = [replace(a, name=f"{a.name} C{copy}") for a in record.authors]
        return records

    return parse_distinct


def measure_parse(path: BenchPath) -> None:
    gc.collect()
    parsed: list[str] = []  # only the ids are kept: a growing heap would slow the collector
    started = time.perf_counter()
    for body in path.pages:
        parsed.extend(r.arxiv_id for r in path.parse(body))
    elapsed = time.perf_counter() - started
    if set(parsed) != path.ids:
        sys.exit(f"{path.name}: the parsed ids are not the rewritten ones; the id rewrite is off.")
    path.records = len(parsed)
    path.parse_rate = path.records / elapsed


def new_run(path: BenchPath):
    from django.utils import timezone

    from ingest.models import ImportRun

    return ImportRun.objects.create(
        kind=path.kind,
        origin=f"bench/ingest.py: {path.name}",
        status=ImportRun.Status.RUNNING,
        started_at=timezone.now(),
    )


def finish_run(run) -> None:
    from django.utils import timezone

    run.status, run.finished_at = run.Status.SUCCEEDED, timezone.now()
    run.save(update_fields=["status", "finished_at"])


def store_pages(path: BenchPath, run, parse: Callable[[bytes], list]) -> None:
    """What the pipeline does with a run's pages: each parsed (and its records encoded)
    while the one before it is stored (``read_ahead``), one store_batch each, then the
    authors' refresh."""
    from ingest.read_ahead import encode_ahead, read_ahead
    from ingest.store import refresh_stale_authors, store_batch

    for records in read_ahead(encode_ahead(parse(body)) for body in path.pages):
        store_batch(records, run)
    refresh_stale_authors()


def measure_store(path: BenchPath) -> None:
    """Parse each page and store it as the pipeline does, from empty tables, timed end to end."""
    reset_tables()
    run = new_run(path)
    gc.collect()
    started = time.perf_counter()
    store_pages(path, run, path.parse)
    elapsed = time.perf_counter() - started
    finish_run(run)
    path.store_rate = path.records / elapsed
    path.stored = stored_counts(run)


def stored_counts(run) -> dict[str, int]:
    from django.db import connection

    run.refresh_from_db()
    counts = {"fetched": run.fetched, "created": run.created}
    with connection.cursor() as cursor:
        for label, table in (
            ("papers", "papers_paper"),
            ("versions", "papers_paperversion"),
            ("bylines", "papers_authorship"),
            ("authors", "profiles_author"),
            ("aliases", "profiles_authoralias"),
            ("edges", "graph_coauthoredge"),
        ):
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[label] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT count(*) FROM papers_authorship WHERE matched_by IN ('coauthor', 'exact')"
        )
        counts["bylines matched to an existing author"] = cursor.fetchone()[0]
    return counts


def profile_store(path: BenchPath, top: int, sort: str = "cumulative") -> None:
    """The store phase alone under cProfile (each page parsed with it off), from empty tables."""
    from django.db import connection

    reset_tables()
    run = new_run(path)
    sql_time: dict[str, list] = defaultdict(lambda: [0.0, 0])

    def timed(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            entry = sql_time[" ".join(sql.split())[:110]]
            entry[0] += time.perf_counter() - started
            entry[1] += 1

    # core.bulk's statements bypass Django's cursor (and its execute wrappers): time them here.
    import psycopg

    from core import bulk
    from ingest import store_bylines

    class TimedCursor(psycopg.Cursor):
        def execute(self, query, params=None, **kwargs):
            started = time.perf_counter()
            try:
                return super().execute(query, params, **kwargs)
            finally:
                entry = sql_time[" ".join(str(query).split())[:110]]
                entry[0] += time.perf_counter() - started
                entry[1] += 1

    untimed = bulk.bulk_cursor
    bulk.bulk_cursor = store_bylines.bulk_cursor = lambda conn=None: TimedCursor(
        conn or connection.connection
    )
    profiler = cProfile.Profile()
    parsed = iter([path.parse(body) for body in path.pages])  # parsed before, not profiled
    gc.collect()
    with connection.execute_wrapper(timed):
        started = time.perf_counter()
        profiler.enable()
        store_pages(path, run, lambda _body: next(parsed))
        profiler.disable()
        store_seconds = time.perf_counter() - started
    finish_run(run)
    bulk.bulk_cursor = store_bylines.bulk_cursor = untimed

    print(
        f"\n=== {path.name}: store phase only: {len(path.pages)} store_batch calls "
        "and one refresh_stale_authors, "
        f"{path.records:,} records, {store_seconds:.2f} s under the profiler ==="
    )
    stats = pstats.Stats(profiler, stream=sys.stdout)
    stats.strip_dirs().sort_stats(sort).print_stats(top)
    total = sum(t for t, _ in sql_time.values())
    print(f"SQL statements by time ({total:.2f} s of the {store_seconds:.2f} s):")
    for sql, (seconds, calls) in sorted(sql_time.items(), key=lambda kv: -kv[1][0])[:16]:
        print(f"  {seconds:7.2f} s  {calls:4d}x  {sql}")
