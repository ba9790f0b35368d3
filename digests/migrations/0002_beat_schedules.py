"""The beat schedules that send digests: daily at 06:00 UTC, weekly on Mondays at 06:00 UTC."""

import json

from django.db import migrations
from django.utils import timezone

# Editable in the admin (Periodic tasks). 06:00 UTC: after arXiv's 00:00 UTC
# announcement, before the working day in Europe; the day's papers have had
# a full day of upvotes.
TASKS = [
    {
        "name": "Send daily digests",
        "task": "digests.tasks.send_digests",
        "kwargs": {"frequency": "daily"},
        "crontab": {"minute": "0", "hour": "6", "day_of_week": "*"},
        "description": "Email each confirmed daily subscriber the top papers of the last announce day.",
    },
    {
        "name": "Send weekly digests",
        "task": "digests.tasks.send_digests",
        "kwargs": {"frequency": "weekly"},
        "crontab": {"minute": "0", "hour": "6", "day_of_week": "1"},
        "description": "Email each confirmed weekly subscriber the top papers of the past week (Mondays).",
    },
]


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    for spec in TASKS:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            **spec["crontab"], day_of_month="*", month_of_year="*", timezone="UTC"
        )
        PeriodicTask.objects.get_or_create(
            name=spec["name"],
            defaults={
                "task": spec["task"],
                "crontab": crontab,
                "kwargs": json.dumps(spec["kwargs"]),
                "description": spec["description"],
                "enabled": True,
            },
        )
    # Beat reloads its schedule when this marker moves (signals do not fire in migrations).
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedules(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(
        name__in=[spec["name"] for spec in TASKS]
    ).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("digests", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_schedules, remove_schedules),
    ]
