"""An ImportRun's life: started, its cursor saved page by page, finished or failed."""

from __future__ import annotations

import logging

from django.utils import timezone

from ingest.models import ImportRun
from ingest.store import refresh_stale_authors

log = logging.getLogger("peerfolio.ingest")


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


def finish(run):
    """Catch the run's authors up and mark it succeeded."""
    refresh_stale_authors()
    run.refresh_from_db(fields=["fetched", "created", "updated", "unchanged", "held", "failed"])
    run.status, run.finished_at = ImportRun.Status.SUCCEEDED, timezone.now()
    run.save(update_fields=["status", "finished_at", "total", "error"])
    return run


def fail_run(run, message):
    """The run failed with ``message``; what its earlier pages stored stays, caught up."""
    log.warning("Import run %s failed: %s", run.pk, message)
    try:  # the pages stored before the failure stay, so their authors are caught up
        refresh_stale_authors()
    except Exception:
        log.exception("Import run %s: refreshing its authors failed too.", run.pk)
    run.refresh_from_db(fields=["fetched", "created", "updated", "unchanged", "held"])
    run.status, run.finished_at, run.error = ImportRun.Status.FAILED, timezone.now(), message
    run.failed += 1
    run.save(update_fields=["status", "finished_at", "error", "failed"])
    return run
