"""Celery tasks for ingest. They take ids, speak JSON and are enqueued on commit.

Imports acknowledge late: a worker killed mid-run has its message redelivered,
and the redelivered task takes over the run the lost worker left (``ingest.runs.take``
tells a lost worker's run from a live one's) and goes on from its saved cursor;
storing is idempotent, so the page the worker died in is simply stored again.
"""

from __future__ import annotations

import logging
from pathlib import Path

from celery import shared_task

from core.tasks import send_on_commit
from ingest.backoff import backing_off_until
from ingest.models import FeedSource, ImportRun
from ingest.pipeline import import_file as import_path
from ingest.pipeline import run_source
from ingest.polling import poll_due
from ingest.runs import reap_lost_runs as reap
from ingest.runs import take_over

log = logging.getLogger("peerfolio.ingest")


# An import may take hours (a snapshot file); it beats on every page, so the reaper, not
# the limits, is what notices a lost one. The limits only stop one that hangs outright.
IMPORT_SOFT_TIME_LIMIT = 6 * 60 * 60
IMPORT_TIME_LIMIT = IMPORT_SOFT_TIME_LIMIT + 5 * 60
IMPORT_TASK = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "soft_time_limit": IMPORT_SOFT_TIME_LIMIT,
    "time_limit": IMPORT_TIME_LIMIT,
}


@shared_task(**IMPORT_TASK)
def run_feed_source(source_id: int, scheduled: bool = False) -> int | None:
    """Pull one enabled FeedSource now; returns the ImportRun id (None if not pulled).

    A ``scheduled`` poll (beat's) of a source whose last runs failed waits out its
    back-off (``ingest.backoff``) instead of adding another failed run.
    """
    source = FeedSource.objects.filter(pk=source_id, enabled=True).first()
    if source is None:
        log.info("Feed source %s is disabled or gone; nothing pulled.", source_id)
        return None
    # Redelivered after its worker was killed (or a poll after a crash): the pull that
    # worker left running goes on from its last saved page, in the same run.
    if orphan := take_over(ImportRun.objects.filter(source=source).first(), failed_too=False):
        log.warning("Import run %s lost its worker; resuming it from %s.", orphan.pk, orphan.cursor)
        return run_source(source, run=orphan).pk
    if scheduled and (until := backing_off_until(source)):
        log.info("Feed source %s keeps failing; next poll after %s.", source_id, until)
        return None
    if scheduled and not poll_due(source):
        return None  # an RSS listing outside the announcement window: hourly is enough
    return run_source(source).pk


@shared_task(**IMPORT_TASK)
def resume_import_run(run_id: int) -> int:
    """Retry a failed or interrupted run from its saved cursor."""
    run = ImportRun.objects.select_related("source").get(pk=run_id)
    if run.source is None:
        raise ValueError(f"Import run {run_id} has no feed source to resume.")
    return run_source(run.source, run=run).pk


@shared_task(**IMPORT_TASK)
def import_file(path: str, hold: bool = False) -> int:
    """Import a saved arXiv response from a path the worker can read."""
    return import_path(Path(path), hold=hold).pk


@shared_task(soft_time_limit=50, time_limit=55)
def reap_lost_runs() -> list[int]:
    """Beat, every minute: fail running imports whose worker is gone (``ingest.runs``)."""
    return reap()


def enqueue_feed_source(source_id: int) -> None:
    """Run a source after the current transaction commits (never on uncommitted state)."""
    send_on_commit(run_feed_source, source_id)
