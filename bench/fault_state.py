"""What bench/faults.py compares: the database's papers, bylines and authors, free of ids.

Row ids depend on which process got there first; a digest must not. Authors are
compared as the partition they make of the bylines (each author: the sorted
(arXiv id, position) of its bylines), so two databases whose matcher decided the
same agree whatever ids their authors got.
"""

from __future__ import annotations

import hashlib

from django.db import connection

COUNTS = {
    "papers": "SELECT count(*) FROM papers_paper",
    "versions": "SELECT count(*) FROM papers_paperversion",
    "bylines": "SELECT count(*) FROM papers_authorship",
    "matched bylines": "SELECT count(*) FROM papers_authorship WHERE author_id IS NOT NULL",
    "authors": "SELECT count(*) FROM profiles_author WHERE merged_into_id IS NULL",
    "aliases": "SELECT count(*) FROM profiles_authoralias",
    "edges": "SELECT count(*) FROM graph_coauthoredge",
    "works (sum)": "SELECT coalesce(sum(works_count), 0) FROM profiles_author",
    "works != bylines": """
        SELECT count(*) FROM profiles_author a WHERE a.merged_into_id IS NULL AND a.works_count
          <> (SELECT count(DISTINCT s.paper_id) FROM papers_authorship s WHERE s.author_id = a.id)""",
    "stale authors": "SELECT count(*) FROM profiles_author WHERE counters_refreshed_at IS NULL",
}

_PARTITION = """
    SELECT string_agg(k, '|' ORDER BY k) FROM (
        SELECT string_agg(p.arxiv_id || '#' || s.position, ',' ORDER BY p.arxiv_id, s.position) AS k
        FROM papers_authorship s JOIN papers_paper p ON p.id = s.paper_id
        WHERE s.author_id IS NOT NULL GROUP BY s.author_id) AS authors
"""
_PAPERS = """
    SELECT string_agg(arxiv_id || ':' || latest_version || ':' || content_hash || ':' || author_count,
                      ',' ORDER BY arxiv_id) FROM papers_paper
"""
_BYLINES = """
    SELECT string_agg(p.arxiv_id || '#' || s.position || '=' || s.name_as_printed, ','
                      ORDER BY p.arxiv_id, s.position)
    FROM papers_authorship s JOIN papers_paper p ON p.id = s.paper_id
"""


def counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        out = {}
        for label, sql in COUNTS.items():
            cursor.execute(sql)
            out[label] = cursor.fetchone()[0]
        return out


def digest() -> str:
    """One hash of the papers, the bylines and which bylines share an author."""
    h = hashlib.sha256()
    with connection.cursor() as cursor:
        for sql in (_PAPERS, _BYLINES, _PARTITION):
            cursor.execute(sql)
            h.update((cursor.fetchone()[0] or "").encode())
            h.update(b"\0")
    return h.hexdigest()[:16]
