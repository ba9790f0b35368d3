"""Research-graph speed: the profile's slice and the explorer's expand, on the bench database.

    .venv/bin/python bench/graph.py               # 30 runs of each
    .venv/bin/python bench/graph.py --runs 100
    .venv/bin/python bench/graph.py --author masahiro-goto

Measured on the most-connected author of the bench database (the most co-author
edges; ``--author`` for another), through Django's test client, so URL routing,
the view, the queries, the layout, the SVG and the template are all counted:

- slice, uncached: ``/graph/slice/<slug>/`` (the panel a profile loads) after
  ``graph.cache.forget`` (a new graph generation: the cached panel is not used);
- slice, cached: the same request again;
- slice, built: ``graph.panel.panel_context`` alone, no HTTP (where the time goes);
- expand: ``/graph/api/expand/?node=…`` for the author's strongest collaborator
  and for the author (a hub) themselves, which nothing caches;
- explorer + expand: ``/graph/api/view/?focus=…&expand=…`` (the explorer's next
  view after "Expand"), with the focus's slice cached (as after the page loaded)
  and uncached;
- path: ``/graph/api/path/`` from the author to a researcher a few steps away.

It reads the bench database and never writes to it: DATABASE_URL with ``_bench``
added to the name (``peerfolio_bench`` by default) or BENCH_DATABASE_URL, as
bench/ingest.py chooses it; generate it with bench/synth.py. DEBUG is off, as in
production. Cache entries go to REDIS_URL under the key prefix "bench", apart
from the development site's. PostgreSQL's buffers are warm after the first run
(the first runs are discarded); "uncached" means our cache, not the database's.
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Run as a script, bench/ is sys.path[0] and bench/ingest.py would shadow the ingest package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))
from bench.common import percentile  # noqa: E402 - after the path is set

SLICE_TARGET_MS = 100  # p95, uncached
EXPAND_TARGET_MS = 50  # p95
WARM_UP = 3


def setup_django() -> str:
    from bench.database import bench_database_url

    url = bench_database_url()
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "false"
    # Production settings refuse a weak key; the bench signs nothing that outlives it.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    # The bench's test client speaks plain HTTP; production would redirect it to https://.
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from config.services import unreachable

    problem = unreachable("DATABASE_URL")
    if problem:
        sys.exit(problem)
    import django
    from django.conf import settings

    django.setup()
    # Before the cache is first used: keep the bench's entries apart from the dev site's.
    settings.CACHES["default"]["KEY_PREFIX"] = "bench"
    return url


def database_facts() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        counts = {}
        for table in ("papers_paper", "profiles_author", "graph_coauthoredge"):
            # Estimates (pg_class) are instant; an exact count of 2 million edges is not.
            cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = %s", [table])
            row = cursor.fetchone()
            counts[table] = int(row[0]) if row else 0
        cursor.execute("SELECT count(*) FROM papers_paper")
        counts["papers_paper"] = cursor.fetchone()[0]
    return counts


def most_connected() -> tuple[int, int]:
    """(author id, co-authors) of the author with the most edges."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT author, count(*) FROM (
                SELECT author_a_id AS author FROM graph_coauthoredge
                UNION ALL SELECT author_b_id FROM graph_coauthoredge
            ) ends GROUP BY author ORDER BY count(*) DESC, author LIMIT 1
            """
        )
        return cursor.fetchone()


def far_researcher(author_pk: int) -> int | None:
    """Someone three co-author steps away (the first found, by id), for the path benchmark."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH one AS (
                SELECT author_b_id AS id FROM graph_coauthoredge WHERE author_a_id = %(a)s
                UNION SELECT author_a_id FROM graph_coauthoredge WHERE author_b_id = %(a)s
            ),
            hop AS (SELECT id FROM one ORDER BY id LIMIT 1),
            two AS (
                SELECT author_b_id AS id FROM graph_coauthoredge WHERE author_a_id IN (SELECT id FROM hop)
                UNION SELECT author_a_id FROM graph_coauthoredge WHERE author_b_id IN (SELECT id FROM hop)
            ),
            next AS (SELECT id FROM two WHERE id <> %(a)s AND id NOT IN (SELECT id FROM one)
                     ORDER BY id LIMIT 1),
            three AS (
                SELECT author_b_id AS id FROM graph_coauthoredge WHERE author_a_id IN (SELECT id FROM next)
                UNION SELECT author_a_id FROM graph_coauthoredge WHERE author_b_id IN (SELECT id FROM next)
            )
            SELECT id FROM three
            WHERE id <> %(a)s AND id NOT IN (SELECT id FROM one) AND id NOT IN (SELECT id FROM two)
            ORDER BY id LIMIT 1
            """,
            {"a": author_pk},
        )
        row = cursor.fetchone()
        return row[0] if row else None


def timed(run, runs: int, before=None) -> list[float]:
    """Milliseconds of ``runs`` calls of ``run`` (``before`` runs untimed ahead of each)."""
    for _ in range(WARM_UP):
        if before:
            before()
        run()
    times = []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        run()
        times.append((time.perf_counter() - start) * 1000)
    return times


def line(name: str, times: list[float], target: float | None = None) -> str:
    ordered = sorted(times)
    p50 = statistics.median(ordered)
    p95 = percentile(times, 0.95)
    verdict = ""
    if target is not None:
        verdict = f"  p95 ≤ {target:g} ms: {'ok' if p95 <= target else 'MISSED'}"
    return f"{name:<44}{len(times):>5}{p50:>9.1f}{p95:>9.1f}{ordered[-1]:>9.1f}{verdict}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each (default 30)")
    parser.add_argument("--author", help="a slug instead of the most-connected author")
    args = parser.parse_args(argv)

    url = setup_django()
    from django.test import Client

    from graph import cache
    from graph.panel import panel_context
    from graph.queries import strongest_collaborators
    from profiles.models import Author

    facts = database_facts()
    if facts["papers_paper"] == 0:
        sys.exit(f"The bench database ({url}) has no papers: generate it with bench/synth.py.")
    if args.author:
        author = Author.objects.get(slug=args.author)
        degree = len(strongest_collaborators(author.pk, 10**6))
    else:
        pk, degree = most_connected()
        author = Author.objects.select_related("institution").get(pk=pk)
    strongest = strongest_collaborators(author.pk, 1)[0]
    far = far_researcher(author.pk)
    far_slug = Author.objects.get(pk=far).slug if far else None

    print(f"bench database: {urlsplit(url).path.lstrip('/')} — {facts['papers_paper']:,} papers, "
          f"~{facts['profiles_author']:,} authors, ~{facts['graph_coauthoredge']:,} co-author edges")  # fmt: skip
    print(f"author: {author.display_name} ({author.slug}): {degree:,} co-authors, "
          f"{author.works_count:,} works; strongest collaborator {strongest['slug']}")  # fmt: skip
    print(f"DEBUG off; {args.runs} timed runs each after {WARM_UP} untimed; times in ms\n")
    print(f"{'':<44}{'runs':>5}{'p50':>9}{'p95':>9}{'max':>9}")

    client = Client()

    def get(path):
        def run():
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)

        return run

    def forget():
        cache.forget([author.pk])

    slice_url = f"/graph/slice/{author.slug}/"
    focus = f"author:{author.slug}"
    rows = [
        ("slice (profile panel), uncached", get(slice_url), forget, SLICE_TARGET_MS),
        ("slice (profile panel), cached", get(slice_url), None, None),
        ("slice built (panel_context, no HTTP)", lambda: panel_context(author), forget, None),
        (f"expand {strongest['slug']}",
         get(f"/graph/api/expand/?node=author:{strongest['slug']}"), None, EXPAND_TARGET_MS),
        (f"expand {author.slug} (the hub itself)",
         get(f"/graph/api/expand/?node={focus}"), None, EXPAND_TARGET_MS),
        ("explorer + expand, focus slice cached",
         get(f"/graph/api/view/?focus={focus}&expand=author:{strongest['slug']}"), None,
         EXPAND_TARGET_MS),
        ("explorer + expand, focus slice uncached",
         get(f"/graph/api/view/?focus={focus}&expand=author:{strongest['slug']}"), forget, None),
    ]  # fmt: skip
    if far_slug:
        rows.append(
            (f"path to {far_slug}", get(f"/graph/api/path/?from={focus}&to=author:{far_slug}"),
             None, None)
        )  # fmt: skip
    missed = 0
    for name, run, before, target in rows:
        text = line(name, timed(run, args.runs, before), target)
        missed += "MISSED" in text
        print(text, flush=True)
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
