"""Re-clustering: records that later evidence links are merged, reversibly.

Matching decides a byline with what is stored when it arrives, so the order
files come in can leave one person on two records: "Ada Lovelace" of a cs.DS
paper and of a cs.LG paper share nothing until a third paper names both of her
co-authors. The sweep revisits the name blocks (``core.names.blocking_keys``)
of the records a run touched and merges two records when

- their spellings are compatible (``names_compatible``), and
- they share a co-author *record* (an edge to the same author from each), and
- they never sign one paper together (two names of one byline are two people), and
- nobody decided otherwise: neither record holds a byline a curator or owner
  placed, and they are not claimed by two different people.

Each merge is ``curation.identity.merge`` with an AuditEvent (actor: none, the
sweep), undoable like a curator's. ``manage.py rematch`` sweeps every block.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass

from django.db import connection

from core.names import names_compatible
from curation.identity import IdentityRefused, merge
from graph.queries import coauthor_ties
from papers.models import Authorship
from profiles.models import Author

log = logging.getLogger("peerfolio.identity")
SWEEP_CONFIDENCE = 0.9
DECIDED = (Authorship.MatchedBy.CURATOR, Authorship.MatchedBy.OWNER)


@dataclass(frozen=True)
class Link:
    """Two records of one person, and the co-author record they share."""

    survivor: int
    loser: int
    shared_coauthor: int


def blocks_of(author_ids) -> set[str]:
    """The blocking keys under which these records' spellings are filed."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT block FROM profiles_authoralias WHERE author_id = ANY(%s)",
            [list(author_ids)],
        )
        return {row[0] for row in cursor.fetchall() if row[0]}


def linked_records(blocks: set[str] | None = None, touched: set[int] | None = None) -> list[Link]:
    """Pairs of live records in these blocks (all blocks: None) that the evidence links.

    With ``touched``, only pairs with one of those records are compared: after a run,
    a block of a common name holds thousands of records that nothing new concerns.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT x.author_id, x.normalized, x.block, a.works_count, a.claimed_by_id
            FROM profiles_authoralias x JOIN profiles_author a ON a.id = x.author_id
            WHERE a.merged_into_id IS NULL AND x.block <> ''
              AND (%(all)s OR x.block = ANY(%(blocks)s))
            """,
            {"all": blocks is None, "blocks": sorted(blocks or ())},
        )
        rows = cursor.fetchall()
        names, works, owner = defaultdict(set), {}, {}
        in_block = defaultdict(set)
        for author_id, normalized, block, works_count, claimed_by in rows:
            names[author_id].add(normalized)
            works[author_id], owner[author_id] = works_count, claimed_by
            in_block[block].add(author_id)
        crowded = {b: ids for b, ids in in_block.items() if len(ids) > 1}
        ids = sorted({a for members in crowded.values() for a in members})
        if not ids:
            return []
        cursor.execute(
            "SELECT DISTINCT author_id FROM papers_authorship "
            "WHERE author_id = ANY(%s) AND matched_by = ANY(%s)",
            [ids, list(DECIDED)],
        )
        decided = {row[0] for row in cursor.fetchall()}
        coauthors = defaultdict(set)
        for author_id, other in coauthor_ties(ids):
            coauthors[author_id].add(other)
        # Two records on one byline are two people, however big the paper (edges skip those).
        cursor.execute(
            """
            SELECT DISTINCT x.author_id, y.author_id
            FROM papers_authorship x JOIN papers_authorship y
              ON y.paper_id = x.paper_id AND y.author_id <> x.author_id
            WHERE x.author_id = ANY(%(near)s) AND y.author_id = ANY(%(ids)s)
            """,
            {"ids": ids, "near": sorted(touched) if touched is not None else ids},
        )
        together = {frozenset(pair) for pair in cursor.fetchall()}
    links = []
    for members in crowded.values():
        ordered = sorted(members, key=lambda a: (-works[a], a))
        for i, first in enumerate(ordered):
            for second in ordered[i + 1 :]:
                if touched is not None and first not in touched and second not in touched:
                    continue
                if first in decided or second in decided:
                    continue
                if frozenset((first, second)) in together:
                    continue
                if owner[first] and owner[second] and owner[first] != owner[second]:
                    continue
                shared = (coauthors[first] & coauthors[second]) - {first, second}
                if not shared or not _compatible(names[first], names[second]):
                    continue
                links.append(Link(first, second, min(shared)))
    return links


def _compatible(first: set[str], second: set[str]) -> bool:
    return all(a == b or names_compatible(a, b) for a in first for b in second)


def sweep(
    blocks: set[str] | None = None, *, touched: set[int] | None = None, dry_run: bool = False
) -> list[Link]:
    """Merge every linked pair (each loser into its cluster's record with most works)."""
    links = linked_records(blocks, touched)
    parent: dict[int, int] = {}

    def root(a: int) -> int:
        while parent.get(a, a) != a:
            a = parent[a]
        return a

    done = []
    for link in links:
        survivor, loser = root(link.survivor), root(link.loser)
        if survivor == loser:
            continue
        if dry_run:
            parent[loser] = survivor
            done.append(Link(survivor, loser, link.shared_coauthor))
            continue
        pair = Author.objects.in_bulk([survivor, loser, link.shared_coauthor])
        if survivor not in pair or loser not in pair:
            continue
        shared = pair.get(link.shared_coauthor)
        reason = f"Re-clustering: both list {shared.display_name if shared else 'a co-author'}."
        try:
            merge(
                pair[survivor],
                pair[loser],
                None,
                reason,
                matched_by=Authorship.MatchedBy.COAUTHOR,
                confidence=SWEEP_CONFIDENCE,
            )
        except IdentityRefused as refused:
            log.info("Sweep left %s and %s apart: %s", survivor, loser, refused)
            continue
        parent[loser] = survivor
        done.append(Link(survivor, loser, link.shared_coauthor))
    return done


def sweep_touched(author_ids) -> list[Link]:
    """The sweep over the blocks of the records a run touched (``ingest.signals``)."""
    blocks = blocks_of(author_ids)
    return sweep(blocks, touched=set(author_ids)) if blocks else []
