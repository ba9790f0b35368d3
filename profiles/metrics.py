"""Counters cached on Author, recomputed set-wise for the authors a change touched.

Pages read these columns and never count per request. "Close collaborators"
are co-authors on at least CLOSE_COLLABORATOR_MIN_PAPERS shared works.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

CLOSE_COLLABORATOR_MIN_PAPERS = 2


def refresh_counters(author_ids: Iterable[int]) -> None:
    """Works, topics, categories, years and close collaborators for these authors, in one pass."""
    ids = sorted(set(author_ids))
    if not ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH works AS (
                SELECT s.author_id, p.primary_category_id, p.categories, p.published
                FROM papers_authorship s JOIN papers_paper p ON p.id = s.paper_id
                WHERE s.author_id = ANY(%(ids)s) AND NOT p.withdrawn
            ),
            totals AS (
                SELECT author_id, count(*) AS works, min(published) AS first_at,
                       max(published) AS last_at
                FROM works GROUP BY author_id
            ),
            cats AS (
                SELECT author_id, array_agg(DISTINCT code ORDER BY code) AS codes
                FROM works, unnest(categories) AS code GROUP BY author_id
            ),
            main_cat AS (
                SELECT DISTINCT ON (author_id) author_id, primary_category_id AS code
                FROM works WHERE primary_category_id IS NOT NULL
                GROUP BY author_id, primary_category_id
                ORDER BY author_id, count(*) DESC, primary_category_id
            ),
            close AS (
                SELECT author_id, count(*) AS n FROM (
                    SELECT author_a_id AS author_id FROM graph_coauthoredge
                    WHERE author_a_id = ANY(%(ids)s) AND paper_count >= %(close)s
                    UNION ALL
                    SELECT author_b_id FROM graph_coauthoredge
                    WHERE author_b_id = ANY(%(ids)s) AND paper_count >= %(close)s
                ) pairs GROUP BY author_id
            )
            UPDATE profiles_author a SET
                works_count = COALESCE(t.works, 0),
                topics_count = COALESCE(cardinality(c.codes), 0),
                category_codes = COALESCE(c.codes, '{}'),
                primary_category = COALESCE(m.code, ''),
                first_year = extract(year FROM t.first_at),
                last_year = extract(year FROM t.last_at),
                last_work_at = t.last_at,
                close_collaborators_count = COALESCE(cl.n, 0),
                counters_refreshed_at = now()
            FROM unnest(%(ids)s::bigint[]) AS ids(id)
            LEFT JOIN totals t ON t.author_id = ids.id
            LEFT JOIN cats c ON c.author_id = ids.id
            LEFT JOIN main_cat m ON m.author_id = ids.id
            LEFT JOIN close cl ON cl.author_id = ids.id
            WHERE a.id = ids.id
            """,
            {"ids": ids, "close": CLOSE_COLLABORATOR_MIN_PAPERS},
        )
