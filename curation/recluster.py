"""Re-clustering: records that later evidence links are merged, reversibly.

Matching decides a byline with what is stored when it arrives, so the order
files come in can leave one person on two records: "Ada Lovelace" of a cs.DS
paper and of a cs.LG paper share nothing until a third paper names both of her
co-authors. The sweep revisits the name blocks (``core.names.blocking_keys``,
reversed order included) of the records a run touched and merges two records when

- their spellings are compatible (``names_compatible``; one typo apart,
  ``names_near``, when co-authors tie them), and
- they share co-author records, or co-authors by name as matching counts them
  (``coauthor_evidence``: a common name needs two uncommon ones), since the
  co-author of one may itself still sit on a second record of its person; or,
  for an uncommon name, both spell out the same given name and publish in one
  field (an arXiv archive), the smaller with at most three works: a rare name is
  one person's (two established records with nobody in common are asked about), and
- they never sign one paper together (two names of one byline are two people), and
- nobody decided otherwise: neither record holds a byline a curator or owner
  placed, and they are not claimed by two different people.

Each merge is ``curation.identity.merge`` with an AuditEvent (actor: none, the
sweep), undoable like a curator's. ``manage.py rematch`` sweeps every block.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection

from core.names import (
    blocking_keys,
    is_common_name,
    name_parts,
    names_compatible,
    names_near,
    spelled_alike,
)
from curation.crowds import same_collaboration
from curation.identity import IdentityRefused, merge
from curation.questions import ask_duplicates, ask_splits
from graph.queries import coauthor_ties
from ingest.matching import (
    CATEGORY_EVIDENCE,
    coauthor_tie,
    evidence_of,
    fields,
    file_coauthor,
    shared_coauthors,
)
from papers.models import Authorship
from profiles.models import Author

log = logging.getLogger("peerfolio.identity")
SWEEP_CONFIDENCE = 0.9
QUESTIONS_PER_RECORD = 5
RARE_NAME_SMALL_RECORD = 3  # works of the smaller record a rare-name link may move
BIG_BLOCK = 300  # records under one blocking key past which only likely pairs are compared
DECIDED = (Authorship.MatchedBy.CURATOR, Authorship.MatchedBy.OWNER)


@dataclass(frozen=True)
class Link:
    """Two records of one person, and why: a co-author (record id) both list, or else
    ``basis`` says it ("one uncommon name, spelled out, both in cs")."""

    survivor: int
    loser: int
    shared_coauthor: int | None
    basis: str = ""


@dataclass
class Record:
    """What the sweep compares of one live record."""

    works: int
    owner: int | None
    categories: set[str]
    names: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class Doubt:
    """Two compatible records the evidence suggests but does not settle: a curator's question."""

    first: int
    second: int
    shared_coauthors: list[int]
    same_name: bool
    categories: list[str]
    common: bool
    works: int  # of the smaller record: what a merge would move

    @property
    def likelihood(self) -> float:
        """A rough chance they are one person, for ranking (not a calibrated probability)."""
        chance = 0.3 + 0.3 * bool(self.shared_coauthors) + 0.2 * self.same_name
        chance += 0.2 * bool(self.categories)
        return round(chance * (0.5 if self.common else 1.0), 2)

    @property
    def worth_asking(self) -> bool:
        """Spellings that merely fit ("J. Smith", "John A. Smith") with nothing else shared
        are not a question; the same name, a co-author or a field is."""
        return bool(
            self.shared_coauthors or self.same_name or (self.categories and not self.common)
        )


def blocks_of(author_ids) -> set[str]:
    """Every blocking key of these records' spellings (a two-part name's reversed one too)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT normalized FROM profiles_authoralias WHERE author_id = ANY(%s)",
            [list(author_ids)],
        )
        return {key for (normalized,) in cursor.fetchall() for key in blocking_keys(normalized)}


def linked_records(blocks: set[str] | None = None, touched: set[int] | None = None) -> list[Link]:
    """Pairs of live records in these blocks (all blocks: None) that the evidence links."""
    return assess(blocks, touched)[0]


def assess(
    blocks: set[str] | None = None, touched: set[int] | None = None
) -> tuple[list[Link], list[Doubt]]:
    """The pairs of records the evidence links, and those it only suggests (for curators).

    Records meet under their spellings' blocking keys, and a two-part spelling's
    reversed key meets the records filed under it, so "Li Jun" meets "Jun Li". With
    ``touched``, only pairs with one of those records are compared: after a run, a
    block of a common name holds thousands of records that nothing new concerns.
    """
    records, pairs, typos = _candidate_pairs(blocks, touched)
    if not pairs:
        return [], []
    ids = sorted({a for pair in pairs for a in pair})
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT author_id FROM papers_authorship "
            "WHERE author_id = ANY(%s) AND matched_by = ANY(%s)",
            [ids, list(DECIDED)],
        )
        decided = {row[0] for row in cursor.fetchall()}
        # Two records on one byline are two people, however big the paper (edges skip those).
        # Each record's papers once, compared here: a join per pair probed the bylines of
        # both records' every paper, for tens of thousands of pairs after a bulk import.
        cursor.execute(
            "SELECT author_id, array_agg(paper_id) FROM papers_authorship "
            "WHERE author_id = ANY(%s) GROUP BY author_id",
            [ids],
        )
        papers = {author_id: set(paper_ids) for author_id, paper_ids in cursor.fetchall()}
        together = {
            (a, b) for a, b in pairs if not papers.get(a, set()).isdisjoint(papers.get(b, ()))
        }
    coauthor_ids, coauthors, name_to_id = _coauthors(ids)
    links, doubts = [], []
    listed: dict[int, dict[str, list[str]]] = {}  # each record's co-authors as matching lists them
    for first, second in sorted(pairs, key=lambda p: (-records[p[0]].works, p)):
        if first in decided or second in decided or (first, second) in together:
            continue
        a, b = records[first], records[second]
        # Shared co-author records, or names: a common name needs two, as in matching.
        common = any(is_common_name(n) for n in a.names | b.names)
        same_record = (coauthor_ids[first] & coauthor_ids[second]) - {first, second}
        if second not in listed:
            listed[second] = {k: list(v) for k, v in coauthors[second].items()}
        shared_names = shared_coauthors(coauthors[first], listed[second])
        shared = [name_to_id[(first, n)] for n in shared_names]
        evidence = max(len(same_record), evidence_of(shared_names, common=common))
        if coauthor_tie(evidence, common=common):
            links.append(Link(first, second, min(same_record) if same_record else shared[0]))
            continue
        in_both = fields(a.categories) & fields(b.categories)
        typo = (first, second) in typos  # only co-authors confirm a misspelling
        # Two established records with nobody in common are two people as often as one.
        small = min(a.works, b.works) <= RARE_NAME_SMALL_RECORD
        if not typo and not common and small and in_both and _spelled_alike(a.names, b.names):
            links.append(
                Link(first, second, None, f"one uncommon name, spelled out, both in {min(in_both)}")
            )
            continue
        doubt = Doubt(
            first,
            second,
            shared_coauthors=sorted(same_record | set(shared)),
            same_name=bool(a.names & b.names),
            categories=sorted(a.categories & b.categories),
            common=common,
            works=min(a.works, b.works),
        )
        if doubt.worth_asking:
            doubts.append(doubt)
    # The same uncommon name on two bylines of one big collaboration (no edges there).
    crowd = same_collaboration(
        [(d.first, d.second) for d in doubts if d.same_name and not d.common]
    )
    for pair, share in crowd.items():
        basis = f"the same name on two bylines of one collaboration ({share:.0%} of names shared)"
        links.append(Link(*pair, None, basis))
    return links, _fewest([d for d in doubts if (d.first, d.second) not in crowd])


def _fewest(doubts: list[Doubt]) -> list[Doubt]:
    """The likeliest ``QUESTIONS_PER_RECORD`` doubts of each record: a "Wei Wang" among
    thousands asks a few questions, not one per namesake."""
    asked: dict[int, int] = defaultdict(int)
    kept = []
    for doubt in sorted(doubts, key=lambda d: (-d.likelihood, -d.works, d.first, d.second)):
        if asked[doubt.first] < QUESTIONS_PER_RECORD and asked[doubt.second] < QUESTIONS_PER_RECORD:
            asked[doubt.first] += 1
            asked[doubt.second] += 1
            kept.append(doubt)
    return kept


def _candidate_pairs(blocks, touched):
    """Pairs of live records, (more works, fewer works), that no owner keeps apart, whose
    spellings are compatible or one typo apart (the second set: co-authors must confirm)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT x.author_id, x.normalized, a.works_count, a.claimed_by_id, a.category_codes
            FROM profiles_authoralias x JOIN profiles_author a ON a.id = x.author_id
            WHERE a.merged_into_id IS NULL AND x.block <> ''
              AND (%(all)s OR x.block = ANY(%(blocks)s))
            """,
            {"all": blocks is None, "blocks": sorted(blocks or ())},
        )
        rows = cursor.fetchall()
    records: dict[int, Record] = {}
    own, reversed_ = defaultdict(set), defaultdict(set)
    for author_id, normalized, works, claimed_by, categories in rows:
        record = records.get(author_id)
        if record is None:
            record = records[author_id] = Record(works, claimed_by, set(categories or ()))
        record.names.add(normalized)
        keys = blocking_keys(normalized)
        if keys:
            own[keys[0]].add(author_id)
            for key in keys[1:]:
                reversed_[key].add(author_id)
    pairs, typos, seen = set(), set(), set()
    for key, members in own.items():
        group = members | reversed_.get(key, set())
        if len(group) < 2:
            continue
        partners = _partners(group, records)
        near = members if touched is None else members & touched
        far = group if touched is None else group & touched
        # One side filed under the key itself; the other under it or its reverse.
        compared = [(x, y) for x in near for y in partners(x) & group]
        compared += [(x, y) for x in far for y in partners(x) & members]
        for a, b in compared:
            if a == b:
                continue
            # (more works, fewer works), by hand: sorted() with a key per pair was a third
            # of a sweep over a bulk import's blocks.
            first, second = (a, b) if (-records[a].works, a) <= (-records[b].works, b) else (b, a)
            if (first, second) in seen:
                continue
            seen.add((first, second))
            owners = records[first].owner, records[second].owner
            if all(owners) and owners[0] != owners[1]:
                continue
            if _compatible(records[first].names, records[second].names):
                pairs.add((first, second))
            elif len(group) <= BIG_BLOCK and _near(records[first].names, records[second].names):
                pairs.add((first, second))
                typos.add((first, second))
    return records, pairs, typos


def _sign_one_paper(first: int, second: int) -> bool:
    """Whether two records (after earlier merges of this sweep) share a byline's paper."""
    return Authorship.objects.filter(
        author_id=first, paper__in=Authorship.objects.filter(author_id=second).values("paper")
    ).exists()


def _partners(group: set[int], records: dict[int, Record]):
    """Whom each record of a block is compared with: everyone in a small block; in a big one
    ("wang w" of a bulk import, thousands of records) only the same spelling, the same
    spelled first name, or its initial, so the cost stays near linear."""
    if len(group) <= BIG_BLOCK:
        return lambda record: group
    by_name, by_token = defaultdict(set), defaultdict(set)
    for r in group:
        for name in records[r].names:
            by_name[name].add(r)
            given, _ = name_parts(name)
            if given:
                by_token[given[0]].add(r)

    def partners(record: int) -> set[int]:
        found = set()
        for name in records[record].names:
            found |= by_name[name]
            given, _ = name_parts(name)
            if given and len(given[0]) > 1:
                found |= by_token[given[0]] | by_token.get(given[0][0], set())
        return found

    return partners


def _coauthors(ids):
    """Each record's co-author record ids, their names by blocking key, and name -> id."""
    ties = coauthor_ties(ids)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, normalized_name FROM profiles_author WHERE id = ANY(%s)",
            [list({other for _, other in ties})],
        )
        coauthor_name = dict(cursor.fetchall())
    coauthor_ids: dict[int, set[int]] = defaultdict(set)
    coauthors: dict[int, dict[str, set[str]]] = defaultdict(dict)
    name_to_id: dict[tuple[int, str], int] = {}
    for author_id, other in ties:
        coauthor_ids[author_id].add(other)
        file_coauthor(coauthors[author_id], coauthor_name[other])
        name_to_id[(author_id, coauthor_name[other])] = other
    return coauthor_ids, coauthors, name_to_id


def _spelled_alike(first: set[str], second: set[str]) -> bool:
    return any(spelled_alike(a, b) for a in first for b in second)


def _near(first: set[str], second: set[str]) -> bool:
    return any(names_near(a, b) for a in first for b in second)


def _compatible(first: set[str], second: set[str]) -> bool:
    return all(a == b or names_compatible(a, b) for a in first for b in second)


def sweep(
    blocks: set[str] | None = None, *, touched: set[int] | None = None, dry_run: bool = False
) -> list[Link]:
    """Merge every linked pair (each loser into its cluster's record with most works); file
    the pairs the evidence only suggests, and the touched records whose works fall into
    unconnected circles, as curators' questions (``curation.questions``)."""
    links, doubts = assess(blocks, touched)
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
        # The pair was checked as it stood (``together``); a record an earlier merge of this
        # sweep grew was not: two E. Smiths of one collaboration, each linked to a third.
        if {survivor, loser} & set(parent.values()) and _sign_one_paper(survivor, loser):
            continue
        if dry_run:
            parent[loser] = survivor
            done.append(Link(survivor, loser, link.shared_coauthor, link.basis))
            continue
        pair = Author.objects.in_bulk([survivor, loser, link.shared_coauthor or survivor])
        if survivor not in pair or loser not in pair:
            continue
        if link.shared_coauthor is None:
            reason = f"Re-clustering: {link.basis}."
        else:
            shared = pair.get(link.shared_coauthor)
            reason = f"Re-clustering: both list {shared.display_name if shared else 'a co-author'}."
        try:
            merge(
                pair[survivor],
                pair[loser],
                None,
                reason,
                matched_by=Authorship.MatchedBy.COAUTHOR,
                # As matching would have: a co-author 0.9, one rare name in its field 0.8.
                confidence=SWEEP_CONFIDENCE if link.shared_coauthor else CATEGORY_EVIDENCE,
            )
        except IdentityRefused as refused:
            log.info("Sweep left %s and %s apart: %s", survivor, loser, refused)
            continue
        parent[loser] = survivor
        done.append(Link(survivor, loser, link.shared_coauthor, link.basis))
    if not dry_run:
        merged = set(parent)
        ask_duplicates([d for d in doubts if not {d.first, d.second} & merged], touched)
        if touched is not None:
            ask_splits(touched - merged)
    return done


def sweep_touched(author_ids, *, dry_run: bool = False, passes: int = 3) -> list[Link]:
    """The sweep over the blocks of these records (the ones a run touched, ``ingest.signals``).

    A merge gives the survivor the loser's co-authors, which may link it to a third
    record: the survivors are swept again, up to ``passes`` times.
    """
    touched, done = set(author_ids), []
    for _ in range(passes):
        blocks = blocks_of(touched)
        links = sweep(blocks, touched=touched, dry_run=dry_run) if blocks else []
        done += links
        touched = {link.survivor for link in links}
        if not touched or dry_run:
            break
    return done
