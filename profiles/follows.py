"""Following a researcher, with a follower count that stays exact under concurrency.

The unique constraint on (user, author) is the guard: the insert either adds a
row or does nothing, and the counter moves only when a row was really added or
removed, in the same transaction. Two people following at once both count; one
person double-clicking counts once.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from profiles.models import Author, Follow


def follow(user, author: Author) -> bool:
    """Follow; True if this added a follow (False if it already existed)."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO profiles_follow (user_id, author_id, created_at) VALUES (%s, %s, %s) "
            "ON CONFLICT ON CONSTRAINT follow_unique DO NOTHING RETURNING id",
            [user.pk, author.pk, timezone.now()],
        )
        added = cursor.fetchone() is not None
        if added:
            Author.objects.filter(pk=author.pk).update(followers_count=F("followers_count") + 1)
    return added


def unfollow(user, author: Author) -> bool:
    """Unfollow; True if a follow was removed."""
    with transaction.atomic():
        removed, _ = Follow.objects.filter(user=user, author=author).delete()
        if removed:
            Author.objects.filter(pk=author.pk, followers_count__gt=0).update(
                followers_count=F("followers_count") - 1
            )
    return bool(removed)


def is_following(user, author: Author) -> bool:
    return user.is_authenticated and Follow.objects.filter(user=user, author=author).exists()


def followed_among(user, authors) -> set[int]:
    """Which of these authors the user follows, in one query (for lists of researcher cards)."""
    if not user.is_authenticated:
        return set()
    return set(
        Follow.objects.filter(user=user, author__in=authors).values_list("author_id", flat=True)
    )
