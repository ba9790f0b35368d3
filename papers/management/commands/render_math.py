"""Render and store the HTML of papers' titles, abstracts and comments (Paper.*_html).

Ingest and Paper.save() store it with the text; this fills papers stored without it
and, with ``--all``, renders every paper again (after papers.mathtext changes).
"""

from django.core.management.base import BaseCommand

from papers.mathtext import fill_html


class Command(BaseCommand):
    help = __doc__.splitlines()[0]

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="every paper, not only those missing it"
        )
        parser.add_argument("--batch", type=int, default=1000)

    def handle(self, *args, all=False, batch=1000, **options):
        done = fill_html(batch, "every" if all else "missing")
        self.stdout.write(f"Rendered the HTML of papers in {done} batch(es) of at most {batch}.")
