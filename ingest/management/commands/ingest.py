"""manage.py ingest --file PATH [PATH ...] | --source ID"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ingest.models import FeedSource, ImportRun
from ingest.pipeline import import_file, run_source


class Command(BaseCommand):
    help = "Import arXiv responses from files (API Atom, RSS or OAI-PMH, detected) or pull a FeedSource."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--file", nargs="+", type=Path, help="Saved responses to import.")
        group.add_argument("--source", type=int, help="Id of a FeedSource to pull now.")
        parser.add_argument("--hold", action="store_true", help="Hold records for review.")

    def handle(self, *args, **options):
        if options["source"] is not None:
            source = FeedSource.objects.filter(pk=options["source"]).first()
            if source is None:
                raise CommandError(f"There is no feed source with id {options['source']}.")
            runs = [run_source(source)]
        else:
            runs = [self._import(path, options["hold"]) for path in options["file"]]
        failed = [r for r in runs if r.status == ImportRun.Status.FAILED]
        for run in runs:
            self.stdout.write(_summary(run))
        if failed:
            raise CommandError(f"{len(failed)} of {len(runs)} imports failed.")

    def _import(self, path: Path, hold: bool) -> ImportRun:
        if not path.is_file():
            raise CommandError(f"{path}: no such file.")
        with tqdm(
            desc=path.name, unit=" records", disable=not sys.stderr.isatty(), leave=False
        ) as bar:
            return import_file(path, hold=hold, progress=bar.update)


def _summary(run: ImportRun) -> str:
    counts = (
        f"fetched {run.fetched}, created {run.created}, updated {run.updated}, "
        f"unchanged {run.unchanged}, held {run.held}, failed {run.failed}"
    )
    if run.status == ImportRun.Status.FAILED:
        return f"FAILED {run.origin}: {run.error} ({counts})"
    return f"OK {run.origin}: {counts}"
