"""Browser journey: a curator merges two records from the duplicate queue, checks, then undoes it."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import expect

from ingest.records import AuthorRecord
from profiles.models import Author
from tests.feedgen import api_feed, make_record

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def twins(ingest):
    run = ingest(api_feed([
        make_record(1, title="Strings in Small Space", authors=[AuthorRecord("Yu Wang"), AuthorRecord("Ada Lovelace")]),
        make_record(2, title="Branes and Bananas", authors=[AuthorRecord("Yu Wang")],
                    categories=["hep-th"], primary_category="hep-th"),
    ]))  # fmt: skip
    assert run.status == "succeeded"


@pytest.fixture
def curator(make_user):
    user = make_user("curator@example.org")
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name="curator"))


def test_merge_from_the_duplicate_queue_then_undo(twins, curator, page):
    # The admin's login is the site's (one lockout, and the authenticator step for staff).
    page.goto("/admin/login/?next=/admin/profiles/author/duplicates/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.get_by_label("Email:").fill("curator@example.org")
    page.get_by_label("Password:").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign In").click()

    expect(page.get_by_role("heading", name="Yu Wang")).to_be_visible()
    page.get_by_role("link", name=re.compile("Compare and merge")).click()
    expect(page.locator(".curation-side")).to_have_count(2)
    page.get_by_label("Why (kept in the audit log)").fill("Same person: the same homepage")
    page.get_by_role("button", name=re.compile("^Merge")).click()
    expect(page.locator(".messagelist")).to_contain_text("Merged Yu Wang into Yu Wang")
    undo_url = page.locator(".messagelist").get_by_role("link", name="Undo").get_attribute("href")

    survivor = Author.objects.filter(display_name="Yu Wang", merged_into__isnull=True).get()
    page.goto(survivor.get_absolute_url())
    works = page.get_by_role("region", name="Published work")
    expect(works.get_by_role("heading", level=3)).to_have_count(2)
    expect(works).to_contain_text("Strings in Small Space")
    expect(works).to_contain_text("Branes and Bananas")

    page.goto(undo_url)
    page.get_by_role("button", name=re.compile("Undo a merge")).click()
    expect(page.locator(".messagelist")).to_contain_text("Undone")
    page.goto(survivor.get_absolute_url())
    expect(
        page.get_by_role("region", name="Published work").get_by_role("heading", level=3)
    ).to_have_count(1)
