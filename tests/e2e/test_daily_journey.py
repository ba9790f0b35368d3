"""Browser journey: search for a name, open the profile, upvote one of their papers on the daily page."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import expect

from ingest.records import AuthorRecord
from tests.feedgen import make_record, rss_feed

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
DAY = date(2026, 11, 23)


@pytest.fixture
def listing(ingest):
    records = [
        make_record(1, title="Engines That Weave Algebra", announced_on=DAY, announce_type="new",
                    authors=[AuthorRecord("Jürgen Müller"), AuthorRecord("Ada Lovelace")]),
        make_record(2, title="Another Paper of the Day", announced_on=DAY, announce_type="new",
                    authors=[AuthorRecord("Grace Hopper")]),
    ]  # fmt: skip
    assert ingest(rss_feed(records)).status == "succeeded"


def test_search_open_profile_then_upvote_on_the_daily_page(listing, page, make_user):
    make_user("reader@example.org")
    page.goto("/accounts/login/")
    page.get_by_label("Email:").fill("reader@example.org")
    page.get_by_label("Password:").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign In").click()

    # Live results appear as you type; an accent-free name finds the accented one.
    page.get_by_role("search").get_by_role("searchbox").fill("muller")
    live = page.locator("#search-live")
    expect(live.get_by_role("option", name=re.compile("Jürgen Müller"))).to_be_visible()
    live.get_by_role("option", name=re.compile("Jürgen Müller")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jürgen Müller")
    expect(page.get_by_role("region", name="Published work")).to_contain_text(
        "Engines That Weave Algebra"
    )

    page.get_by_role("link", name="Daily", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Monday, November 23, 2026")
    card = page.locator("article", has_text="Engines That Weave Algebra")
    card.get_by_role("button", name=re.compile("upvotes")).click()
    expect(card.locator(".vote")).to_have_class(re.compile(r"\bon\b"))
    expect(card.locator(".vote-count")).to_have_text("1")
    page.reload()
    expect(page.locator("article").first).to_contain_text(
        "Engines That Weave Algebra"
    )  # ranked first now
    expect(page.locator("article").first.locator(".vote-count")).to_have_text("1")
