"""Author identity: which Author a byline name belongs to, and how sure we are.

Candidates are every record with an alias under one of the name's blocking keys
(family name + first initial, ``core.names.blocking_keys``) whose spelling is
compatible with it (initials, middle names, order, TeX, transliteration). A
name joins a candidate only with evidence:

- shared co-authors (names on this byline compatible with the candidate's
  co-authors, ``coauthor_evidence``; a common name needs two uncommon ones):
  0.95 with the same full name, 0.9 for a variant; of two such candidates the
  one sharing more co-authors wins;
- an uncommon name that spells out the same given name as the record
  ("Arseny Shur", "Arseny M. Shur": ``core.names.spelled_alike``) is rare enough
  to be one person's in one field (arXiv archive): 0.8 with the same name, 0.6
  provisionally for a variant;
- on a crowded byline, the record of the same name from the same large collaboration
  (``ingest.teams``), when the name is printed once: 0.95;
- otherwise, the only compatible record, in the same field: 0.8 with the same
  full name and a shared category, 0.6 provisionally for a variant ("D.
  Belazzougui"). A common name (``core.names.is_common_name``: "Wei Wang", whom
  hundreds share, not "Huacheng Yu") is only ever tied by co-authors.

Bylines under 0.7 are listed for curators ("matches to check").
Otherwise a new Author is made (0.5 when a compatible record exists, so curators
see it; 1.0 when the name is new here): a wrong paper on someone's profile is
worse than one person briefly split over two records.

All names of a byline are assigned together: no record takes two names of one
paper, and the best total evidence wins, not the printed order. Candidates for
a whole batch are loaded with three set queries; authors created earlier in the
batch are matched in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from scipy.optimize import linear_sum_assignment

from core.names import (
    blocking_keys,
    is_common_name,
    is_group_name,
    names_compatible,
    names_near,
    normalize_name,
    person_in_group_byline,
    spelled_alike,
)
from graph.models import MAX_AUTHORS_FOR_EDGES
from graph.queries import coauthor_ties
from ingest.teams import team_bands
from papers.models import Authorship

# Confidence of each kind of match, as stored on Authorship.
COAUTHOR_EVIDENCE = 0.95
COAUTHOR_VARIANT = 0.9
CATEGORY_EVIDENCE = 0.8
VARIANT_PROVISIONAL = 0.6  # below REVIEW_BELOW: attached, and listed for curators
NEW_UNIQUE_NAME = 1.0
NEW_BESIDE_NAMESAKES = 0.5  # a compatible record exists but nothing ties them: curators look
REVIEW_BELOW = 0.7  # bylines under it are listed in curation's "matches to check"
COMMON_NAME_RECORDS = 2  # records of one full name from which a category is no longer evidence
COAUTHOR_TIE = 1  # shared co-authors that tie a name to a record (``coauthor_evidence``)
COMMON_NAME_TIE = 2  # ... a common one: one colleague may well write with two "Yan Zhang"s
# A co-author counts for a common name unless arXiv holds this many of the co-author's name:
# "Xiaodong Wang" (about 5) beside "Lei Wang" twice is a pair, "Wei Chen" (over 100) is not.
COMMON_COAUTHOR_NAMESAKES = 20


@dataclass
class Candidate:
    """What the matcher knows of one existing (or just-created) author."""

    author_id: int | None
    works: int = 0
    categories: set[str] = field(default_factory=set)
    names: set[str] = field(default_factory=set)  # folded spellings
    coauthors: dict[str, set[str]] = field(default_factory=dict)  # blocking key -> folded names
    teams: set[int] = field(default_factory=set)  # ``ingest.teams`` bands of crowded papers

    def add_coauthor(self, norm: str) -> None:
        file_coauthor(self.coauthors, norm)

    def coauthor_evidence(
        self, byline: dict[str, list[tuple[int, str]]], position: int, *, common: bool
    ) -> int:
        """How many co-authors of this author the other names on the byline can be.

        ``byline`` files the byline's names (position, folded) under their blocking
        keys, so the cost follows this author's co-authors, not the byline's length.
        """
        others = {
            key: [n for p, n in names if p != position]
            for key, names in byline.items()
            if key in self.coauthors
        }
        return coauthor_evidence(self.coauthors, others, common=common) if others else 0


def coauthor_tie(evidence: int, *, common: bool, crowded: bool = False) -> bool:
    """Whether co-author evidence ties a name: two uncommon co-authors for a common name,
    one more on a ``crowded`` byline (hundreds of names match someone by chance)."""
    return evidence >= (COMMON_NAME_TIE if common else COAUTHOR_TIE) + crowded


def file_coauthor(coauthors: dict[str, set[str]], norm: str) -> None:
    """File a co-author's folded name under its blocking key (``coauthor_evidence`` reads it)."""
    keys = blocking_keys(norm)
    if keys:
        coauthors.setdefault(keys[0], set()).add(norm)


def shared_coauthors(known: dict[str, set[str]], others: dict[str, list[str]]) -> list[str]:
    """The known co-authors (folded names filed under blocking keys) one of ``others`` can be."""
    return [
        known_name
        for key, known_names in known.items()
        if key in others
        for known_name in known_names
        if any(known_name == norm or names_compatible(known_name, norm) for norm in others[key])
    ]


def coauthor_evidence(
    known: dict[str, set[str]], others: dict[str, list[str]], *, common: bool
) -> int:
    """How many of a record's known co-authors the other names can be (``shared_coauthors``).

    For a ``common`` name ("Wei Wang") only uncommon co-authors count: one "Lin Wei"
    writes with many "Wei Wang"s. An uncommon name is rare enough that any shared
    co-author ties it.
    """
    return evidence_of(shared_coauthors(known, others), common=common)


def evidence_of(shared: list[str], *, common: bool) -> int:
    """``coauthor_evidence`` of these shared co-authors (``shared_coauthors``)."""
    return sum(
        1 for name in shared if not (common and is_common_name(name, COMMON_COAUTHOR_NAMESAKES))
    )


@dataclass
class Match:
    """The decision for one byline name. ``candidate`` is shared by every name it resolves.

    ``name`` is the person's name as printed ('Ann Lee' of 'Ann Lee for the CMS
    Collaboration'), ``normalized`` its folded form.
    """

    candidate: Candidate | None
    matched_by: str
    confidence: float
    normalized: str
    name: str = ""

    @property
    def is_new(self):
        return self.candidate is not None and self.candidate.author_id is None


class Matcher:
    """Resolves the bylines of one batch; remembers authors it creates within the batch."""

    def __init__(self, names):
        """``names``: every name printed on the batch's bylines."""
        self.by_key: dict[str, list[Candidate]] = {}
        self._load(name_keys(names))

    def _load(self, keys: set[str]) -> None:
        if not keys:
            return
        with connection.cursor() as cursor:
            # The alias lookup runs once, before the join: left to the planner, cold
            # statistics (a fresh database, a first import) once made it re-scan the
            # aliases for every author row, turning milliseconds into minutes.
            cursor.execute(
                """
                WITH hits AS MATERIALIZED (
                    SELECT author_id, normalized, block FROM profiles_authoralias
                    WHERE block = ANY(%s)
                )
                SELECT a.id, hits.normalized, hits.block,
                       a.works_count + COALESCE(p.works, 0),
                       a.category_codes || COALESCE(p.category_codes, '{}'),
                       t.bands
                FROM hits JOIN profiles_author a ON a.id = hits.author_id
                LEFT JOIN ingest_authorteams t ON t.author_id = a.id
                -- What earlier pages of a run gave the author, until its counters catch up.
                LEFT JOIN ingest_pendingauthor p
                  ON p.author_id = a.id AND a.counters_refreshed_at IS NULL
                WHERE a.merged_into_id IS NULL
                """,
                [sorted(keys)],
            )
            candidates: dict[int, Candidate] = {}
            # (block, author) pairs filed: a candidate is filed once under each block. A look
            # through the block's list compared every record of a crowded block field by field.
            filed: set[tuple[str, int]] = set()
            for author_id, normalized, block, works, categories, bands in cursor.fetchall():
                candidate = candidates.get(author_id)
                if candidate is None:
                    candidate = candidates[author_id] = Candidate(
                        author_id, works, set(categories or ()), teams=set(bands or ())
                    )
                candidate.names.add(normalized)
                if (block, author_id) not in filed:
                    filed.add((block, author_id))
                    self.by_key.setdefault(block, []).append(candidate)
            if not candidates:
                return
            # Every co-author of every candidate, by the co-author's canonical name.
            # Single-table lookups by id, joined here: any plan for them is linear, where a
            # three-way join, planned on the statistics of a first import's still-empty
            # tables, once probed every author pair (a second per page).
            ties = coauthor_ties(candidates)
            cursor.execute(
                "SELECT id, normalized_name FROM profiles_author WHERE id = ANY(%s)",
                [list({other for _, other in ties})],
            )
            # Each co-author's name and blocking key once: a prolific one is tied to many.
            filing = {}
            for other, norm in cursor.fetchall():
                keys = blocking_keys(norm)
                if keys:
                    filing[other] = (keys[0], norm)
            for candidate_id, other in ties:
                if other in filing:
                    key, norm = filing[other]
                    candidates[candidate_id].coauthors.setdefault(key, set()).add(norm)

    def resolve(self, names: list[str], categories: list[str]) -> list[Match]:
        """Decide every name of one byline together."""
        people = [_person(name) for name in names]
        normalized = [normalize_name(p) for p in people]
        wanted = set(categories)
        byline: dict[str, list[tuple[int, str]]] = {}
        for i, (person, norm) in enumerate(zip(people, normalized, strict=True)):
            for key in blocking_keys(person) if person else ():
                byline.setdefault(key, []).append((i, norm))
        matches: list[Match | None] = [None] * len(names)
        crowded = len(names) > MAX_AUTHORS_FOR_EDGES
        bands = (
            set(team_bands(n for p, n in zip(people, normalized, strict=True) if p))
            if crowded
            else set()
        )
        options: dict[int, list[tuple[Candidate, str, float, int]]] = {}
        namesakes: dict[int, bool] = {}
        for i, (person, norm) in enumerate(zip(people, normalized, strict=True)):
            if not person or not norm:
                matches[i] = Match(None, Authorship.MatchedBy.GROUP, 1.0, norm, names[i])
                continue
            options[i], namesakes[i] = self._options(
                person, norm, byline, i, wanted, crowded, bands
            )
        self._assign(options, people, normalized, matches)
        for i in options:
            if matches[i] is None:
                matches[i] = self._new(people[i], normalized[i], beside_namesakes=namesakes[i])
        # What this byline teaches about the authors on it, for later records in the batch.
        # Co-authors as the stored edges know them: none from a byline past MAX_AUTHORS_FOR_EDGES.
        ties = len(names) <= MAX_AUTHORS_FOR_EDGES
        for i, match in enumerate(matches):
            if match.candidate is not None:
                match.candidate.categories.update(categories)
                match.candidate.names.add(match.normalized)
                if ties:
                    for j, (person, other) in enumerate(zip(people, normalized, strict=True)):
                        if j != i and person:
                            match.candidate.add_coauthor(other)
                match.candidate.works += 1
                match.candidate.teams.update(bands)
        return matches

    def _compatible(self, person: str, norm: str) -> list[Candidate]:
        seen: dict[int, Candidate] = {}
        for key in blocking_keys(person):
            for candidate in self.by_key.get(key, ()):
                if id(candidate) in seen:
                    continue
                # Every spelling the record has: "M. Cruz" of Maria's record is not Martin.
                # A misspelt alias a merge brought ("Micael") must not lock the record.
                if all(
                    norm == name or names_compatible(norm, name) or names_near(norm, name)
                    for name in candidate.names
                ):
                    seen[id(candidate)] = candidate
        return list(seen.values())

    def _fits_others(self, candidate: Candidate) -> bool:
        """Whether another record is compatible with every spelling ``candidate`` has."""
        return any(
            other is not candidate
            for name in candidate.names
            for other in self._compatible(name, name)
        )

    def _options(
        self, person, norm, byline, position, wanted, crowded, bands
    ) -> tuple[list[tuple[Candidate, str, float, int]], bool]:
        """Each compatible candidate with the evidence for it (candidate, how, confidence,
        co-author evidence), and whether any compatible record exists at all."""
        compatible = self._compatible(person, norm)
        namesakes = sum(1 for c in compatible if norm in c.names)
        common = is_common_name(norm)
        # In a collaboration a name printed once is one member; printed twice, two.
        alone = crowded and not any(
            other == norm or names_compatible(other, norm)
            for key in blocking_keys(person)
            for p, other in byline.get(key, ())
            if p != position
        )
        found = []
        for candidate in compatible:
            same_name = norm in candidate.names
            # A crowded byline's names are not held against a record's co-authors: those come
            # from papers of at most MAX_AUTHORS_FOR_EDGES authors (graph edges), so a record
            # made from a crowded paper shows none, and the same two bylines would tie or not
            # by which paper was stored first.
            evidence = (
                0 if crowded else candidate.coauthor_evidence(byline, position, common=common)
            )
            if alone and same_name and candidate.teams & bands:
                # The same collaboration (most of the same crowd of names), the same name.
                how, confidence = Authorship.MatchedBy.COAUTHOR, COAUTHOR_EVIDENCE
            elif coauthor_tie(evidence, common=common, crowded=crowded):
                how, confidence = (
                    Authorship.MatchedBy.COAUTHOR,
                    COAUTHOR_EVIDENCE if same_name else COAUTHOR_VARIANT,
                )
            elif (
                common and evidence and not crowded and same_name and candidate.categories & wanted
            ):
                # One uncommon colleague and the same arXiv category ("Meng He" with J. Ian
                # Munro in cs.DS): likely, not sure. Attached provisionally, so the curators'
                # "matches to check" lists it, rather than a new record nobody looks at.
                how, confidence = Authorship.MatchedBy.COAUTHOR, VARIANT_PROVISIONAL
            elif common:
                continue
            elif any(spelled_alike(norm, name) for name in candidate.names):
                # An uncommon name spelled out is rare: in its field, one person's.
                # Another field is another person as often as not (two Siddhartha Sens).
                if not fields(candidate.categories) & fields(wanted):
                    continue
                how, confidence = (
                    Authorship.MatchedBy.EXACT,
                    CATEGORY_EVIDENCE if same_name else VARIANT_PROVISIONAL,
                )
            elif len(compatible) != 1 or not fields(candidate.categories) & fields(wanted):
                continue
            elif candidate.categories & wanted and same_name and namesakes < COMMON_NAME_RECORDS:
                how, confidence = Authorship.MatchedBy.EXACT, CATEGORY_EVIDENCE
            elif self._fits_others(candidate):
                # The record itself fits another ("M. Shao" fits "Minghao Shao" as well as this
                # "Ming Shao"): seen from the byline the record is the only one, seen from the
                # record it is not, so joining would depend on which was stored first.
                continue
            else:
                # "D. Belazzougui" and the only record its initial fits, in its field.
                how, confidence = Authorship.MatchedBy.EXACT, VARIANT_PROVISIONAL
            found.append((candidate, how, confidence, evidence))
        return found, bool(compatible)

    def _assign(self, options, people, normalized, matches) -> None:
        """The assignment of names to candidates with the highest total confidence."""
        pool = list({id(c): c for opts in options.values() for c, *_ in opts}.values())
        rows = sorted(i for i in options if options[i])
        if rows and pool:
            index = {id(c): j for j, c in enumerate(pool)}
            cost = [[0.0] * len(pool) for _ in rows]
            for r, i in enumerate(rows):
                for candidate, _, confidence, evidence in options[i]:
                    # More shared co-authors, then more works, break ties: of two "Yan
                    # Zhang"s who both wrote with one colleague, the one who wrote with
                    # more of this byline, then the record people already know.
                    cost[r][index[id(candidate)]] = -(
                        confidence + min(evidence, 99) / 1e3 + min(candidate.works, 999) / 1e7
                    )
            for r, j in zip(*linear_sum_assignment(cost), strict=True):
                i = rows[r]
                chosen = next((o for o in options[i] if o[0] is pool[j]), None)
                if chosen is not None:
                    candidate, how, confidence, _ = chosen
                    matches[i] = Match(candidate, how, confidence, normalized[i], people[i])

    def _new(self, person: str, norm: str, *, beside_namesakes: bool) -> Match:
        confidence = NEW_BESIDE_NAMESAKES if beside_namesakes else NEW_UNIQUE_NAME
        candidate = Candidate(author_id=None, names={norm})
        self.by_key.setdefault(blocking_keys(person)[0], []).append(candidate)
        return Match(candidate, Authorship.MatchedBy.NEW, confidence, norm, person)


def name_keys(names) -> set[str]:
    """The blocking keys whose records a batch with these byline names reads and may add to.

    ``ingest.concurrency.lock_names`` locks them around the batch's decisions.
    """
    return {key for name in names for key in blocking_keys(_person(name) or name)}


def _person(name: str) -> str:
    """The person a byline name stands for: '' for a group, the X of 'X for the Y Collaboration'."""
    if is_group_name(name):
        return person_in_group_byline(name)
    return name


def fields(categories) -> set[str]:
    """The arXiv archives of these categories: 'cond-mat.str-el' and 'cond-mat.mes-hall' are
    one field, 'cond-mat'."""
    return {code.split(".")[0] for code in categories}
