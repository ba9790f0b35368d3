"""The review queue: what a held record would change, and a curator's approval or rejection.

A source with ``hold_for_review`` stores each changed entry as an ImportRecord with
status "held" and its payload, and changes no paper. Approving stores those
payloads into a new ImportRun of the same kind through the pipeline's own
``store_in_chunks`` and ``finish``, exactly as an automatic import of the same
entries would have stored them.

A held record was reviewed against the paper as it stood when the record was held
(``ImportRecord.paper_state``). When the paper has changed since (another import,
a curator's edit), approving is refused and nothing is written: the diff the
curator saw is no longer the change that would be made.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit import trail
from ingest import pipeline, runs
from ingest.changes import Changes, decided_reason, record_changes, refusal_reason
from ingest.models import ImportRecord, ImportRun
from ingest.records import PaperRecord
from papers.models import Paper

__all__ = ["Changes", "ReviewRefused", "approve", "record_changes", "refusal_reason", "reject"]


class ReviewRefused(Exception):
    """A review action that cannot be taken; the message is written for a curator."""


# --------------------------------------------------------------------------- decisions


@dataclass
class Outcome:
    """What a review action did: the records it decided, and each refused one with why."""

    done: list[ImportRecord] = field(default_factory=list)
    refused: list[tuple[ImportRecord, str]] = field(default_factory=list)
    runs: list[ImportRun] = field(default_factory=list)


def _label(record: ImportRecord) -> str:
    return f"{record.arxiv_id}v{record.version} (record #{record.pk})"


def _lock(records) -> list[ImportRecord]:
    ids = [r.pk for r in records]
    return list(
        ImportRecord.objects.select_for_update(of=("self",))
        .select_related("run", "reviewed_by")
        .filter(pk__in=ids)
        .order_by("pk")
    )


def approve(records, curator) -> Outcome:
    """Apply held records as an automatic import would; refuse any decided or out of date.

    One transaction: the approved records are stored (in the order they were held,
    pages, as a pull stores them) into one new ImportRun per original kind, then marked
    applied and linked to their paper, each with an audit event. Refused records are
    left exactly as they were.
    """
    outcome = Outcome()
    try:
        with transaction.atomic():
            _approve(records, curator, outcome)
    except IntegrityError as exc:
        # Another import stored one of these papers at the same moment: nothing was kept.
        raise ReviewRefused(
            "Another import stored one of these papers at the same moment; nothing was "
            "approved. Look at the records again and retry."
        ) from exc
    return outcome


def _approve(records, curator, outcome: Outcome) -> None:
    held = _lock(records)
    papers = {
        p.arxiv_id: p
        for p in Paper.objects.select_for_update().filter(arxiv_id__in={r.arxiv_id for r in held})
    }
    candidates = []
    for record in held:
        reason = refusal_reason(record, papers.get(record.arxiv_id))
        if reason:
            outcome.refused.append((record, f"{_label(record)} was not approved: {reason}"))
        else:
            candidates.append(record)
    # One record per paper: the newest applies; an older one would be out of date after it.
    newest: dict[str, ImportRecord] = {}
    for record in candidates:
        other = newest.get(record.arxiv_id)
        if other is None or (record.version, record.pk) > (other.version, other.pk):
            newest[record.arxiv_id] = record
    for record in candidates:
        chosen = newest[record.arxiv_id]
        if chosen is not record:
            outcome.refused.append(
                (
                    record,
                    f"{_label(record)} was not approved: record #{chosen.pk} "
                    f"(v{chosen.version}) for the same paper was approved with it. "
                    "Reject this one.",
                )
            )
    approved = sorted(newest.values(), key=lambda r: r.pk)
    by_kind: dict[str, list[ImportRecord]] = defaultdict(list)
    for record in approved:
        by_kind[record.run.kind].append(record)
    now = timezone.now()
    for kind, group in by_kind.items():
        run = _store_approved(kind, group, curator)
        outcome.runs.append(run)
        paper_ids = dict(
            Paper.objects.filter(arxiv_id__in=[r.arxiv_id for r in group]).values_list(
                "arxiv_id", "id"
            )
        )
        for record in group:
            record.status = ImportRecord.Status.APPLIED
            record.paper_id = paper_ids[record.arxiv_id]
            record.reviewed_by, record.reviewed_at = curator, now
            record.message = f"Approved by {curator.get_username()}; applied in run #{run.pk}."
        ImportRecord.objects.bulk_update(
            group, ["status", "paper", "reviewed_by", "reviewed_at", "message"]
        )
        for record in group:
            trail.record(
                curator,
                "import_approved",
                record,
                before={"status": ImportRecord.Status.HELD},
                after={"status": ImportRecord.Status.APPLIED, "run": run.pk},
            )
        outcome.done.extend(group)


def _store_approved(kind: str, group: list[ImportRecord], curator) -> ImportRun:
    sources = {r.run.source_id for r in group}
    origins = ", ".join(f"#{pk}" for pk in sorted({r.run_id for r in group}))
    run = ImportRun.objects.create(
        kind=kind,
        source_id=sources.pop() if len(sources) == 1 else None,
        origin=f"Held records of run {origins}, approved by {curator.get_username()}"[:1000],
        status=ImportRun.Status.RUNNING,
        started_at=timezone.now(),
    )
    pipeline.store_in_chunks([PaperRecord.from_payload(r.payload) for r in group], run)
    return runs.finish(run)


def reject(records, curator, reason: str) -> Outcome:
    """Mark held records rejected with the curator's reason; nothing else changes."""
    reason = reason.strip()
    if not reason:
        raise ReviewRefused("Say why these records are rejected: the reason is kept with them.")
    outcome = Outcome()
    with transaction.atomic():
        now = timezone.now()
        for record in _lock(records):
            if record.status != ImportRecord.Status.HELD:
                message = f"{_label(record)} was not rejected: {decided_reason(record)}"
                outcome.refused.append((record, message))
                continue
            record.status = ImportRecord.Status.REJECTED
            record.message, record.reviewed_by, record.reviewed_at = reason, curator, now
            outcome.done.append(record)
        ImportRecord.objects.bulk_update(
            outcome.done, ["status", "message", "reviewed_by", "reviewed_at"]
        )
        for record in outcome.done:
            trail.record(
                curator,
                "import_rejected",
                record,
                before={"status": ImportRecord.Status.HELD},
                after={"status": ImportRecord.Status.REJECTED},
                reason=reason,
            )
    return outcome
