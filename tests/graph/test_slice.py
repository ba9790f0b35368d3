"""The ego slice: who is in it, in what order, bounded, and as many queries for a hub as for anyone."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from graph.models import CoauthorEdge
from graph.slice import (
    MAX_PAPERS,
    MAX_PEOPLE,
    Bounds,
    Filters,
    build_slice,
    subset,
)
from profiles.queries import author_by_slug
from tests.factories import AuthorFactory
from tests.feedgen import api_feed
from tests.graph.conftest import author, paper

pytestmark = pytest.mark.django_db


def labels(nodes):
    return [n.label for n in nodes]


def test_people_come_strongest_first(lab):
    ego = build_slice(lab)
    # Alan: 1 + 1/2 + 1 = 2.5; Grace: 1/2 + 1 = 1.5; Edsger: 1.
    assert labels(ego.people) == ["Alan Turing", "Grace Hopper", "Edsger Dijkstra"]
    assert ego.people[0].detail == "3 shared works · 2022–2024"
    assert [p.size for p in ego.people] == sorted((p.size for p in ego.people), reverse=True)


def test_equal_weights_go_to_the_most_recent_then_the_lowest_id(db):
    centre = AuthorFactory(slug="c", display_name="Centre")
    old, new, twin = (AuthorFactory(display_name=s) for s in ("Old", "New", "Twin"))
    for other, last in ((old, 2010), (new, 2024), (twin, 2024)):
        CoauthorEdge.objects.create(author_a=centre, author_b=other, weight=1, paper_count=1,
                                    first_year=2010, last_year=last)  # fmt: skip
    assert labels(build_slice(centre).people) == ["New", "Twin", "Old"]


def test_close_collaborators_follow_the_trust_snapshot_rule(lab):
    ego = build_slice(lab)
    assert [p.label for p in ego.people if p.close] == ["Alan Turing", "Grace Hopper"]
    assert ego.close_total == lab.close_collaborators_count == 2
    assert ego.collaborators_total == 3


def test_papers_shared_with_the_most_people_come_first_then_nearby_ones(lab):
    ego = build_slice(lab)
    ids = [p.id for p in ego.papers]
    # Own works: 00002 names Alan and Grace; then one name each, newest first.
    assert ids[:5] == ["paper:2601.00002", "paper:2601.00004", "paper:2601.00003",
                       "paper:2601.00001", "paper:2601.00005"]  # fmt: skip
    # Alan's work without Ada, in one of Ada's topics; his hep-th paper is not nearby.
    assert ids[5:] == ["paper:2601.00006"]
    nearby = ego.papers[5]
    assert nearby.detail == "2025 · nearby: by Alan Turing"
    assert ego.papers[0].detail == "2023 · shared with Alan Turing, Grace Hopper"


def test_topics_carry_their_share_of_works(lab):
    ego = build_slice(lab)
    assert [(t.short, t.detail) for t in ego.topics] == [
        ("cs.DS", "80% of works (4)"),
        ("cs.LG", "40% of works (2)"),
        ("math.CO", "20% of works (1)"),
    ]
    assert ego.topics[0].label.startswith("cs.DS · ")


def test_institutions_come_from_the_author_and_the_people(lab):
    ego = build_slice(lab)
    assert [(i.label, i.detail) for i in ego.institutions] == [
        ("University of Cambridge", "2 people: Ada Lovelace, Alan Turing"),
        ("Yale University", "1 person: Grace Hopper"),
    ]


def test_a_year_range_keeps_collaborations_and_works_inside_it(lab):
    ego = build_slice(lab, filters=Filters(year_from=2024, year_to=2024))
    assert labels(ego.people) == ["Alan Turing", "Grace Hopper"]  # Edsger's only work is 2021
    assert {p.year for p in ego.papers} == {2024, 2025} - {2025}
    assert [t.short for t in ego.topics] == ["cs.DS", "cs.LG"]


def test_kinds_not_asked_for_leave_with_their_edges(lab):
    ego = build_slice(lab, filters=Filters(kinds=frozenset({"person", "topic"})))
    assert ego.papers == [] and ego.institutions == []
    kept = {n.id for n in ego.nodes}
    assert all(e.source in kept and e.target in kept for e in ego.edges)
    assert ego.people and ego.topics


@pytest.mark.scale
def test_a_hub_with_3000_coauthors_gets_a_bounded_slice(hub):
    ego = build_slice(hub)
    assert len(ego.people) == MAX_PEOPLE and len(ego.papers) <= MAX_PAPERS
    assert ego.collaborators_total == 3000
    weights = [e.strength for e in ego.edges if e.source == ego.focus.id and e.kind == "coauthor"]
    assert weights == sorted(weights, reverse=True) and weights[0] == 1.0
    assert [i.label for i in ego.institutions] == ["Big Lab"]


def test_the_number_of_queries_does_not_grow_with_the_graph(lab, ingest):
    def count():
        with CaptureQueriesContext(connection) as captured:
            ego = build_slice(author_by_slug(lab.slug)[0])
        return len(captured), len(ego.nodes)

    small, few = count()
    # Forty more works with sixty more co-authors and their own papers.
    ingest(api_feed([paper(100 + n, ["Ada Lovelace", f"Helper Number{n}", f"Other Person{n}"])
                     for n in range(30)]))  # fmt: skip
    ingest(api_feed([paper(200 + n, [f"Helper Number{n}", "Someone Else"]) for n in range(10)]))
    big, many = count()
    assert many > few and small == big == 6  # the author, then five for the slice


def test_the_picture_keeps_the_strongest_and_papers_with_their_people(lab):
    ego = build_slice(lab)
    small = subset(ego, Bounds(people=1, papers=3, own_papers=2, topics=1, institutions=1))
    assert labels(small.people) == ["Alan Turing"]
    assert [p.id for p in small.papers] == ["paper:2601.00002", "paper:2601.00004",
                                            "paper:2601.00006"]  # fmt: skip
    present = {n.id for n in small.nodes}
    assert all(e.source in present and e.target in present for e in small.edges)


def test_an_author_without_coauthors_has_works_and_topics_only(ingest):
    ingest(api_feed([paper(1, ["Solo Writer"]), paper(2, ["Solo Writer"], 2025)]))
    ego = build_slice(author("Solo Writer"))
    assert ego.people == [] and len(ego.papers) == 2 and ego.collaborators_total == 0
    assert all(p.detail.endswith("own work") for p in ego.papers)
