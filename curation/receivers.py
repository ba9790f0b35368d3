"""How curation follows ingest: the re-clustering sweep after each run's catch-up."""

from django.dispatch import receiver

from curation.recluster import sweep_touched
from ingest.signals import authors_refreshed


@receiver(authors_refreshed, dispatch_uid="curation-recluster-after-run")
def recluster_after_run(sender, author_ids, **kwargs):
    """Records the run touched are checked against their namesakes with the new evidence."""
    sweep_touched(author_ids)
