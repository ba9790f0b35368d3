"""The paper page: bylines, facts, versions, citations, more from the authors, and long bylines."""

import re

import pytest
from django.urls import reverse

from ingest.records import AuthorRecord
from papers.models import Paper
from tests.feedgen import api_feed, make_record, oai_list_records

pytestmark = pytest.mark.django_db


def _page(client, arxiv_id, **params):
    return client.get(reverse("papers:detail", args=[arxiv_id]), params).content.decode()


def test_paper_page_carries_every_fact_arxiv_gives(client, ingest):
    record = make_record(
        3, version=3, doi="10.1000/xyz", journal_ref="J. Graph Learn. 4 (2026) 1-20",
        comment="Code: https://github.com/lovelace/engine",
    )  # fmt: skip
    ingest(oai_list_records([record]))

    html = _page(client, "2601.00003")

    assert "Sparse Attention for Graph Learning, Part 3" in html
    # Names as printed, linked to profiles, with their affiliations.
    assert re.search(
        r'<a href="/researchers/[\w-]+/">Jürgen Müller</a> <span class="muted">\(ETH Zürich\)</span>',
        html,
    )
    assert 'Machine Learning <span class="muted">(cs.LG)</span>' in html
    assert 'Machine Learning <span class="muted">(stat.ML)</span>' in html
    assert html.count("<li>v") == 3 and "v1 · Jan 5, 2026" in html
    assert "J. Graph Learn. 4 (2026) 1-20" in html
    assert 'href="https://doi.org/10.1000/xyz"' in html
    assert 'href="https://github.com/lovelace/engine"' in html
    assert (
        "https://arxiv.org/abs/2601.00003v3" in html
        and "https://arxiv.org/pdf/2601.00003v3" in html
    )
    assert "No citation data yet" in html


def test_more_from_these_authors_lists_their_other_works(client, ingest):
    ingest(api_feed([make_record(n) for n in (1, 2, 3)]))
    html = _page(client, "2601.00002")
    more = html[html.index("More from these authors") :]
    assert "Part 1" in more and "Part 3" in more and "Part 2</a>" not in more


def test_a_huge_byline_shows_thirty_names_and_loads_the_rest(client, ingest):
    names = [f"Physicist Number{i}" for i in range(1, 121)]
    ingest(api_feed([make_record(1, authors=[AuthorRecord(n) for n in names])]))

    html = _page(client, "2601.00001")
    assert "Number30<" in html and "Number31<" not in html
    assert "Show 90 more authors (120 in all)" in html

    rest = client.get("/papers/2601.00001/authors/?from=more", HTTP_HX_REQUEST="true")
    rest = rest.content.decode()
    assert 'start="31"' in rest and "Number31<" in rest and "Number120<" in rest

    everyone = _page(client, "2601.00001", authors="all")
    assert "Number120<" in everyone and "more authors" not in everyone

    # The list's own address opened in a tab of its own is the whole paper page, not a scrap.
    alone = client.get("/papers/2601.00001/authors/?from=more")
    assert alone.status_code == 302
    assert alone["Location"] == "/papers/2601.00001/?authors=all#authors"


def test_paper_page_query_count_is_constant(client, ingest, django_assert_max_num_queries):
    ingest(
        api_feed(
            [make_record(1), make_record(2, authors=[AuthorRecord(f"P N{i}") for i in range(400)])]
        )
    )
    with django_assert_max_num_queries(8) as small:
        client.get(reverse("papers:detail", args=["2601.00001"]))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("papers:detail", args=["2601.00002"]))


def test_unknown_and_malformed_paper_ids(client):
    assert client.get("/papers/2601.99999/").status_code == 404
    assert client.get("/papers/not-an-id/").status_code == 404


def test_citations_show_count_source_and_date(client, ingest):
    from datetime import UTC, datetime

    ingest(api_feed([make_record(1)]))
    Paper.objects.update(
        citation_count=1234,
        citations_source="OpenAlex",
        citations_as_of=datetime(2026, 2, 1, tzinfo=UTC),
    )
    assert '1,234 <span class="muted">· OpenAlex, as of Feb 1, 2026</span>' in _page(
        client, "2601.00001"
    )
