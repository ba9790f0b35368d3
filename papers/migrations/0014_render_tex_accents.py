"""Papers' stored HTML again where their text has TeX in it: outside math, accents
("Lipt\\'ak"), emphasis, dashes and quotes now print as typeset (papers.mathtext). A batch
per transaction, like 0013.
"""

from django.db import migrations

BATCH = 1_000


def render_again(apps, schema_editor):
    from papers.mathtext import fill_html

    fill_html(BATCH, "tex")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("papers", "0013_fill_paper_math_html"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop, elidable=True),
    ]
