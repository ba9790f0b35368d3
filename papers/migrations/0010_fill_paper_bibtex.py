"""Paper.bibtex for the papers stored before ingest built it, one batch per transaction.

Not atomic: each batch commits on its own, so a large table is never held in one
transaction, and a run stopped halfway resumes where it was (only papers still
without an entry are read). The entries come from papers.bibtex as it stands
when this runs, the same builder ingest uses.
"""

from django.db import migrations, transaction

BATCH = 2_000


def fill_entries(apps, schema_editor):
    from papers.bibtex import refresh_entries

    last_id = 0
    while True:
        with transaction.atomic(), schema_editor.connection.cursor() as cursor:
            cursor.execute(
                "SELECT id FROM papers_paper WHERE id > %s AND bibtex = '' ORDER BY id LIMIT %s",
                [last_id, BATCH],
            )
            ids = [row[0] for row in cursor.fetchall()]
            if not ids:
                return
            refresh_entries(ids)
        last_id = ids[-1]


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("papers", "0009_paper_bibtex"),
    ]

    operations = [
        migrations.RunPython(fill_entries, migrations.RunPython.noop, elidable=True),
    ]
