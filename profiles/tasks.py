"""Celery tasks for author metrics and scores. They take ids and speak JSON.

Everything here is computed from our own tables (no network), so nothing is
retried: a failure is a bug to see, and the next periodic run starts over.
"""

from __future__ import annotations

import logging

from celery import shared_task

from profiles.claim_evidence import orcid_unreachable
from profiles.claims import recheck
from profiles.metrics import refresh_citation_metrics
from profiles.models import Claim
from profiles.scores import (
    authors_needing_scores,
    papers_to_score,
    refresh_author_scores,
    score_papers,
)
from profiles.trust import coauthor_ids, refresh_trust

log = logging.getLogger("peerfolio.scores")


@shared_task(acks_late=True, reject_on_worker_lost=True)
def refresh_author_metrics(author_ids: list[int]) -> int:
    """Recompute citation metrics, Novelty % and AI score for these authors (after a merge, say)."""
    refresh_citation_metrics(author_ids)
    refresh_author_scores(author_ids)
    return len(set(author_ids))


@shared_task(acks_late=True, reject_on_worker_lost=True)
def recompute_scores(
    batch_size: int = 500, max_batches: int | None = None, author_batch_size: int = 5000
) -> dict:
    """Periodic catch-up: novelty for papers without one, then authors whose works changed.

    An import run scores what it brought before it says "succeeded" (ingest.runs), so
    this only finds what a crashed run, a merge or an older version left behind. It
    works through the whole backlog in bounded batches (``batch_size`` papers, or
    ``author_batch_size`` authors in one set-based UPDATE), each in its own
    transaction, until none is left (or ``max_batches`` of each, when given).
    """
    papers, authors = 0, 0
    batches = 0
    while max_batches is None or batches < max_batches:
        ids = papers_to_score(batch_size)
        if not ids:
            break
        authors += len(score_papers(ids))
        papers += len(ids)
        batches += 1
    batches = 0
    while max_batches is None or batches < max_batches:
        ids = authors_needing_scores(author_batch_size)
        if not ids:
            break
        refresh_author_scores(ids)
        authors += len(ids)
        batches += 1
    log.info("Scores: %d papers, %d authors.", papers, authors)
    return {"papers": papers, "authors": authors}


@shared_task(acks_late=True, reject_on_worker_lost=True)
def refresh_trust_of(author_ids: list[int]) -> int:
    """Trust of these records, after a change to whom they share works with."""
    refresh_trust(author_ids)
    return len(set(author_ids))


@shared_task(acks_late=True, reject_on_worker_lost=True)
def refresh_trust_of_coauthors(author_id: int) -> int:
    """A record's owner changed: its co-authors' "co-authors with claimed records" signal moved."""
    ids = coauthor_ids(author_id)
    refresh_trust(ids)
    return len(ids)


@shared_task(acks_late=True, reject_on_worker_lost=True, bind=True, max_retries=8)
def recheck_claim(self, claim_id: int) -> str:
    """A claim filed while ORCID was down: ask ORCID again, approve on proof, else keep waiting.

    Retried (only) while ORCID stays unreachable, with a growing delay.
    """
    claim = Claim.objects.select_related("user", "author").filter(pk=claim_id).first()
    if claim is None or claim.status != Claim.Status.PENDING:
        return "decided"
    claim = recheck(claim)
    if claim.status == Claim.Status.PENDING and orcid_unreachable(claim.evidence):
        raise self.retry(countdown=15 * 60 * 2**self.request.retries)
    return claim.status
