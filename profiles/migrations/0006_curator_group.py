"""The "curator" group, with exactly the permissions curation needs."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

# (app_label, codename): what a curator reads, and what they may change.
CURATOR_PERMISSIONS = [
    # Identity repair and claims.
    ("profiles", "view_author"), ("profiles", "change_author"), ("profiles", "repair_identity"),
    ("profiles", "view_authoralias"), ("profiles", "view_institution"),
    ("profiles", "change_institution"), ("profiles", "view_claim"), ("profiles", "change_claim"),
    # Papers and bylines (read; bylines are changed through identity repair).
    ("papers", "view_paper"), ("papers", "view_authorship"), ("papers", "view_category"),
    ("graph", "view_coauthoredge"),
    # Imports: sources and their schedules, runs (retry), the review queue, the audit log.
    ("ingest", "view_feedsource"), ("ingest", "add_feedsource"), ("ingest", "change_feedsource"),
    ("ingest", "view_importrun"), ("ingest", "change_importrun"),
    ("ingest", "view_importrecord"), ("ingest", "change_importrecord"),
    ("ingest", "view_auditevent"),
    ("django_celery_beat", "view_periodictask"),
]  # fmt: skip


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); make them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name="curator")
    wanted = [
        Permission.objects.get(content_type__app_label=app, codename=codename)
        for app, codename in CURATOR_PERMISSIONS
    ]
    group.permissions.set(wanted)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name="curator").delete()


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0005_repair_identity_permission"),
        ("papers", "0006_upvotes"),
        ("ingest", "0001_initial"),
        ("graph", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
