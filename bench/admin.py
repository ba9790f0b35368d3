"""Admin changelists on the bench database: p50/p95 per list, against a 300 ms p95 target.

    .venv/bin/python bench/admin.py                      # every list, 100 requests each
    .venv/bin/python bench/admin.py --requests 300       # more requests per list
    .venv/bin/python bench/admin.py --lists records,runs # some lists only
    .venv/bin/python bench/admin.py --sql 3              # + the 3 costliest statements per list
    .venv/bin/python bench/admin.py --drop-synthetic     # remove the rows it inserted, then stop

Lists (each a few URLs, requested in turn): the import records (unfiltered, a deep
page, filtered by status, one run's records, an arXiv id searched), the import runs
(unfiltered, a deep page, failed ones, one source's), the review queue, and the
authors (profiles/admin.py, measured as it is: unfiltered and a name searched).

Requests go through Django's test Client in this process, signed in as a superuser
(``bench-admin``, created in the bench database), with the whole middleware stack,
DEBUG off, cached templates and the manifest static storage (collected into a
temporary folder), as production serves them.

The database is the one bench/synth.py builds (DATABASE_URL with ``_bench`` added
to its name, or BENCH_DATABASE_URL). synth.py makes papers and authors but no
import history, so **this script inserts it when it is missing**: enough import
runs and import records to reach ``--runs`` and ``--records`` (200,000 each by
default), in one transaction with set-based SQL, then ANALYZE:

- runs: a few years of hourly RSS pulls from four sources (most "Not modified",
  some with a handful of entries), a nightly OAI-PMH harvest carrying most
  records, ~1% failed with an error and a saved cursor, oldest first;
- records: one per bench paper (cycling when there are more records than papers),
  with a payload built from the paper as ``PaperRecord.to_payload`` writes it
  (title, abstract, byline, categories, versions), its content digest, and a
  status mix of 70% applied, 27% unchanged, 2% held, 0.5% rejected, 0.5% failed.

Inserted runs have an origin starting ``bench/admin.py synthetic`` (their records
go with them); ``--drop-synthetic`` deletes exactly those. synth.py --reset
empties the ingest tables anyway.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# bench/ingest.py would shadow the ingest package: the project root goes first.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))
from bench import common  # noqa: E402 - after the path is set
from bench.common import (  # noqa: E402
    SqlTimer,
    percentile,
    print_rows,
    setup_site,
)

TARGET_P95_MS = 300
SYNTHETIC = "bench/admin.py synthetic"
USERNAME = "bench-admin"
SOURCES = [
    ("rss", "cs.LG+stat.ML", "RSS: machine learning"),
    ("rss", "cs.CL", "RSS: computation and language"),
    ("rss", "hep-th", "RSS: hep-th"),
    ("rss", "math.PR+math.ST", "RSS: probability and statistics"),
    ("oai", "cs", "OAI-PMH: all of cs (nightly)"),
]


# --------------------------------------------------------------------------- the data


def ensure_history(records: int, runs: int) -> str:
    """Insert synthetic runs and records until there are at least this many of each."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM ingest_importrun")
        have_runs = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM ingest_importrecord")
        have_records = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM papers_paper")
        papers = cursor.fetchone()[0]
    if have_runs >= runs and have_records >= records:
        return f"{have_runs:,} import runs and {have_records:,} import records already there"
    if not papers:
        sys.exit("The bench database has no papers: run bench/synth.py first.")
    started = time.perf_counter()
    new_runs, new_records = max(0, runs - have_runs), max(0, records - have_records)
    with transaction.atomic(), connection.cursor() as cursor:
        source_ids = _sources(cursor)
        first_run = _insert_runs(cursor, max(new_runs, 1 if new_records else 0), source_ids)
        if new_records:
            _insert_records(cursor, new_records, first_run, papers)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE ingest_importrun")
        cursor.execute("ANALYZE ingest_importrecord")
    return (
        f"inserted {new_runs:,} synthetic import runs and {new_records:,} import records "
        f"in {time.perf_counter() - started:.0f} s (then ANALYZE)"
    )


def _sources(cursor) -> list[int]:
    ids = []
    for kind, query, name in SOURCES:
        cursor.execute(
            """
            INSERT INTO ingest_feedsource
                (name, kind, query, metadata_prefix, enabled, hold_for_review, interval_minutes,
                 cron, etag, last_modified, created_at)
            VALUES (%s, %s, %s, 'arXivRaw', true, false, %s, '', '', '', now())
            ON CONFLICT (kind, query) DO UPDATE SET name = EXCLUDED.name
            RETURNING id
            """,
            [f"{name} [{SYNTHETIC}]", kind, query, 60 if kind == "rss" else None],
        )
        ids.append(cursor.fetchone()[0])
    return ids


def _insert_runs(cursor, count: int, source_ids: list[int]) -> int:
    """``count`` runs, one an hour back from now, oldest first; returns the first new id."""
    rss, oai = source_ids[:-1], source_ids[-1]
    cursor.execute(
        """
        INSERT INTO ingest_importrun
            (source_id, kind, origin, status, fetched, created, updated, unchanged, failed, held,
             total, cursor, error, started_at, finished_at, created_at)
        SELECT
            CASE WHEN nightly THEN %(oai)s ELSE (%(rss)s::bigint[])[1 + n %% cardinality(%(rss)s::bigint[])] END,
            CASE WHEN nightly THEN 'oai' ELSE 'rss' END,
            %(origin)s || CASE WHEN nightly THEN ' OAI-PMH ListRecords set=cs'
                               ELSE ' RSS listing' END,
            CASE WHEN failed THEN 'failed' ELSE 'succeeded' END,
            fetched, (fetched * 0.7)::int, (fetched * 0.03)::int, (fetched * 0.27)::int,
            CASE WHEN failed THEN 1 ELSE 0 END, 0,
            CASE WHEN nightly THEN fetched + (CASE WHEN failed THEN 1000 ELSE 0 END) END,
            CASE WHEN failed AND nightly THEN jsonb_build_object('resumption_token', n || '|1001')
                 ELSE '{}'::jsonb END,
            CASE WHEN failed THEN 'arXiv answered HTTP 503 for the next page after 4 retries.'
                 WHEN NOT nightly AND fetched = 0 THEN 'Not modified since the last pull (HTTP 304).'
                 ELSE '' END,
            at, at + interval '40 seconds', at
        FROM (
            SELECT n, now() - (%(count)s - n) * interval '1 hour' AS at,
                   n %% 24 = 5 AS nightly, n %% 97 = 0 AS failed,
                   CASE WHEN n %% 24 = 5 THEN 800 + n %% 400
                        WHEN n %% 7 = 0 THEN n %% 13 ELSE 0 END AS fetched
            FROM generate_series(1, %(count)s) AS n
        ) runs
        ORDER BY n
        RETURNING id
        """,
        {"count": count, "rss": rss, "oai": oai, "origin": SYNTHETIC},
    )
    return min(row[0] for row in cursor.fetchall())


def _insert_records(cursor, count: int, first_run: int, papers: int) -> None:
    """Records spread over the new runs that fetched something, as the runs' counts suggest."""
    cursor.execute(
        """
        CREATE TEMP TABLE bench_slots ON COMMIT DROP AS
        SELECT id AS run_id, created_at, row_number() OVER (ORDER BY id) - 1 AS slot
        FROM ingest_importrun WHERE id >= %s AND fetched > 0
        """,
        [first_run],
    )
    cursor.execute("SELECT count(*) FROM bench_slots")
    slots = cursor.fetchone()[0] or 1
    cursor.execute(
        """
        INSERT INTO ingest_importrecord
            (run_id, arxiv_id, version, content_hash, payload, status, paper_id, matches,
             message, paper_state, created_at)
        SELECT s.run_id, p.arxiv_id, p.latest_version, p.content_hash,
               jsonb_build_object(
                   'arxiv_id', p.arxiv_id, 'version', p.latest_version, 'title', p.title,
                   'abstract', p.abstract,
                   'authors', COALESCE((
                       SELECT jsonb_agg(jsonb_build_object('name', name, 'keyname', '',
                              'forenames', '', 'affiliations', '[]'::jsonb))
                       FROM unnest(string_to_array(p.authors_text, ', ')) AS name), '[]'::jsonb),
                   'primary_category', COALESCE(p.primary_category_id, ''),
                   'categories', to_jsonb(p.categories), 'published', p.published,
                   'updated', p.updated, 'comment', p.comment, 'journal_ref', p.journal_ref,
                   'doi', p.doi, 'license', p.license,
                   'versions', (SELECT jsonb_agg(jsonb_build_object('version', v,
                                'submitted_at', NULL, 'size', ''))
                                FROM generate_series(1, p.latest_version) AS v),
                   'announce_type', p.announce_type, 'announced_on', p.announced_on,
                   'deleted', false),
               CASE WHEN r.n %% 200 = 0 THEN 'rejected' WHEN r.n %% 200 = 1 THEN 'failed'
                    WHEN r.n %% 50 = 2 THEN 'held' WHEN r.n %% 100 < 27 THEN 'unchanged'
                    ELSE 'applied' END,
               CASE WHEN r.n %% 200 = 1 THEN NULL ELSE p.id END,
               '[]'::jsonb,
               CASE WHEN r.n %% 200 = 0 THEN 'Byline mangled by the feed.' ELSE '' END,
               '{}'::jsonb,
               s.created_at
        FROM generate_series(0, %(count)s - 1) AS r(n)
        JOIN papers_paper p ON p.id = (SELECT min(id) FROM papers_paper) + r.n %% %(papers)s
        JOIN bench_slots s ON s.slot = (r.n::bigint * %(slots)s / %(count)s)
        """,
        {"count": count, "papers": papers, "slots": slots},
    )


def drop_synthetic() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM ingest_importrecord WHERE run_id IN "
            "(SELECT id FROM ingest_importrun WHERE origin LIKE %s)",
            [f"{SYNTHETIC}%"],
        )
        records = cursor.rowcount
        cursor.execute("DELETE FROM ingest_importrun WHERE origin LIKE %s", [f"{SYNTHETIC}%"])
        runs = cursor.rowcount
        cursor.execute("DELETE FROM ingest_feedsource WHERE name LIKE %s", [f"%[{SYNTHETIC}]"])
        cursor.execute("ANALYZE ingest_importrun")
        cursor.execute("ANALYZE ingest_importrecord")
    return f"deleted {runs:,} synthetic runs and {records:,} records"


# --------------------------------------------------------------------------- the lists


@dataclass
class Targets:
    arxiv_ids: list[str] = field(default_factory=list)
    run_ids: list[int] = field(default_factory=list)
    source_ids: list[int] = field(default_factory=list)
    surnames: list[str] = field(default_factory=list)


def pick_targets(seed: int, count: int) -> Targets:
    from django.db import connection

    rng = random.Random(seed)
    t = Targets()
    with connection.cursor() as cursor:
        cursor.execute("SELECT arxiv_id FROM ingest_importrecord TABLESAMPLE SYSTEM (1) LIMIT 5000")
        t.arxiv_ids = [r[0] for r in cursor.fetchall()]
        cursor.execute("SELECT id FROM ingest_importrun WHERE fetched > 0 ORDER BY id")
        t.run_ids = [r[0] for r in cursor.fetchall()]
        cursor.execute("SELECT id FROM ingest_feedsource ORDER BY id")
        t.source_ids = [r[0] for r in cursor.fetchall()]
        cursor.execute("SELECT display_name FROM profiles_author TABLESAMPLE SYSTEM (1) LIMIT 5000")
        t.surnames = [r[0].split()[-1] for r in cursor.fetchall() if r[0].split()]
    for name in ("arxiv_ids", "run_ids", "source_ids", "surnames"):
        values = getattr(t, name)
        setattr(t, name, rng.sample(values, min(count, len(values))) if values else [])
    return t


def q(path: str, **query) -> str:
    return f"{path}?{urlencode(query)}" if query else path


RECORDS, RUNS = "/admin/ingest/importrecord/", "/admin/ingest/importrun/"
QUEUE, AUTHORS = "/admin/ingest/heldrecord/", "/admin/profiles/author/"

# (key for --lists, label, URLs from the targets)
LISTS = [
    ("records", "import records: unfiltered", lambda t: [RECORDS]),
    ("records", "import records: page 200", lambda t: [q(RECORDS, p=200)]),
    ("records", "import records: status=applied", lambda t: [q(RECORDS, status__exact="applied")]),
    ("records", "import records: status=held", lambda t: [q(RECORDS, status__exact="held")]),
    ("records", "import records: one run's", lambda t: [q(RECORDS, run__id__exact=i) for i in t.run_ids]),
    ("records", "import records: arXiv id searched", lambda t: [q(RECORDS, q=a) for a in t.arxiv_ids]),
    ("runs", "import runs: unfiltered", lambda t: [RUNS]),
    ("runs", "import runs: page 1,000", lambda t: [q(RUNS, p=1000)]),
    ("runs", "import runs: failed", lambda t: [q(RUNS, status__exact="failed")]),
    ("runs", "import runs: one source's", lambda t: [q(RUNS, source__id__exact=i) for i in t.source_ids]),
    ("queue", "review queue", lambda t: [QUEUE]),
    ("authors", "authors: unfiltered", lambda t: [AUTHORS]),
    ("authors", "authors: page 500", lambda t: [q(AUTHORS, p=500)]),
    ("authors", "authors: a surname searched", lambda t: [q(AUTHORS, q=s) for s in t.surnames]),
]  # fmt: skip


@dataclass
class Result:
    label: str
    times: list[float] = field(default_factory=list)
    queries: list[int] = field(default_factory=list)
    sql: list[float] = field(default_factory=list)
    statuses: set[int] = field(default_factory=set)
    counted: str = ""
    statements: dict = field(default_factory=dict)


def request(client, url: str, result: Result | None):
    with SqlTimer(result.statements if result is not None else None) as sql:
        started = time.perf_counter()
        response = client.get(url)
        body = response.content
        ms = (time.perf_counter() - started) * 1000
    return response.status_code, ms, sql.queries, sql.seconds * 1000, body


def measure(client, label: str, urls: list[str], requests: int) -> Result:
    result = Result(label)
    if not urls:
        result.counted = "no targets"
        return result
    status, *_, body = request(client, urls[0], None)  # untimed: templates, imports, buffers
    text = body.decode(errors="replace")
    result.counted = "estimated" if ">about " in text or "\nabout " in text else "exact"
    for i in range(requests):
        status, ms, queries, sql, _ = request(client, urls[i % len(urls)], result)
        result.times.append(ms)
        result.queries.append(queries)
        result.sql.append(sql)
        result.statuses.add(status)
    return result


def print_results(results: list[Result]) -> None:
    header = (
        "list",
        "requests",
        "p50 ms",
        "p95 ms",
        "max ms",
        "queries",
        "SQL ms p50",
        "count",
        "",
    )
    rows = []
    for r in results:
        if not r.times:
            rows.append((r.label, "0", "", "", "", "", "", r.counted, "skipped"))
            continue
        low, high = min(r.queries), max(r.queries)
        p95 = percentile(r.times, 0.95)
        odd = ",".join(str(s) for s in sorted(r.statuses) if s != 200)
        rows.append(
            (
                r.label + (f" [{odd}]" if odd else ""),
                f"{len(r.times):,}",
                f"{statistics.median(r.times):.1f}",
                f"{p95:.1f}",
                f"{max(r.times):.1f}",
                str(low) if low == high else f"{low}-{high}",
                f"{statistics.median(r.sql):.1f}",
                r.counted,
                "ok" if p95 < TARGET_P95_MS and not odd else "OVER" if not odd else "ERROR",
            )
        )
    print_rows(header, rows, left=(0, 7, 8))
    print(f"\ntarget: p95 under {TARGET_P95_MS} ms. count: how the list's total was found.")


def print_statements(results: list[Result], top: int) -> None:
    for r in results:
        if r.times:
            common.print_statements(r.label, r.statements, len(r.times), top)


def signed_in_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(
        username=USERNAME,
        defaults={"email": "bench-admin@example.org", "is_staff": True, "is_superuser": True},
    )
    client = Client(raise_request_exception=True)
    client.force_login(user)
    return client


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    keys = sorted({key for key, *_ in LISTS})
    parser.add_argument("--lists", default="", help=f"comma-separated, of: {', '.join(keys)}")
    parser.add_argument("--requests", type=int, default=100, help="requests per list (100)")
    parser.add_argument("--records", type=int, default=200_000, help="import records to ensure")
    parser.add_argument("--runs", type=int, default=200_000, help="import runs to ensure")
    parser.add_argument("--seed", type=int, default=1, help="picks the random targets (1)")
    parser.add_argument("--sql", type=int, default=0, metavar="N", help="N costliest statements")
    parser.add_argument("--drop-synthetic", action="store_true", help="remove inserted rows")
    args = parser.parse_args(argv)
    wanted = {k.strip() for k in args.lists.split(",") if k.strip()}
    if wanted - set(keys):
        parser.error(f"unknown lists: {', '.join(sorted(wanted - set(keys)))}")

    with tempfile.TemporaryDirectory(prefix="peerfolio-bench-static-") as static_root:
        url = setup_site(static_root)
        from django.conf import settings

        if args.drop_synthetic:
            print(drop_synthetic())
            return 0
        print(f"database {urlsplit(url).path.lstrip('/')}; DEBUG {settings.DEBUG}")
        print(ensure_history(args.records, args.runs))
        targets = pick_targets(args.seed, args.requests)
        client = signed_in_client()
        results = []
        for key, label, urls in LISTS:
            if wanted and key not in wanted:
                continue
            started = time.perf_counter()
            results.append(measure(client, label, urls(targets), args.requests))
            print(f"  measured {label} in {time.perf_counter() - started:.0f} s")
        if args.sql:
            print_statements(results, args.sql)
        print_results(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
