"""Writes the site's fixed beat schedules (settings.PERIODIC_TASKS) into django-celery-beat.

Run by ``manage.py sync_schedules`` and after every ``migrate``. Entries are
matched by name. A new one is created with its schedule; an existing one takes
its task, arguments and description from the registry but keeps its timing and
its on/off switch, which curators may have changed in the admin.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db import transaction
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask


def sync_periodic_tasks(specs: list[dict] | None = None) -> list[str]:
    """Create or update each registered entry; returns the names created."""
    created = []
    with transaction.atomic():
        for spec in settings.PERIODIC_TASKS if specs is None else specs:
            task = PeriodicTask.objects.filter(name=spec["name"]).first()
            if task is None:
                task = PeriodicTask(name=spec["name"], enabled=True, **_schedule(spec))
                created.append(spec["name"])
            task.task = spec["task"]
            task.kwargs = json.dumps(spec.get("kwargs", {}))
            task.description = spec.get("description", "")
            task.save()  # through the model: a running beat sees the change
    return created


def _schedule(spec: dict) -> dict:
    if "crontab" in spec:
        fields = {"day_of_month": "*", "month_of_year": "*", **spec["crontab"]}
        crontab, _ = CrontabSchedule.objects.get_or_create(**fields, timezone="UTC")
        return {"crontab": crontab}
    interval, _ = IntervalSchedule.objects.get_or_create(
        every=spec["every_minutes"], period=IntervalSchedule.MINUTES
    )
    return {"interval": interval}


def sync_after_migrate(sender, using="default", **kwargs) -> None:
    """post_migrate: a new database has its schedules as soon as it has its tables."""
    if using == "default":
        sync_periodic_tasks()
