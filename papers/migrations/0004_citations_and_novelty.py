"""Citations per year and novelty on Paper; the beat schedule that keeps citations fresh."""

import django.core.validators
from django.db import migrations, models


# The beat schedule once created here now comes from config/schedules.py
# (core.schedules, run after every migrate and by manage.py sync_schedules).


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
        migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop),
    ]
