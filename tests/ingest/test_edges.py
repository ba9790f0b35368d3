"""Co-author edges: 1/(n-1) per shared paper, none for huge bylines, taken back on change."""

import pytest

from graph.models import MAX_AUTHORS_FOR_EDGES, CoauthorEdge
from papers.models import Authorship
from profiles.models import Author
from tests.factories import paper_record
from tests.feedgen import api_feed

pytestmark = pytest.mark.django_db


def _edge(name_a, name_b):
    a, b = sorted(Author.objects.get(display_name=n).id for n in (name_a, name_b))
    return CoauthorEdge.objects.get(author_a_id=a, author_b_id=b)


def test_each_shared_paper_adds_one_over_n_minus_one(ingest):
    ingest(
        api_feed(
            [
                paper_record(1, ["Ada Lovelace", "Alan Turing"]),
                paper_record(2, ["Ada Lovelace", "Alan Turing", "Grace Hopper"]),
            ]
        )
    )

    edge = _edge("Ada Lovelace", "Alan Turing")
    assert edge.paper_count == 2
    assert edge.weight == pytest.approx(1.0 + 0.5)
    assert _edge("Alan Turing", "Grace Hopper").weight == pytest.approx(0.5)
    assert (edge.first_year, edge.last_year) == (2026, 2026)


def test_close_collaborators_count_coauthors_on_two_or_more_works(ingest):
    ingest(
        api_feed(
            [
                paper_record(1, ["Ada Lovelace", "Alan Turing"]),
                paper_record(2, ["Ada Lovelace", "Alan Turing", "Grace Hopper"]),
            ]
        )
    )

    ada = Author.objects.get(display_name="Ada Lovelace")
    assert (ada.works_count, ada.close_collaborators_count) == (2, 1)


def test_a_huge_byline_links_its_authors_but_adds_no_pairs(ingest):
    names = [f"Physicist Number{i}" for i in range(MAX_AUTHORS_FOR_EDGES + 1)]
    ingest(api_feed([paper_record(1, names)]))

    assert Authorship.objects.filter(paper__arxiv_id="2601.00001").count() == len(names)
    assert CoauthorEdge.objects.count() == 0


def test_a_changed_byline_takes_its_old_edges_back(ingest):
    ingest(api_feed([paper_record(1, ["Ada Lovelace", "Alan Turing"])]))

    ingest(api_feed([paper_record(1, ["Ada Lovelace", "Grace Hopper"], version=2)]))

    assert Authorship.objects.filter(paper__arxiv_id="2601.00001").count() == 2
    pairs = {
        tuple(sorted((e.author_a.display_name, e.author_b.display_name)))
        for e in CoauthorEdge.objects.all()
    }
    assert pairs == {("Ada Lovelace", "Grace Hopper")}
    # Alan's record held only this byline: the run that emptied it removed it.
    assert not Author.objects.filter(display_name="Alan Turing").exists()
