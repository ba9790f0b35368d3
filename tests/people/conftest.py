"""People fixtures: accounts with (un)verified emails, and researchers imported through ingest."""

import pytest

from ingest.records import AuthorRecord
from profiles.models import Author
from tests.conftest import PASSWORD  # noqa: F401 - people tests import it from here
from tests.feedgen import api_feed, make_record


@pytest.fixture
def researchers(ingest):
    """Ada Lovelace (three works, one printing her email) and Alan Turing (two shared)."""
    ingest(
        api_feed(
            [
                make_record(1, authors=[AuthorRecord("Ada Lovelace"), AuthorRecord("Alan Turing")]),
                make_record(2, authors=[AuthorRecord("Ada Lovelace"), AuthorRecord("Alan Turing")],
                            comment="Corresponding author: Ada Lovelace, ada@analytical.example"),
                make_record(3, authors=[AuthorRecord("Ada Lovelace")]),
            ]
        )
    )  # fmt: skip
    return Author.objects.get(display_name="Ada Lovelace"), Author.objects.get(
        display_name="Alan Turing"
    )


def signed_in(client, user):
    client.force_login(user)
    return client
