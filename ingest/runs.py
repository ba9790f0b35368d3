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
from django.db import connection
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


# Session advisory locks (first key; the run's id second): which live process works a run.
RUNS_SPACE = 17_0003


class RunTaken(Exception):  # noqa: N818 - a state, not a failure of ours
    """Another live process is working on this run."""


def take(run) -> bool:
    """Work ``run`` in this process: False when a live process has it already.

    A session advisory lock on the run's id, let go when the run ends and, whatever
    happens, when the process's connection closes: the run of a worker killed with
    ``kill -9`` is free at once, for the redelivered task or a rerun to take over,
    while a run whose worker is alive is never taken from it.
    """
    if getattr(run, "_taken", False):
        return True
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s, %s)", [RUNS_SPACE, run.pk])
        run._taken = cursor.fetchone()[0]
    return run._taken


def let_go(run) -> None:
    if getattr(run, "_taken", False):
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", [RUNS_SPACE, run.pk])
        run._taken = False


def take_over(latest, cursor_fits=lambda cursor: True, *, failed_too: bool = True):
    """``latest`` to resume, taken by this process, if it stopped part-way.

    Stopped part-way: failed (when ``failed_too``), or still marked running by a
    worker that is gone (nobody holds it: see ``take``), with a cursor that
    ``cursor_fits``. None when it finished, never started, or a live process has it.
    """
    statuses = {ImportRun.Status.RUNNING, ImportRun.Status.FAILED}
    if not failed_too:
        statuses.discard(ImportRun.Status.FAILED)
    if latest is None or latest.status not in statuses or not cursor_fits(latest.cursor):
        return None
    return latest if take(latest) else None


def start_run(run):
    """The run is running from now, in this process (``RunTaken`` if a live one has it)."""
    if not take(run):
        raise RunTaken(f"Import run {run.pk} is being worked on by another process.")
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
    let_go(run)
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
    let_go(run)
    return run
