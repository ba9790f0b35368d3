"""Browser journey: a profile, "Load more", a year filter, then one of the papers."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from ingest.records import AuthorRecord
from tests.feedgen import api_feed, make_record

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def prolific(ingest):
    """Ada Lovelace with 26 works, 2023-2025, two with Alan Turing."""
    records = [
        make_record(
            n,
            title=f"Engine Notes {n:02d}" + (r" at $3.98\times$ speed" if n == 26 else ""),
            authors=[AuthorRecord("Ada Lovelace")]
            + ([AuthorRecord("Alan Turing")] if n > 24 else []),
            published=datetime(2023 + n % 3, 1 + n % 12, 1 + n, tzinfo=UTC),
            updated=datetime(2023 + n % 3, 1 + n % 12, 1 + n, tzinfo=UTC),
        )
        for n in range(1, 27)
    ]
    assert ingest(api_feed(records)).status == "succeeded"


def test_profile_load_more_filter_by_year_and_open_a_paper(prolific, page):
    page.goto("/researchers/")
    page.get_by_role("link", name="Ada Lovelace").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ada Lovelace")
    expect(page.get_by_text(re.compile(r"Trust \d+ · Unverified"))).to_be_visible()

    works = page.locator("#works")
    expect(works.locator("article")).to_have_count(20)
    page.get_by_role("link", name="Load more").click()
    expect(works.locator("article")).to_have_count(26)
    expect(page.get_by_role("link", name="Load more")).to_have_count(0)

    # The graph slice arrives after the page, with the co-author.
    expect(page.locator(".graph-slice")).to_contain_text("Alan Turing")

    page.get_by_label("Year", exact=True).select_option("2024")
    expect(page).to_have_url(re.compile(r"year=2024"))
    expect(works.locator("article")).to_have_count(9)
    for time in works.locator("article time").all():
        assert "2024" in time.get_attribute("datetime")

    # The math renders as MathML, and the card leads to the paper.
    page.get_by_label("Year", exact=True).select_option("")
    expect(works.locator("article").first.locator("math")).to_have_count(1)
    works.get_by_role("link", name=re.compile("Engine Notes 26")).click()
    expect(page).to_have_url(re.compile(r"/papers/2601\.00026/$"))
    expect(page.locator("h1 math")).to_have_count(1)
    expect(page.locator("ol.authors").get_by_role("link")).to_have_text(
        ["Ada Lovelace", "Alan Turing"]
    )


def test_a_long_formula_or_url_never_widens_the_profile_on_a_phone(ingest, page):
    formula = "+".join(f"x_{{{i}}}" for i in range(40))  # one unbreakable row, ~800 px
    record = make_record(
        1,
        authors=[AuthorRecord("Ada Lovelace")],
        abstract=f"We bound ${formula}$.",
        journal_ref="http://www.example.org/ojs/index.php/journal/article/view/2019_4_937_0123456789",
    )
    assert ingest(api_feed([record])).status == "succeeded"

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/researchers/ada-lovelace/")
    expect(page.locator("#works article math")).to_have_count(1)

    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#works .card-abstract summary").first.click()  # the whole abstract, opened
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
