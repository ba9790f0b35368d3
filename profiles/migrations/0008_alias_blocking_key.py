"""Aliases get a blocking key (family name + first initial) and are folded by the new name rules."""

from django.db import migrations, models


def fill_keys(apps, schema_editor):
    from profiles.name_keys import refresh_alias_keys

    refresh_alias_keys()


class Migration(migrations.Migration):
    dependencies = [("profiles", "0007_claim_priority_and_revoked")]

    operations = [
        migrations.AddField(
            model_name="authoralias",
            name="block",
            field=models.CharField(blank=True, db_default="", max_length=300),
        ),
        migrations.AddIndex(
            model_name="authoralias",
            index=models.Index(fields=["block"], name="authoralias_block_idx"),
        ),
        migrations.RunPython(fill_keys, migrations.RunPython.noop),
    ]
