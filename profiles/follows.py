"""Following a researcher, with a follower count that stays exact under concurrency.

The unique constraint on (user, author) is the guard (papers.counted, shared
with upvotes).
"""

from __future__ import annotations

from papers import counted
from profiles.models import Author, Follow


def follow(user, author: Author) -> bool:
    """Follow; True if this added a follow (False if it already existed)."""
    return counted.add(
        Follow, constraint="follow_unique", user=user, target=author, target_column="author_id",
        counter="followers_count",
    )  # fmt: skip


def unfollow(user, author: Author) -> bool:
    """Unfollow; True if a follow was removed."""
    rows = Follow.objects.filter(user=user, author=author)
    return counted.remove(rows, target=author, counter="followers_count")


def is_following(user, author: Author) -> bool:
    return user.is_authenticated and Follow.objects.filter(user=user, author=author).exists()


def followed_among(user, authors) -> set[int]:
    """Which of these authors the user follows, in one query (for lists of researcher cards)."""
    return counted.among(user, Follow.objects.filter(author__in=authors), "author_id")
