"""manage.py rematch: the re-clustering sweep over every name block, for existing installs."""

from django.core.management.base import BaseCommand
from django.db import connection

from curation.recluster import sweep
from profiles.models import Author
from profiles.name_keys import refresh_alias_keys


class Command(BaseCommand):
    help = (
        "Fold every alias by the current name rules, then merge records the evidence links "
        "(compatible spellings and a shared co-author record), block by block. Curator and "
        "owner decisions are never undone. Each merge is audited and can be undone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="print the merges, change nothing"
        )
        parser.add_argument("--batch", type=int, default=2000, help="blocks swept per batch")

    def handle(self, *args, dry_run=False, batch=2000, **options):
        if not dry_run:
            changed = refresh_alias_keys()
            self.stdout.write(f"Aliases refolded: {changed}.")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT block FROM profiles_authoralias WHERE block <> '' "
                "GROUP BY block HAVING count(DISTINCT author_id) > 1 ORDER BY block"
            )
            blocks = [row[0] for row in cursor.fetchall()]
        merged = 0
        for start in range(0, len(blocks), batch):
            # Each batch commits on its own: a stopped run resumes by running again.
            for link in sweep(set(blocks[start : start + batch]), dry_run=dry_run):
                merged += 1
                names = Author.objects.in_bulk([link.survivor, link.loser])
                self.stdout.write(
                    f"{'would merge' if dry_run else 'merged'} "
                    f"{names[link.loser].display_name} (#{link.loser}) into "
                    f"{names[link.survivor].display_name} (#{link.survivor})"
                )
        self.stdout.write(
            f"{len(blocks)} blocks swept; {merged} merges{' (dry run)' if dry_run else ''}."
        )
