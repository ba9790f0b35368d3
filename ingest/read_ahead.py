"""Reading the next page while this one is stored: a thread for fetching and parsing."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from ingest.records import PaperRecord

T = TypeVar("T")
READ_AHEAD_SWITCH_INTERVAL = 0.001  # seconds; see read_ahead


def encode_ahead(records: list[PaperRecord]) -> list[PaperRecord]:
    """These records, each one's payload and digest worked out (``PaperRecord.encoded``).

    For pages read ahead: the work is done in the reading thread, not by the store.
    """
    for record in records:
        record.encoded  # noqa: B018 - cached on the record
    return records


def read_ahead(pages: Iterator[T]) -> Iterator[T]:
    """The items of ``pages``, each next one fetched and parsed in a thread meanwhile.

    While a page is being stored the worker mostly waits for PostgreSQL, so the
    next page's request (and arXiv's three seconds between requests) and its
    parsing happen in that time instead of after it. ``pages`` must not use the
    ORM: the thread has no database connection of its own. An error in it is
    raised here, when its page is asked for; a page read ahead of a failed one
    is dropped, and the run's cursor still points at it.
    """
    done = object()
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ingest-read-ahead")
    # Python hands the GIL between busy threads every 5 ms by default: the storing
    # thread, woken by each answer from PostgreSQL (two dozen statements a page), would
    # often wait that long behind the reading thread. 1 ms gave the bulk path ~9%.
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(min(switch_interval, READ_AHEAD_SWITCH_INTERVAL))
    try:
        upcoming = pool.submit(next, pages, done)
        while (page := upcoming.result()) is not done:
            upcoming = pool.submit(next, pages, done)
            yield page
    finally:
        sys.setswitchinterval(switch_interval)
        # Not waited for: after a failed page, a request in flight only ends in its own time.
        pool.shutdown(wait=False, cancel_futures=True)
