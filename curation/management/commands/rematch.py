"""manage.py rematch: the re-clustering sweep over every name block, for existing installs."""

from django.core.management.base import BaseCommand

from curation.recluster import sweep_touched
from profiles.models import Author
from profiles.name_keys import refresh_alias_keys


class Command(BaseCommand):
    help = (
        "Fold every alias by the current name rules, then merge records the evidence links "
        "(compatible spellings and shared co-authors), a batch of records at a time. Curator and "
        "owner decisions are never undone. Each merge is audited and can be undone."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="print the merges, change nothing"
        )
        parser.add_argument("--batch", type=int, default=2000, help="records swept per batch")

    def handle(self, *args, dry_run=False, batch=2000, **options):
        if not dry_run:
            changed = refresh_alias_keys()
            self.stdout.write(f"Aliases refolded: {changed}.")
        merged, swept, after = 0, 0, 0
        while True:
            # Records in id order, a batch at a time, each batch committed on its own: a
            # stopped run resumes by running again. Every pair is compared when the batch
            # of either record comes round, under every blocking key (reversed included).
            ids = list(
                Author.objects.filter(merged_into__isnull=True, pk__gt=after)
                .order_by("pk")
                .values_list("pk", flat=True)[:batch]
            )
            if not ids:
                break
            after, swept = ids[-1], swept + len(ids)
            for link in sweep_touched(ids, dry_run=dry_run):
                merged += 1
                names = Author.objects.in_bulk([link.survivor, link.loser])
                self.stdout.write(
                    f"{'would merge' if dry_run else 'merged'} "
                    f"{names[link.loser].display_name} (#{link.loser}) into "
                    f"{names[link.survivor].display_name} (#{link.survivor})"
                )
        self.stdout.write(
            f"{swept} records swept; {merged} merges{' (dry run)' if dry_run else ''}."
        )
