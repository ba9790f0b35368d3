"""Slices and pictures kept in the Django cache (Redis), dropped when the author's graph changes.

An entry is kept under the author's id with two marks next to it, and is used only
while both still match:

- the author's ``counters_refreshed_at``: ingest clears it on every author a page
  touches and its run's end sets it again, so new works and changed bylines move
  it on. Nothing is cached for an author without a stamp: its works are still
  arriving;
- the author's *graph generation*, a token ``forget()`` replaces, for changes that
  do not move every stamp: an owner's "not mine" (the co-authors' edges), a
  curator's merge or split (``graph.edges.rebuild_author_edges``). It is replaced
  at once and again when the transaction commits, so a slice built from the old
  rows in between is not kept either.

Both marks come back in the same round trip as the entry. The time limit bounds
what neither mark sees: a collaborator's new paper, a renamed institution.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from django.core.cache import cache
from django.db import transaction

VERSION = 1  # raise when what is cached changes shape
TIMEOUT = 60 * 60
GENERATION_TIMEOUT = 2 * TIMEOUT  # outlives every entry made under it


def _key(author_pk: int, variant: str) -> str:
    return f"graph:{VERSION}:{author_pk}:{variant}"


def _generation_key(author_pk: int) -> str:
    return f"graph:{VERSION}:{author_pk}:generation"


def _stamp(author) -> str:
    return author.counters_refreshed_at.isoformat() if author.counters_refreshed_at else "-"


def cached(author, variant: str, build: Callable[[], object]):
    """``build()``'s value for this author and variant, from the cache while it is current."""
    key, generation_key, stamp = (
        _key(author.pk, variant),
        _generation_key(author.pk),
        _stamp(author),
    )
    found = cache.get_many([key, generation_key])
    generation = found.get(generation_key)
    hit = found.get(key)
    if hit is not None and hit[0] == stamp and hit[1] == generation:
        return hit[2]
    value = build()
    if author.counters_refreshed_at is not None:
        cache.set(key, (stamp, generation, value), TIMEOUT)
    return value


def forget(author_pks: Iterable[int]) -> None:
    """Start a new graph generation for these authors, now and when the transaction commits."""
    pks = sorted(set(author_pks))
    if not pks:
        return

    def new_generation():
        cache.set_many({_generation_key(pk): uuid.uuid4().hex for pk in pks}, GENERATION_TIMEOUT)

    new_generation()
    transaction.on_commit(new_generation)
