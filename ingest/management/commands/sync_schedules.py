"""manage.py sync_schedules: every beat entry in step with its source of truth."""

from django.core.management.base import BaseCommand

from core.schedules import sync_periodic_tasks
from ingest.models import FeedSource
from ingest.schedule import sync_periodic_task


class Command(BaseCommand):
    help = (
        "Write the site's fixed schedules (config/schedules.py) and each feed source's "
        "schedule into django-celery-beat. Curators' timing and on/off changes are kept."
    )

    def handle(self, *args, **options):
        created = sync_periodic_tasks()
        sources = 0
        for source in FeedSource.objects.order_by("pk"):
            sync_periodic_task(source)
            sources += 1
        self.stdout.write(
            f"Schedules in step: {len(created)} fixed entries created, "
            f"{sources} feed source(s) synced."
        )
