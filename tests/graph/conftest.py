"""Graph fixtures: small co-author graphs built through the real ingest path, and a hub."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.cache import cache

from graph.models import CoauthorEdge
from ingest.records import AuthorRecord
from profiles.models import Author, Institution
from tests.factories import AuthorFactory
from tests.feedgen import api_feed, make_record


@pytest.fixture(autouse=True)
def empty_cache():
    """Slices are cached in Redis under author ids, which a new test database reuses."""
    cache.clear()
    yield
    cache.clear()


def paper(n, names, year=2024, categories=("cs.DS",), affiliations=None, **extra):
    """A record with these bylines; ``affiliations`` maps a name to where it says it is."""
    when = datetime(year, 3, 1 + n % 27, 12, tzinfo=UTC)
    affiliations = affiliations or {}
    return make_record(
        n,
        authors=[
            AuthorRecord(name, affiliations=tuple(affiliations.get(name, ()))) for name in names
        ],
        primary_category=categories[0],
        categories=list(categories),
        published=when,
        updated=when,
        versions=[],
        **extra,
    )


def author(name) -> Author:
    return Author.objects.get(display_name=name)


@pytest.fixture
def lab(ingest):
    """Ada's neighbourhood: Alan on three works, Grace on two, Edsger on one, Barbara nearby.

        2601.00001  Ada, Alan            2022  cs.DS
        2601.00002  Ada, Alan, Grace     2023  cs.DS, cs.LG
        2601.00003  Ada, Alan            2024  cs.LG
        2601.00004  Ada, Grace           2024  cs.DS
        2601.00005  Ada, Edsger          2021  math.CO, cs.DS
        2601.00006  Alan, Barbara        2025  cs.DS      (nearby: Ada is not on it)
        2601.00007  Alan, Barbara        2026  hep-th     (not in Ada's topics)

    (Each byline shares a category or a co-author with the earlier ones, so ingest's
    matcher files every name under one record.)
    """
    where = {"Ada Lovelace": ["University of Cambridge"], "Alan Turing": ["University of Cambridge"],
             "Grace Hopper": ["Yale University"]}  # fmt: skip
    records = [
        paper(1, ["Ada Lovelace", "Alan Turing"], 2022, affiliations=where),
        paper(2, ["Ada Lovelace", "Alan Turing", "Grace Hopper"], 2023, ("cs.DS", "cs.LG"),
              affiliations=where),
        paper(3, ["Ada Lovelace", "Alan Turing"], 2024, ("cs.LG",)),
        paper(4, ["Ada Lovelace", "Grace Hopper"], 2024, affiliations=where),
        paper(5, ["Ada Lovelace", "Edsger Dijkstra"], 2021, ("math.CO", "cs.DS")),
        paper(6, ["Alan Turing", "Barbara Liskov"], 2025),
    ]  # fmt: skip
    assert ingest(api_feed(records)).status == "succeeded"
    assert ingest(api_feed([paper(7, ["Alan Turing", "Barbara Liskov"], 2026, ("hep-th",))]))
    assert Author.objects.count() == 5
    return author("Ada Lovelace")


@pytest.fixture
def hub(db):
    """An author with 3,000 co-authors (edges written directly: a generated feed would take minutes)."""
    centre = AuthorFactory(slug="hub", display_name="Hub Author")
    place = Institution.objects.create(name="Big Lab", normalized_name="big lab")
    others = Author.objects.bulk_create(
        Author(slug=f"co-{i}", display_name=f"Coauthor {i}", normalized_name=f"coauthor {i}",
               institution=place if i % 2 else None, works_count=1)
        for i in range(3000)
    )  # fmt: skip
    CoauthorEdge.objects.bulk_create(
        CoauthorEdge(
            author_a=min(centre, other, key=lambda a: a.pk),
            author_b=max(centre, other, key=lambda a: a.pk),
            weight=1 + (i % 40) / 10,
            paper_count=1 + i % 5,
            first_year=2010,
            last_year=2010 + i % 15,
        )
        for i, other in enumerate(others)
    )
    return centre
