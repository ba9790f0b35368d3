"""API fixtures: researchers and papers imported through the real ingest path."""

from datetime import UTC, datetime

import pytest

from profiles.models import Author
from tests.factories import paper_record
from tests.feedgen import api_feed


@pytest.fixture
def lab(ingest):
    """Ada Lovelace on 7 works; Alan Turing on 3 of them, Grace Hopper on 1."""
    records = [
        paper_record(n, ["Ada Lovelace"] + (["Alan Turing"] if n <= 3 else []) + (["Grace Hopper"] if n == 4 else []),
                     published=datetime(2024, 1 + n, 3, tzinfo=UTC), updated=datetime(2024, 1 + n, 3, tzinfo=UTC))
        for n in range(1, 8)
    ]  # fmt: skip
    assert ingest(api_feed(records)).status == "succeeded"
    return Author.objects.get(display_name="Ada Lovelace")


def get_json(client, url, status=200, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, response.content[:500]
    assert response["Content-Type"].startswith("application/json")
    return response.json()
