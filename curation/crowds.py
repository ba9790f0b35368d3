"""Big collaborations: the same name on two bylines of one collaboration is one person.

Co-author edges skip bylines of more than MAX_AUTHORS_FOR_EDGES names, so two
LHCb papers of one week give every member two records and no shared co-author.
The papers themselves say it: when two records carry the same name and each
sits on a crowded byline, and those bylines share most of their names, they are
one collaboration, and the name on both is one member (two members of one name
would both sign each paper, which keeps their records apart).
"""

from __future__ import annotations

from collections import defaultdict

from django.db import connection

from core.names import normalize_name
from graph.models import MAX_AUTHORS_FOR_EDGES

SAME_COLLABORATION = 0.5  # share of names (Jaccard) two crowded bylines have in common


def same_collaboration(pairs) -> dict[tuple[int, int], float]:
    """Of these (record, record) pairs, those on crowded bylines of one collaboration,
    with the share of names the closest two bylines have in common."""
    ids = sorted({a for pair in pairs for a in pair})
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT s.author_id, s.paper_id
            FROM papers_authorship s JOIN papers_paper p ON p.id = s.paper_id
            WHERE s.author_id = ANY(%s) AND p.author_count > %s
            """,
            [ids, MAX_AUTHORS_FOR_EDGES],
        )
        crowded = defaultdict(set)
        for author_id, paper_id in cursor.fetchall():
            crowded[author_id].add(paper_id)
        papers = sorted({p for found in crowded.values() for p in found})
        if not papers:
            return {}
        cursor.execute(
            "SELECT paper_id, array_agg(name_as_printed) FROM papers_authorship "
            "WHERE paper_id = ANY(%s) GROUP BY paper_id",
            [papers],
        )
        names = {paper: {normalize_name(n) for n in printed} for paper, printed in cursor}
    found = {}
    for first, second in pairs:
        best = max(
            (
                len(names[x] & names[y]) / len(names[x] | names[y])
                for x in crowded.get(first, ())
                for y in crowded.get(second, ())
                if x != y
            ),
            default=0.0,
        )
        if best >= SAME_COLLABORATION:
            found[(first, second)] = best
    return found
