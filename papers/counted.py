"""One row per person and thing (an upvote, a follow) and an exact count cached on the thing.

The unique constraint decides: the insert adds a row or does nothing, and the
counter moves only when a row was really added or removed, in the same
transaction. Two people at once both count; one person double-clicking counts once.
"""

from __future__ import annotations

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone


def add(row_model, *, constraint: str, user, target, target_column: str, counter: str) -> bool:
    """Insert (user, target) unless it exists; True, and the counter up by one, if it was new."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {row_model._meta.db_table} (user_id, {target_column}, created_at) "
            f"VALUES (%s, %s, %s) ON CONFLICT ON CONSTRAINT {constraint} DO NOTHING RETURNING id",
            [user.pk, target.pk, timezone.now()],
        )
        added = cursor.fetchone() is not None
        if added:
            type(target).objects.filter(pk=target.pk).update(**{counter: F(counter) + 1})
    return added


def remove(rows, *, target, counter: str) -> bool:
    """Delete these rows (the user's one row for ``target``); True, and the counter down, if any."""
    with transaction.atomic():
        removed, _ = rows.delete()
        if removed:
            type(target).objects.filter(pk=target.pk, **{f"{counter}__gt": 0}).update(
                **{counter: F(counter) - 1}
            )
    return bool(removed)


def among(user, rows, target_column: str) -> set[int]:
    """Which targets of ``rows`` (already narrowed to a page's targets) the user has, in one query."""
    if not user.is_authenticated:
        return set()
    return set(rows.filter(user=user).values_list(target_column, flat=True))
