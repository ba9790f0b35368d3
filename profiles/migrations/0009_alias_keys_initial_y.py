"""Aliases' blocking keys again: a "Y." initial ("Y. Wang", "X. Y. Niu") is an initial now,
not the particle "y" of "Ortega y Gasset" (core.names.name_parts)."""

from django.db import migrations


def refresh_keys(apps, schema_editor):
    from profiles.name_keys import refresh_alias_keys

    refresh_alias_keys()


class Migration(migrations.Migration):
    dependencies = [("profiles", "0008_alias_blocking_key")]

    operations = [migrations.RunPython(refresh_keys, migrations.RunPython.noop, elidable=True)]
