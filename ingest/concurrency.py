"""Imports that run at the same time: who decides an author, and batches retried when they collide.

Every write of the store is an upsert on a natural key, so two imports of the
same papers both succeed. What an upsert cannot settle is a decision: two
imports that both find no "J. Smith" would each create one. So a batch takes a
transaction-level advisory lock on each blocking key of its names before it
matches them (``lock_names``): a second batch with a name of the same key waits
for the first to commit, then sees its authors. Keys are locked in one sorted
order (no deadlock between two batches), and a batch with more keys than
``MAX_NAME_LOCKS`` takes one lock for all names instead (PostgreSQL's lock table
is shared and small); every batch takes that one first, shared or exclusive.

A batch that still collides (a deadlock on rows, a paper inserted meanwhile by
another import) is rolled back and run again (``retrying``), a bounded number of
times with jitter.
"""

from __future__ import annotations

import logging
import random
import time
import zlib
from collections.abc import Callable, Iterable
from typing import TypeVar

import psycopg
from django.db import connection, transaction

from core.bulk import bulk_cursor

log = logging.getLogger("peerfolio.ingest")
T = TypeVar("T")

# Advisory lock name spaces (the first of the two int4 keys): arbitrary, fixed, ours.
NAMES_SPACE = 17_0001
ALL_NAMES_SPACE = 17_0002
MAX_NAME_LOCKS = 128
ATTEMPTS = 5
BACKOFF = 0.05  # seconds; doubled each attempt, with jitter


class ConcurrentWrite(Exception):  # noqa: N818 - a condition, retried, not an error
    """Another import wrote a row this batch meant to create: run the batch again."""


def name_lock_ids(keys: Iterable[str]) -> list[int]:
    """The int4 lock ids of these blocking keys, sorted: the order every batch takes them in."""
    return sorted({zlib.crc32(key.encode()) - 2**31 for key in keys})


def lock_names(keys: Iterable[str]) -> None:
    """Hold, until this transaction ends, the right to decide the authors of names of these keys."""
    ids = name_lock_ids(keys)
    if not ids:
        return
    if not connection.in_atomic_block:
        raise RuntimeError("lock_names holds its locks to the end of a transaction: open one.")
    with bulk_cursor() as cursor:
        if len(ids) > MAX_NAME_LOCKS:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, 0)", [ALL_NAMES_SPACE])
            return
        cursor.execute("SELECT pg_advisory_xact_lock_shared(%s, 0)", [ALL_NAMES_SPACE])
        # unnest keeps the array's order: the locks are taken in sorted order.
        cursor.execute(
            "SELECT count(pg_advisory_xact_lock(%s, k)) FROM unnest(%s::int4[]) AS k",
            [NAMES_SPACE, ids],
        )


def lock_all_names() -> None:
    """Wait for every batch deciding authors to commit, and keep new ones out, to transaction end.

    For recomputing authors' counters from their bylines: a batch writing a byline
    of the author meanwhile could otherwise commit under a refresh that did not see it.
    """
    with bulk_cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, 0)", [ALL_NAMES_SPACE])


def is_retryable(exc: BaseException) -> bool:
    """A deadlock, a serialization failure or a lost race: the same batch may well pass next time."""
    for error in (exc, exc.__cause__):
        if isinstance(error, ConcurrentWrite):
            return True
        # Class 40, "transaction rollback": serialization_failure, deadlock_detected.
        if isinstance(error, psycopg.Error) and (error.sqlstate or "").startswith("40"):
            return True
    return False


def retrying(work: Callable[[], T], *, attempts: int = ATTEMPTS, what: str = "batch") -> T:
    """``work()`` in its own transaction, run again when it collides with another import.

    Inside an outer transaction there is nothing to retry (the outer one is
    aborted too): ``work`` runs once there, in a savepoint, and its error goes up.
    """
    if connection.in_atomic_block:
        with transaction.atomic():
            return work()
    for attempt in range(1, attempts + 1):
        try:
            with transaction.atomic():
                return work()
        except Exception as exc:
            if not is_retryable(exc) or attempt == attempts:
                raise
            pause = BACKOFF * 2 ** (attempt - 1) * (0.5 + random.random())
            log.info("The %s collided with another import (%s); again in %.2f s.", what, exc, pause)
            time.sleep(pause)
    raise AssertionError("unreachable")
