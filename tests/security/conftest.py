"""A small world for hostile requests: real papers, authors, runs and accounts, so ids resolve."""

from __future__ import annotations

import pytest

from audit.models import AuditEvent
from ingest.models import FeedSource, ImportRecord
from ingest.records import AuthorRecord
from papers.models import Category, Paper
from profiles import collaboration
from profiles.models import Author, Claim
from tests.feedgen import api_feed, make_record
from tests.people.conftest import researchers  # noqa: F401 - the people fixtures, shared

PAPER = "2601.00001"


@pytest.fixture
def world(ingest, make_user):
    """Three papers by Ada Lovelace (two with Alan Turing), her record claimed by its owner.

    Accounts: ``owner`` (Ada's record, an invitation to it, a waiting claim on Alan's record),
    ``other`` (signed in, owns nothing), ``curator``
    (staff in the "curator" group the migrations create) and ``superuser``.
    """
    run = ingest(
        api_feed(
            [
                make_record(1, authors=[AuthorRecord("Ada Lovelace"), AuthorRecord("Alan Turing")]),
                make_record(2, authors=[AuthorRecord("Ada Lovelace"), AuthorRecord("Alan Turing")]),
                make_record(3, authors=[AuthorRecord("Ada Lovelace")]),
            ]
        )
    )
    owner = make_user("ada@analytical.example")
    Author.objects.filter(display_name="Ada Lovelace").update(
        claimed_by=owner, open_to_collaborate=True
    )
    ada = Author.objects.get(display_name="Ada Lovelace")
    alan = Author.objects.get(display_name="Alan Turing")
    curator = make_user("curator@example.org", curator=True)
    superuser = make_user("root@example.org", staff=True)
    other = make_user("other@example.org")
    source = FeedSource.objects.create(name="cs.LG daily", kind="rss", query="cs.LG", enabled=False)
    return {
        "ada": ada,
        "alan": alan,
        "paper": Paper.objects.get(arxiv_id=PAPER),
        "category": Category.objects.first(),
        "run": run,
        "record": ImportRecord.objects.filter(run=run).first(),
        "source": source,
        "event": AuditEvent.objects.first(),
        "owner": owner,
        "other": other,
        "curator": curator,
        "superuser": superuser,
        # Ada's owner is in a conversation the superuser started, and waits on a claim.
        "invitation": collaboration.send_invitation(superuser, ada, "Topic", "Hello"),
        "claim": Claim.objects.create(author=alan, user=owner, level=alan.verification_level),
    }
