"""How curation follows ingest: after each run's catch-up, empty records go, then the sweep."""

from django.dispatch import receiver

from curation.emptied import remove_empty_records
from curation.recluster import sweep_touched
from ingest.signals import authors_refreshed


@receiver(authors_refreshed, dispatch_uid="curation-recluster-after-run")
def recluster_after_run(sender, author_ids, **kwargs):
    """Records the run emptied are removed; the rest are checked against their namesakes."""
    gone = set(remove_empty_records(author_ids))
    sweep_touched([i for i in author_ids if i not in gone])
