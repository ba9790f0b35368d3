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
    """Each author's signal values in one query (claims add theirs through the claim fields)."""
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
                    WHERE b.claimed_by_id IS NOT NULL)
            FROM profiles_author a WHERE a.id = ANY(%(ids)s)
            """,
            {"ids": author_ids, "strong": STRONG_EVIDENCE},
        )
        rows = cursor.fetchall()
    return {
        author_id: {
            "works": works,
            "consistency": float(consistency or 0),
            "claimed": int(claimed),
            "curator": int(level >= VerificationLevel.REVIEWED),
            "verified_coauthors": verified_coauthors,
        }
        for author_id, works, level, claimed, consistency, verified_coauthors in rows
    }


def refresh_trust(author_ids: Iterable[int]) -> None:
    """Recompute and store score and breakdown for these authors (one read, one write)."""
    ids = sorted(set(author_ids))
    if not ids:
        return
    scores, breakdowns = [], []
    signals = gather_signals(ids)
    for author_id in ids:
        total, lines = score(signals.get(author_id, {}))
        scores.append(total)
        breakdowns.append(lines)
    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE profiles_author a SET trust_score = v.score, trust_breakdown = v.breakdown::jsonb
            FROM unnest(%s::bigint[], %s::int[], %s::text[]) AS v(id, score, breakdown)
            WHERE a.id = v.id
            """,
            [ids, scores, [json.dumps(b) for b in breakdowns]],
        )
