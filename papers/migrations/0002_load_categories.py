"""Load the arXiv category taxonomy (papers/taxonomy.py) into Category."""

from django.db import migrations


def load(apps, schema_editor):
    from papers.taxonomy import CATEGORIES, LEGACY_CATEGORIES

    Category = apps.get_model("papers", "Category")
    for rows, active in ((CATEGORIES, True), (LEGACY_CATEGORIES, False)):
        for code, name, archive, group in rows:
            Category.objects.update_or_create(
                code=code, defaults={"name": name, "archive": archive, "group": group, "is_active": active}
            )


class Migration(migrations.Migration):
    dependencies = [("papers", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
