"""The bench database every bench script uses: its URL (DATABASE_URL with ``_bench`` added
to the name, or BENCH_DATABASE_URL; never the development database), Django pointed at it
(created and migrated when missing, DEBUG off), and its tables emptied.
"""

from __future__ import annotations

import os
import secrets
import sys
from urllib.parse import unquote, urlsplit

# The apps whose tables are emptied before each measurement (Category, the taxonomy, is kept).
BENCH_APPS = ("ingest", "papers", "profiles", "graph")


def bench_database_url() -> str:
    """BENCH_DATABASE_URL, or DATABASE_URL with ``_bench`` added to the database name."""
    from config import env

    explicit = os.environ.get("BENCH_DATABASE_URL")
    dev = urlsplit(env.get("DATABASE_URL"))
    url = urlsplit(explicit) if explicit else dev
    if not explicit:
        name = unquote(dev.path.lstrip("/")) or "peerfolio"
        url = dev._replace(path=f"/{name}_bench")
    if explicit and url.path == dev.path and url.hostname == dev.hostname:
        sys.exit(f"BENCH_DATABASE_URL names the development database ({dev.path}); refusing.")
    return url.geturl()


def setup_django() -> str:
    """Point Django at the bench database (created and migrated when missing); its URL."""
    url = bench_database_url()
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "false"
    # Production settings refuse a weak key; the bench signs nothing that outlives it.
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    # The bench's test client speaks plain HTTP; production would redirect it to https://.
    os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    from config.services import create_database, unreachable

    problem = unreachable("DATABASE_URL") or create_database()
    if problem:
        sys.exit(problem)

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    return url


def reset_tables() -> None:
    """Empty every ingest/papers/profiles/graph table; the category taxonomy goes back to as migrated."""
    from django.apps import apps
    from django.db import connection

    from papers.models import Category
    from papers.taxonomy import CATEGORIES, LEGACY_CATEGORIES

    tables = [
        model._meta.db_table
        for label in BENCH_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model is not Category and model._meta.managed and not model._meta.proxy
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            f"TRUNCATE {', '.join(connection.ops.quote_name(t) for t in tables)} "
            "RESTART IDENTITY CASCADE"
        )
        # Categories the store added for codes the taxonomy lacks.
        cursor.execute(
            "DELETE FROM papers_category WHERE NOT code = ANY(%s)",
            [[row[0] for row in CATEGORIES + LEGACY_CATEGORIES]],
        )
        cursor.execute("ANALYZE")
