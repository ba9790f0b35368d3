"""Author and alias names stored as printed TeX ('J\\"urgen M\\"uller') read as text."""

from django.db import migrations

from core.names import decode_tex

_TEX = r"[\\{}$]"


def decode_names(apps, schema_editor):
    Author = apps.get_model("profiles", "Author")
    AuthorAlias = apps.get_model("profiles", "AuthorAlias")
    for model, column in ((Author, "display_name"), (AuthorAlias, "name")):
        changed = []
        for row in model.objects.filter(**{f"{column}__regex": _TEX}).only("pk", column):
            decoded = decode_tex(getattr(row, column))
            if decoded and decoded != getattr(row, column):
                setattr(row, column, decoded)
                changed.append(row)
        model.objects.bulk_update(changed, [column], batch_size=2000)


class Migration(migrations.Migration):
    dependencies = [("profiles", "0009_alias_keys_initial_y")]

    operations = [migrations.RunPython(decode_names, migrations.RunPython.noop)]
