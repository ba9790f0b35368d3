"""The standard arXiv sources: what a site polls to stay fresh without anyone setting it up.

For the categories the site holds (the demo's, or ``--categories``):
- one RSS listing of them all ("cs.LG+cs.AI+..."), every 15 minutes around arXiv's
  announcement and hourly otherwise (``ingest.polling``);
- one OAI-PMH harvest per group they belong to ("cs", "stat"), daily at 06:00 UTC,
  for updates (new versions, journal references) and deletions.

Enabled unless ``ARXIV_OFFLINE`` is set. Idempotent: an existing source keeps a
curator's timing and on/off switch; a missing one is created.
"""

from __future__ import annotations

from django.conf import settings
from django.db.models import Count

from ingest.models import FeedSource, SourceKind
from papers.models import Paper
from papers.taxonomy import CATEGORIES

RSS_EVERY_MINUTES = 15
OAI_CRON = "0 6 * * *"  # daily, after the night's announcement has settled
DEFAULT_CATEGORIES = ("cs.LG", "cs.AI", "cs.CL", "cs.CV", "stat.ML")
MOST_CATEGORIES = 8  # one listing; arXiv's RSS takes several categories joined by "+"


def site_categories(limit: int = MOST_CATEGORIES) -> list[str]:
    """The current categories the site's papers are most often in (primary), or the default set."""
    current = {code for code, *_ in CATEGORIES}
    top = (
        Paper.objects.filter(primary_category__isnull=False, withdrawn=False)
        .values("primary_category")
        .annotate(n=Count("id"))
        .order_by("-n", "primary_category")
        .values_list("primary_category", flat=True)[: limit * 3]
    )
    found = [code for code in top if code in current][:limit]
    return sorted(found) or list(DEFAULT_CATEGORIES)


def _group(code: str) -> str:
    return next(group for c, _, _, group in CATEGORIES if c == code)


def ensure_standard_sources(categories: list[str] | None = None) -> list[tuple[FeedSource, bool]]:
    """Create the standard sources that are missing; returns (source, created) pairs."""
    categories = sorted(set(categories or site_categories()))
    enabled = not settings.ARXIV_OFFLINE
    wanted = [
        (
            SourceKind.RSS,
            "+".join(categories),
            f"arXiv new listings: {', '.join(categories)}",
            {"interval_minutes": RSS_EVERY_MINUTES},
        )
    ]
    for group in sorted({_group(c) for c in categories}):
        wanted.append((SourceKind.OAI, group, f"arXiv daily harvest: {group}", {"cron": OAI_CRON}))
    results = []
    for kind, query, name, timing in wanted:
        source = FeedSource.objects.filter(kind=kind, query=query).first()
        if source is not None:
            results.append((source, False))
            continue
        source = FeedSource(kind=kind, query=query, name=name, enabled=enabled, **timing)
        source.full_clean(exclude=["periodic_task"])
        source.save()
        results.append((source, True))
    return results
