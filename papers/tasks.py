"""Celery tasks for citation counts. They take ids, speak JSON and retry only named errors.

``enrich_citations`` retries ``CitationsUnavailable`` (a source down or rate
limiting us) with backoff; an answer we cannot read (``CitationError``) fails at
once with its message, since asking again would get the same answer. Storing is
idempotent, so a retried or redelivered task is harmless.
"""

from __future__ import annotations

import logging

from celery import shared_task

from papers.citations import S2_BATCH, CitationsUnavailable, enrich_papers, stale_paper_ids

log = logging.getLogger("peerfolio.citations")


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(CitationsUnavailable,),
    retry_backoff=60,
    retry_backoff_max=3600,
    max_retries=5,
)
def enrich_citations(paper_ids: list[int]) -> int:
    """Fetch citation counts for these papers and refresh their authors' metrics.

    Returns how many papers were asked about (withdrawn ones are skipped).
    """
    return enrich_papers(paper_ids)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def refresh_stale_citations(batch_size: int = S2_BATCH, max_batches: int = 4) -> int:
    """Periodic: papers never checked, then those checked over 7 days ago, in bounded batches.

    At most ``max_batches`` batches of ``batch_size`` papers a run. Not retried: the
    next run picks up whatever this one could not fetch.
    """
    batch_size = max(1, min(batch_size, S2_BATCH))
    done = 0
    for _ in range(max_batches):
        ids = stale_paper_ids(batch_size)
        if not ids:
            break
        done += enrich_papers(ids)
    log.info("Citations refreshed for %d papers.", done)
    return done
