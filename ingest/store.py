"""Idempotent storing of parsed records: one transaction per batch, set-based SQL.

Rules (DESIGN.md "Ingest rules"):
- the same record twice changes nothing (its digest equals the stored one);
- a newer version updates the paper and adds PaperVersion rows; an older never
  overwrites a newer, and a source that lacks a field never blanks it;
- a record over a field's bound (``ingest.limits``) is held for a curator with the
  reason, never cut to fit; the rest of the page is stored as usual;
- a byline is matched by ``ingest.matching``; curator and owner decisions on a
  byline survive a re-import;
- co-author edges follow in the same transaction; author counters, institutions
  and trust in one pass at the end of the run (``refresh_stale_authors``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from core import pagecache
from core.bulk import copy_rows, next_ids
from ingest.concurrency import lock_all_names, lock_names, retrying
from ingest.limits import limit_reason
from ingest.matching import name_keys
from ingest.models import ImportRecord, ImportRun, PendingAuthor
from ingest.records import PaperRecord
from ingest.signals import authors_refreshed
from ingest.store_bylines import authors_of, mark_stale, store_bylines
from ingest.store_papers import (
    byline_text,
    ensure_categories,
    insert_papers,
    update_papers,
    upsert_versions,
)
from papers.bibtex import refresh_entries
from papers.models import Paper
from profiles.institutions import refresh_institutions
from profiles.metrics import refresh_counters
from profiles.models import Author
from profiles.trust import refresh_trust


@dataclass
class BatchResult:
    """What one batch did, in ImportRun's terms."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    held: int = 0
    paper_ids: list[int] = field(default_factory=list)
    author_ids: set[int] = field(default_factory=set)


def store_batch(
    records: list[PaperRecord],
    run: ImportRun,
    *,
    hold: bool = False,
    run_updates: dict | None = None,
) -> BatchResult:
    """Store one parsed page in one transaction and add its counts to ``run``.

    The touched authors' counters, institution and trust wait for
    ``refresh_stale_authors`` (a run calls it once, at its end, through
    ``runs.finish``): recomputing them reads each author's whole history. Until
    then the authors are marked stale (``counters_refreshed_at`` NULL), which also
    survives a worker killed before the end of its run, and what matching reads of
    them (works, categories) is added up in ``PendingAuthor``.

    Imports may run at the same time (``ingest.concurrency``): the batch first locks
    the blocking keys of its names, and a batch that collides with another import
    anyway is rolled back and stored again. ``run_updates`` (the run's cursor past
    this batch, say) are written in the same transaction as its records.
    """

    def attempt() -> BatchResult:
        with connection.cursor() as cursor:
            # A batch lost to a crash in the next fraction of a second is pulled again
            # (storing is idempotent), so it need not wait for its WAL to reach disk.
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
        # Before anything is read: the decisions below rest on what the reads find.
        lock_names(name_keys(a.name for r in records for a in r.authors))
        result = _store(records, run, hold)
        if result.created or result.updated:
            # Papers and bylines go in by COPY and core.bulk, past the page cache's statement
            # watch: pages kept for anonymous visitors are out of date once this commits.
            transaction.on_commit(pagecache.bump)
        ImportRun.objects.filter(pk=run.pk).update(
            **_count_updates(run, result, len(records)), **(run_updates or {})
        )
        return result

    result = retrying(attempt)
    run.refresh_from_db(fields=["fetched", "created", "updated", "unchanged", "held"])
    return result


def _count_updates(run, result, fetched):
    return {
        "fetched": F("fetched") + fetched,
        "created": F("created") + result.created,
        "updated": F("updated") + result.updated,
        "unchanged": F("unchanged") + result.unchanged,
        "held": F("held") + result.held,
        "heartbeat_at": timezone.now(),  # each stored page is a sign of life (ingest.runs)
    }


def refresh_stale_authors() -> list[int]:
    """Counters, institution and trust of every author a deferred batch left stale.

    Stale means ``counters_refreshed_at`` is NULL: set by ``store_batch`` and on
    every author ingest creates. Any run's end picks up what an interrupted
    run left behind. Returns the ids of the authors refreshed.
    """
    with transaction.atomic():
        lock_all_names()  # no batch of another import marks an author stale under this refresh
        ids = list(
            Author.objects.filter(counters_refreshed_at__isnull=True).values_list("id", flat=True)
        )
        refresh_counters(ids)
        refresh_institutions(ids)
        refresh_trust(ids)
        # Every pending row of an author with counters is spent: these, and any a merge refreshed.
        PendingAuthor.objects.filter(author__counters_refreshed_at__isnull=False).delete()
        if ids:
            authors_refreshed.send(sender=Author, author_ids=ids)
    return ids


def _store(records, run, hold) -> BatchResult:
    now = timezone.now()
    result = BatchResult()
    latest = _latest_per_id(records)
    payloads, hashes = {}, {}
    for record in latest:
        payloads[record.arxiv_id], hashes[record.arxiv_id] = record.encoded
    existing = {
        row[0]: row[1:]
        for row in Paper.objects.filter(arxiv_id__in=list(payloads)).values_list(
            "arxiv_id",
            "id",
            "latest_version",
            "content_hash",
            "authors_text",
            "withdrawn",
            "modified_at",
        )
    }
    new, changed, statuses, messages = [], [], {}, {}
    for record in latest:
        known = existing.get(record.arxiv_id)
        if record.deleted:
            is_change = known is not None and not known[4]
        elif known is None:
            is_change = True
        else:
            _, version, stored_hash, *_ = known
            is_change = record.version > version or (
                record.version == version and hashes[record.arxiv_id] != stored_hash
            )
        if not is_change:
            statuses[record.arxiv_id] = ImportRecord.Status.UNCHANGED
        elif not record.deleted and (reason := limit_reason(record)):
            # Not cut to fit and not failing the page: a curator sees why it waits.
            statuses[record.arxiv_id] = ImportRecord.Status.HELD
            messages[record.arxiv_id] = reason
        elif hold:
            statuses[record.arxiv_id] = ImportRecord.Status.HELD
        else:
            statuses[record.arxiv_id] = ImportRecord.Status.APPLIED
            (new if known is None else changed).append(record)
    result.unchanged = sum(1 for s in statuses.values() if s == ImportRecord.Status.UNCHANGED)
    result.held = sum(1 for s in statuses.values() if s == ImportRecord.Status.HELD)

    paper_ids: dict[str, int] = {a: known[0] for a, known in existing.items()}
    if new or changed:
        ensure_categories(
            {c for r in new + changed for c in [r.primary_category, *r.categories] if c}
        )
        paper_ids.update(zip((r.arxiv_id for r in new), next_ids(Paper, len(new)), strict=True))
        update_papers(changed, existing, hashes, now)
        upsert_versions(changed, paper_ids, inserted=False)
        rebyline = [
            r for r in changed if not r.deleted and byline_text(r) != existing[r.arxiv_id][3]
        ]

        def write_new_papers(conn):
            insert_papers(new, paper_ids, hashes, now, conn=conn)
            upsert_versions(new, paper_ids, inserted=True, conn=conn)

        result.author_ids, gained = store_bylines(
            new, rebyline, paper_ids, meanwhile=write_new_papers if new else None
        )
        # A paper withdrawn, or changed under the same byline (categories, dates), changes
        # its authors' counters too.
        rebylined = {r.arxiv_id for r in rebyline}
        result.author_ids |= authors_of(
            [paper_ids[r.arxiv_id] for r in changed if r.arxiv_id not in rebylined]
        )
        # Field by field merging (update_papers) and kept bylines decide what a changed paper
        # now is: its entry is rebuilt from the stored rows, not from the record.
        refresh_entries([paper_ids[r.arxiv_id] for r in changed if not r.deleted])
        touched = [paper_ids[r.arxiv_id] for r in new + changed]
        mark_stale(result.author_ids, gained)
        result.created, result.updated = len(new), len(changed)
        result.paper_ids = touched

    copy_rows(
        ImportRecord,
        [
            "run",
            "arxiv_id",
            "version",
            "content_hash",
            "payload",
            "status",
            "paper",
            "matches",
            "message",
            "paper_state",
            "created_at",
        ],
        [
            (
                run.pk,
                r.arxiv_id,
                r.version,
                hashes[r.arxiv_id],
                payloads[r.arxiv_id],
                statuses[r.arxiv_id],
                paper_ids.get(r.arxiv_id),
                "[]",
                messages.get(r.arxiv_id, ""),
                json.dumps(
                    _paper_state(existing.get(r.arxiv_id))
                    if statuses[r.arxiv_id] == ImportRecord.Status.HELD
                    else {}
                ),
                now,
            )
            for r in latest
        ],
    )
    return result


def _paper_state(known) -> dict:
    """What a held record was reviewed against: the paper as it stands now ({} when new)."""
    if known is None:
        return {}
    _, version, content_hash, _, withdrawn, modified_at = known
    return paper_state(content_hash, version, withdrawn, modified_at)


def paper_state(content_hash: str, latest_version: int, withdrawn: bool, modified_at) -> dict:
    """The parts of a paper that, changed, make a held record's review out of date."""
    return {
        "content_hash": content_hash,
        "latest_version": latest_version,
        "withdrawn": withdrawn,
        "modified_at": modified_at.isoformat(),
    }


def _latest_per_id(records: list[PaperRecord]) -> list[PaperRecord]:
    """One record per paper: the highest version (the later one when equal)."""
    chosen: dict[str, PaperRecord] = {}
    for record in records:
        held = chosen.get(record.arxiv_id)
        if held is None or record.version >= held.version:
            chosen[record.arxiv_id] = record
    return list(chosen.values())
