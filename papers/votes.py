"""Upvotes: one per person and paper, an exact count, and a limit against vote floods.

Paper.upvotes_count stays exact as follows' counts do (papers.counted).
"""

from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone

from papers import counted
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
    return counted.add(
        Upvote, constraint="upvote_unique", user=user, target=paper, target_column="paper_id",
        counter="upvotes_count",
    )  # fmt: skip


def remove_upvote(user, paper: Paper) -> bool:
    """True if a vote was taken back."""
    _spend_one(user)
    rows = Upvote.objects.filter(user=user, paper=paper)
    return counted.remove(rows, target=paper, counter="upvotes_count")


def upvoted_among(user, papers) -> set[int]:
    """Which of these papers the user upvoted, in one query (for a page of cards)."""
    return counted.among(user, Upvote.objects.filter(paper__in=papers), "paper_id")
