"""What a curator sees of an import run while it goes (progress) and can do once it failed (retry)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from core.tasks import send_on_commit
from ingest.models import ImportRun
from ingest.tasks import resume_import_run

ACTIVE = (ImportRun.Status.QUEUED, ImportRun.Status.RUNNING)


@dataclass(frozen=True)
class Progress:
    """Records done of the total the source announced, the rate so far, and the errors."""

    done: int
    total: int | None
    seconds: float | None
    errors: int
    active: bool

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, round(100 * self.done / self.total))

    @property
    def rate(self) -> float | None:
        """Records per second since the run (or its latest retry) started."""
        if not self.seconds or self.seconds <= 0:
            return None
        return self.done / self.seconds

    @property
    def eta_seconds(self) -> float | None:
        """Seconds left at the rate so far, while the run goes and the source gave a total."""
        rate = self.rate
        if not self.active or not self.total or not rate:
            return None
        return max(0.0, (self.total - self.done) / rate)

    def summary(self) -> str:
        """'250 / 897 (28%), 41.2/s, ETA 0:00:16': the runs list's one-line progress."""
        text = (
            f"{self.done:,} / {self.total:,} ({self.percent}%)" if self.total else f"{self.done:,}"
        )
        if self.active and self.rate:
            text += f", {self.rate:.1f}/s"
        if (eta := self.eta_seconds) is not None:
            text += f", ETA {int(eta) // 3600}:{int(eta) % 3600 // 60:02d}:{int(eta) % 60:02d}"
        return text


def progress(run: ImportRun) -> Progress:
    active = run.status in ACTIVE
    end = timezone.now() if active else run.finished_at
    seconds = (end - run.started_at).total_seconds() if run.started_at and end else None
    return Progress(
        done=run.fetched, total=run.total, seconds=seconds, errors=run.failed, active=active
    )


class RetryRefused(Exception):
    """A run that cannot be retried; the message says why, for a curator."""


def retry(run_id: int) -> ImportRun:
    """Queue a failed run to resume from its saved cursor, after the transaction commits.

    The run is marked queued at once (a conditional update), so a second click, or
    two curators at the same moment, cannot start two pulls of the same run.
    """
    with transaction.atomic():
        run = (
            ImportRun.objects.select_for_update(of=("self",))
            .select_related("source")
            .get(pk=run_id)
        )
        if run.source is None:
            raise RetryRefused(
                f"Run #{run.pk} imported a file, not a feed source: there is nothing to resume. "
                "Import the file again (manage.py ingest --file)."
            )
        if run.status in ACTIVE:
            raise RetryRefused(f"Run #{run.pk} is still {run.status}; wait for it to finish.")
        if run.status != ImportRun.Status.FAILED:
            raise RetryRefused(f"Run #{run.pk} succeeded; there is nothing to retry.")
        run.status = ImportRun.Status.QUEUED
        run.save(update_fields=["status"])
        send_on_commit(resume_import_run, run.pk)
    return run


def resume_point(run: ImportRun) -> str:
    """Where a retry would start, in words."""
    if "start" in run.cursor:
        return f"result {run.cursor['start']:,} of the query (API start offset)"
    if "resumption_token" in run.cursor:
        return f"OAI-PMH resumptionToken {run.cursor['resumption_token']}"
    return "the beginning (no page was stored yet)"
