"""Invariant checks for bench/synth.py, run inside its transaction before it commits.

Every check that fails stops the run, and the whole load is rolled back: the
bench database is never left with data the app could not have produced.

- set-wise over every row: bylines (count, order, printed text), group names,
  foreign keys (the load runs with FK triggers off), aliases, announce days,
  co-author edge totals, works counters, merge chains;
- on a sample, against the app's own code: co-author edges recomputed with
  ``graph.edges.paper_pairs``, code links with ``papers.links.find_code_url``,
  and every author column the app's refresh functions write (running them
  again on the sample must change nothing).
"""

from __future__ import annotations

import random
import time
from collections import defaultdict

SET_CHECKS = [
    (
        "papers: author_count, authors_text and positions 0..n-1 match the Authorship rows",
        """
        SELECT count(*) FROM papers_paper p
        LEFT JOIN (
            SELECT paper_id, count(*) AS n, max(position) AS last,
                   string_agg(name_as_printed, ', ' ORDER BY position) AS byline
            FROM papers_authorship GROUP BY paper_id
        ) b ON b.paper_id = p.id
        WHERE p.author_count <> COALESCE(b.n, 0) OR p.authors_text <> COALESCE(b.byline, '')
           OR b.last <> b.n - 1
        """,
    ),
    (
        "bylines: group names (and only they) have no author",
        """
        SELECT count(*) FROM papers_authorship
        WHERE (author_id IS NULL) <> (matched_by = 'group')
        """,
    ),
    (
        "bylines: confidence matches how the name was matched",
        """
        SELECT count(*) FROM papers_authorship WHERE NOT (
            (matched_by = 'new' AND confidence IN (1.0, 0.5))
            OR (matched_by = 'coauthor' AND confidence = 0.95)
            OR (matched_by = 'exact' AND confidence = 0.8)
            OR (matched_by IN ('curator', 'owner', 'group') AND confidence = 1.0))
        """,
    ),
    (
        "foreign keys: every byline's paper and author exist",
        """
        SELECT count(*) FROM papers_authorship s
        LEFT JOIN papers_paper p ON p.id = s.paper_id
        LEFT JOIN profiles_author a ON a.id = s.author_id
        WHERE p.id IS NULL OR (s.author_id IS NOT NULL AND a.id IS NULL)
        """,
    ),
    (
        "foreign keys: every version's paper, every paper's primary category exist",
        """
        SELECT (SELECT count(*) FROM papers_paperversion v
                LEFT JOIN papers_paper p ON p.id = v.paper_id WHERE p.id IS NULL)
             + (SELECT count(*) FROM papers_paper p
                LEFT JOIN papers_category c ON c.code = p.primary_category_id
                WHERE p.primary_category_id IS NOT NULL AND c.code IS NULL)
        """,
    ),
    (
        "foreign keys: authors' merged_into, claimed_by and institution exist",
        """
        SELECT count(*) FROM profiles_author a
        LEFT JOIN profiles_author m ON m.id = a.merged_into_id
        LEFT JOIN auth_user u ON u.id = a.claimed_by_id
        LEFT JOIN profiles_institution i ON i.id = a.institution_id
        WHERE (a.merged_into_id IS NOT NULL AND m.id IS NULL)
           OR (a.claimed_by_id IS NOT NULL AND u.id IS NULL)
           OR (a.institution_id IS NOT NULL AND i.id IS NULL)
        """,
    ),
    (
        "foreign keys: every alias's and edge's authors exist",
        """
        SELECT (SELECT count(*) FROM profiles_authoralias x
                LEFT JOIN profiles_author a ON a.id = x.author_id WHERE a.id IS NULL)
             + (SELECT count(*) FROM graph_coauthoredge e
                LEFT JOIN profiles_author a ON a.id = e.author_a_id
                LEFT JOIN profiles_author b ON b.id = e.author_b_id
                WHERE a.id IS NULL OR b.id IS NULL)
        """,
    ),
    (
        "aliases: every author has an alias under its own normalised name",
        """
        SELECT count(*) FROM profiles_author a
        WHERE NOT EXISTS (SELECT 1 FROM profiles_authoralias x
                          WHERE x.author_id = a.id AND x.normalized = a.normalized_name)
        """,
    ),
    (
        "aliases: every byline's author has an alias for a spelling it was printed under",
        """
        SELECT count(*) FROM (
            SELECT DISTINCT author_id FROM papers_authorship WHERE author_id IS NOT NULL
        ) s
        WHERE NOT EXISTS (SELECT 1 FROM profiles_authoralias x WHERE x.author_id = s.author_id)
        """,
    ),
    (
        "authors: every record has works except merged ones, and merged ones have none",
        """
        SELECT count(*) FROM profiles_author a
        WHERE (a.merged_into_id IS NULL)
              <> EXISTS (SELECT 1 FROM papers_authorship s WHERE s.author_id = a.id)
        """,
    ),
    (
        "authors: slugs are unique and non-empty",
        "SELECT count(*) - count(DISTINCT slug) + count(*) FILTER (WHERE slug = '') "
        "FROM profiles_author",
    ),
    (
        "authors: works_count is the number of bylines on papers not withdrawn",
        """
        SELECT count(*) FROM profiles_author a
        LEFT JOIN (
            SELECT s.author_id, count(*) AS n FROM papers_authorship s
            JOIN papers_paper p ON p.id = s.paper_id
            WHERE NOT p.withdrawn AND s.author_id IS NOT NULL GROUP BY s.author_id
        ) w ON w.author_id = a.id
        WHERE a.works_count <> COALESCE(w.n, 0)
        """,
    ),
    (
        "merges: every merge chain ends at a live record within 10 steps",
        """
        WITH RECURSIVE walk(id, target, steps) AS (
            SELECT id, merged_into_id, 1 FROM profiles_author WHERE merged_into_id IS NOT NULL
            UNION ALL
            SELECT w.id, a.merged_into_id, w.steps + 1
            FROM walk w JOIN profiles_author a ON a.id = w.target
            WHERE a.merged_into_id IS NOT NULL AND w.steps < 11
        )
        SELECT count(*) FROM walk WHERE steps > 10
        """,
    ),
    (
        "papers: announced on a weekday, versions 1..latest_version, latest dated `updated`",
        """
        SELECT (SELECT count(*) FROM papers_paper WHERE extract(isodow FROM announced_on) > 5)
             + (SELECT count(*) FROM papers_paper p
                JOIN (SELECT paper_id, count(*) n, max(version) top,
                             max(submitted_at) last FROM papers_paperversion GROUP BY paper_id) v
                  ON v.paper_id = p.id
                WHERE v.n <> p.latest_version OR v.top <> p.latest_version
                   OR v.last <> p.updated)
             + (SELECT count(*) FROM papers_paper p
                WHERE NOT EXISTS (SELECT 1 FROM papers_paperversion v WHERE v.paper_id = p.id))
        """,
    ),
    (
        "papers: citation source and date exactly where there is a count",
        """
        SELECT count(*) FROM papers_paper
        WHERE (citation_count IS NULL) <> (citations_as_of IS NULL)
           OR (citation_count IS NULL) <> (citations_source = '')
        """,
    ),
]


# Checks of tables the app may not have yet: (table, label, sql).
OPTIONAL_CHECKS = [
    (
        "profiles_follow",
        "followers: followers_count is the number of Follow rows",
        """
        SELECT count(*) FROM profiles_author a
        LEFT JOIN (SELECT author_id, count(*) AS n FROM profiles_follow GROUP BY author_id) f
          ON f.author_id = a.id
        WHERE a.followers_count <> COALESCE(f.n, 0)
        """,
    ),
    (
        "papers_upvote",
        "upvotes: upvotes_count is the number of Upvote rows",
        """
        SELECT count(*) FROM papers_paper p
        LEFT JOIN (SELECT paper_id, count(*) AS n FROM papers_upvote GROUP BY paper_id) u
          ON u.paper_id = p.id
        WHERE p.upvotes_count <> COALESCE(u.n, 0)
        """,
    ),
    (
        "profiles_claim",
        "claims: a record is claimed exactly when it has an approved claim by its owner",
        """
        SELECT count(*) FROM profiles_author a
        LEFT JOIN profiles_claim c
          ON c.author_id = a.id AND c.kind = 'claim' AND c.status = 'approved'
        WHERE (a.claimed_by_id IS NULL) <> (c.id IS NULL)
           OR a.claimed_by_id <> c.user_id OR a.verification_level <> c.level
        """,
    ),
]


def check_all(world, refresh) -> None:
    """Every check; ``refresh(ids)`` runs the app's refresh functions on some authors."""
    from django.db import connection

    from graph.models import MAX_AUTHORS_FOR_EDGES

    t0 = time.perf_counter()
    failures = []
    with connection.cursor() as cursor:
        optional = []
        for table, label, sql in OPTIONAL_CHECKS:
            cursor.execute("SELECT to_regclass(%s)", [table])
            if cursor.fetchone()[0]:
                optional.append((label, sql))
        for label, sql in SET_CHECKS + optional:
            cursor.execute(sql)
            bad = cursor.fetchone()[0]
            print(f"  {'ok ' if not bad else 'BAD'} {label}" + (f": {bad:,} rows" if bad else ""))
            if bad:
                failures.append(label)
        # Pairs: each byline of 2..MAX people adds n(n-1)/2 to the total paper_count.
        cursor.execute(
            """
            SELECT (SELECT COALESCE(sum(paper_count), 0) FROM graph_coauthoredge),
                   (SELECT COALESCE(sum(n * (n - 1) / 2), 0) FROM (
                        SELECT count(*) AS n FROM papers_authorship
                        WHERE author_id IS NOT NULL GROUP BY paper_id) b
                    WHERE n BETWEEN 2 AND %s),
                   (SELECT count(*) FROM graph_coauthoredge
                    WHERE author_a_id >= author_b_id OR paper_count < 1 OR weight <= 0)
            """,
            [MAX_AUTHORS_FOR_EDGES],
        )
        total, expected, malformed = cursor.fetchone()
        ok = total == expected and not malformed
        print(
            f"  {'ok ' if ok else 'BAD'} edges: sum(paper_count) {total:,} = pairs on bylines of "
            f"2..{MAX_AUTHORS_FOR_EDGES} people {expected:,}; a < b, weights > 0"
        )
        if not ok:
            failures.append("edge totals")
    failures += _sample_edges(world, MAX_AUTHORS_FOR_EDGES)
    failures += _sample_code_urls(world)
    failures += _sample_refresh(world, refresh)
    print(f"  checks took {time.perf_counter() - t0:.1f} s")
    if failures:
        raise RuntimeError(f"{len(failures)} invariant checks failed; nothing was committed.")


def _sample_authors(world, cursor, size) -> list[int]:
    rng = random.Random(len(world.authors))
    cursor.execute(
        "SELECT id FROM profiles_author WHERE merged_into_id IS NULL "
        "ORDER BY works_count DESC, id LIMIT 10"
    )
    top = [r[0] for r in cursor.fetchall()]
    cursor.execute(
        "SELECT author_id FROM papers_authorship s JOIN papers_paper p ON p.id = s.paper_id "
        "WHERE p.author_count > 1000 AND s.author_id IS NOT NULL ORDER BY s.id LIMIT 3"
    )
    collaboration = [r[0] for r in cursor.fetchall()]
    live = [p.author_id for p in world.authors]
    return sorted(set(top + collaboration + rng.sample(live, min(size, len(live)))))


def _sample_edges(world, max_people) -> list[str]:
    """Edges of sampled authors recomputed paper by paper with graph.edges.paper_pairs."""
    from django.db import connection

    from graph.edges import paper_pairs

    with connection.cursor() as cursor:
        sample = _sample_authors(world, cursor, 150)
        cursor.execute(
            """
            SELECT mine.author_id, s.paper_id, extract(year FROM p.published)::int,
                   array_agg(s.author_id ORDER BY s.position) FILTER (WHERE s.author_id IS NOT NULL)
            FROM papers_authorship mine
            JOIN papers_authorship s ON s.paper_id = mine.paper_id
            JOIN papers_paper p ON p.id = mine.paper_id
            WHERE mine.author_id = ANY(%s)
            GROUP BY mine.author_id, s.paper_id, p.published
            """,
            [sample],
        )
        expected = defaultdict(lambda: [0.0, 0, None, None])
        for me, _paper, year, people in cursor.fetchall():
            pairs, weight = paper_pairs(people or [])
            for pair in pairs:
                if me in pair:
                    edge = expected[me, pair]
                    edge[0] += weight
                    edge[1] += 1
                    edge[2] = min(edge[2] or year, year)
                    edge[3] = max(edge[3] or year, year)
        cursor.execute(
            """
            SELECT a, author_a_id, author_b_id, weight, paper_count, first_year, last_year
            FROM unnest(%s::bigint[]) AS me(a)
            JOIN graph_coauthoredge e ON e.author_a_id = me.a OR e.author_b_id = me.a
            """,
            [sample],
        )
        stored = {(me, (a, b)): (w, n, f, last) for me, a, b, w, n, f, last in cursor.fetchall()}
    bad = 0
    for key in set(expected) | set(stored):
        want, got = expected.get(key), stored.get(key)
        if (
            want is None
            or got is None
            or abs(want[0] - got[0]) > 1e-9
            or tuple(want[1:]) != tuple(got[1:])
        ):
            bad += 1
    print(
        f"  {'ok ' if not bad else 'BAD'} edges of {len(sample)} sampled authors "
        f"({len(stored):,} edges) equal graph.edges.paper_pairs over their bylines"
        + (f": {bad} differ" if bad else "")
    )
    return ["sampled edges"] if bad else []


def _sample_code_urls(world) -> list[str]:
    from django.db import connection

    from papers.links import find_code_url

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT abstract, comment, code_url FROM papers_paper WHERE mod(id, 97) = 0 OR code_url <> '' "
            "ORDER BY id LIMIT 5000"
        )
        rows = cursor.fetchall()
    bad = sum(1 for abstract, comment, url in rows if find_code_url(abstract, comment) != url)
    print(
        f"  {'ok ' if not bad else 'BAD'} code_url is what papers.links.find_code_url finds "
        f"({len(rows):,} papers)" + (f": {bad} differ" if bad else "")
    )
    return ["code urls"] if bad else []


# Columns a refresh stamps with the time it ran; everything else must come out the same.
STAMPS = {"counters_refreshed_at", "scores_as_of"}


def _sample_refresh(world, refresh) -> list[str]:
    """Run the app's refresh functions again on a sample: no counter may change."""
    from django.db import connection

    from profiles.models import Author

    columns = [f.column for f in Author._meta.concrete_fields if f.column not in STAMPS]
    with connection.cursor() as cursor:
        sample = _sample_authors(world, cursor, 400)
        cursor.execute("SELECT id FROM profiles_author WHERE merged_into_id IS NOT NULL LIMIT 20")
        sample = sorted(set(sample) | {r[0] for r in cursor.fetchall()})
        select = f"SELECT {', '.join(columns)} FROM profiles_author WHERE id = ANY(%s) ORDER BY id"
        cursor.execute(select, [sample])
        before = cursor.fetchall()
        refresh(sample)
        cursor.execute(select, [sample])
        after = cursor.fetchall()
    changed = defaultdict(int)
    for old, new in zip(before, after, strict=True):
        for column, a, b in zip(columns, old, new, strict=True):
            if a != b:
                changed[column] += 1
    print(
        f"  {'ok ' if not changed else 'BAD'} {len(sample)} sampled authors: the app's refresh "
        "functions change nothing" + (f": {dict(changed)}" if changed else "")
    )
    return ["sampled counters"] if changed else []
