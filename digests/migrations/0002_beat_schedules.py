"""The beat schedules that send digests: daily at 06:00 UTC, weekly on Mondays at 06:00 UTC."""

from django.db import migrations

# The beat schedule once created here now comes from config/schedules.py
# (core.schedules, run after every migrate and by manage.py sync_schedules).


class Migration(migrations.Migration):

    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("digests", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop),
    ]
