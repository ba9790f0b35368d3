"""Ingest throughput: records per second, parse-only and parse+store, for each ingest path.

    .venv/bin/python bench/ingest.py                  # ~20,000 records per path
    .venv/bin/python bench/ingest.py --records 5000   # another size
    .venv/bin/python bench/ingest.py --profile        # + cProfile of the store phase
    .venv/bin/python bench/ingest.py --distinct-authors   # every page brings new authors
    .venv/bin/python bench/ingest.py --path feed --input api/api_2026_search_testing_100_entries.xml \
        --page-size 100                               # the arxiv-sanity-lite peer's input

Paths, each measured on real recorded arXiv responses read in place from
settings.ARXIV_SAMPLES_DIR (never copied into the project):

- feed: arXiv API Atom pages, ``ingest.sources.arxiv_api.parse`` (lxml; feedparser for
  anything but plain API Atom);
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
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# Run as a script, bench/ is sys.path[0] and this file would shadow the ingest package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))
from bench.common import print_rows  # noqa: E402 - after the path is set
from bench.database import setup_django  # noqa: E402
from bench.ingest_measure import (  # noqa: E402
    BenchPath,
    measure_parse,
    measure_store,
    parse_api,
    parse_oai,
    profile_store,
    with_distinct_authors,
)
from bench.ingest_pages import API_FIXTURES, OAI_FIXTURES, api_pages, oai_pages  # noqa: E402
from bench.snapshot_lines import parse_snapshot, snapshot_pages  # noqa: E402

# Store-phase targets (records per second, parse+store).
FEED_TARGET = 1_200
BULK_TARGET = 5_000

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


def bench_paths(args, samples: Path, names: tuple[str, ...] | None) -> list[BenchPath]:
    """The paths ``--path`` asks for, on ``names`` (None: each path's own fixtures)."""
    from ingest.models import SourceKind

    label = f": {Path(names[0]).name}" if names else ""
    api_names, oai_names = names or API_FIXTURES, names or OAI_FIXTURES
    # (key, label, kind, target, pages maker, page size, fixtures, parser, pages wrapper, note)
    plans = [
        ("feed", "feed (API Atom)", SourceKind.API, FEED_TARGET, api_pages, args.api_page,
         api_names, parse_api, None, ""),
        ("bulk", "bulk (OAI arXivRaw)", SourceKind.OAI, BULK_TARGET, oai_pages, args.oai_page,
         oai_names, parse_oai, None, ""),
        ("snapshot", "snapshot (JSON lines)", SourceKind.FILE, BULK_TARGET, oai_pages,
         args.oai_page, oai_names, parse_snapshot, snapshot_pages, ", as snapshot lines"),
    ]  # fmt: skip
    paths = []
    for key, title, kind, target, make, size, fixtures, parse, wrap, note in plans:
        if args.path not in (key, "all"):
            continue
        pages, ids, described = make(samples, args.records, size, fixtures)
        paths.append(
            BenchPath(
                f"{title}{label}",
                kind,
                target,
                wrap(pages) if wrap else pages,
                ids,
                parse,
                f"{described}{note}",
            )  # fmt: skip
        )
    return paths


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
    parser.add_argument(
        "--input",
        action="append",
        metavar="PATH",
        help="a recorded response to repeat instead of the path's two fixtures (relative: "
        "under ARXIV_SAMPLES_DIR); give it again for more files, each measured on its own",
    )
    parser.add_argument(
        "--page-size",
        type=int,
        help="entries or records per page (overrides --api-page, --oai-page)",
    )
    args = parser.parse_args(argv)
    if args.records < 1:
        parser.error("--records must be at least 1")
    if args.input and args.path == "all":
        parser.error("--input needs one --path: feed reads API files, bulk and snapshot OAI ones")
    if args.page_size is not None:
        if args.page_size < 1:
            parser.error("--page-size must be at least 1")
        args.api_page = args.oai_page = args.page_size

    url = setup_django()
    from django.conf import settings

    samples = Path(settings.ARXIV_SAMPLES_DIR)
    inputs = [(name,) for name in args.input] if args.input else [None]
    wanted = [n for i in inputs for n in i] if args.input else list(API_FIXTURES + OAI_FIXTURES)
    missing = [n for n in wanted if not (samples / n).is_file()]
    if missing:
        sys.exit(f"ARXIV_SAMPLES_DIR ({samples}) lacks: {', '.join(missing)}")

    paths = [p for names in inputs for p in bench_paths(args, samples, names)]
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
