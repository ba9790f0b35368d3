"""AuditEvent now belongs to the audit app (audit 0001 renamed its table); only the state goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("ingest", "0004_pending_author"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[], state_operations=[migrations.DeleteModel(name="AuditEvent")]
        ),
    ]
