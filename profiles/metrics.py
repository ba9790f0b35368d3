"""Counters cached on Author, recomputed set-wise for the authors a change touched.

Pages read these columns and never count per request. "Close collaborators"
are co-authors on at least CLOSE_COLLABORATOR_MIN_PAPERS shared works.

Citation metrics (``refresh_citation_metrics``) follow Google Scholar's
definitions over the author's works that are not withdrawn:

- citations: the sum of the works' citation counts;
- h-index: the largest h such that h works have at least h citations each;
- i10-index: the number of works with at least 10 citations;
- citations per year: the works' per-year counts (OpenAlex) added up.

They count only works with citation data, and stay NULL (not 0) while no work
has any: "no citation data yet" is not "never cited". The source names every
source a counted work came from, and "as of" is the oldest of their dates.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

CLOSE_COLLABORATOR_MIN_PAPERS = 2
I10_MIN_CITATIONS = 10

# Each author's co-authors on at least CLOSE_COLLABORATOR_MIN_PAPERS works, from the
# pair's two sides (coauthoredge_unique_pair, coauthoredge_b_idx); a CTE for both refreshes.
_CLOSE_COUNTS = """close AS (
    SELECT author_id, count(*) AS n FROM (
        SELECT author_a_id AS author_id FROM graph_coauthoredge
        WHERE author_a_id = ANY(%(ids)s) AND paper_count >= %(close)s
        UNION ALL
        SELECT author_b_id FROM graph_coauthoredge
        WHERE author_b_id = ANY(%(ids)s) AND paper_count >= %(close)s
    ) pairs GROUP BY author_id
)"""


def refresh_counters(author_ids: Iterable[int]) -> None:
    """Works, topics, categories, years and close collaborators for these authors, in one pass."""
    ids = sorted(set(author_ids))
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH works AS (
                -- One row per (author, paper): after a merge a paper can name the author twice.
                SELECT DISTINCT s.author_id, p.id, p.primary_category_id, p.categories, p.published
                FROM papers_authorship s JOIN papers_paper p ON p.id = s.paper_id
                WHERE s.author_id = ANY(%(ids)s) AND NOT p.withdrawn
            ),
            totals AS (
                SELECT author_id, count(*) AS works, min(published) AS first_at,
                       max(published) AS last_at
                FROM works GROUP BY author_id
            ),
            cats AS (
                -- Most frequent first: the profile names an author's top topics from this.
                SELECT author_id, array_agg(code ORDER BY n DESC, code) AS codes FROM (
                    SELECT author_id, code, count(*) AS n
                    FROM works, unnest(categories) AS code GROUP BY author_id, code
                ) counted GROUP BY author_id
            ),
            main_cat AS (
                SELECT DISTINCT ON (author_id) author_id, primary_category_id AS code
                FROM works WHERE primary_category_id IS NOT NULL
                GROUP BY author_id, primary_category_id
                ORDER BY author_id, count(*) DESC, primary_category_id
            ),
            per_year AS (
                SELECT author_id, jsonb_object_agg(year, n) AS works FROM (
                    SELECT author_id, extract(year FROM published)::int::text AS year,
                           count(*) AS n
                    FROM works WHERE published IS NOT NULL GROUP BY 1, 2
                ) years GROUP BY author_id
            ),
            {_CLOSE_COUNTS}
            UPDATE profiles_author a SET
                works_count = COALESCE(t.works, 0),
                topics_count = COALESCE(cardinality(c.codes), 0),
                category_codes = COALESCE(c.codes, '{{}}'),
                primary_category = COALESCE(m.code, ''),
                first_year = extract(year FROM t.first_at),
                last_year = extract(year FROM t.last_at),
                last_work_at = t.last_at,
                close_collaborators_count = COALESCE(cl.n, 0),
                works_by_year = COALESCE(py.works, '{{}}'),
                counters_refreshed_at = now()
            FROM unnest(%(ids)s::bigint[]) AS ids(id)
            LEFT JOIN totals t ON t.author_id = ids.id
            LEFT JOIN per_year py ON py.author_id = ids.id
            LEFT JOIN cats c ON c.author_id = ids.id
            LEFT JOIN main_cat m ON m.author_id = ids.id
            LEFT JOIN close cl ON cl.author_id = ids.id
            WHERE a.id = ids.id
            """,
            {"ids": ids, "close": CLOSE_COLLABORATOR_MIN_PAPERS},
        )


def refresh_close_collaborators(author_ids: Iterable[int]) -> None:
    """Only the close-collaborator count, for co-authors whose edges changed but not their works.

    The cheap half of ``refresh_counters``: a merge rewrites the edges of every
    co-author of both records (thousands for a prolific pair), and their works,
    topics and years are the same as before.
    """
    ids = sorted(set(author_ids))
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH {_CLOSE_COUNTS}
            UPDATE profiles_author a SET close_collaborators_count = COALESCE(cl.n, 0)
            FROM unnest(%(ids)s::bigint[]) AS ids(id)
            LEFT JOIN close cl ON cl.author_id = ids.id
            WHERE a.id = ids.id AND a.close_collaborators_count IS DISTINCT FROM COALESCE(cl.n, 0)
            """,
            {"ids": ids, "close": CLOSE_COLLABORATOR_MIN_PAPERS},
        )


def refresh_citation_metrics(author_ids: Iterable[int]) -> None:
    """Citations, h-index, i10-index, citations per year, source and as-of, in one pass."""
    ids = sorted(set(author_ids))
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH works AS (
                -- One row per (author, paper) even if a byline names the author twice.
                SELECT DISTINCT ON (s.author_id, p.id) s.author_id, p.citation_count,
                       p.citations_source, p.citations_as_of, p.citations_by_year
                FROM papers_authorship s JOIN papers_paper p ON p.id = s.paper_id
                WHERE s.author_id = ANY(%(ids)s) AND NOT p.withdrawn
            ),
            ranked AS (
                SELECT author_id, citation_count, citations_source, citations_as_of,
                       row_number() OVER (PARTITION BY author_id
                                          ORDER BY citation_count DESC) AS rank
                FROM works WHERE citation_count IS NOT NULL
            ),
            totals AS (
                SELECT author_id, sum(citation_count) AS citations,
                       -- Sorted by count, "count >= rank" holds for exactly the first h works.
                       count(*) FILTER (WHERE citation_count >= rank) AS h,
                       count(*) FILTER (WHERE citation_count >= %(i10)s) AS i10,
                       string_agg(DISTINCT NULLIF(citations_source, ''), ' + '
                                  ORDER BY NULLIF(citations_source, '') DESC) AS source,
                       min(citations_as_of) AS as_of
                FROM ranked GROUP BY author_id
            ),
            per_year AS (
                SELECT author_id, jsonb_object_agg(year, n) AS citations FROM (
                    SELECT w.author_id, y.year, sum(y.n::bigint) AS n
                    FROM works w, jsonb_each_text(w.citations_by_year) AS y(year, n)
                    GROUP BY 1, 2
                ) years GROUP BY author_id
            )
            UPDATE profiles_author a SET
                citations_count = t.citations,
                h_index = t.h,
                i10_index = t.i10,
                citations_source = COALESCE(t.source, ''),
                citations_as_of = t.as_of,
                citations_by_year = COALESCE(py.citations, '{}')
            FROM unnest(%(ids)s::bigint[]) AS ids(id)
            LEFT JOIN totals t ON t.author_id = ids.id
            LEFT JOIN per_year py ON py.author_id = ids.id
            WHERE a.id = ids.id
            """,
            {"ids": ids, "i10": I10_MIN_CITATIONS},
        )
