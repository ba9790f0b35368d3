"""An ImportRun's life: started, its cursor saved page by page, finished or failed.

A run is "succeeded" only when what its papers change elsewhere is done too
(``catch_up``): the authors' counters, institutions and trust, the new papers'
novelty and their authors' Novelty % and AI score. Co-author edges follow in
each page's own transaction (``ingest.store``). So every page is right when a run
says it succeeded; the hourly score task only picks up what a crash left behind.
"""

from __future__ import annotations

import logging

from django.utils import timezone

from ingest.models import ImportRecord, ImportRun
from ingest.store import refresh_stale_authors
from papers.models import Paper
from profiles.scores import refresh_author_scores, score_papers

log = logging.getLogger("peerfolio.ingest")
SCORE_BATCH = 500


def save_cursor(run, cursor):
    """Where a rerun picks up: an OAI resumption token, an API offset."""
    run.cursor = cursor
    ImportRun.objects.filter(pk=run.pk).update(
        cursor=cursor, total=run.total, origin=run.origin[:1000]
    )


def start_run(run):
    """The run is running from now."""
    run.status, run.started_at, run.error = ImportRun.Status.RUNNING, timezone.now(), ""
    run.save(update_fields=["status", "started_at", "error"])


def catch_up(run) -> None:
    """Derived data of what ``run`` stored, set-wise: counters, trust, novelty, author scores."""
    refreshed = set(refresh_stale_authors())
    applied = ImportRecord.objects.filter(run=run, paper__isnull=False).values("paper_id")
    unscored = Paper.objects.filter(
        id__in=applied, novelty__isnull=True, published__isnull=False, withdrawn=False
    )
    while ids := list(
        unscored.order_by("published", "id").values_list("id", flat=True)[:SCORE_BATCH]
    ):
        refreshed -= score_papers(ids)  # their authors' scores too
    refresh_author_scores(refreshed)


def finish(run):
    """Catch the run's derived data up and mark it succeeded."""
    catch_up(run)
    run.refresh_from_db(fields=["fetched", "created", "updated", "unchanged", "held", "failed"])
    run.status, run.finished_at = ImportRun.Status.SUCCEEDED, timezone.now()
    run.save(update_fields=["status", "finished_at", "total", "error"])
    return run


def fail_run(run, message):
    """The run failed with ``message``; what its earlier pages stored stays, caught up."""
    log.warning("Import run %s failed: %s", run.pk, message)
    try:  # the pages stored before the failure stay, so their derived data is caught up
        catch_up(run)
    except Exception:
        log.exception("Import run %s: refreshing its authors failed too.", run.pk)
    run.refresh_from_db(fields=["fetched", "created", "updated", "unchanged", "held"])
    run.status, run.finished_at, run.error = ImportRun.Status.FAILED, timezone.now(), message
    run.failed += 1
    run.save(update_fields=["status", "finished_at", "error", "failed"])
    return run
