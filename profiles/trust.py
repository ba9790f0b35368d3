"""Trust score: 0-100 from named signals with fixed weights, stored with its breakdown.

A profile shows "Trust N - Label" and, on demand, the breakdown line by line
("+20 claimed by a verified account"). The score is recomputed set-wise for the
authors whose signals changed (after an import batch, a claim decision, a merge),
never per request. README "How trust works" documents the same table.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection

from core.bulk import bulk_cursor
from profiles.models import VerificationLevel


@dataclass(frozen=True)
class Signal:
    """One thing that makes a record more (or less) trustworthy, and what it is worth."""

    key: str
    label: str
    points_per_unit: float
    max_points: int  # negative for penalties: the most it can take away


SIGNALS = [
    Signal("works", "works imported from arXiv", 1.5, 15),
    Signal("consistency", "share of bylines matched with strong evidence", 10, 10),
    Signal("claimed", "claimed by a signed-in researcher", 20, 20),
    Signal("verified_email", "owner's email address verified", 10, 10),
    Signal("institution_email", "owner's email at the record's institution", 10, 10),
    Signal("orcid", "ORCID iD confirmed by ORCID sign-in", 15, 15),
    Signal("curator", "reviewed and confirmed by a curator", 15, 15),
    Signal("verified_coauthors", "co-authors with claimed records", 2, 10),
    Signal("disputes", "open disputes about this record", -15, -30),
]
LABELS = [(70, "Verified"), (40, "Partially verified"), (0, "Unverified")]
STRONG_EVIDENCE = 0.8  # Authorship.confidence of a co-author or category match


def label_for(score: int) -> str:
    return next(label for floor, label in LABELS if score >= floor)


def score(values: dict[str, float]) -> tuple[int, list[dict]]:
    """The score (0-100) and the lines that make it up, largest first; zero lines are left out."""
    lines = []
    for signal in SIGNALS:
        raw = values.get(signal.key, 0) * signal.points_per_unit
        points = (
            max(raw, signal.max_points) if signal.max_points < 0 else min(raw, signal.max_points)
        )
        points = round(points)
        if points:
            lines.append({"key": signal.key, "points": points, "label": signal.label})
    total = max(0, min(100, sum(line["points"] for line in lines)))
    lines.sort(key=lambda line: -line["points"])
    return total, lines


def gather_signals(author_ids: list[int]) -> dict[int, dict[str, float]]:
    """Each author's signal values in one query: the record, its bylines, edges and claims."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT a.id, a.works_count, a.verification_level, a.claimed_by_id IS NOT NULL,
                   (SELECT avg((s.confidence >= %(strong)s)::int) FROM papers_authorship s
                    WHERE s.author_id = a.id),
                   (SELECT count(*) FROM (
                        SELECT e.author_b_id AS other FROM graph_coauthoredge e
                        WHERE e.author_a_id = a.id
                        UNION ALL
                        SELECT e.author_a_id FROM graph_coauthoredge e WHERE e.author_b_id = a.id
                    ) co JOIN profiles_author b ON b.id = co.other
                    WHERE b.claimed_by_id IS NOT NULL),
                   (SELECT c.evidence FROM profiles_claim c
                    WHERE c.author_id = a.id AND c.kind = 'claim' AND c.status = 'approved'),
                   (SELECT count(*) FROM profiles_claim c
                    WHERE c.author_id = a.id AND c.kind = 'dispute' AND c.status = 'pending')
            FROM profiles_author a WHERE a.id = ANY(%(ids)s)
            """,
            {"ids": author_ids, "strong": STRONG_EVIDENCE},
        )
        rows = cursor.fetchall()
    signals = {}
    for author_id, works, level, claimed, consistency, coauthors, evidence, disputes in rows:
        # Django's cursor hands jsonb back as text.
        evidence = json.loads(evidence) if isinstance(evidence, str) else evidence or []
        passed = {e["key"] for e in evidence if e.get("passed")} if claimed else set()
        signals[author_id] = {
            "works": works,
            "consistency": float(consistency or 0),
            "claimed": int(claimed),
            "verified_email": int("verified_email" in passed),
            "institution_email": int("institution_email" in passed),
            "orcid": int("orcid" in passed),
            "curator": int(level >= VerificationLevel.REVIEWED),
            "verified_coauthors": coauthors,
            "disputes": disputes,
        }
    return signals


def refresh_trust(author_ids: Iterable[int]) -> None:
    """Recompute and store score and breakdown for these authors (one read, one write)."""
    ids = sorted(set(author_ids))
    if not ids:
        return
    scores, breakdowns, name_only = [], [], []
    signals = gather_signals(ids)
    for author_id in ids:
        values = signals.get(author_id, {})
        total, lines = score(values)
        scores.append(total)
        breakdowns.append(lines)
        # L0: every byline a low-confidence match (a namesake was found, nothing tied them).
        name_only.append(not values.get("claimed") and values.get("consistency", 0) == 0)
    # Bound on the server, in binary: quoting (or array-escaping) a breakdown per author
    # in Python cost more than the update itself when a run's end refreshes 75,000.
    with bulk_cursor() as cursor:
        cursor.execute(
            """
            UPDATE profiles_author a SET trust_score = v.score, trust_breakdown = v.breakdown,
                verification_level = v.level
            FROM (
                SELECT v.id, v.score, v.breakdown::jsonb AS breakdown, CASE
                    WHEN a.verification_level > %s THEN a.verification_level
                    WHEN v.name_only THEN %s ELSE %s END AS level
                FROM unnest(%b::bigint[], %b::int[], %b::text[], %b::bool[])
                    AS v(id, score, breakdown, name_only)
                JOIN profiles_author a ON a.id = v.id
            ) v
            WHERE a.id = v.id
              -- An unchanged row is not rewritten (a new version, and its index entries).
              AND (a.trust_score, a.trust_breakdown, a.verification_level)
                  IS DISTINCT FROM (v.score, v.breakdown, v.level)
            """,
            [
                VerificationLevel.IMPORTED,
                VerificationLevel.NAME_ONLY,
                VerificationLevel.IMPORTED,
                ids,
                scores,
                [json.dumps(b) for b in breakdowns],
                name_only,
            ],  # fmt: skip
        )


def coauthor_ids(author_id: int) -> list[int]:
    """Everyone who shares a co-author edge with this author (both sides of the pair)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT author_b_id FROM graph_coauthoredge WHERE author_a_id = %(id)s "
            "UNION SELECT author_a_id FROM graph_coauthoredge WHERE author_b_id = %(id)s",
            {"id": author_id},
        )
        return [row[0] for row in cursor.fetchall()]
