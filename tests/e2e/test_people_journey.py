"""Browser journey: sign up, verify the email, follow a researcher, claim a record, see it claimed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ingest.records import AuthorRecord
from tests.feedgen import api_feed, make_record

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def library(ingest):
    run = ingest(
        api_feed(
            [
                make_record(1, authors=[AuthorRecord("Ada Lovelace"), AuthorRecord("Alan Turing")],
                            comment="Correspondence: Ada Lovelace, ada@analytical.example"),
                make_record(2, authors=[AuthorRecord("Ada Lovelace"), AuthorRecord("Alan Turing")]),
            ]
        )
    )  # fmt: skip
    assert run.status == "succeeded"


def test_sign_up_verify_follow_claim(library, page, mailoutbox):
    page.goto("/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("Email:").fill("ada@analytical.example")
    page.get_by_label("Password:", exact=True).fill("correct-horse-battery")
    page.get_by_label("Password (again):").fill("correct-horse-battery")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()

    link = re.search(r"https?://\S+", mailoutbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Your home", level=1)).to_be_visible()

    # Follow Alan Turing from his profile: the button swaps in place.
    page.goto("/researchers/")
    page.get_by_role("link", name="Alan Turing").click()
    page.get_by_role("button", name=re.compile("Follow researcher")).click()
    expect(page.locator("#follow-button")).to_contain_text("Following 1")

    # Claim Ada's record: her email is printed next to her name in a work: approved at once.
    page.goto("/researchers/")
    page.get_by_role("link", name="Ada Lovelace").click()
    trust_before = page.locator(".badge-trust").inner_text()
    expect(page.get_by_text("Unclaimed author")).to_be_visible()
    page.get_by_role("link", name="Claim this record").click()
    expect(page.get_by_text("ada@analytical.example in arXiv:2601.00001")).to_be_visible()
    page.get_by_role("button", name="Claim this record").click()

    expect(page.get_by_text("Your claim is approved")).to_be_visible()
    expect(page.locator(".badges")).to_contain_text("Claimed")
    expect(page.locator(".badges")).to_contain_text("Verification L3")
    trust_after = page.locator(".badge-trust").inner_text()
    assert int(re.search(r"\d+", trust_after).group()) > int(
        re.search(r"\d+", trust_before).group()
    )

    # Home shows the record and the followed researcher's works.
    page.get_by_role("link", name="Your home").click()
    expect(page.get_by_role("region", name="Your records")).to_contain_text("Ada Lovelace")
    expect(page.get_by_role("region", name="Following")).to_contain_text("Alan Turing")
