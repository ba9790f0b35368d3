"""Keep each FeedSource's django-celery-beat PeriodicTask in step with the source.

A source runs every N minutes (``interval_minutes``), on a crontab (``cron``,
"minute hour day-of-month month day-of-week" in UTC, e.g. "30 5 * * 1-5"), or
only when someone presses "Run now" (neither). Tasks are saved through the
model, never with ``QuerySet.update``: ``PeriodicTask.save`` is what tells a
running beat that its schedule changed.
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask
from django_celery_beat.validators import crontab_validator

TASK_NAME = "ingest.tasks.run_feed_source"
CRON_FIELDS = ("minute", "hour", "day_of_month", "month_of_year", "day_of_week")


def cron_problem(cron: str) -> str | None:
    """Why ``cron`` is not a five-field crontab, or None when it is."""
    fields = cron.split()
    if len(fields) != 5:
        return (
            'A crontab has five fields, "minute hour day-of-month month day-of-week", '
            'e.g. "30 5 * * 1-5" (05:30 UTC on weekdays).'
        )
    try:
        crontab_validator(" ".join(fields))
    except ValidationError as exc:
        return f"Not a valid crontab: {' '.join(exc.messages)}"
    return None


def describe(source) -> str:
    """The schedule in words, as the admin lists it."""
    if not source.enabled:
        return "disabled"
    if source.cron:
        return f"cron {source.cron} (UTC)"
    if source.interval_minutes:
        if source.kind == "rss" and source.interval_minutes < 60:
            return (
                f"every {source.interval_minutes} min around arXiv's announcement "
                "(20:00 US Eastern, Sun–Thu), hourly otherwise"
            )
        return f"every {source.interval_minutes} min"
    return "manual only"


def sync_periodic_task(source) -> None:
    """Create, update or disable the beat entry that pulls ``source`` on its schedule."""
    task = PeriodicTask.objects.filter(pk=source.periodic_task_id).first()
    if not source.interval_minutes and not source.cron:
        if task is not None and task.enabled:
            task.enabled = False
            task.save()
        return
    task = task or PeriodicTask(task=TASK_NAME)
    task.name = f"Pull feed source #{source.pk}: {source.name}"[:200]
    task.args = json.dumps([source.pk])
    task.kwargs = json.dumps({"scheduled": True})  # backs off while the source keeps failing
    task.enabled = source.enabled
    task.interval, task.crontab = None, None
    if source.cron:
        values = dict(zip(CRON_FIELDS, source.cron.split(), strict=True))
        task.crontab, _ = CrontabSchedule.objects.get_or_create(**values, timezone="UTC")
    else:
        task.interval, _ = IntervalSchedule.objects.get_or_create(
            every=source.interval_minutes, period=IntervalSchedule.MINUTES
        )
    created = task.pk is None
    task.save()
    if created:
        type(source).objects.filter(pk=source.pk).update(periodic_task=task)
        source.periodic_task = task
