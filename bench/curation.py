"""Identity repair at scale: how long a merge of two large author records takes, and its undo.

    .venv/bin/python bench/curation.py              # two records with >= 2,000 works each
    .venv/bin/python bench/curation.py --works 500  # another size

Runs against the bench database (bench/ingest.py chooses it: DATABASE_URL with
``_bench`` added; make it with ``make bench-data``). It picks the two live
records with the most works (at least ``--works`` each), and when the database
has no such pair it gives two records that many works first, by moving bylines
of the most prolific authors to them (inside the measured transaction's
savepoint, so nothing stays). Every run is rolled back: the bench database is
left as it was. Reports the wall time of ``curation.identity.merge`` and of
``undo`` (each one transaction: bylines, aliases, followers, edges, counters,
citations, trust) over ``--runs`` runs.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != HERE]
sys.path.insert(0, str(HERE.parent))
from bench.database import setup_django  # noqa: E402 - after the path is set


class Rollback(Exception):
    """Raised to end a measured transaction without keeping anything."""


def pick_pair(works: int):
    """The two largest live records, each given ``works`` bylines if they have fewer."""
    from django.db import connection

    from profiles.models import Author

    top = list(
        Author.objects.filter(merged_into__isnull=True, claimed_by__isnull=True).order_by(
            "-works_count", "id"
        )[:2]
    )
    for author in top:
        missing = works - author.works_count
        if missing > 0:
            with connection.cursor() as cursor:
                cursor.execute(
                    """
                    UPDATE papers_authorship SET author_id = %(to)s WHERE id IN (
                        -- One byline per paper neither record is on yet, so each adds a work.
                        SELECT DISTINCT ON (s.paper_id) s.id FROM papers_authorship s
                        WHERE s.author_id IS NOT NULL AND s.author_id <> ALL(%(pair)s)
                          AND s.paper_id NOT IN (
                              SELECT paper_id FROM papers_authorship
                              WHERE author_id = ANY(%(pair)s))
                        ORDER BY s.paper_id, s.id LIMIT %(missing)s)
                    """,
                    {"to": author.pk, "pair": [a.pk for a in top], "missing": missing},
                )
    from profiles.metrics import refresh_counters

    refresh_counters([a.pk for a in top])
    return [Author.objects.get(pk=a.pk) for a in top]


def measure(works: int, runs: int):
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from audit import trail
    from curation import identity

    curator = get_user_model()(username="bench-curator", is_staff=True)
    merges, undos, sizes = [], [], None
    for _ in range(runs):
        try:
            with transaction.atomic():
                survivor, loser = pick_pair(works)
                curator.save()
                sizes = (survivor.works_count, loser.works_count)
                started = time.perf_counter()
                event = identity.merge(survivor, loser, curator)
                merges.append(time.perf_counter() - started)
                started = time.perf_counter()
                trail.undo(event, curator)
                undos.append(time.perf_counter() - started)
                raise Rollback
        except Rollback:
            pass
    return sizes, merges, undos


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--works", type=int, default=2000, help="works on each record (default 2,000)"
    )
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    url = setup_django()
    from papers.models import Paper

    print(f"database {url.rsplit('/', 1)[-1]}: {Paper.objects.count():,} papers")
    sizes, merges, undos = measure(args.works, args.runs)
    print(
        f"merge of two records with {sizes[0]:,} and {sizes[1]:,} works, {args.runs} runs (rolled back):"
    )
    for label, times in (("merge", merges), ("undo", undos)):
        print(
            f"  {label:6} median {statistics.median(times):.2f} s   max {max(times):.2f} s   "
            f"target < 2 s: {'met' if max(times) < 2 else 'MISSED'}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
