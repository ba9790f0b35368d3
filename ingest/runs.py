"""An ImportRun's life: started, its cursor saved page by page, finished or failed.

A run is "succeeded" only when what its papers change elsewhere is done too
(``catch_up``): the authors' counters, institutions and trust, the new papers'
novelty and their authors' Novelty % and AI score. Co-author edges follow in
each page's own transaction (``ingest.store``). So every page is right when a run
says it succeeded; the hourly score task only picks up what a crash left behind.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from core import pagecache
from ingest.models import ImportRecord, ImportRun
from ingest.store import refresh_stale_authors
from papers.models import Paper
from profiles.scores import refresh_author_scores, score_papers

log = logging.getLogger("peerfolio.ingest")
SCORE_BATCH = 500


def save_cursor(run, cursor):
    """Where a rerun picks up: an OAI resumption token, an API offset (and a heartbeat)."""
    run.cursor = cursor
    ImportRun.objects.filter(pk=run.pk).update(
        cursor=cursor, total=run.total, origin=run.origin[:1000], heartbeat_at=timezone.now()
    )


def beat(run) -> None:
    """The run is alive: the reaper leaves it alone for another ``IMPORT_HEARTBEAT_LIMIT``."""
    ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=timezone.now())


def start_run(run):
    """The run is running from now."""
    now = timezone.now()
    run.status, run.started_at, run.heartbeat_at, run.error = ImportRun.Status.RUNNING, now, now, ""
    run.save(update_fields=["status", "started_at", "heartbeat_at", "error"])


def reap_lost_runs(limit: timedelta | None = None) -> list[int]:
    """Fail every running run whose heartbeat is older than ``limit``; the ids reaped.

    A worker killed (kill -9, out of memory, a lost machine) leaves its run
    "running" forever; this marks it failed with how far it got, its counts kept.
    Harmless to call again: only runs still running are touched, each by one
    conditional UPDATE, so two reapers at once fail a run once.
    """
    if limit is None:
        limit = timedelta(seconds=settings.IMPORT_HEARTBEAT_LIMIT)
    now = timezone.now()
    stale = ImportRun.objects.annotate(
        last_sign=Coalesce("heartbeat_at", "started_at", "created_at")
    ).filter(status=ImportRun.Status.RUNNING, last_sign__lt=now - limit)
    reaped = []
    for pk, last_sign, fetched in stale.values_list("pk", "last_sign", "fetched"):
        message = (
            f"Worker lost: no heartbeat since {last_sign:%Y-%m-%d %H:%M:%S} UTC "
            f"after {fetched:,} records; rerun to resume."
        )
        if ImportRun.objects.filter(pk=pk, status=ImportRun.Status.RUNNING).update(
            status=ImportRun.Status.FAILED, finished_at=now, error=message, failed=F("failed") + 1
        ):
            log.warning("Import run %s reaped: %s", pk, message)
            reaped.append(pk)
    return reaped


def catch_up(run) -> None:
    """Derived data of what ``run`` stored, set-wise: counters, trust, novelty, author scores."""
    beat(run)  # catching up a big run takes a while: alive at its start and after each batch
    refreshed = set(refresh_stale_authors())
    applied = ImportRecord.objects.filter(run=run, paper__isnull=False).values("paper_id")
    unscored = Paper.objects.filter(
        id__in=applied, novelty__isnull=True, published__isnull=False, withdrawn=False
    )
    while ids := list(
        unscored.order_by("published", "id").values_list("id", flat=True)[:SCORE_BATCH]
    ):
        refreshed -= score_papers(ids)  # their authors' scores too
        beat(run)
    refresh_author_scores(refreshed)
    # Scores and counters written set-wise (core.bulk) are past core.pagecache's statement
    # watch, as the batches' papers are (ingest.store bumps after each): out of date now.
    pagecache.bump()


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
