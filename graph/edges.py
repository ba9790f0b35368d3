"""Keeping CoauthorEdge current as bylines arrive or change, in one statement per batch."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from django.db import connection, transaction

from core.bulk import insert_rows
from graph import cache
from graph.models import MAX_AUTHORS_FOR_EDGES, CoauthorEdge
from profiles.metrics import refresh_close_collaborators, refresh_counters


def paper_pairs(author_ids: list[int]) -> tuple[list[tuple[int, int]], float]:
    """The ordered pairs one byline adds and the weight of each, 1/(n-1).

    Bylines above MAX_AUTHORS_FOR_EDGES add no pairs at all (see graph.models).
    """
    unique = sorted(set(author_ids))
    if len(unique) < 2 or len(author_ids) > MAX_AUTHORS_FOR_EDGES:
        return [], 0.0
    return list(combinations(unique, 2)), 1.0 / (len(author_ids) - 1)


def apply_paper_edges(papers: dict[int, tuple[list[int], int | None]], *, sign: int) -> None:
    """Add (sign=1) or take back (sign=-1) the edges of papers {paper_id: (author_ids, year)}.

    The caller moves the cached slices of these papers' authors on (graph.cache):
    ingest through their counters stamp, which it refreshes or clears for every
    author it touches; others with ``cache.forget``.
    """
    totals: dict[tuple[int, int], list] = defaultdict(lambda: [0.0, 0, None, None])
    for author_ids, year in papers.values():
        pairs, weight = paper_pairs(author_ids)
        for pair in pairs:
            edge = totals[pair]
            edge[0] += sign * weight
            edge[1] += sign
            if year:
                edge[2] = min(edge[2] or year, year)
                edge[3] = max(edge[3] or year, year)
    if not totals:
        return
    # Sorted so that two workers upserting overlapping pairs lock rows in the same order.
    rows = [(a, b, w, n, first, last) for (a, b), (w, n, first, last) in sorted(totals.items())]
    if sign > 0:
        insert_rows(
            CoauthorEdge,
            ["author_a", "author_b", "weight", "paper_count", "first_year", "last_year"],
            rows,
            on_conflict=(
                "(author_a_id, author_b_id) DO UPDATE SET "
                "weight = graph_coauthoredge.weight + EXCLUDED.weight, "
                "paper_count = graph_coauthoredge.paper_count + EXCLUDED.paper_count, "
                "first_year = LEAST(graph_coauthoredge.first_year, EXCLUDED.first_year), "
                "last_year = GREATEST(graph_coauthoredge.last_year, EXCLUDED.last_year)"
            ),
        )
        return
    # Taking back: a plain UPDATE (an upsert would check the negative row first).
    # first_year/last_year are left as they were: a range that is too wide, never wrong-way.
    columns = list(zip(*[(a, b, -w, -n) for a, b, w, n, _, _ in rows], strict=True))
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE graph_coauthoredge e
            SET weight = e.weight - v.w, paper_count = e.paper_count - v.n
            FROM unnest(%s::bigint[], %s::bigint[], %s::float8[], %s::int[]) AS v(a, b, w, n)
            WHERE e.author_a_id = v.a AND e.author_b_id = v.b
            RETURNING e.id, e.paper_count
            """,
            [list(c) for c in columns],
        )
        emptied = [edge_id for edge_id, count in cursor.fetchall() if count <= 0]
        if emptied:
            cursor.execute("DELETE FROM graph_coauthoredge WHERE id = ANY(%s)", [emptied])


def rebuild_author_edges(author_ids) -> set[int]:
    """Recompute every edge that touches these authors from their Authorship rows.

    For the curation flows: after a merge (the old record's bylines now name the
    survivor) or a split (some bylines moved to a new record), call it with every
    record involved. Edges between two other authors are left alone. The rules are
    the ones ingest applies a paper at a time (``paper_pairs``): each paper whose
    byline names n authors adds 1/(n-1) to each pair, a byline above
    MAX_AUTHORS_FOR_EDGES adds nothing, an author printed twice counts once, and
    withdrawn papers count as they do in ingest (their bylines stay). Years come
    out exact here, where taking a paper back leaves them as wide as they were.

    Set-based: one DELETE and one INSERT ... SELECT, whatever the number of papers.
    Returns the authors whose edges may have changed (those given and every old or
    new co-author). The given authors get all their counters refreshed; their
    co-authors only the close-collaborator count, read from these edges (their
    works did not change). Everyone's cached slices are dropped (graph.cache).
    """
    ids = sorted({int(i) for i in author_ids})
    if not ids:
        return set()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            """
            DELETE FROM graph_coauthoredge
            WHERE author_a_id = ANY(%(ids)s) OR author_b_id = ANY(%(ids)s)
            RETURNING author_a_id, author_b_id
            """,
            {"ids": ids},
        )
        touched = {author for pair in cursor.fetchall() for author in pair}
        cursor.execute(
            """
            WITH papers AS (
                SELECT DISTINCT paper_id FROM papers_authorship WHERE author_id = ANY(%(ids)s)
            ),
            bylines AS (
                -- n counts byline slots that name an author, as ingest's paper_pairs does.
                SELECT s.paper_id, s.author_id, count(*) OVER (PARTITION BY s.paper_id) AS n
                FROM papers_authorship s JOIN papers USING (paper_id)
                WHERE s.author_id IS NOT NULL
            ),
            pairs AS (
                SELECT DISTINCT x.paper_id, x.author_id AS a, y.author_id AS b, x.n
                FROM bylines x JOIN bylines y
                  ON y.paper_id = x.paper_id AND x.author_id < y.author_id
                WHERE x.n <= %(max)s AND (x.author_id = ANY(%(ids)s) OR y.author_id = ANY(%(ids)s))
            )
            INSERT INTO graph_coauthoredge
                (author_a_id, author_b_id, weight, paper_count, first_year, last_year)
            SELECT a, b, sum(1.0 / (n - 1)), count(*),
                   min(extract(year FROM p.published)), max(extract(year FROM p.published))
            FROM pairs JOIN papers_paper p ON p.id = pairs.paper_id
            GROUP BY a, b
            ORDER BY a, b
            RETURNING author_a_id, author_b_id
            """,
            {"ids": ids, "max": MAX_AUTHORS_FOR_EDGES},
        )
        touched.update(author for pair in cursor.fetchall() for author in pair)
        refresh_counters(ids)
        refresh_close_collaborators(touched.difference(ids))
        touched.update(ids)
        cache.forget(touched)
    return touched
