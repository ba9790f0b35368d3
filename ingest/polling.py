"""When a scheduled RSS poll is worth making: often around arXiv's announcement, hourly otherwise.

arXiv announces Sunday to Thursday at 20:00 US Eastern (00:00 or 01:00 UTC,
depending on daylight saving time); a listing does not change in between. An
RSS source scheduled more often than hourly polls at every tick from 15 minutes
before to 90 minutes after the announcement (so a paper is on its authors'
profiles within one tick of it), and at most once an hour the rest of the day
(late announcements, holidays). The window is worked out in US Eastern time, so
it follows daylight saving time by itself. Conditional GET makes each poll cheap.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from ingest.models import ImportRun, SourceKind
from papers.announce import ANNOUNCED_AT, EASTERN

WINDOW_BEFORE = timedelta(minutes=15)
WINDOW_AFTER = timedelta(minutes=90)
OFF_WINDOW_EVERY = timedelta(minutes=55)  # hourly ticks, with room for a late one
ANNOUNCE_DAYS = {6, 0, 1, 2, 3}  # Sunday to Thursday (Monday is 0)


def in_announcement_window(now: datetime) -> bool:
    """Whether ``now`` is within the window around an arXiv announcement."""
    local = now.astimezone(EASTERN)
    for day in (local.date(), local.date() - timedelta(days=1)):
        if day.weekday() not in ANNOUNCE_DAYS:
            continue
        at = datetime.combine(day, ANNOUNCED_AT, tzinfo=EASTERN)
        if at - WINDOW_BEFORE <= local <= at + WINDOW_AFTER:
            return True
    return False


def poll_due(source, *, now: datetime | None = None) -> bool:
    """Whether a scheduled tick should pull ``source`` now (always, for non-RSS sources)."""
    now = now or timezone.now()
    if source.kind != SourceKind.RSS or (source.interval_minutes or 60) >= 60 or source.cron:
        return True
    if in_announcement_window(now):
        return True
    last = (
        ImportRun.objects.filter(source=source, created_at__gt=now - OFF_WINDOW_EVERY)
        .exclude(status=ImportRun.Status.QUEUED)
        .exists()
    )
    return not last
