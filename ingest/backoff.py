"""A scheduled poll that keeps failing backs off instead of filling the runs list.

After ``n`` failed runs in a row, the next scheduled poll of that source is
skipped (no run is made) until ``delay(n)`` has passed since the last failure:
10 minutes, then 20, 40, 80, ... at most 6 hours. With a 15-minute poll an
unreachable arXiv leaves about a dozen failed runs a day, each with one line, not
a hundred. A curator's "Run now" always runs; the first success resets it.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ingest.models import ImportRun

FIRST_DELAY = timedelta(minutes=10)
MAX_DELAY = timedelta(hours=6)
_LOOK_BACK = 12  # failures counted; 10 min * 2**11 is far over MAX_DELAY


def delay(failures: int) -> timedelta:
    """How long after the last of ``failures`` failed runs in a row the next poll waits."""
    if failures <= 0:
        return timedelta(0)
    return min(FIRST_DELAY * 2 ** (failures - 1), MAX_DELAY)


def recent_failures(source) -> tuple[int, ImportRun | None]:
    """Failed runs of ``source`` in a row, newest first, and the newest of them."""
    runs = list(
        ImportRun.objects.filter(source=source)
        .exclude(status__in=[ImportRun.Status.QUEUED, ImportRun.Status.RUNNING])
        .order_by("-created_at")
        .only("status", "finished_at", "created_at")[:_LOOK_BACK]
    )
    count = 0
    for run in runs:
        if run.status != ImportRun.Status.FAILED:
            break
        count += 1
    return count, (runs[0] if count else None)


def backing_off_until(source, *, now=None):
    """When the next scheduled poll of ``source`` may run, or None if it may run now."""
    failures, last = recent_failures(source)
    if not failures:
        return None
    resume = (last.finished_at or last.created_at) + delay(failures)
    return resume if resume > (now or timezone.now()) else None
