from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app shares: names, set-wise SQL, paginators, the outbound client, schedules."""

    name = "core"

    def ready(self):
        from django.db.models.signals import post_migrate

        from core.schedules import sync_after_migrate

        post_migrate.connect(sync_after_migrate, sender=self)

        from django.db.backends.signals import connection_created

        from core.pagecache import watch_connection, watch_open_connections

        # Every write of content, from any process, moves the page cache's version on.
        connection_created.connect(watch_connection)
        watch_open_connections()
