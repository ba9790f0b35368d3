"""Named read queries for paper pages; each one is served by an index named in papers.models."""

from django.db.models import Prefetch

from papers.models import Authorship, Paper


def with_byline(queryset, limit=None):
    """Papers with their authorships and authors in one extra query (never one per paper)."""
    return queryset.select_related("primary_category").prefetch_related(
        Prefetch(
            "authorships",
            queryset=Authorship.objects.select_related("author").order_by("position"),
        )
    )


def latest_papers(limit=20):
    """Newest first (paper_published_idx)."""
    return with_byline(Paper.objects.filter(withdrawn=False).order_by("-published", "-id"))[:limit]
