"""How are two researchers connected? The shortest co-author path, searched from both ends.

Bidirectional breadth-first search over CoauthorEdge: each round expands, by one
level, whichever side has the smaller frontier, with one SQL statement for the
whole frontier (the two indexes of the pair). It stops at MAX_DEPTH hops, and
gives up rather than read a huge neighbourhood when a frontier would pass
MAX_FRONTIER authors (two hops from a 3,000-co-author hub can be most of a field).

Among the shortest paths it prefers strong ties: a newly reached author keeps
the parent it shares the heaviest edge with (ties: the smaller id), and the
meeting point is chosen the same way, so the answer is the same every time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

MAX_DEPTH = 6
MAX_FRONTIER = 20_000


@dataclass
class PathResult:
    """The authors on the path (ends included) and each hop's edge; ``reason`` when not found."""

    found: bool
    author_ids: list[int] = field(default_factory=list)
    hops: list[dict] = field(default_factory=list)  # {a, b, weight, paper_count, last_year}
    reason: str = ""
    searched: int = 0  # authors reached, for the curious and the benchmark

    @property
    def length(self) -> int:
        return max(0, len(self.author_ids) - 1)


def _neighbours(frontier: list[int]) -> list[tuple[int, int, float]]:
    """(from, to, weight) for every edge leaving the frontier."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT author_a_id, author_b_id, weight FROM graph_coauthoredge
            WHERE author_a_id = ANY(%(ids)s)
            UNION ALL
            SELECT author_b_id, author_a_id, weight FROM graph_coauthoredge
            WHERE author_b_id = ANY(%(ids)s)
            """,
            {"ids": frontier},
        )
        return cursor.fetchall()


def _hops(path: list[int]) -> list[dict]:
    """The edge of each consecutive pair on the path, in path order (one query)."""
    pairs = [tuple(sorted(p)) for p in zip(path, path[1:], strict=False)]
    if not pairs:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT author_a_id, author_b_id, weight, paper_count, last_year
            FROM graph_coauthoredge e
            JOIN unnest(%s::bigint[], %s::bigint[]) AS v(a, b)
              ON e.author_a_id = v.a AND e.author_b_id = v.b
            """,
            [[a for a, _ in pairs], [b for _, b in pairs]],
        )
        found = {(a, b): (w, n, y) for a, b, w, n, y in cursor.fetchall()}
    hops = []
    for (a, b), pair in zip(zip(path, path[1:], strict=False), pairs, strict=True):
        weight, count, year = found.get(pair, (0.0, 0, None))
        hops.append({"a": a, "b": b, "weight": weight, "paper_count": count, "last_year": year})
    return hops


def shortest_path(
    source: int, target: int, *, max_depth: int = MAX_DEPTH, max_frontier: int = MAX_FRONTIER
) -> PathResult:
    """The shortest co-author path from ``source`` to ``target`` (author ids), if any within reach."""
    if source == target:
        return PathResult(True, [source], [], searched=1)
    # parent[side][author] = (previous author towards that side's start, edge weight)
    parent = ({source: (None, 0.0)}, {target: (None, 0.0)})
    depth = [{source: 0}, {target: 0}]
    frontier = ([source], [target])
    levels = 0
    while frontier[0] and frontier[1] and levels < max_depth:
        side = 0 if len(frontier[0]) <= len(frontier[1]) else 1
        other = 1 - side
        rows = _neighbours(frontier[side])
        # Strongest tie first, then the smaller ids: the parent each author keeps.
        rows.sort(key=lambda r: (-r[2], r[0], r[1]))
        reached, meetings = [], []
        for previous, author, weight in rows:
            if author in parent[side]:
                continue
            parent[side][author] = (previous, weight)
            depth[side][author] = depth[side][previous] + 1
            reached.append(author)
            if author in parent[other]:
                meetings.append(author)
        levels += 1
        if meetings:
            # Shortest total first; then the strongest pair of ties; then the smaller id.
            best = min(
                meetings,
                key=lambda m: (
                    depth[other][m],
                    -(parent[side][m][1] + parent[other][m][1]),
                    m,
                ),
            )
            return _result(best, parent, len(parent[0]) + len(parent[1]))
        if len(reached) > max_frontier:
            return PathResult(
                False,
                reason=f"too many researchers within reach to search (more than {max_frontier:,})",
                searched=len(parent[0]) + len(parent[1]),
            )
        frontier = (reached, frontier[1]) if side == 0 else (frontier[0], reached)
    reason = (
        f"no co-author path within {max_depth} steps"
        if levels >= max_depth
        else "they are not connected through co-authors we know of"
    )
    return PathResult(False, reason=reason, searched=len(parent[0]) + len(parent[1]))


def _result(meeting: int, parent, searched: int) -> PathResult:
    def walk(start, links):
        chain, node = [], start
        while node is not None:
            chain.append(node)
            node = links[node][0]
        return chain

    from_source = walk(meeting, parent[0])[::-1]  # source ... meeting
    to_target = walk(meeting, parent[1])[1:]  # after meeting ... target
    path = from_source + to_target
    return PathResult(True, path, _hops(path), searched=searched)
