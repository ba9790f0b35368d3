"""AuditEvent moves from ingest to audit: the same rows, in a table named for its app.

The model's state is created here and deleted from ingest's (ingest 0005); the
database keeps its rows, indexes and foreign keys, only the table is renamed,
and the content type (with the curator group's view permission) follows.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    if not ContentType.objects.filter(app_label="audit", model="auditevent").exists():
        ContentType.objects.filter(app_label="ingest", model="auditevent").update(app_label="audit")


def move_content_type_back(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    ContentType.objects.filter(app_label="audit", model="auditevent").update(app_label="ingest")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("ingest", "0004_pending_author"),
        ("profiles", "0006_curator_group"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE ingest_auditevent RENAME TO audit_auditevent",
                    "ALTER TABLE audit_auditevent RENAME TO ingest_auditevent",
                )
            ],
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("action", models.CharField(max_length=40)),
                        ("target_type", models.CharField(help_text='Model label, e.g. "profiles.author".', max_length=40)),
                        ("target_id", models.CharField(max_length=40)),
                        ("before", models.JSONField(blank=True, default=dict)),
                        ("after", models.JSONField(blank=True, default=dict)),
                        ("reason", models.TextField(blank=True)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("undone_at", models.DateTimeField(blank=True, null=True)),
                        ("actor", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                        ("undone_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        "ordering": ["-created_at"],
                        "indexes": [models.Index(fields=["target_type", "target_id", "-created_at"], name="auditevent_target_idx")],
                    },
                ),
            ],
        ),
        migrations.RunPython(move_content_type, move_content_type_back),
    ]
