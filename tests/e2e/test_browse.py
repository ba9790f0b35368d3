"""Browser journey: open home, click a researcher, see their papers, open one, see its authors."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ingest.records import AuthorRecord
from tests.feedgen import api_feed, make_record

# serialized_rollback: the flush after a live-server test empties every table, including
# the category taxonomy a data migration loads; this restores it for the test that asks.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ADA_PAPERS = {  # n -> title; make_record(n) publishes later for larger n
    1: "Analytical Engines as Graph Learners",
    2: "Notes on Sparse Attention for Bernoulli Numbers",
    3: "Compiling Attention Kernels Without Tears",
}
OTHER_PAPER = (4, "Structured Programming for Message Passing")


def _paper(n, title, names):
    return make_record(n, title=title, authors=[AuthorRecord(name) for name in names])


@pytest.fixture
def library(ingest):
    """Four papers through the real ingest path; Ada Lovelace is on three of them."""
    run = ingest(
        api_feed(
            [
                _paper(1, ADA_PAPERS[1], ["Ada Lovelace", "Alan Turing"]),
                _paper(2, ADA_PAPERS[2], ["Ada Lovelace", "Grace Hopper"]),
                _paper(3, ADA_PAPERS[3], ["Ada Lovelace", "Alan Turing", "Grace Hopper"]),
                _paper(OTHER_PAPER[0], OTHER_PAPER[1], ["Edsger Dijkstra", "Barbara Liskov"]),
            ]
        )
    )
    assert run.status == "succeeded", run.error


def test_open_home_click_a_researcher_see_their_papers_and_a_papers_authors(library, page):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Researcher profiles you can trust")
    latest = page.get_by_role("region", name="Latest papers")
    expect(latest.get_by_role("heading", level=3)).to_have_count(4)

    active = page.get_by_role("complementary", name="Most active researchers")
    expect(active.get_by_role("listitem").first).to_contain_text("Ada Lovelace")
    expect(active.get_by_role("listitem").first).to_contain_text("3 works")
    active.get_by_role("link", name="Ada Lovelace").click()

    # Her profile: her name, her count, her three papers newest first, nobody else's.
    expect(page).to_have_url(re.compile(r"/researchers/[\w-]+/$"))
    expect(page).to_have_title("Ada Lovelace · Peerfolio")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Lovelace")
    trust = page.get_by_role("region", name="Trust snapshot")
    expect(trust.locator("#tip-works").locator("xpath=..").locator(".stat-value")).to_have_text("3")
    works = page.get_by_role("region", name="Published work")
    expect(works.get_by_role("heading", level=3)).to_have_text(
        [ADA_PAPERS[3], ADA_PAPERS[2], ADA_PAPERS[1]]
    )
    expect(page.get_by_text(OTHER_PAPER[1])).to_have_count(0)

    works.get_by_role("link", name=ADA_PAPERS[2]).click()

    # The paper: its title, both authors as links, and the way out to arXiv.
    expect(page).to_have_url(re.compile(r"/papers/2601\.00002/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(ADA_PAPERS[2])
    authors = page.locator("ol.authors")
    expect(authors.get_by_role("link")).to_have_text(["Ada Lovelace", "Grace Hopper"])
    expect(page.get_by_role("link", name="arXiv:2601.00002v1")).to_have_attribute(
        "href", "https://arxiv.org/abs/2601.00002v1"
    )

    # A co-author's name leads to their profile.
    authors.get_by_role("link", name="Grace Hopper").click()
    expect(page).to_have_url(re.compile(r"/researchers/[\w-]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Grace Hopper")
    expect(
        page.get_by_role("region", name="Published work").get_by_role("heading", level=3)
    ).to_have_text([ADA_PAPERS[3], ADA_PAPERS[2]])
