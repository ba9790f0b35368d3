"""Server time and SQL queries per request for the main pages, on the bench database.

    .venv/bin/python bench/pages.py                          # every page, 200 requests each
    .venv/bin/python bench/pages.py --pages profile,paper    # some pages only
    .venv/bin/python bench/pages.py --requests 50            # fewer requests per page

Requests go through Django's test Client in this process: the whole middleware
stack, the view, its queries and the template, as production runs them (DEBUG
off, cached templates, the manifest static storage with files collected into a
temporary folder). Each page is requested ``--requests`` times over varied
targets (the most prolific author, the one with most co-authors, random ones,
the 3,000-author paper, ...) after one untimed request; the table shows p50,
p95 and max of the time per request, the SQL queries per request and the time
spent in them.

Cache: every page is measured **cold**, with the cache (Redis at REDIS_URL,
which must be a spare database: it is flushed) cleared before each request.
A page that wrote to the cache while being measured cold is measured **warm**
as well: each target requested once untimed, then the same requests again.

The database is the bench one that bench/synth.py fills (DATABASE_URL with
``_bench`` added to its name, or BENCH_DATABASE_URL). A page whose URL does not
resolve yet (NoReverseMatch, or a 404 on its first request) is skipped with a
note, so pages still to be built can already be listed in PAGES.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
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

# --------------------------------------------------------------------------- the pages


def url(name: str, *args, **query) -> str:
    """reverse(name, args) plus a query string; NoReverseMatch skips the page."""
    from django.urls import reverse

    path = reverse(name, args=args)
    return f"{path}?{urlencode(query)}" if query else path


def path(raw: str, **query) -> str:
    """A URL by its path, for pages whose URL name is not known yet (resolved before use)."""
    return f"{raw}?{urlencode(query)}" if query else raw


@dataclass
class Page:
    """A page: a key for --pages, a label, and the URLs to request (from the targets)."""

    key: str
    label: str
    urls: Callable[[Targets], list[str]]


# One line per page. Targets (t) are picked from the bench database once, below.
PAGES = [
    Page("home", "home", lambda t: [url("home")]),
    Page("profile", "profile: most prolific", lambda t: [url("profiles:detail", t.prolific)]),
    Page("profile", "profile: most co-authors", lambda t: [url("profiles:detail", t.connected)]),
    Page("profile", "profile: collaboration member", lambda t: [url("profiles:detail", t.member)]),
    Page("profile", "profile: random", lambda t: [url("profiles:detail", s) for s in t.authors]),
    Page("profile", "profile: merged (301)", lambda t: [url("profiles:detail", s) for s in t.merged]),
    Page("paper", "paper: 3,000 authors", lambda t: [url("papers:detail", t.huge_paper)]),
    Page("paper", "paper: random", lambda t: [url("papers:detail", a) for a in t.papers]),
    Page("paper", "paper: all 3,000 authors", lambda t: [url("papers:authors", t.huge_paper)]),
    Page("paper", "paper: BibTeX, 3,000 authors", lambda t: [url("papers:bibtex", t.huge_paper)]),
    Page("profile", "profile: BibTeX, most prolific", lambda t: [url("profiles:bibtex", t.prolific)]),
    Page("profile", "profile: Atom feed, most prolific", lambda t: [url("profiles:feed", t.prolific)]),
    Page("browse", "browse: name", lambda t: [url("profiles:browse", q=q) for q in t.names]),
    Page("browse", "browse: category + sort", lambda t: [url("profiles:browse", category=c, sort=s) for c, s in t.category_sorts]),
    Page("browse", "browse: name + category + sort", lambda t: [url("profiles:browse", q=q, category=c, sort=s) for q, (c, s) in zip(t.names, t.category_sorts, strict=False)]),
    Page("search", "search", lambda t: [path("/search/", q=q) for q in t.queries]),
    Page("daily", "papers: daily", lambda t: [path("/papers/daily/")]),
    Page("trending", "papers: trending", lambda t: [path("/papers/trending/")]),
    Page("graph", "graph: slice, most co-authors", lambda t: [url("graph:slice", t.connected)]),
    Page("graph", "graph: slice, random", lambda t: [url("graph:slice", s) for s in t.authors]),
    Page("api", "API: researcher, most prolific", lambda t: [url("api:researcher", t.prolific)]),
    Page("api", "API: researcher, random", lambda t: [url("api:researcher", s) for s in t.authors]),
    Page("api", "API: works, most prolific", lambda t: [url("api:researcher_works", t.prolific)]),
    Page("api", "API: co-authors, most co-authors", lambda t: [url("api:researcher_coauthors", t.connected)]),
    Page("api", "API: paper, 3,000 authors", lambda t: [url("api:paper", t.huge_paper)]),
    Page("api", "API: paper, random", lambda t: [url("api:paper", a) for a in t.papers]),
    Page("api", "API: researchers by name", lambda t: [url("api:researchers", q=q) for q in t.names]),
    Page("api", "API: search", lambda t: [url("api:search", q=q) for q in t.queries]),
    Page("api", "API: daily", lambda t: [url("api:daily")]),
]  # fmt: skip


@dataclass
class Targets:
    """What the pages are requested for, picked from the bench database (seeded)."""

    prolific: str = ""
    connected: str = ""
    member: str = ""
    huge_paper: str = ""
    authors: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    papers: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)
    category_sorts: list[tuple[str, str]] = field(default_factory=list)
    queries: list[str] = field(default_factory=list)
    described: list[str] = field(default_factory=list)


def pick_targets(seed: int, count: int) -> Targets:
    from django.db import connection

    from graph.models import MAX_AUTHORS_FOR_EDGES

    rng = random.Random(seed)
    t = Targets()
    with connection.cursor() as cursor:

        def one(sql, params=()):
            cursor.execute(sql, params)
            return cursor.fetchone()

        slug, name, works = one(
            "SELECT slug, display_name, works_count FROM profiles_author "
            "WHERE merged_into_id IS NULL ORDER BY works_count DESC, id LIMIT 1"
        )
        t.prolific = slug
        t.described.append(f"most prolific: {name} ({works:,} works)")
        # Co-authors as the graph counts them (edges); the most prolific author is often
        # also the most connected one, so the next one is taken then, to cover another page.
        cursor.execute(
            """
            SELECT a.slug, a.display_name, d.n FROM (
                SELECT id, count(*) AS n FROM (
                    SELECT author_a_id AS id FROM graph_coauthoredge
                    UNION ALL SELECT author_b_id FROM graph_coauthoredge) e
                GROUP BY id ORDER BY count(*) DESC, id LIMIT 2
            ) d JOIN profiles_author a ON a.id = d.id ORDER BY d.n DESC, a.id
            """
        )
        ranked = cursor.fetchall()
        row = next((r for r in ranked if r[0] != t.prolific), ranked[0])
        t.connected = row[0]
        note = " (the most connected but the most prolific)" if row is not ranked[0] else ""
        t.described.append(f"most co-authors: {row[1]} ({row[2]:,} co-author edges){note}")
        row = one(
            """
            SELECT a.slug, a.display_name, count(*), a.works_count
            FROM papers_authorship s JOIN papers_paper p ON p.id = s.paper_id
            JOIN profiles_author a ON a.id = s.author_id
            WHERE p.author_count > %s
            GROUP BY a.id ORDER BY count(*) DESC, a.id LIMIT 1
            """,
            [MAX_AUTHORS_FOR_EDGES],
        )
        t.member = row[0]
        t.described.append(
            f"collaboration member: {row[1]} ({row[2]} of {row[3]} works have more than "
            f"{MAX_AUTHORS_FOR_EDGES} authors)"
        )
        arxiv_id, authors = one(
            "SELECT arxiv_id, author_count FROM papers_paper ORDER BY author_count DESC, id LIMIT 1"
        )
        t.huge_paper = arxiv_id
        t.described.append(f"largest paper: {arxiv_id} ({authors:,} authors)")

        cursor.execute(
            "SELECT slug, display_name, normalized_name FROM profiles_author "
            "WHERE merged_into_id IS NULL AND works_count > 0 ORDER BY id"
        )
        live = cursor.fetchall()
        sample = rng.sample(live, min(count, len(live)))
        t.authors = [slug for slug, _, _ in sample]
        # Names as people type them: a surname as printed (accents and all), or a full name.
        t.names = [
            display.split()[-1] if i % 2 else folded
            for i, (_, display, folded) in enumerate(sample)
        ]
        cursor.execute(
            "SELECT slug FROM profiles_author WHERE merged_into_id IS NOT NULL ORDER BY id"
        )
        merged = [r[0] for r in cursor.fetchall()]
        t.merged = rng.sample(merged, min(count, len(merged)))
        cursor.execute("SELECT arxiv_id, title FROM papers_paper WHERE NOT withdrawn ORDER BY id")
        papers = cursor.fetchall()
        chosen = rng.sample(papers, min(count, len(papers)))
        t.papers = [a for a, _ in chosen]
        cursor.execute(
            "SELECT primary_category_id, count(*) FROM papers_paper "
            "GROUP BY 1 ORDER BY 2 DESC LIMIT 25"
        )
        categories = [r[0] for r in cursor.fetchall()]
        sorts = ["works", "h_index", "followers"]
        t.category_sorts = [(rng.choice(categories), sorts[i % 3]) for i in range(count)]
        # Search: a few title words, an author's name, an arXiv id.
        t.queries = []
        for i, (arxiv_id, title) in enumerate(chosen):
            words = [w for w in title.replace(":", " ").split() if w.isalpha() and len(w) > 3]
            kind = i % 4
            if kind == 0 and len(words) >= 2:
                t.queries.append(" ".join(rng.sample(words, 2)))
            elif kind == 1:
                t.queries.append(sample[i % len(sample)][1])
            elif kind == 2:
                t.queries.append(arxiv_id)
            else:
                t.queries.append(words[0] if words else title.split()[0])
    return t


# --------------------------------------------------------------------------- measuring


class CacheCounter:
    """Counts reads and writes of the Redis cache client, whoever makes them."""

    READS = ("get", "get_many", "has_key")
    WRITES = ("set", "set_many", "add", "touch", "incr")

    def __init__(self):
        from django.core.cache.backends.redis import RedisCacheClient

        self.reads = self.writes = 0
        for name in self.READS + self.WRITES:
            original = getattr(RedisCacheClient, name)
            setattr(RedisCacheClient, name, self._counted(original, name in self.WRITES))

    def _counted(self, original, write):
        def counted(client, *args, **kwargs):
            if write:
                self.writes += 1
            else:
                self.reads += 1
            return original(client, *args, **kwargs)

        return counted


@dataclass
class Result:
    label: str
    mode: str
    times: list[float] = field(default_factory=list)  # ms
    queries: list[int] = field(default_factory=list)
    sql: list[float] = field(default_factory=list)  # ms
    cache_writes: int = 0
    statuses: set[int] = field(default_factory=set)
    statements: dict = field(default_factory=dict)  # SQL -> [calls, seconds, max, params]


class Skip(Exception):
    pass


def request(client, target: str, counter: CacheCounter, statements: dict | None = None):
    """One request: (status, ms, queries, SQL ms, cache writes); statements collects SQL."""
    writes = counter.writes
    with SqlTimer(statements) as sql:
        started = time.perf_counter()
        response = client.get(target)
        if response.streaming:
            b"".join(response.streaming_content)
        else:
            response.content  # noqa: B018 - rendered in full
        elapsed = time.perf_counter() - started
    return (
        response.status_code,
        elapsed * 1000,
        sql.queries,
        sql.seconds * 1000,
        counter.writes - writes,
    )


def measure(page: Page, targets: Targets, requests: int, counter: CacheCounter) -> list[Result]:
    from django.core.cache import cache
    from django.test import Client
    from django.urls import NoReverseMatch, Resolver404, resolve

    try:
        urls = page.urls(targets)
    except NoReverseMatch as exc:
        raise Skip(f"its URL does not resolve yet ({exc})") from exc
    urls = [u for u in urls if u]
    if not urls:
        raise Skip("no targets in the bench database")
    try:
        resolve(urlsplit(urls[0]).path)
    except Resolver404 as exc:
        raise Skip(f"{urlsplit(urls[0]).path} does not resolve yet") from exc
    client = Client(raise_request_exception=True)
    cache.clear()
    try:
        status, *_ = request(client, urls[0], counter)  # untimed: templates, imports, buffers
    except Exception as exc:
        raise Skip(f"its first request raised {type(exc).__name__}: {exc}") from exc
    if status == 404:
        raise Skip(f"{urls[0]} answers 404 (not built yet?)")
    if status >= 400:
        raise Skip(f"{urls[0]} answers {status}")

    cold = run(client, page.label, "cold", urls, requests, counter, clear=cache.clear)
    if not cold.cache_writes:
        return [cold]
    cache.clear()
    for u in urls[:requests]:  # each target once, untimed: the cache is warm for all of them
        request(client, u, counter)
    return [cold, run(client, page.label, "warm", urls, requests, counter, clear=None)]


def run(client, label, mode, urls, requests, counter, clear) -> Result:
    result = Result(label, mode)
    for i in range(requests):
        target = urls[i % len(urls)]
        if clear:
            clear()
        try:
            status, ms, queries, sql, writes = request(client, target, counter, result.statements)
        except Exception as exc:
            raise Skip(f"{target} raised {type(exc).__name__}: {exc}") from exc
        result.times.append(ms)
        result.queries.append(queries)
        result.sql.append(sql)
        result.cache_writes += writes
        result.statuses.add(status)
    return result


def print_statements(results: list[Result], top: int) -> None:
    for r in results:
        if not (r.mode != "cold" or not r.statements):
            common.print_statements(r.label, r.statements, len(r.times), top)


def print_results(results: list[Result]) -> None:
    header = ("page", "cache", "requests", "p50 ms", "p95 ms", "max ms", "queries", "SQL ms p50")
    rows = []
    for r in results:
        low, high = min(r.queries), max(r.queries)
        statuses = ",".join(str(s) for s in sorted(r.statuses) if s != 200)
        rows.append(
            (
                r.label + (f" [{statuses}]" if statuses else ""),
                r.mode,
                f"{len(r.times):,}",
                f"{statistics.median(r.times):.1f}",
                f"{percentile(r.times, 0.95):.1f}",
                f"{max(r.times):.1f}",
                str(low) if low == high else f"{low}-{high}",
                f"{statistics.median(r.sql):.1f}",
            )
        )
    print_rows(header, rows, left=(0, 1))


# --------------------------------------------------------------------------- set-up


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    keys = sorted({p.key for p in PAGES})
    parser.add_argument("--pages", default="", help=f"comma-separated, of: {', '.join(keys)}")
    parser.add_argument("--requests", type=int, default=200, help="requests per page (200)")
    parser.add_argument("--seed", type=int, default=1, help="picks the random targets (1)")
    parser.add_argument(
        "--sql",
        type=int,
        default=0,
        metavar="N",
        help="also print the N costliest statements of each page",
    )
    args = parser.parse_args(argv)
    wanted = {k.strip() for k in args.pages.split(",") if k.strip()}
    if wanted - set(keys):
        parser.error(f"unknown pages: {', '.join(sorted(wanted - set(keys)))}")
    if args.requests < 1:
        parser.error("--requests must be at least 1")

    with tempfile.TemporaryDirectory(prefix="peerfolio-bench-static-") as static_root:
        url = setup_site(static_root)
        from django.conf import settings
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT (SELECT count(*) FROM papers_paper), (SELECT count(*) FROM profiles_author)"
            )
            papers, authors = cursor.fetchone()
        if not papers:
            sys.exit("The bench database has no papers: run bench/synth.py first.")
        print(
            f"database {urlsplit(url).path.lstrip('/')}: {papers:,} papers, {authors:,} authors; "
            f"DEBUG {settings.DEBUG}; cache {settings.CACHES['default']['LOCATION']}"
        )
        targets = pick_targets(args.seed, args.requests)
        for line in targets.described:
            print(f"  {line}")
        counter = CacheCounter()
        results = []
        for page in PAGES:
            if wanted and page.key not in wanted:
                continue
            started = time.perf_counter()
            try:
                measured = measure(page, targets, args.requests, counter)
            except Skip as exc:
                print(f"  skipped {page.label}: {exc}")
                continue
            results.extend(measured)
            modes = " and ".join(r.mode for r in measured)
            print(f"  measured {page.label} ({modes}) in {time.perf_counter() - started:.0f} s")
        if results:
            if args.sql:
                print_statements(results, args.sql)
            print_results(results)
            print(
                "cold: cache cleared before each request; warm: only for pages that wrote "
                "to the cache when cold. [3xx]: other answers than 200."
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
