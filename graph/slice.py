"""The neighbourhood of one author in the co-author graph, bounded and ranked.

Strongest collaborators come first: by edge weight (shared papers, each worth
1/(n-1) of its byline), then by the most recent shared year, then by id so the
order is stable.
"""

from __future__ import annotations

from profiles.models import Author

MAX_PEOPLE = 25


def strongest_collaborators(author: Author, limit: int = MAX_PEOPLE) -> list[Author]:
    """Co-authors by edge weight, each with ``weight``, ``shared`` and ``last_year`` attached.

    One query on the two indexes of the pair (coauthoredge_unique_pair for the a side,
    coauthoredge_b_idx for the b side).
    """
    return list(
        Author.objects.raw(
            """
            SELECT a.*, e.weight, e.paper_count AS shared, e.last_year AS shared_last_year
            FROM (
                SELECT author_b_id AS other, weight, paper_count, last_year
                FROM graph_coauthoredge WHERE author_a_id = %(id)s
                UNION ALL
                SELECT author_a_id, weight, paper_count, last_year
                FROM graph_coauthoredge WHERE author_b_id = %(id)s
            ) e JOIN profiles_author a ON a.id = e.other
            ORDER BY e.weight DESC, e.last_year DESC NULLS LAST, a.id
            LIMIT %(limit)s
            """,
            {"id": author.pk, "limit": limit},
        )
    )
