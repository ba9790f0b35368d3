"""Papers' stored HTML again where their text has \\[display\\] or \\(inline\\) math, which
printed as raw TeX before papers.mathtext read it. A batch per transaction, like 0013.
"""

from django.db import migrations

BATCH = 1_000


def render_again(apps, schema_editor):
    from papers.mathtext import fill_html

    fill_html(BATCH, "bracketed")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("papers", "0014_render_tex_accents"),
    ]

    operations = [
        migrations.RunPython(render_again, migrations.RunPython.noop, elidable=True),
    ]
