"""A realistic bench database: 200,000 arXiv-like papers with everything ingest would have left.

    .venv/bin/python bench/synth.py                    # 200,000 papers into an empty bench database
    .venv/bin/python bench/synth.py --reset            # empty it first (the category taxonomy stays)
    .venv/bin/python bench/synth.py --papers 20000 --seed 7 --reset

What it makes (see bench/README.md for the numbers):

- papers from 2007 to ``--until`` (today), more each year, in arXiv's category mix
  (cs.* growing, math.*, hep-*, astro-ph.*, cond-mat.*, quant-ph, physics.*, ...),
  arXiv ids of the period, versions 1-5 with PaperVersion rows, announce dates on
  weekdays, titles and abstracts from word lists (LaTeX included), comments,
  licences, journal refs and DOIs, code links in the text (``code_url`` is what
  ``papers.links.find_code_url`` finds there), citation counts on ~70%;
- people with skewed productivity (most have 1-3 papers, a few stars 500-2,400),
  careers, labs, institutions, accented names and many namesakes ("Wei Zhang");
- bylines of 1-20 people with a long tail, and collaboration papers of 51 to
  3,000 names (ATLAS, CMS, LIGO, ...) with their group name in the byline;
- Authorship rows in byline order with matched_by and confidence, AuthorAlias
  rows, Paper.author_count and authors_text, co-author edges by graph.edges'
  rules, and every Author counter computed by the app's own refresh functions;
- a few hundred merged records (old URLs 301 to the survivor) and a few hundred
  claimed ones at verification levels 2-4.

Everything is written in one transaction with COPY and set-based SQL, secondary
indexes dropped during the load and rebuilt after it; then every invariant is
checked (a failed check rolls the whole load back) and the tables are vacuumed
and analysed. The same --seed and --until give the same database.

This file is the command line; the work is in modules beside it: ``synth_plan``
(communities, collaborations, stars), ``synth_world`` (skeletons, people, labs) and
``synth_papers`` (one paper's byline, categories, versions, citations, text), the words in
``synth_names``, ``synth_institutions`` and ``synth_text`` (their lists in ``bench/data/``),
``synth_load`` with ``synth_authors`` and ``synth_readers`` (the rows), ``synth_db`` (COPY,
indexes, refreshers) and ``synth_check`` (the invariants).
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, date, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
# bench/ingest.py would shadow the ingest package: the project root goes first, and bench/
# is not on the path (its modules are imported as bench.*).
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(ROOT))
from bench.database import setup_django  # noqa: E402 - after the path is set
from bench.synth_db import MissingColumn, drop_bench_database, log, vacuum_and_report  # noqa: E402
from bench.synth_load import Loader  # noqa: E402
from bench.synth_world import World  # noqa: E402

DEFAULT_PAPERS = 200_000

# --------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=DEFAULT_PAPERS, help="papers (200000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    parser.add_argument(
        "--until", type=date.fromisoformat, default=None, help="last day with papers (today)"
    )
    parser.add_argument("--reset", action="store_true", help="empty the bench tables first")
    parser.add_argument(
        "--recreate",
        action="store_true",
        help="drop and recreate the bench database first (after the app's migrations were rewritten)",
    )
    parser.add_argument(
        "--refresh-chunk", type=int, default=25_000, help="authors per refresh call"
    )
    args = parser.parse_args(argv)
    if args.papers < 2_000:
        parser.error("--papers must be at least 2000 (the collaboration papers need room)")
    until = args.until or datetime.now(UTC).date()

    started = time.perf_counter()
    if args.recreate:
        drop_bench_database()
        args.reset = True
    url = setup_django()
    from django.db import connection

    from core.names import normalize_name
    from graph.models import MAX_AUTHORS_FOR_EDGES
    from ingest.records import AuthorRecord, PaperRecord, VersionRecord, digest
    from papers.links import find_code_url
    from papers.taxonomy import CATEGORIES, CATEGORY_ALIASES

    print(
        f"database {url.rsplit('/', 1)[-1]}; {args.papers:,} papers, seed {args.seed}, until {until}"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (SELECT count(*) FROM papers_paper) + (SELECT count(*) FROM profiles_author)"
        )
        if cursor.fetchone()[0] and not args.reset:
            sys.exit(
                "The bench database already has papers or authors; add --reset to empty it "
                "first (synth never adds to existing data)."
            )

    world = World(
        args.papers, args.seed, until, normalize_name, find_code_url,
        (PaperRecord, AuthorRecord, VersionRecord, digest), MAX_AUTHORS_FOR_EDGES,
    )  # fmt: skip
    try:
        from papers.citations import SEMANTIC_SCHOLAR

        world.citation_source = SEMANTIC_SCHOLAR
    except ImportError:
        world.citation_source = "semantic_scholar"
    taxonomy = [row[0] for row in CATEGORIES]
    aliases = {**CATEGORY_ALIASES, **{v: k for k, v in CATEGORY_ALIASES.items()}}
    skeletons = world.skeletons(taxonomy)
    world.populate(skeletons)
    world.assign_stars(skeletons)
    world.choose_merges_and_claims()
    log(f"planned {len(skeletons):,} papers and {len(world.people):,} people", started)

    from django.db import transaction

    try:
        with transaction.atomic():
            Loader(world, skeletons, aliases, args, started).run()
    except MissingColumn as exc:
        sys.exit(str(exc))
    log("committed", started)
    vacuum_and_report(started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
