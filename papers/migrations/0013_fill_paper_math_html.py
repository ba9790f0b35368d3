"""Paper.title_html / abstract_html / comment_html for papers stored before ingest rendered them.

Not atomic, like 0010: a batch per transaction, and a run stopped halfway resumes with
the papers still without HTML. The HTML comes from papers.mathtext as it stands when
this runs, the renderer ingest and Paper.save() use (``manage.py render_math --all``
renders every paper again after the renderer changes).
"""

from django.db import migrations

BATCH = 1_000


def fill_html(apps, schema_editor):
    from papers.mathtext import fill_html

    fill_html(BATCH, "missing")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("papers", "0012_paper_math_html"),
    ]

    operations = [
        migrations.RunPython(fill_html, migrations.RunPython.noop, elidable=True),
    ]
