"""manage.py standard_sources: the scheduled arXiv sources that keep the site fresh. Safe to rerun."""

from django.conf import settings
from django.core.management.base import BaseCommand

from ingest.schedule import describe
from ingest.standard import ensure_standard_sources


class Command(BaseCommand):
    help = (
        "Create the standard arXiv sources for the site's categories: an RSS listing polled "
        "around the announcement, a daily OAI-PMH harvest. Disabled when ARXIV_OFFLINE=1."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--categories",
            help='Categories joined by "+" (e.g. "cs.LG+stat.ML"); default: the site\'s most common.',
        )

    def handle(self, *args, categories=None, **options):
        chosen = categories.split("+") if categories else None
        for source, created in ensure_standard_sources(chosen):
            state = "created" if created else "exists"
            self.stdout.write(
                f"  {source.name} [{source.get_kind_display()}]: {describe(source)} ({state})"
            )
        if settings.ARXIV_OFFLINE:
            self.stdout.write("ARXIV_OFFLINE is set: new standard sources are created disabled.")
