"""Citations per year and novelty on Paper; the beat schedule that keeps citations fresh."""

import json

import django.core.validators
from django.db import migrations, models
from django.utils import timezone


# Editable in the admin (Periodic tasks); the kwargs bound each run.
TASK = {
    "name": "Refresh stale citations",
    "task": "papers.tasks.refresh_stale_citations",
    "kwargs": {'batch_size': 500, 'max_batches': 4},
    "description": "Fetch citation counts (Semantic Scholar, then OpenAlex) for papers never checked or checked over 7 days ago.",
}
EVERY_MINUTES = 60


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTasks = apps.get_model("django_celery_beat", "PeriodicTasks")
    interval, _ = IntervalSchedule.objects.get_or_create(every=EVERY_MINUTES, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=TASK["name"],
        defaults={
            "task": TASK["task"],
            "interval": interval,
            "kwargs": json.dumps(TASK["kwargs"]),
            "description": TASK["description"],
            "enabled": True,
        },
    )
    # Beat reloads its schedule when this marker moves (signals do not fire in migrations).
    PeriodicTasks.objects.update_or_create(ident=1, defaults={"last_update": timezone.now()})


def remove_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK["name"]).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ('papers', '0003_search_vector_generated'),
    ]

    operations = [
        migrations.AddField(
            model_name='paper',
            name='citations_by_year',
            field=models.JSONField(blank=True, db_default=models.Value({}, output_field=models.JSONField()), default=dict),
        ),
        migrations.AddField(
            model_name='paper',
            name='novelty',
            field=models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)]),
        ),
        migrations.AddIndex(
            model_name='paper',
            index=models.Index(models.OrderBy(models.F('citations_as_of'), nulls_first=True), models.F('id'), name='paper_citations_as_of_idx'),
        ),
        migrations.AddIndex(
            model_name='paper',
            index=models.Index(fields=['primary_category', 'published', 'id'], name='paper_category_published_idx'),
        ),
        migrations.AddIndex(
            model_name='paper',
            index=models.Index(condition=models.Q(('novelty__isnull', True)), fields=['published', 'id'], name='paper_novelty_todo_idx'),
        ),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
