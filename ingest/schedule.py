"""Keep each FeedSource's django-celery-beat PeriodicTask in step with the source."""

from __future__ import annotations

import json

from django_celery_beat.models import IntervalSchedule, PeriodicTask

TASK_NAME = "ingest.tasks.run_feed_source"


def sync_periodic_task(source) -> None:
    """Create, update or disable the beat entry that pulls ``source`` every N minutes."""
    from ingest.models import FeedSource

    if not source.interval_minutes:
        if source.periodic_task_id:
            PeriodicTask.objects.filter(pk=source.periodic_task_id).update(enabled=False)
        return
    interval, _ = IntervalSchedule.objects.get_or_create(
        every=source.interval_minutes, period=IntervalSchedule.MINUTES
    )
    values = {
        "name": f"Pull feed source #{source.pk}: {source.name}"[:200],
        "task": TASK_NAME,
        "interval": interval,
        "args": json.dumps([source.pk]),
        "enabled": source.enabled,
    }
    if source.periodic_task_id:
        PeriodicTask.objects.filter(pk=source.periodic_task_id).update(**values)
    else:
        task = PeriodicTask.objects.create(**values)
        FeedSource.objects.filter(pk=source.pk).update(periodic_task=task)
        source.periodic_task = task
