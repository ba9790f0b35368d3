"""People fixtures: accounts with (un)verified emails, and researchers imported through ingest."""

import itertools

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model

from ingest.records import AuthorRecord
from profiles.models import Author
from tests.feedgen import api_feed, make_record

PASSWORD = "correct-horse-battery"


@pytest.fixture
def make_user(db):
    counter = itertools.count(1)

    def make(email=None, *, verified=True, staff=False):
        email = email or f"person{next(counter)}@example.org"
        user = get_user_model().objects.create_user(
            username=email, email=email, password=PASSWORD, is_staff=staff, is_superuser=staff
        )
        EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
        return user

    return make


@pytest.fixture
def researchers(ingest):
    """Ada Lovelace (three works, one printing her email) and Alan Turing (two shared)."""
    ingest(
        api_feed(
            [
                make_record(1, authors=[AuthorRecord("Ada Lovelace"), AuthorRecord("Alan Turing")]),
                make_record(2, authors=[AuthorRecord("Ada Lovelace"), AuthorRecord("Alan Turing")],
                            comment="Contact: ada@analytical.example"),
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
