"""manage.py ingest --file PATH [PATH ...] | --source ID"""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ingest.models import FeedSource, ImportRun
from ingest.pipeline import import_file, run_source
from ingest.runs import reap_lost_runs
from ingest.snapshot import STDIN, is_snapshot


class Command(BaseCommand):
    help = "Import arXiv responses from files (API Atom, RSS or OAI-PMH, detected) or pull a FeedSource."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument(
            "--file",
            nargs="+",
            type=Path,
            help="Saved responses or metadata snapshots (- reads a snapshot from standard input).",
        )
        group.add_argument("--source", type=int, help="Id of a FeedSource to pull now.")
        parser.add_argument("--hold", action="store_true", help="Hold records for review.")

    def handle(self, *args, **options):
        # A killed earlier import left its run "running": fail it first (the beat reaper's check),
        # so a snapshot rerun resumes it and the admin shows no run that will never end.
        for pk in reap_lost_runs():
            self.stderr.write(f"Run #{pk}: {ImportRun.objects.get(pk=pk).error}")
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
        if str(path) != STDIN and not path.is_file():
            raise CommandError(f"{path}: no such file.")
        # A snapshot counts lines (and sets the bar's total); the other formats count records.
        unit = " lines" if is_snapshot(path) else " records"
        with tqdm(
            desc=path.name or "stdin", unit=unit, disable=not sys.stderr.isatty(), leave=False
        ) as bar:
            return import_file(path, hold=hold, progress=_bar_progress(bar))


def _bar_progress(bar):
    """``progress(n)`` for the pipeline; a snapshot sets ``total`` on its run first."""

    def advance(count: int, total: int | None = None) -> None:
        if total is not None and bar.total != total:
            bar.total = total
            bar.refresh()
        bar.update(count)

    return advance


def _summary(run: ImportRun) -> str:
    counts = (
        f"fetched {run.fetched}, created {run.created}, updated {run.updated}, "
        f"unchanged {run.unchanged}, held {run.held}, failed {run.failed}"
    )
    if run.status == ImportRun.Status.FAILED:
        return f"FAILED {run.origin}: {run.error} ({counts})"
    return f"OK {run.origin}: {counts}" + (f"; {run.error}" if run.error else "")
