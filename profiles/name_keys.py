"""Folded names and blocking keys of stored aliases, recomputed when the name rules change.

Set-wise: aliases are read in id order, a batch at a time, and written back with
one UPDATE ... FROM unnest per batch. Two spellings of one author that now fold
the same are one alias: the later row is dropped.
"""

from __future__ import annotations

from django.db import connection, transaction

from core.bulk import bulk_cursor
from core.names import alias_block, decode_tex, normalize_name

BATCH = 20_000


def alias_row(author_id: int, name: str) -> tuple[int, str, str, str]:
    """(author, name, normalized, block) of a new alias, as every writer of aliases makes it.

    The name is kept as it reads ('Jürgen Müller' for 'J\\"urgen M\\"uller'): profiles list it.
    """
    return author_id, decode_tex(name), normalize_name(name), alias_block(name)


def refresh_alias_keys(batch: int = BATCH) -> int:
    """Recompute ``normalized`` and ``block`` of every alias; returns how many changed."""
    changed, last = 0, 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT id, author_id, name, normalized, block FROM profiles_authoralias "
                "WHERE id > %s ORDER BY id LIMIT %s",
                [last, batch],
            )
            rows = cursor.fetchall()
        if not rows:
            return changed
        last = rows[-1][0]
        updates = []
        for pk, author_id, name, normalized, block in rows:
            _, _, new_normalized, new_block = alias_row(author_id, name)
            if (new_normalized, new_block) != (normalized, block):
                updates.append((pk, new_normalized, new_block))
        if updates:
            changed += len(updates)
            _write(updates)


def _write(updates) -> None:
    ids, normalized, blocks = (list(column) for column in zip(*updates, strict=True))
    with transaction.atomic(), bulk_cursor() as cursor:
        # A spelling that now folds like another of the same author's: keep the older row.
        cursor.execute(
            """
            DELETE FROM profiles_authoralias x
            USING unnest(%s::bigint[], %s::text[]) AS v(id, normalized)
            WHERE x.id = v.id AND EXISTS (
                SELECT 1 FROM profiles_authoralias y
                WHERE y.author_id = x.author_id AND y.normalized = v.normalized AND y.id <> x.id
            )
            """,
            [ids, normalized],
        )
        cursor.execute(
            """
            UPDATE profiles_authoralias x SET normalized = v.normalized, block = v.block
            FROM unnest(%s::bigint[], %s::text[], %s::text[]) AS v(id, normalized, block)
            WHERE x.id = v.id
            """,
            [ids, normalized, blocks],
        )
