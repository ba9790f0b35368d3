"""The neighbourhood of one author, bounded and ranked: people, papers, topics, institutions.

Ranking rules (each one breaks the ties of the one before; ids last, so the order is stable):

- **people**: the strongest collaborators by edge weight (each shared paper adds
  1/(n-1) of its n-name byline), then the most recent shared year, then id; at most
  ``people`` of them (MAX_PEOPLE). A hub with 3,000 co-authors costs one sort of
  3,000 edge rows, and only the chosen ones are joined to their records.
- **papers**: first the author's own works, those naming the most of the chosen
  people first, then the newest (at most ``own_papers``); then *nearby* works: the
  newest works of the NEARBY_PEOPLE strongest collaborators without the author in
  one of the author's topics, at most NEARBY_PER_PERSON each, taken in people's
  rank order, until there are ``papers`` (MAX_PAPERS) in all. "Newest" is read
  from each collaborator's papers.queries.AUTHOR_SCAN most recently added works, so
  a prolific collaborator costs what anyone does.
- **topics**: the arXiv categories of the author's works (cross-lists included),
  most works first, with their share of works; at most ``topics``.
- **institutions**: the author's and the chosen people's, most people first, then name.

"Close collaborators" are co-authors on at least CLOSE_COLLABORATOR_MIN_PAPERS
works, read from the same edges ``profiles.metrics`` counts: one rule, so the
slice and the trust snapshot agree.

A year range keeps collaborations whose years overlap it and works published in it.
Every query is bounded, and their number does not depend on the graph: five
(people; the edges among them; the author's works, read once for topics and
papers; nearby works; who is on which paper).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph import cache
from graph.nodes import (
    AUTHORED,
    COAUTHOR,
    EVERYTHING,
    IN_TOPIC,
    INSTITUTION,
    KINDS,
    MEMBER,
    PAPER,
    PERSON,
    TOPIC,
    Edge,
    Filters,
    Node,
    institution_node,
    paper_node,
    person_node,
    plural,
    topic_node,
    year_span,
)
from graph.queries import (
    bylines_between,
    edges_among,
    nearby_papers,
    own_works,
    strongest_collaborators,
)
from profiles.metrics import CLOSE_COLLABORATOR_MIN_PAPERS
from profiles.models import Author

MAX_PEOPLE = 25
MAX_PAPERS = 30
MAX_OWN_PAPERS = 18
NEARBY_PER_PERSON = 2
NEARBY_PEOPLE = 8  # nearby works come from this many of the strongest collaborators
MAX_TOPICS = 8
MAX_INSTITUTIONS = 8


@dataclass(frozen=True)
class Bounds:
    """How much of the neighbourhood one slice holds."""

    people: int = MAX_PEOPLE
    papers: int = MAX_PAPERS
    own_papers: int = MAX_OWN_PAPERS
    topics: int = MAX_TOPICS
    institutions: int = MAX_INSTITUTIONS


DEFAULT_BOUNDS = Bounds()


@dataclass
class EgoSlice:
    """One author's neighbourhood: the focus node, the four lists, and the edges between them."""

    focus: Node
    people: list[Node] = field(default_factory=list)
    papers: list[Node] = field(default_factory=list)
    topics: list[Node] = field(default_factory=list)
    institutions: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    collaborators_total: int = 0  # every co-author with an edge (in the year range)
    close_total: int = 0  # those with CLOSE_COLLABORATOR_MIN_PAPERS or more shared works
    filters: Filters = field(default_factory=Filters)

    @property
    def nodes(self) -> list[Node]:
        return [self.focus, *self.people, *self.papers, *self.topics, *self.institutions]


def cached_slice(author: Author) -> EgoSlice:
    """The unfiltered ``build_slice``, from the cache while the author's graph holds.

    The profile's panel and the unfiltered explorer both start from it (each lays out
    its own copy); a filtered explorer view is cached whole, as its own entry.
    """
    return cache.cached(author, f"slice:{EVERYTHING.key}", lambda: build_slice(author))


def build_slice(author: Author, bounds: Bounds = DEFAULT_BOUNDS, filters: Filters = EVERYTHING):
    """The ranked, bounded neighbourhood of ``author`` (see the module's rules)."""
    focus = person_node(
        {
            "id": author.pk,
            "slug": author.slug,
            "display_name": author.display_name,
            "works_count": author.works_count,
            "primary_category": author.primary_category,
            "institution_id": author.institution_id,
            "institution_name": author.institution.name if author.institution_id else "",
        },
        focus=True,
    )
    focus.size = 1.0
    focus.detail = plural(author.works_count, "work")
    ego = EgoSlice(focus=focus, filters=filters)
    kinds = filters.kinds

    rows = strongest_collaborators(author.pk, bounds.people, filters)
    if rows:
        ego.collaborators_total, ego.close_total = rows[0]["total"], rows[0]["close_total"]
    strongest = max((r["weight"] for r in rows), default=1.0) or 1.0
    people: dict[int, Node] = {}
    for row in rows:
        person = person_node(row)
        person.size = (row["weight"] / strongest) ** 0.5
        person.year = row["last_year"]
        person.close = row["paper_count"] >= CLOSE_COLLABORATOR_MIN_PAPERS
        span = year_span(row["first_year"], row["last_year"])
        person.detail = plural(row["paper_count"], "shared work") + (f" · {span}" if span else "")
        person.facts[:0] = [("Shared works", f"{row['paper_count']:,}")]
        people[row["id"]] = person
        ego.edges.append(
            Edge(focus.id, person.id, COAUTHOR, row["weight"] / strongest, person.detail)
        )
    for row in edges_among(list(people)):
        a, b = people[row["a"]], people[row["b"]]
        ego.edges.append(
            Edge(a.id, b.id, COAUTHOR, min(1.0, row["weight"] / strongest),
                 plural(row["paper_count"], "shared work"))
        )  # fmt: skip

    topic_rows, own_rows = own_works(
        author.pk, list(people), topics=bounds.topics, own=bounds.own_papers, filters=filters
    )
    topics = {}
    for row in topic_rows:
        topic = topic_node(row["code"], row["name"])
        share = row["works"] / row["total"] if row["total"] else 0
        topic.size = share**0.5
        topic.detail = f"{share:.0%} of works ({row['works']:,})"
        topic.facts = [("Share of works", f"{share:.0%}"), ("Works", f"{row['works']:,}")]
        topics[row["code"]] = topic
        ego.edges.append(Edge(focus.id, topic.id, IN_TOPIC, share, topic.detail))

    papers: dict[int, Node] = {}
    if PAPER in kinds and bounds.papers:
        for row in own_rows:
            papers[row["id"]] = paper_node(row)
        nearby_from = list(people)[:NEARBY_PEOPLE]
        for row in nearby_papers(author.pk, nearby_from, list(topics), NEARBY_PER_PERSON, filters):
            if len(papers) >= bounds.papers:
                break
            papers.setdefault(row["id"], paper_node(row))
        names = {focus.pk: focus, **people}
        on_paper: dict[int, list[Node]] = {}
        for paper_pk, person_pk in sorted(bylines_between(list(papers), list(names))):
            on_paper.setdefault(paper_pk, []).append(names[person_pk])
        most = max((len(v) for v in on_paper.values()), default=1)
        for paper_pk, paper in papers.items():
            authors = on_paper.get(paper_pk, [])
            paper.size = 0.25 + 0.75 * len(authors) / most
            paper.detail = _paper_detail(paper, authors)
            for person in authors:
                ego.edges.append(Edge(person.id, paper.id, AUTHORED, 0.2))
            if paper.category in topics:
                ego.edges.append(Edge(paper.id, topics[paper.category].id, IN_TOPIC, 0.15))

    for person in people.values():
        if person.category in topics:
            ego.edges.append(Edge(person.id, topics[person.category].id, IN_TOPIC, 0.15))

    institutions: dict[int, tuple[Node, list[Node]]] = {}
    for person in [focus, *people.values()]:
        if person.institution:
            pk, name = person.institution
            institutions.setdefault(pk, (institution_node(pk, name), []))[1].append(person)
    ranked = sorted(
        institutions.values(), key=lambda item: (-len(item[1]), item[0].label, item[0].pk)
    )[: bounds.institutions]
    most = max((len(m) for _, m in ranked), default=1)
    for node, who in ranked:
        node.size = 0.3 + 0.7 * len(who) / most
        names = [p.short for p in who]
        node.detail = plural(len(who), "person", "people") + ": " + ", ".join(names[:4])
        node.facts = [("People in this slice", str(len(who)))]
        for person in who:
            ego.edges.append(Edge(person.id, node.id, MEMBER, 0.2))

    ego.people = list(people.values())
    ego.papers = list(papers.values())
    ego.topics = list(topics.values())
    ego.institutions = [node for node, _ in ranked]
    return keep_kinds(ego, kinds)


def _paper_detail(paper: Node, authors: list[Node]) -> str:
    """'2024 · shared with A. Turing, G. Hopper', '2023 · own work' or '2025 · nearby: by A. Turing'."""
    mine = any(a.focus for a in authors)
    others = [a.short for a in authors if not a.focus]
    names = ", ".join(others[:3]) + (" and others" if len(others) > 3 else "")
    if mine and others:
        what = f"shared with {names}"
    elif mine:
        what = "own work"
    else:
        what = f"nearby: by {names}" if names else "nearby"
    return f"{paper.year} · {what}" if paper.year else what


def keep_kinds(ego: EgoSlice, kinds) -> EgoSlice:
    """Drop the nodes of kinds not asked for, and their edges; the focus always stays."""
    if set(kinds) >= set(KINDS):
        return ego
    if PERSON not in kinds:
        ego.people = []
    if TOPIC not in kinds:
        ego.topics = []
    if INSTITUTION not in kinds:
        ego.institutions = []
    if PAPER not in kinds:
        ego.papers = []
    present = {n.id for n in ego.nodes}
    ego.edges = [e for e in ego.edges if e.source in present and e.target in present]
    return ego


def subset(ego: EgoSlice, bounds: Bounds) -> EgoSlice:
    """The first of each ranked list, for a smaller picture of the same slice.

    Papers: the author's own first (at most ``bounds.own_papers``), then nearby ones
    by the people kept, so no paper is left hanging without its author.
    """
    people = ego.people[: bounds.people]
    kept = {ego.focus.id, *(p.id for p in people)}
    linked: dict[str, set[str]] = {}
    for edge in ego.edges:
        if edge.kind == AUTHORED:
            linked.setdefault(edge.target, set()).add(edge.source)
    own = [p for p in ego.papers if ego.focus.id in linked.get(p.id, ())][: bounds.own_papers]
    nearby = [
        p for p in ego.papers
        if ego.focus.id not in linked.get(p.id, ()) and linked.get(p.id, set()) & kept
    ]  # fmt: skip
    papers = own + nearby[: max(0, bounds.papers - len(own))]
    small = EgoSlice(
        focus=ego.focus,
        people=people,
        papers=papers,
        topics=ego.topics[: bounds.topics],
        institutions=[
            i for i in ego.institutions
            if any(e.target == i.id and e.source in kept for e in ego.edges)
        ][: bounds.institutions],
        collaborators_total=ego.collaborators_total,
        close_total=ego.close_total,
        filters=ego.filters,
    )  # fmt: skip
    present = {n.id for n in small.nodes}
    small.edges = [e for e in ego.edges if e.source in present and e.target in present]
    return small
