"""Author identity: which Author a byline name belongs to, and how sure we are.

A name is attached to an existing Author only with evidence: the same
normalised full name *and* either a shared co-author (strong) or a shared
category (weaker). Without evidence a new Author is made, because a wrong paper
on someone's profile is worse than one person briefly split over two records
(curators merge; nobody notices a silent mis-attribution).

Candidates for a whole batch are loaded with three set queries, never one query
per name, and authors created earlier in the same batch are matched in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

from core.names import is_group_name, normalize_name
from papers.models import Authorship

# Confidence of each kind of match, as stored on Authorship.
COAUTHOR_EVIDENCE = 0.95
CATEGORY_EVIDENCE = 0.8
NEW_UNIQUE_NAME = 1.0
NEW_BESIDE_NAMESAKES = 0.5  # a same-name record exists but nothing ties them: curators look


@dataclass
class Candidate:
    """What the matcher knows of one existing (or just-created) author."""

    author_id: int | None
    works: int = 0
    categories: set[str] = field(default_factory=set)
    coauthor_names: set[str] = field(default_factory=set)


@dataclass
class Match:
    """The decision for one byline name. ``candidate`` is shared by every name it resolves."""

    candidate: Candidate | None
    matched_by: str
    confidence: float
    normalized: str

    @property
    def is_new(self):
        return self.candidate is not None and self.candidate.author_id is None


class Matcher:
    """Resolves the bylines of one batch; remembers authors it creates within the batch."""

    def __init__(self, normalized_names: set[str]):
        self.by_name: dict[str, list[Candidate]] = {}
        self._load(normalized_names)

    def _load(self, names: set[str]) -> None:
        if not names:
            return
        with connection.cursor() as cursor:
            # The alias lookup runs once, before the join: left to the planner, cold
            # statistics (a fresh database, a first import) once made it re-scan the
            # aliases for every author row, turning milliseconds into minutes.
            cursor.execute(
                """
                WITH hits AS MATERIALIZED (
                    SELECT author_id, normalized FROM profiles_authoralias
                    WHERE normalized = ANY(%s)
                )
                SELECT a.id, hits.normalized,
                       a.works_count + COALESCE(p.works, 0),
                       a.category_codes || COALESCE(p.category_codes, '{}')
                FROM hits JOIN profiles_author a ON a.id = hits.author_id
                -- What earlier pages of a run gave the author, until its counters catch up.
                LEFT JOIN ingest_pendingauthor p
                  ON p.author_id = a.id AND a.counters_refreshed_at IS NULL
                WHERE a.merged_into_id IS NULL
                """,
                [list(names)],
            )
            rows = cursor.fetchall()
            candidates: dict[int, Candidate] = {}
            for author_id, normalized, works, categories in rows:
                candidate = candidates.setdefault(
                    author_id, Candidate(author_id, works, set(categories or ()))
                )
                self.by_name.setdefault(normalized, []).append(candidate)
            if not candidates:
                return
            # Every co-author name of every candidate, by the co-author's canonical name.
            # Single-table lookups by id, joined here: any plan for them is linear, where a
            # three-way join, planned on the statistics of a first import's still-empty
            # tables, once probed every author pair (a second per page).
            cursor.execute(
                """
                SELECT author_a_id, author_b_id FROM graph_coauthoredge
                WHERE author_a_id = ANY(%(ids)s)
                UNION ALL
                SELECT author_b_id, author_a_id FROM graph_coauthoredge
                WHERE author_b_id = ANY(%(ids)s)
                """,
                {"ids": list(candidates)},
            )
            ties = cursor.fetchall()
            cursor.execute(
                "SELECT id, normalized_name FROM profiles_author WHERE id = ANY(%s)",
                [list({other for _, other in ties})],
            )
            names = dict(cursor.fetchall())
            for candidate_id, other in ties:
                candidates[candidate_id].coauthor_names.add(names[other])

    def resolve(self, names: list[str], categories: list[str]) -> list[Match]:
        """Decide every name of one byline, in order."""
        normalized = [normalize_name(n) for n in names]
        byline = set(normalized)
        wanted = set(categories)
        matches: list[Match] = []
        used: set[int] = set()  # one Author at most once per byline (two "Y. Wang"s are two people)
        for name, norm in zip(names, normalized, strict=True):
            if is_group_name(name) or not norm:
                matches.append(Match(None, Authorship.MatchedBy.GROUP, 1.0, norm))
                continue
            match = self._best(norm, byline, wanted, used)
            used.add(id(match.candidate))
            matches.append(match)
        # What this byline teaches about the authors on it, for later records in the batch.
        for match in matches:
            if match.candidate is not None:
                match.candidate.categories.update(categories)
                match.candidate.coauthor_names.update(byline - {match.normalized})
                match.candidate.works += 1
        return matches

    def _best(self, norm, byline, categories, used) -> Match:
        namesakes = [c for c in self.by_name.get(norm, []) if id(c) not in used]
        others = byline - {norm} if namesakes else set()
        by_coauthor = [c for c in namesakes if c.coauthor_names & others]
        by_category = [c for c in namesakes if c.categories & categories]
        if by_coauthor:
            return Match(
                _most_works(by_coauthor), Authorship.MatchedBy.COAUTHOR, COAUTHOR_EVIDENCE, norm
            )
        if by_category:
            return Match(
                _most_works(by_category), Authorship.MatchedBy.EXACT, CATEGORY_EVIDENCE, norm
            )
        confidence = NEW_BESIDE_NAMESAKES if self.by_name.get(norm) else NEW_UNIQUE_NAME
        candidate = Candidate(author_id=None)
        self.by_name.setdefault(norm, []).append(candidate)
        return Match(candidate, Authorship.MatchedBy.NEW, confidence, norm)


def _most_works(candidates: list[Candidate]) -> Candidate:
    return max(candidates, key=lambda c: (c.works, -(c.author_id or 0)))
