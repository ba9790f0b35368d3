"""Ingest throughput: records per second, parse-only and parse+store, for each ingest path.

    .venv/bin/python bench/ingest.py                  # ~20,000 records per path
    .venv/bin/python bench/ingest.py --records 5000   # another size
    .venv/bin/python bench/ingest.py --profile        # + cProfile of the store phase
    .venv/bin/python bench/ingest.py --distinct-authors   # every page brings new authors

Paths, each measured on real recorded arXiv responses read in place from
settings.ARXIV_SAMPLES_DIR (never copied into the project):

- feed: arXiv API Atom pages, ``ingest.sources.arxiv_api.parse`` (feedparser);
- bulk: OAI-PMH ListRecords arXivRaw pages, ``ingest.sources.oai_pmh.parse`` (lxml);
- snapshot: the bulk path's records as metadata snapshot JSON lines,
  ``ingest.sources.arxiv_snapshot`` (orjson).

The fixtures are repeated until there are enough records. Each copy is a new
set of papers: every arXiv id in the raw bytes (``<id>``, ``abs/``/``pdf/`` links,
``oai:arXiv.org:``) is rewritten to a synthetic new-style id, ``{9000 + copy}.{n:05d}``.
Author names are left as printed, so later copies match the authors earlier
copies created, as production does. Pages are cut from the real bytes: the
real feed root with its header, a page's worth of real entries/records, the
real closing tags.

"parse+store" parses each page and stores it with one ``ingest.store.store_batch``
call, as the pipeline does, into one ImportRun, from empty tables. It runs in a
separate database (DATABASE_URL with ``_bench`` added to its name, or
BENCH_DATABASE_URL), created and migrated when missing, with DEBUG off as in
production: Django's debug cursor would copy every statement with its
parameters (megabytes per page) and distort the numbers.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import os
import pstats
import re
import secrets
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Run as a script, bench/ is sys.path[0] and this file would shadow the ingest package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))
from bench.common import print_rows  # noqa: E402 - after the path is set
from bench.snapshot_lines import parse_snapshot, snapshot_pages  # noqa: E402

API_FIXTURES = (
    "api/api_2026_search_testing_100_entries.xml",
    "api/stringologytimes_api_entries_2060.xml",
)
OAI_FIXTURES = (
    "oai/litpuvn_ListRecords_arXivRaw_2016-10-20_387rec.xml",
    "oai/arXivOAIHarvester/ListRecordsResponse.xml",
)
# Store-phase targets (records per second, parse+store).
FEED_TARGET = 1_200
BULK_TARGET = 5_000
# The apps whose tables are emptied before each measurement (Category, the taxonomy, is kept).
BENCH_APPS = ("ingest", "papers", "profiles", "graph")

# The id patterns of papers.arxiv_ids.ARXIV_ID, as bytes: new style (2202.12139) and old (math.CO/0601001).
_ID = rb"[a-z][a-z\-]*(?:\.[A-Za-z\-]{2,})?/\d{7}|\d{4}\.\d{4,5}"
API_ENTRY = re.compile(rb"<entry>.*?</entry>", re.S)
API_ENTRY_ID = re.compile(rb"<id>https?://arxiv\.org/abs/(" + _ID + rb")(?:v\d+)?</id>")
OAI_RECORD = re.compile(rb"<record>.*?</record>", re.S)
OAI_RECORD_ID = re.compile(rb"<identifier>oai:arXiv\.org:(" + _ID + rb")</identifier>")
OAI_TOKEN = re.compile(rb"<resumptionToken[^>]*>[^<]*</resumptionToken>")


# --------------------------------------------------------------------------- set-up


def bench_database_url() -> str:
    """BENCH_DATABASE_URL, or DATABASE_URL with ``_bench`` added to the database name."""
    from config import env

    explicit = os.environ.get("BENCH_DATABASE_URL")
    dev = urlsplit(env.get("DATABASE_URL"))
    url = urlsplit(explicit) if explicit else dev
    if not explicit:
        name = unquote(dev.path.lstrip("/")) or "peerfolio"
        url = dev._replace(path=f"/{name}_bench")
    if explicit and url.path == dev.path and url.hostname == dev.hostname:
        sys.exit(f"BENCH_DATABASE_URL names the development database ({dev.path}); refusing.")
    return url.geturl()


def setup_django() -> str:
    """Point Django at the bench database (created and migrated when missing); its URL."""
    url = bench_database_url()
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "false"
    # Production settings refuse a weak key; the bench signs nothing that outlives it.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    # The bench's test client speaks plain HTTP; production would redirect it to https://.
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    from config.services import create_database, unreachable

    problem = unreachable("DATABASE_URL") or create_database()
    if problem:
        sys.exit(problem)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    return url


def reset_tables() -> None:
    """Empty every ingest/papers/profiles/graph table; the category taxonomy goes back to as migrated."""
    from django.apps import apps
    from django.db import connection

    from papers.models import Category
    from papers.taxonomy import CATEGORIES, LEGACY_CATEGORIES

    tables = [
        model._meta.db_table
        for label in BENCH_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model is not Category and model._meta.managed and not model._meta.proxy
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"TRUNCATE {', '.join(connection.ops.quote_name(t) for t in tables)} "
            "RESTART IDENTITY CASCADE"
        )
        # Categories the store added for codes the taxonomy lacks.
        cursor.execute(
            "DELETE FROM papers_category WHERE NOT code = ANY(%s)",
            [[row[0] for row in CATEGORIES + LEGACY_CATEGORIES]],
        )
        cursor.execute("ANALYZE")


# --------------------------------------------------------------------------- pages


@dataclass
class Fixture:
    """One real response cut into its parts: root and header, items, and what closes it."""

    path: Path
    head: bytes
    items: list[bytes]
    tail: bytes


def split_response(path: Path, body: bytes, item: re.Pattern) -> Fixture:
    found = list(item.finditer(body))
    if not found:
        sys.exit(f"{path}: no items found; is this the recorded response the bench expects?")
    return Fixture(
        path=path,
        head=body[: found[0].start()],
        items=[m.group(0) for m in found],
        tail=body[found[-1].end() :],
    )


def repeated(
    fixtures: list[Fixture], count: int, id_of: re.Pattern, rewrite: Callable
) -> tuple[list[bytes], set[str]]:
    """``count`` items from the fixtures in turn, each copy under new ids; and the ids used."""
    items, ids, copy = [], set(), 0
    while len(items) < count:
        if copy > 999:
            sys.exit("Too many copies for the synthetic id scheme; use fewer --records.")
        mapping: dict[bytes, bytes] = {}
        for fixture in fixtures:
            for item in fixture.items:
                if len(items) == count:
                    break
                match = id_of.search(item)
                if match is None:
                    sys.exit(f"{fixture.path}: an item without a recognisable arXiv id.")
                old = match.group(1)
                new = mapping.setdefault(old, f"{9000 + copy:04d}.{len(mapping) + 1:05d}".encode())
                items.append(rewrite(item, old, new))
                ids.add(new.decode())
        copy += 1
    return items, ids


def _api_rewrite(entry: bytes, old: bytes, new: bytes) -> bytes:
    # <id>, the abs and pdf links, and any other arxiv.org/abs|pdf/<id> in the entry.
    return re.sub(
        rb"(arxiv\.org/(?:abs|pdf)/)" + re.escape(old) + rb"(?![\d/])", rb"\g<1>" + new, entry
    )


def _oai_rewrite(record: bytes, old: bytes, new: bytes) -> bytes:
    record = record.replace(b"oai:arXiv.org:" + old + b"<", b"oai:arXiv.org:" + new + b"<")
    return re.sub(
        rb"(<id>\s*)" + re.escape(old) + rb"(\s*</id>)", rb"\g<1>" + new + rb"\g<2>", record
    )


def api_pages(samples: Path, count: int, page_size: int) -> tuple[list[bytes], set[str], str]:
    """API response pages: the real current-format feed header, then real entries."""
    from ingest.pipeline import read_saved_response

    fixtures = [
        split_response(samples / name, read_saved_response(samples / name), API_ENTRY)
        for name in API_FIXTURES
    ]
    items, ids = repeated(fixtures, count, API_ENTRY_ID, _api_rewrite)
    head, tail = fixtures[0].head, fixtures[0].tail
    pages = []
    for start in range(0, len(items), page_size):
        chunk = items[start : start + page_size]
        page_head = _set_tag(head, b"opensearch:totalResults", len(items))
        page_head = _set_tag(page_head, b"opensearch:startIndex", start)
        page_head = _set_tag(page_head, b"opensearch:itemsPerPage", page_size)
        pages.append(page_head + b"\n  ".join(chunk) + tail)
    return pages, ids, _describe(fixtures)


def oai_pages(samples: Path, count: int, page_size: int) -> tuple[list[bytes], set[str], str]:
    """ListRecords pages: the raw 2015 response's root and closing, real records, its token."""
    fixtures = [
        split_response(samples / name, (samples / name).read_bytes(), OAI_RECORD)
        for name in OAI_FIXTURES
    ]
    items, ids = repeated(fixtures, count, OAI_RECORD_ID, _oai_rewrite)
    frame = fixtures[1]  # unmodified by an editor, unlike the re-indented litpuvn file
    token = OAI_TOKEN.search(frame.tail)
    if token is None:
        sys.exit(f"{frame.path}: no resumptionToken to page with.")
    pages = []
    for start in range(0, len(items), page_size):
        chunk = items[start : start + page_size]
        following = start + len(chunk)
        page_token = re.sub(rb'cursor="\d+"', f'cursor="{start}"'.encode(), token.group(0))
        page_token = re.sub(
            rb'completeListSize="\d+"', f'completeListSize="{len(items)}"'.encode(), page_token
        )
        # The last page's token is empty; the others carry "<harvest>|<next cursor>".
        text = re.search(rb">([^<]*)<", page_token).group(1)
        next_text = text.split(b"|")[0] + b"|" + str(following).encode()
        page_token = page_token.replace(
            b">" + text + b"<", b">" + (next_text if following < len(items) else b"") + b"<"
        )
        tail = frame.tail[: token.start()] + page_token + frame.tail[token.end() :]
        pages.append(frame.head + b"\n".join(chunk) + b"\n" + tail)
    return pages, ids, _describe(fixtures)


def _set_tag(head: bytes, tag: bytes, value: int) -> bytes:
    pattern = re.compile(b"(<" + re.escape(tag) + rb">)\d+(</" + re.escape(tag) + b">)")
    return pattern.sub(rb"\g<1>" + str(value).encode() + rb"\g<2>", head, count=1)


def _describe(fixtures: list[Fixture]) -> str:
    return " + ".join(f"{f.path.name} ({len(f.items)})" for f in fixtures)


# --------------------------------------------------------------------------- measuring


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

    from ingest import bulk, store

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
    bulk.bulk_cursor = store.bulk_cursor = lambda conn=None: TimedCursor(
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
    bulk.bulk_cursor = store.bulk_cursor = untimed

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


# --------------------------------------------------------------------------- output


def print_results(paths: list[BenchPath]) -> None:
    header = ("path", "records", "parse-only rec/s", "parse+store rec/s", "target", "result")
    rows = [
        (
            p.name,
            f"{p.records:,}",
            f"{p.parse_rate:,.0f}",
            f"{p.store_rate:,.0f}",
            f">= {p.target:,}",
            "PASS" if p.store_rate >= p.target else "MISS",
        )
        for p in paths
    ]
    print_rows(header, rows)
    print("(target applies to parse+store)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=20_000, help="records per path (20000)")
    parser.add_argument("--path", choices=("feed", "bulk", "snapshot", "all"), default="all")
    parser.add_argument("--api-page", type=int, default=2000, help="entries per API page (2000)")
    parser.add_argument("--oai-page", type=int, default=1000, help="records per OAI page (1000)")
    parser.add_argument(
        "--profile", action="store_true", help="also cProfile the store phase of each path"
    )
    parser.add_argument("--top", type=int, default=25, help="functions shown by --profile (25)")
    parser.add_argument(
        "--sort", choices=("cumulative", "tottime"), default="cumulative", help="--profile order"
    )
    parser.add_argument(
        "--distinct-authors",
        action="store_true",
        help="each copy of the fixtures by its own people (every page brings new authors)",
    )
    args = parser.parse_args(argv)
    if args.records < 1:
        parser.error("--records must be at least 1")

    url = setup_django()
    from django.conf import settings

    from ingest.models import SourceKind

    samples = Path(settings.ARXIV_SAMPLES_DIR)
    missing = [n for n in API_FIXTURES + OAI_FIXTURES if not (samples / n).is_file()]
    if missing:
        sys.exit(f"ARXIV_SAMPLES_DIR ({samples}) lacks: {', '.join(missing)}")

    paths = []
    if args.path in ("feed", "all"):
        pages, ids, described = api_pages(samples, args.records, args.api_page)
        paths.append(
            BenchPath(
                "feed (API Atom)", SourceKind.API, FEED_TARGET, pages, ids, parse_api, described
            )
        )
    if args.path in ("bulk", "all"):
        pages, ids, described = oai_pages(samples, args.records, args.oai_page)
        paths.append(
            BenchPath(
                "bulk (OAI arXivRaw)", SourceKind.OAI, BULK_TARGET, pages, ids, parse_oai, described
            )
        )

    if args.path in ("snapshot", "all"):
        pages, ids, described = oai_pages(samples, args.records, args.oai_page)
        paths.append(
            BenchPath(
                "snapshot (JSON lines)",
                SourceKind.FILE,
                BULK_TARGET,
                snapshot_pages(pages),
                ids,
                parse_snapshot,
                f"{described}, as snapshot lines",
            )
        )

    print(
        f"database {urlsplit(url).path.lstrip('/')} (emptied before each path); CPUs {os.cpu_count()}"
    )
    for path in paths:
        size = sum(len(p) for p in path.pages) / 1e6
        print(f"{path.name}: {path.described}, {len(path.pages)} pages, {size:.1f} MB")
        if args.distinct_authors:
            path.parse = with_distinct_authors(path.parse)
        measure_parse(path)
        measure_store(path)
        print("  stored: " + ", ".join(f"{k} {v:,}" for k, v in path.stored.items()))
    print_results(paths)
    if args.profile:
        for path in paths:
            profile_store(path, args.top, args.sort)
    return 0


if __name__ == "__main__":
    sys.exit(main())
