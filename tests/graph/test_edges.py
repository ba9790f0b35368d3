"""Co-author edges: weights, re-ingest, the large-collaboration rule, and rebuilding after merge or split."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from graph.edges import paper_pairs, rebuild_author_edges
from graph.models import MAX_AUTHORS_FOR_EDGES, CoauthorEdge
from papers.models import Authorship
from profiles.models import Author
from tests.factories import AuthorFactory
from tests.feedgen import api_feed
from tests.graph.conftest import author, paper

pytestmark = pytest.mark.django_db


def edges() -> dict[tuple[str, str], tuple[float, int, int, int]]:
    """Every edge by the two names, as (weight, paper count, first year, last year).

    A name two records share gets the later record's id after it ("Alan Turing #12"),
    so two edges never fall on one key (which of them was kept depended on row order).
    """
    first = {}
    for pk, name in Author.objects.order_by("pk").values_list("pk", "display_name"):
        first.setdefault(name, pk)

    def label(a):
        return a.display_name if first[a.display_name] == a.pk else f"{a.display_name} #{a.pk}"

    return {
        tuple(sorted((label(e.author_a), label(e.author_b)))): (
            round(e.weight, 6), e.paper_count, e.first_year, e.last_year,
        )
        for e in CoauthorEdge.objects.select_related("author_a", "author_b")
    }  # fmt: skip


def test_a_pair_weighs_one_over_n_minus_one_per_shared_paper(lab):
    assert edges()[("Ada Lovelace", "Alan Turing")] == (round(1 + 0.5 + 1, 6), 3, 2022, 2024)
    assert edges()[("Ada Lovelace", "Grace Hopper")] == (1.5, 2, 2023, 2024)
    assert edges()[("Alan Turing", "Grace Hopper")] == (0.5, 1, 2023, 2023)


def test_the_same_feed_again_changes_no_edge(lab, ingest):
    before = edges()
    ingest(api_feed([paper(1, ["Ada Lovelace", "Alan Turing"], 2022)]))
    assert edges() == before


def test_a_new_paper_adds_to_the_pair_and_widens_its_years(lab, ingest):
    ingest(api_feed([paper(8, ["Ada Lovelace", "Edsger Dijkstra", "Grace Hopper"], 2026)]))
    assert edges()[("Ada Lovelace", "Edsger Dijkstra")] == (1.5, 2, 2021, 2026)
    assert edges()[("Edsger Dijkstra", "Grace Hopper")] == (0.5, 1, 2026, 2026)


def test_a_byline_past_the_limit_links_its_authors_but_adds_no_pair(ingest):
    names = [f"Physicist Number{i}" for i in range(MAX_AUTHORS_FOR_EDGES + 1)]
    ingest(api_feed([paper(1, names)]))
    assert Authorship.objects.filter(author__isnull=False).count() == len(names)
    assert CoauthorEdge.objects.count() == 0
    assert paper_pairs(list(range(MAX_AUTHORS_FOR_EDGES + 1))) == ([], 0.0)
    assert len(paper_pairs(list(range(MAX_AUTHORS_FOR_EDGES)))[0]) == 50 * 49 // 2


def _merge(loser: Author, survivor: Author):
    """What the curation flow does before calling rebuild_author_edges: move the bylines."""
    Authorship.objects.filter(author=loser).update(author=survivor)
    Author.objects.filter(pk=loser.pk).update(merged_into=survivor)


def test_rebuilding_after_a_merge_gives_the_survivor_every_edge(lab, ingest):
    ingest(
        api_feed([paper(9, ["Al Turing", "Grace Hopper"], 2020, ("cs.LG",))])
    )  # a nickname: a record of its own until a curator merges it
    loser, alan = author("Al Turing"), author("Alan Turing")
    _merge(loser, alan)

    touched = rebuild_author_edges([loser.pk, alan.pk])

    assert edges()[("Alan Turing", "Grace Hopper")] == (1.5, 2, 2020, 2023)
    assert not any("Al Turing" in pair for pair in edges())
    assert {loser.pk, alan.pk, author("Grace Hopper").pk} <= touched
    # Close collaborators are counted from these edges, so the counters follow.
    assert author("Alan Turing").close_collaborators_count == 3  # Ada, Grace and Barbara
    assert author("Al Turing").close_collaborators_count == 0
    # A co-author's count follows too: Grace had one work with each record, two with Alan now.
    assert author("Grace Hopper").close_collaborators_count == 2  # Ada and Alan


def test_rebuilding_after_a_split_moves_the_edges_with_the_bylines(lab):
    ada, alan = author("Ada Lovelace"), author("Alan Turing")
    other = AuthorFactory(display_name="Alan Turing (2)", normalized_name="alan turing")
    # Curators decide 2601.00003 was written by a namesake.
    Authorship.objects.filter(author=alan, paper__arxiv_id="2601.00003").update(author=other)

    rebuild_author_edges([alan.pk, other.pk])

    assert edges()[("Ada Lovelace", "Alan Turing")] == (1.5, 2, 2022, 2023)
    assert edges()[("Ada Lovelace", "Alan Turing (2)")] == (1.0, 1, 2024, 2024)
    assert author("Alan Turing").close_collaborators_count == 2  # Ada and Barbara
    assert Author.objects.get(pk=ada.pk).close_collaborators_count == 2  # Alan and Grace


def test_a_rebuild_reproduces_what_ingest_built(lab, ingest):
    names = [f"Big Team Member{i}" for i in range(MAX_AUTHORS_FOR_EDGES + 3)]
    ingest(api_feed([paper(20, ["Ada Lovelace", *names])]))  # past the limit: no pairs
    ingest(api_feed([paper(21, ["Ada Lovelace", "Alan Turing", "Alan Turing", "Grace Hopper"])]))
    before = edges()

    rebuild_author_edges(Author.objects.values_list("pk", flat=True))

    assert edges() == pytest.approx(before)


def test_a_rebuild_is_one_delete_and_one_insert_whatever_the_papers(lab):
    ids = list(Author.objects.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as captured:
        rebuild_author_edges(ids)
    statements = [q["sql"].split()[0] for q in captured.captured_queries]
    # The delete, the insert (a WITH ... INSERT) and the counters' refresh (a WITH ... UPDATE).
    assert [s for s in statements if s not in ("SAVEPOINT", "RELEASE")] == [
        "DELETE",
        "WITH",
        "WITH",
    ]


def test_a_rebuild_leaves_other_pairs_alone(lab):
    grace = author("Grace Hopper")
    with connection.cursor() as cursor:  # a pair the rebuild must not recompute
        cursor.execute("UPDATE graph_coauthoredge SET weight = 42 WHERE author_a_id <> %s "
                       "AND author_b_id <> %s", [grace.pk, grace.pk])  # fmt: skip
    rebuild_author_edges([grace.pk])
    assert edges()[("Ada Lovelace", "Alan Turing")][0] == 42
    assert edges()[("Ada Lovelace", "Grace Hopper")][0] == 1.5
