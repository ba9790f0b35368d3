"""Citation metrics and scores on Author; the beat schedule that computes the scores."""

import django.core.validators
from django.db import migrations, models


# The beat schedule once created here now comes from config/schedules.py
# (core.schedules, run after every migrate and by manage.py sync_schedules).


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
        migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop),
    ]
