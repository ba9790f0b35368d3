"""Upvotes: one per person and paper, an exact count, and a limit against vote floods.

As with follows, the unique constraint decides: the insert adds a row or does
nothing, and Paper.upvotes_count moves only with a row really added or removed,
in the same transaction.
"""

from __future__ import annotations

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from papers.models import Paper, Upvote

VOTES_PER_HOUR = 120


class TooManyVotes(Exception):
    """More than VOTES_PER_HOUR vote changes by one person in an hour."""


def _spend_one(user) -> None:
    key = f"votes:{user.pk}:{timezone.now():%Y%m%d%H}"
    cache.add(key, 0, timeout=3600)
    if cache.incr(key) > VOTES_PER_HOUR:
        raise TooManyVotes("You are voting very fast; try again in a little while.")


def upvote(user, paper: Paper) -> bool:
    """True if this added a vote."""
    _spend_one(user)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO papers_upvote (user_id, paper_id, created_at) VALUES (%s, %s, %s) "
            "ON CONFLICT ON CONSTRAINT upvote_unique DO NOTHING RETURNING id",
            [user.pk, paper.pk, timezone.now()],
        )
        added = cursor.fetchone() is not None
        if added:
            Paper.objects.filter(pk=paper.pk).update(upvotes_count=F("upvotes_count") + 1)
    return added


def remove_upvote(user, paper: Paper) -> bool:
    """True if a vote was taken back."""
    _spend_one(user)
    with transaction.atomic():
        removed, _ = Upvote.objects.filter(user=user, paper=paper).delete()
        if removed:
            Paper.objects.filter(pk=paper.pk, upvotes_count__gt=0).update(
                upvotes_count=F("upvotes_count") - 1
            )
    return bool(removed)


def upvoted_among(user, papers) -> set[int]:
    """Which of these papers the user upvoted, in one query (for a page of cards)."""
    if not user.is_authenticated:
        return set()
    return set(
        Upvote.objects.filter(user=user, paper__in=papers).values_list("paper_id", flat=True)
    )
