"""What expanding a node adds to the explorer: its neighbours, bounded and ranked.

- a **person**: their strongest collaborators (EXPAND_PEOPLE, the slice's ranking),
  their newest works (EXPAND_PAPERS, read as the slice reads nearby papers), and
  their institution;
- a **paper**: the people on its byline in byline order (PAPER_AUTHORS; group
  names are not people) and its categories;
- a **topic**: the newest works in that category by the people already in view
  (TOPIC_PAPERS), "what is around here in this field";
- an **institution**: its researchers, most works first (INSTITUTION_PEOPLE).

Co-author edges between the new people and those already in view come along,
so an expansion shows how the new part joins the old. Two to four queries, none
of them growing with the size of the graph.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.nodes import (
    AUTHORED,
    COAUTHOR,
    EVERYTHING,
    IN_TOPIC,
    INSTITUTION,
    MEMBER,
    PAPER,
    PERSON,
    TOPIC,
    Edge,
    Filters,
    Node,
    institution_node,
    paper_node,
    parse_node_id,
    person_node,
    plural,
    topic_node,
    year_span,
)
from graph.queries import (
    PERSON_COLUMNS,
    bylines_between,
    edges_among,
    paper_years,
    recent_works,
    rows_of,
    strongest_collaborators,
)

EXPAND_PEOPLE = 12
EXPAND_PAPERS = 6
PAPER_AUTHORS = 15
TOPIC_PAPERS = 10
INSTITUTION_PEOPLE = 12
# How many people an expansion of each kind lists at most (the explorer says when there are more).
EXPAND_SHOWN = {PERSON: EXPAND_PEOPLE, PAPER: PAPER_AUTHORS, INSTITUTION: INSTITUTION_PEOPLE}


@dataclass
class Neighbourhood:
    """The nodes and edges one expansion adds (no positions: graph.layout places them)."""

    node: Node
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    total: int = 0  # neighbours there are (people for a person or institution, bylines for a paper)
    what: str = ""  # what they are: "co-authors", "authors", "researchers"

    @property
    def more(self) -> int:
        """Neighbours left out by the bound."""
        return max(0, self.total - EXPAND_SHOWN.get(self.node.kind, self.total))


def find_node(node_id: str) -> Node | None:
    """The node an id names, looked up in one query; None when there is no such thing."""
    kind, key = parse_node_id(node_id)
    if kind == PERSON:
        rows = rows_of(
            f"""
            SELECT {PERSON_COLUMNS} FROM profiles_author a
            LEFT JOIN profiles_institution i ON i.id = a.institution_id
            WHERE a.slug = %s AND a.merged_into_id IS NULL
            """,
            [key],
        )
        return person_node(rows[0]) if rows else None
    if kind == PAPER:
        rows = rows_of(
            """
            SELECT id, arxiv_id, title, published, primary_category_id, author_count
            FROM papers_paper WHERE arxiv_id = %s
            """,
            [key],
        )
        return paper_node(rows[0]) if rows else None
    if kind == TOPIC:
        rows = rows_of("SELECT code, name FROM papers_category WHERE code = %s", [key])
        return topic_node(rows[0]["code"], rows[0]["name"]) if rows else None
    rows = rows_of("SELECT id, name FROM profiles_institution WHERE id = %s", [int(key)])
    return institution_node(rows[0]["id"], rows[0]["name"]) if rows else None


def neighbours(node: Node, *, in_view: dict[int, Node], filters: Filters = EVERYTHING):
    """The expansion of ``node``; ``in_view`` maps author ids already drawn to their nodes."""
    expand = {
        PERSON: _person,
        PAPER: _paper,
        TOPIC: _topic,
        INSTITUTION: _institution,
    }[node.kind]
    found = expand(node, in_view, filters)
    shown = filters.kinds
    found.nodes = [n for n in found.nodes if n.kind in shown]
    keep = {n.id for n in found.nodes} | {node.id} | {n.id for n in in_view.values()}
    found.edges = [e for e in found.edges if e.source in keep and e.target in keep]
    return found


def _joining_edges(new: dict[int, Node], in_view: dict[int, Node]) -> list[Edge]:
    """Co-author edges from the new people to each other and to the people in view."""
    everyone = {**in_view, **new}
    edges = []
    for row in edges_among(list(everyone)):
        if row["a"] in new or row["b"] in new:
            a, b = everyone[row["a"]], everyone[row["b"]]
            strength = min(1.0, row["weight"] / 2)
            detail = plural(row["paper_count"], "shared work")
            edges.append(Edge(a.id, b.id, COAUTHOR, strength, detail))
    return edges


def _person(node: Node, in_view, filters) -> Neighbourhood:
    found = Neighbourhood(node)
    rows = strongest_collaborators(node.pk, EXPAND_PEOPLE, filters)
    strongest = max((r["weight"] for r in rows), default=1.0) or 1.0
    new: dict[int, Node] = {}
    for row in rows:
        person = in_view.get(row["id"]) or person_node(row)
        if row["id"] not in in_view:
            person.size = (row["weight"] / strongest) ** 0.5 * 0.8
            person.close = False  # "close" is about the focus, not the expanded node
            span = year_span(row["first_year"], row["last_year"])
            person.detail = f"{plural(row['paper_count'], 'shared work')} with {node.short}" + (
                f" · {span}" if span else ""
            )
            new[row["id"]] = person
            found.nodes.append(person)
        found.edges.append(
            Edge(node.id, person.id, COAUTHOR, row["weight"] / strongest,
                 plural(row["paper_count"], "shared work"))
        )  # fmt: skip
    found.total, found.what = (rows[0]["total"] if rows else 0), "co-authors"
    found.edges += [e for e in _joining_edges(new, in_view) if node.id not in (e.source, e.target)]
    people = {**in_view, **new, node.pk: node}
    papers = {}
    if PAPER in filters.kinds:
        for row in recent_works(node.pk, EXPAND_PAPERS, filters):
            paper = paper_node(row)
            paper.size = 0.4
            paper.detail = f"{paper.year} · by {node.short}" if paper.year else f"by {node.short}"
            papers[row["id"]] = paper
            found.nodes.append(paper)
        for paper_pk, person_pk in bylines_between(list(papers), list(people)):
            found.edges.append(Edge(people[person_pk].id, papers[paper_pk].id, AUTHORED, 0.2))
    if node.institution:
        pk, name = node.institution
        place = institution_node(pk, name)
        place.size, place.detail = 0.5, f"{node.short}'s institution"
        found.nodes.append(place)
        found.edges.append(Edge(node.id, place.id, MEMBER, 0.2))
    return found


def _paper(node: Node, in_view, filters) -> Neighbourhood:
    found = Neighbourhood(node)
    rows = rows_of(
        f"""
        SELECT {PERSON_COLUMNS}, s.position, count(*) OVER () AS total
        FROM papers_authorship s
        JOIN profiles_author a ON a.id = s.author_id
        LEFT JOIN profiles_institution i ON i.id = a.institution_id
        WHERE s.paper_id = %s
        ORDER BY s.position
        LIMIT %s
        """,
        [node.pk, PAPER_AUTHORS],
    )
    new: dict[int, Node] = {}
    for row in rows:
        person = in_view.get(row["id"])
        if person is None and row["id"] not in new:
            person = person_node(row)
            person.size = 0.35
            person.detail = f"author no. {row['position'] + 1} of {node.short}"
            new[row["id"]] = person
            found.nodes.append(person)
        person = person or new[row["id"]]
        found.edges.append(Edge(person.id, node.id, AUTHORED, 0.25))
    found.total, found.what = (rows[0]["total"] if rows else 0), "named authors"
    found.edges += _joining_edges(new, in_view)
    categories = rows_of(
        """
        SELECT u.code, COALESCE(c.name, u.code) AS name
        FROM papers_paper p CROSS JOIN unnest(p.categories) WITH ORDINALITY AS u(code, n)
        LEFT JOIN papers_category c ON c.code = u.code
        WHERE p.id = %s ORDER BY u.n
        """,
        [node.pk],
    )
    for row in categories:
        topic = topic_node(row["code"], row["name"])
        topic.size, topic.detail = 0.4, "a category of this paper"
        found.nodes.append(topic)
        found.edges.append(Edge(node.id, topic.id, IN_TOPIC, 0.3))
    return found


def _topic(node: Node, in_view, filters) -> Neighbourhood:
    found = Neighbourhood(node)
    code = node.id.partition(":")[2]
    people = list(in_view)
    if not people:
        return found
    rows = rows_of(
        f"""
        SELECT p.id, p.arxiv_id, p.title, p.published, p.primary_category_id, p.author_count
        FROM papers_paper p
        WHERE p.id IN (SELECT paper_id FROM papers_authorship WHERE author_id = ANY(%(people)s))
          AND p.categories @> ARRAY[%(code)s]::varchar[] AND NOT p.withdrawn{paper_years(filters)}
        ORDER BY p.published DESC NULLS LAST, p.id DESC
        LIMIT %(limit)s
        """,
        {
            "people": people,
            "code": code,
            "limit": TOPIC_PAPERS,
            "from": filters.year_from,
            "to": filters.year_to,
        },
    )
    papers = {}
    for row in rows:
        paper = paper_node(row)
        paper.size = 0.4
        paper.detail = f"{paper.year} · in {code}" if paper.year else f"in {code}"
        papers[row["id"]] = paper
        found.nodes.append(paper)
        found.edges.append(Edge(paper.id, node.id, IN_TOPIC, 0.3))
    for paper_pk, person_pk in bylines_between(list(papers), people):
        found.edges.append(Edge(in_view[person_pk].id, papers[paper_pk].id, AUTHORED, 0.2))
    return found


def _institution(node: Node, in_view, filters) -> Neighbourhood:
    found = Neighbourhood(node)
    rows = rows_of(
        f"""
        SELECT {PERSON_COLUMNS}, count(*) OVER () AS total
        FROM profiles_author a
        LEFT JOIN profiles_institution i ON i.id = a.institution_id
        WHERE a.institution_id = %s AND a.merged_into_id IS NULL AND a.works_count > 0
        ORDER BY a.works_count DESC, a.id
        LIMIT %s
        """,
        [node.pk, INSTITUTION_PEOPLE],
    )
    most = max((r["works_count"] for r in rows), default=1) or 1
    new: dict[int, Node] = {}
    for row in rows:
        person = in_view.get(row["id"])
        if person is None:
            person = person_node(row)
            person.size = 0.3 + 0.5 * (row["works_count"] / most) ** 0.5
            person.detail = f"{plural(row['works_count'], 'work')} · at {node.short}"
            new[row["id"]] = person
            found.nodes.append(person)
        found.edges.append(Edge(person.id, node.id, MEMBER, 0.2))
    found.total, found.what = (rows[0]["total"] if rows else 0), "researchers"
    found.edges += _joining_edges(new, in_view)
    return found
