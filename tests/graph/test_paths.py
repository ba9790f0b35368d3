"""How are two researchers connected: the shortest co-author path, searched from both ends, bounded."""

import pytest

from graph.models import CoauthorEdge
from graph.paths import shortest_path
from profiles.models import Author
from tests.factories import AuthorFactory

pytestmark = pytest.mark.django_db


def people(*names):
    return {name: AuthorFactory(display_name=name) for name in names}


def link(a, b, weight=1.0, papers=1):
    a, b = sorted((a, b), key=lambda x: x.pk)
    CoauthorEdge.objects.create(author_a=a, author_b=b, weight=weight, paper_count=papers,
                                first_year=2020, last_year=2024)  # fmt: skip


def names(result, everyone):
    by_id = {a.pk: name for name, a in everyone.items()}
    return [by_id[pk] for pk in result.author_ids]


def test_a_chain_is_found_end_to_end_with_each_hop(db):
    p = people("Ada", "Bob", "Cy", "Dee", "Eve")
    for a, b in [("Ada", "Bob"), ("Bob", "Cy"), ("Cy", "Dee"), ("Dee", "Eve")]:
        link(p[a], p[b], papers=2)
    result = shortest_path(p["Ada"].pk, p["Eve"].pk)
    assert result.found and names(result, p) == ["Ada", "Bob", "Cy", "Dee", "Eve"]
    assert result.length == 4
    assert [(h["a"], h["b"], h["paper_count"]) for h in result.hops] == [
        (p["Ada"].pk, p["Bob"].pk, 2), (p["Bob"].pk, p["Cy"].pk, 2),
        (p["Cy"].pk, p["Dee"].pk, 2), (p["Dee"].pk, p["Eve"].pk, 2),
    ]  # fmt: skip


def test_the_shortest_route_wins_over_a_longer_one(db):
    p = people("Ada", "Bob", "Cy", "Dee", "Eve")
    for a, b in [("Ada", "Bob"), ("Bob", "Cy"), ("Cy", "Dee"), ("Dee", "Eve"), ("Ada", "Eve")]:
        link(p[a], p[b])
    assert names(shortest_path(p["Ada"].pk, p["Eve"].pk), p) == ["Ada", "Eve"]


def test_among_equally_short_routes_the_strongest_ties_win(db):
    p = people("Ada", "Weak", "Strong", "Zed")
    link(p["Ada"], p["Weak"], 0.2)
    link(p["Weak"], p["Zed"], 0.2)
    link(p["Ada"], p["Strong"], 3.0)
    link(p["Strong"], p["Zed"], 3.0)
    assert names(shortest_path(p["Ada"].pk, p["Zed"].pk), p) == ["Ada", "Strong", "Zed"]
    assert names(shortest_path(p["Zed"].pk, p["Ada"].pk), p) == ["Zed", "Strong", "Ada"]


def test_unconnected_researchers_have_no_path(db):
    p = people("Ada", "Bob", "Cy", "Dee")
    link(p["Ada"], p["Bob"])
    link(p["Cy"], p["Dee"])
    result = shortest_path(p["Ada"].pk, p["Dee"].pk)
    assert not result.found and result.author_ids == []
    assert result.reason == "they are not connected through co-authors we know of"


def test_the_search_stops_at_its_depth(db):
    chain = people(*[f"P{i}" for i in range(9)])
    for i in range(8):
        link(chain[f"P{i}"], chain[f"P{i + 1}"])
    assert not shortest_path(chain["P0"].pk, chain["P8"].pk, max_depth=6).found
    assert shortest_path(chain["P0"].pk, chain["P8"].pk, max_depth=8).length == 8
    assert shortest_path(chain["P0"].pk, chain["P8"].pk, max_depth=6).reason == (
        "no co-author path within 6 steps"
    )


def test_a_huge_neighbourhood_is_not_searched_to_the_end(db):
    p = people("Ada", "Zed")
    crowd = Author.objects.bulk_create(
        Author(slug=f"c{i}", display_name=f"C{i}", normalized_name=f"c{i}") for i in range(50)
    )
    for person in crowd:
        link(p["Ada"], person)
    result = shortest_path(p["Ada"].pk, p["Zed"].pk, max_frontier=20)
    assert not result.found and "too many researchers" in result.reason


def test_a_researcher_is_zero_steps_from_themselves(db):
    p = people("Ada")
    result = shortest_path(p["Ada"].pk, p["Ada"].pk)
    assert result.found and result.length == 0 and result.author_ids == [p["Ada"].pk]
