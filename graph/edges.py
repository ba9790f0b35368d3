"""Keeping CoauthorEdge current as bylines arrive or change, in one statement per batch."""

from __future__ import annotations

from collections import defaultdict
from itertools import combinations

from django.db import connection

from graph.models import MAX_AUTHORS_FOR_EDGES, CoauthorEdge
from ingest.bulk import insert_rows


def paper_pairs(author_ids: list[int]) -> tuple[list[tuple[int, int]], float]:
    """The ordered pairs one byline adds and the weight of each, 1/(n-1).

    Bylines above MAX_AUTHORS_FOR_EDGES add no pairs at all (see graph.models).
    """
    unique = sorted(set(author_ids))
    if len(unique) < 2 or len(author_ids) > MAX_AUTHORS_FOR_EDGES:
        return [], 0.0
    return list(combinations(unique, 2)), 1.0 / (len(author_ids) - 1)


def apply_paper_edges(papers: dict[int, tuple[list[int], int | None]], *, sign: int) -> None:
    """Add (sign=1) or take back (sign=-1) the edges of papers {paper_id: (author_ids, year)}."""
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
