"""How profiles follow events of the layers below (connected when the app is ready)."""

from django.dispatch import receiver

from papers.signals import citations_changed
from profiles.metrics import refresh_citation_metrics


@receiver(citations_changed, dispatch_uid="profiles-citation-metrics")
def citation_metrics_follow(sender, author_ids, **kwargs):
    """New citation counts on papers: their authors' citations, h-index and i10 follow."""
    refresh_citation_metrics(author_ids)
