"""Citation metrics and scores on Author; the beat schedule that computes the scores."""

import json

import django.core.validators
from django.db import migrations, models
from django.utils import timezone


# Editable in the admin (Periodic tasks); the kwargs bound each run.
TASK = {
    "name": "Recompute novelty and AI scores",
    "task": "profiles.tasks.recompute_scores",
    "kwargs": {'batch_size': 500, 'max_batches': 4},
    "description": "Score papers without a novelty yet, then refresh Novelty % and AI score of their authors and of authors whose works changed.",
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
        ('profiles', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='author',
            name='ai_score',
            field=models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)]),
        ),
        migrations.AddField(
            model_name='author',
            name='citations_as_of',
            field=models.DateTimeField(blank=True, help_text="The oldest 'as of' among the works counted.", null=True),
        ),
        migrations.AddField(
            model_name='author',
            name='citations_by_year',
            field=models.JSONField(blank=True, db_default=models.Value({}, output_field=models.JSONField()), default=dict, help_text='Citations received per year, summed over works: {"2024": 12, ...}.'),
        ),
        migrations.AddField(
            model_name='author',
            name='citations_source',
            field=models.CharField(blank=True, db_default='', help_text='Semantic Scholar, OpenAlex or both.', max_length=80),
        ),
        migrations.AddField(
            model_name='author',
            name='i10_index',
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='author',
            name='novelty',
            field=models.FloatField(blank=True, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)]),
        ),
        migrations.AddField(
            model_name='author',
            name='scores_as_of',
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='author',
            name='works_by_year',
            field=models.JSONField(blank=True, db_default=models.Value({}, output_field=models.JSONField()), default=dict, help_text='Works published per year (v1 date): {"2024": 3, ...}.'),
        ),
        migrations.RunPython(create_schedule, remove_schedule),
    ]
