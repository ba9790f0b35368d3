"""Search: researchers by folded name, papers by words, exact ids and DOIs, odd queries, live results."""

import re

import pytest

from ingest.records import AuthorRecord
from tests.feedgen import api_feed, make_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(ingest):
    ingest(
        api_feed(
            [
                make_record(1, title="Succinct Wheeler Graphs", abstract="We index Wheeler graphs in small space.",
                            authors=[AuthorRecord("Jürgen Müller"), AuthorRecord("Travis Gagie")]),
                make_record(2, title="Graph Learning at Scale", abstract="Message passing on graphs, briefly mentioning Wheeler.",
                            authors=[AuthorRecord("Ada Lovelace")], doi="10.1103/PhysRevD.95.123"),
                make_record(3, title="Protein Folding", abstract="Nothing about the other topics.",
                            authors=[AuthorRecord("Dorothy Hodgkin")], categories=["q-bio.BM"], primary_category="q-bio.BM"),
            ]
        )
    )  # fmt: skip


def _people(html):
    return re.findall(r'<a class="name" href="[^"]+">([^<]+)</a>', html)


def _papers(html):
    return re.findall(r'<h3 class="paper-title"><a href="[^"]+">([^<]+)</a>', html)


def test_accents_are_folded_in_names(client, corpus):
    assert _people(client.get("/search/", {"q": "Muller"}).content.decode()) == ["Jürgen Müller"]
    # A close spelling matches too (the German transliteration); a garbled one does not.
    assert _people(client.get("/search/", {"q": "jurgen mueller"}).content.decode()) == [
        "Jürgen Müller"
    ]
    assert _people(client.get("/search/", {"q": "Gaige"}).content.decode()) == []
    assert _people(client.get("/search/", {"q": "gagie"}).content.decode()) == ["Travis Gagie"]


def test_papers_are_ranked_title_first(client, corpus):
    titles = _papers(client.get("/search/", {"q": "wheeler"}).content.decode())
    assert titles == ["Succinct Wheeler Graphs", "Graph Learning at Scale"]


def test_papers_are_found_by_author_name_too(client, corpus):
    assert _papers(
        client.get("/search/", {"q": "Lovelace", "kind": "papers"}).content.decode()
    ) == ["Graph Learning at Scale"]


def test_filters_by_kind_category_and_year(client, corpus):
    html = client.get("/search/", {"q": "graphs", "kind": "people"}).content.decode()
    assert _papers(html) == []
    assert (
        _papers(client.get("/search/", {"q": "folding", "category": "cs.LG"}).content.decode())
        == []
    )
    assert _papers(client.get("/search/", {"q": "folding", "year": 2026}).content.decode()) == [
        "Protein Folding"
    ]
    assert _papers(client.get("/search/", {"q": "folding", "year": 2019}).content.decode()) == []


@pytest.mark.parametrize(
    "q", ["2601.00002", "arXiv:2601.00002v1", "https://doi.org/10.1103/physrevd.95.123"]
)
def test_ids_and_dois_go_straight_to_the_paper(client, corpus, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 302 and response["Location"] == "/papers/2601.00002/"


@pytest.mark.parametrize(
    "q", ["", "%", "_", "'", '"', "!!!", "()", "a & b | c", "x" * 10_000, "\\", "<script>"]
)
def test_odd_queries_get_a_page_not_a_500(client, corpus, q):
    response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    if len(q) > 300:
        assert "only its first 300 characters were used" in html
    assert "<script>" not in html.split("<main", 1)[1]


def test_live_results_are_a_fragment(client, corpus):
    html = client.get(
        "/search/", {"q": "wheel"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="search-live"
    ).content.decode()
    assert "<html" not in html and 'role="listbox"' in html
    assert "All results for" in html


def test_search_query_count_is_small(client, corpus, django_assert_max_num_queries):
    # Close spellings, then looser ones (few close ones here), papers, bylines, authors, categories.
    with django_assert_max_num_queries(6):
        client.get("/search/", {"q": "graphs"})


def test_researchers_with_affiliations_cost_no_query_each(
    client, ingest, django_assert_max_num_queries
):
    ingest(api_feed([
        make_record(10 + i, authors=[AuthorRecord(f"{first} Wang", affiliations=(f"University {i}",))])
        for i, first in enumerate(["Yu", "Li", "Wei", "Jun", "Hao", "Min"])
    ]))  # fmt: skip
    with django_assert_max_num_queries(5):
        html = client.get("/search/", {"q": "wang", "kind": "people"}).content.decode()
    assert len(_people(html)) == 6
    assert "University 3" in html


def test_a_misspelt_name_is_still_found(client, corpus):
    html = client.get("/search/", {"q": "Jurgen Mueller", "kind": "people"}).content.decode()
    assert _people(html) == ["Jürgen Müller"]
