"""Named read queries for the graph; each one is served by an index named in its docstring.

Raw SQL, because each is one set-based statement the ORM would spell as several
(UNION ALL of the pair's two sides, a LATERAL look-up per person, window counts
taken before a LIMIT). Their number per page never depends on the graph's size.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import connection

from papers.queries import AUTHOR_SCAN
from profiles.metrics import CLOSE_COLLABORATOR_MIN_PAPERS

if TYPE_CHECKING:
    from graph.nodes import Filters

# What a person node shows (graph.nodes.person_node), from profiles_author a and its
# LEFT JOINed profiles_institution i.
PERSON_COLUMNS = """a.id, a.slug, a.display_name, a.works_count, a.primary_category,
    a.institution_id, i.name AS institution_name"""


def rows_of(sql: str, params) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c.name for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def coauthor_ties(author_ids) -> list[tuple[int, int]]:
    """(author, co-author) for every edge of these authors, both ways round.

    Matching's evidence and the re-clustering sweep read it; one scan per side of
    the pair (coauthoredge_unique_pair, coauthoredge_b_idx).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT author_a_id, author_b_id FROM graph_coauthoredge
            WHERE author_a_id = ANY(%(ids)s)
            UNION ALL
            SELECT author_b_id, author_a_id FROM graph_coauthoredge
            WHERE author_b_id = ANY(%(ids)s)
            """,
            {"ids": list(author_ids)},
        )
        return cursor.fetchall()


def _year_from(filters):
    return filters.year_from if filters is not None else None


def _year_to(filters):
    return filters.year_to if filters is not None else None


def edge_years(filters: Filters | None, alias: str = "") -> str:
    """SQL keeping edges whose years overlap the range (parameters %(from)s, %(to)s)."""
    parts = []
    if filters is None:
        return ""
    if filters.year_from:
        parts.append(f" AND {alias}last_year >= %(from)s")
    if filters.year_to:
        parts.append(f" AND {alias}first_year <= %(to)s")
    return "".join(parts)


def paper_years(filters: Filters | None) -> str:
    """SQL keeping papers published in the range (parameters %(from)s, %(to)s; alias p)."""
    parts = []
    if filters is None:
        return ""
    if filters.year_from:
        parts.append(" AND p.published >= make_date(%(from)s, 1, 1)")
    if filters.year_to:
        parts.append(" AND p.published < make_date(%(to)s + 1, 1, 1)")
    return "".join(parts)


def strongest_collaborators(
    author_pk: int, limit: int, filters: Filters | None = None, *, min_papers: int = 1
):
    """The ``limit`` strongest co-authors with their edge, record and institution.

    ``min_papers`` keeps only co-authors on at least that many works (edges count
    works the way profiles.metrics does). One query on the two indexes of the pair (coauthoredge_unique_pair for the a
    side, coauthoredge_b_idx for the b side); the totals come from window counts
    taken before the LIMIT.
    """
    return rows_of(
        f"""
        WITH e AS (
            SELECT author_b_id AS other, weight, paper_count, first_year, last_year
            FROM graph_coauthoredge WHERE author_a_id = %(id)s
            UNION ALL
            SELECT author_a_id, weight, paper_count, first_year, last_year
            FROM graph_coauthoredge WHERE author_b_id = %(id)s
        ),
        ranked AS (
            SELECT e.*, count(*) OVER () AS total,
                   count(*) FILTER (WHERE paper_count >= %(close)s) OVER () AS close_total
            FROM e WHERE paper_count >= %(min)s{edge_years(filters)}
            ORDER BY weight DESC, last_year DESC NULLS LAST, other
            LIMIT %(limit)s
        )
        SELECT {PERSON_COLUMNS},
               r.weight, r.paper_count, r.first_year, r.last_year, r.total, r.close_total
        FROM ranked r
        JOIN profiles_author a ON a.id = r.other
        LEFT JOIN profiles_institution i ON i.id = a.institution_id
        ORDER BY r.weight DESC, r.last_year DESC NULLS LAST, r.other
        """,
        {
            "id": author_pk,
            "limit": limit,
            "close": CLOSE_COLLABORATOR_MIN_PAPERS,
            "min": max(1, min_papers),
            "from": _year_from(filters),
            "to": _year_to(filters),
        },
    )


def edges_among(author_pks: list[int]) -> list[dict]:
    """The co-author edges between these people (coauthoredge_unique_pair, both sides bound)."""
    if len(author_pks) < 2:
        return []
    return rows_of(
        """
        SELECT author_a_id AS a, author_b_id AS b, weight, paper_count
        FROM graph_coauthoredge
        WHERE author_a_id = ANY(%(ids)s) AND author_b_id = ANY(%(ids)s)
        """,
        {"ids": author_pks},
    )


def own_works(
    author_pk: int, people: list[int], *, topics: int, own: int, filters: Filters | None = None
):
    """(topics, papers) from one pass over the author's works.

    Topics: the categories of the works (cross-lists included), most works first,
    each with its count and the total. Papers: the works naming the most of
    ``people``, then the newest. One statement, so a hub's thousands of works are
    read once (they are the slice's biggest cost).
    """
    rows = rows_of(
        f"""
        WITH works AS MATERIALIZED (
            SELECT DISTINCT ON (p.id) p.id, p.published, p.categories
            FROM papers_authorship s JOIN papers_paper p ON p.id = s.paper_id
            WHERE s.author_id = %(id)s AND NOT p.withdrawn{paper_years(filters)}
        ),
        shared AS (
            -- (paper, person) once each: a name printed twice on a byline counts once.
            SELECT paper_id, count(*) AS people FROM (
                SELECT DISTINCT s.paper_id, s.author_id
                FROM papers_authorship s JOIN works w ON w.id = s.paper_id
                WHERE s.author_id = ANY(%(people)s)
            ) pairs GROUP BY paper_id
        ),
        topics AS (
            SELECT u.code, count(*) AS works
            FROM works, unnest(works.categories) AS u(code)
            GROUP BY u.code ORDER BY works DESC, u.code LIMIT %(topics)s
        ),
        chosen AS (
            SELECT w.id, COALESCE(shared.people, 0) AS people
            FROM works w LEFT JOIN shared ON shared.paper_id = w.id
            ORDER BY COALESCE(shared.people, 0) DESC, w.published DESC NULLS LAST, w.id DESC
            LIMIT %(own)s
        )
        SELECT 'topic' AS row_kind, t.code, COALESCE(c.name, t.code) AS name, t.works,
               (SELECT count(*) FROM works) AS total, NULL::bigint AS id, NULL AS arxiv_id,
               NULL AS title, NULL::timestamptz AS published, NULL AS primary_category_id,
               NULL::int AS author_count, NULL::bigint AS people
        FROM topics t LEFT JOIN papers_category c ON c.code = t.code
        UNION ALL
        SELECT 'paper', NULL, NULL, NULL, NULL, p.id, p.arxiv_id, p.title, p.published,
               p.primary_category_id, p.author_count, ch.people
        FROM chosen ch JOIN papers_paper p ON p.id = ch.id
        """,
        {
            "id": author_pk,
            "people": people,
            "topics": topics,
            "own": own,
            "from": _year_from(filters),
            "to": _year_to(filters),
        },
    )
    topics = sorted(
        (r for r in rows if r["row_kind"] == "topic"), key=lambda r: (-r["works"], r["code"])
    )
    papers = sorted(
        (r for r in rows if r["row_kind"] == "paper"),
        key=lambda r: (
            -r["people"],
            -(r["published"].timestamp() if r["published"] else 0),
            -r["id"],
        ),
    )
    return topics, papers


def nearby_papers(
    author_pk: int, people: list[int], topics: list[str], each: int, filters: Filters
) -> list[dict]:
    """Each person's newest works without the author in one of ``topics``, in people's order.

    A LATERAL look-up per person (authorship_author_idx). Each reads at most the
    AUTHOR_SCAN works most recently added to Peerfolio (the highest ids): a prolific
    collaborator's 1,500 works would otherwise cost 1,500 reads for two papers.
    """
    if not people or not topics:
        return []
    return rows_of(
        f"""
        SELECT c.person, c.rank, p.id, p.arxiv_id, p.title, p.published,
               p.primary_category_id, p.author_count
        FROM unnest(%(people)s::bigint[]) WITH ORDINALITY AS c(person, rank)
        CROSS JOIN LATERAL (
            SELECT p.id, p.arxiv_id, p.title, p.published, p.primary_category_id, p.author_count
            FROM (
                SELECT paper_id FROM papers_authorship WHERE author_id = c.person
                ORDER BY paper_id DESC LIMIT %(scan)s
            ) s JOIN papers_paper p ON p.id = s.paper_id
            WHERE NOT p.withdrawn
              AND p.categories && %(topics)s::varchar[]{paper_years(filters)}
              AND NOT EXISTS (
                  SELECT 1 FROM papers_authorship m
                  WHERE m.author_id = %(id)s AND m.paper_id = p.id
              )
            ORDER BY p.published DESC NULLS LAST, p.id DESC
            LIMIT %(each)s
        ) p
        ORDER BY c.rank, p.published DESC NULLS LAST, p.id DESC
        """,
        {
            "id": author_pk,
            "people": people,
            "topics": topics,
            "each": each,
            "scan": AUTHOR_SCAN,
            "from": _year_from(filters),
            "to": _year_to(filters),
        },
    )


def bylines_between(paper_pks: list[int], author_pks: list[int]) -> list[tuple[int, int]]:
    """(paper, author) for each of these authors on each of these papers (authorship_author_idx)."""
    if not paper_pks or not author_pks:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT DISTINCT paper_id, author_id FROM papers_authorship
            WHERE author_id = ANY(%s) AND paper_id = ANY(%s)
            """,
            [author_pks, paper_pks],
        )
        return cursor.fetchall()


def recent_works(author_pk: int, limit: int, filters: Filters | None = None) -> list[dict]:
    """The author's newest works, read from at most AUTHOR_SCAN of their latest (as the slice's
    nearby papers are), so expanding a 2,400-work author costs what expanding anyone does."""
    return rows_of(
        f"""
        SELECT p.id, p.arxiv_id, p.title, p.published, p.primary_category_id, p.author_count
        FROM (
            SELECT paper_id FROM papers_authorship WHERE author_id = %(id)s
            ORDER BY paper_id DESC LIMIT %(scan)s
        ) s JOIN papers_paper p ON p.id = s.paper_id
        WHERE NOT p.withdrawn{paper_years(filters)}
        ORDER BY p.published DESC NULLS LAST, p.id DESC
        LIMIT %(limit)s
        """,
        {
            "id": author_pk,
            "scan": AUTHOR_SCAN,
            "limit": limit,
            "from": _year_from(filters),
            "to": _year_to(filters),
        },
    )


def people_by_ids(author_pks) -> list[dict]:
    """Person rows (PERSON_COLUMNS) of these authors, by primary key."""
    return rows_of(
        f"""
        SELECT {PERSON_COLUMNS}
        FROM profiles_author a LEFT JOIN profiles_institution i ON i.id = a.institution_id
        WHERE a.id = ANY(%s)
        """,
        [list(author_pks)],
    )
