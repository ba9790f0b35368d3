"""Trending papers: upvotes with time decay.

    score = upvotes / (age_hours + 2) ** GRAVITY

``age_hours`` counts from the paper's announcement (midnight UTC of its announce
day, or its submission time when arXiv's announce day is unknown). With
GRAVITY = 1.5, a paper announced an hour ago with 3 votes (3 / 3^1.5 = 0.58)
outranks one from a week ago with 40 (40 / 170^1.5 = 0.018). Ties (papers with
no votes yet) go to the newest. Only papers announced within WINDOW_DAYS are
considered, which bounds the work to a few days of announcements (served by
paper_announced_votes_idx).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from django.db.models import FloatField
from django.db.models.expressions import RawSQL
from django.utils import timezone

from papers.daily import latest_day
from papers.models import Paper
from papers.queries import with_lead_authors

GRAVITY = 1.5
WINDOW_DAYS = 14
# The formula above; announced_on::timestamptz is midnight UTC (Django's connections run in UTC).
_SCORE = """
    upvotes_count / power(
        greatest(extract(epoch FROM %s - coalesce(announced_on::timestamptz, published)) / 3600.0, 0)
        + 2, %s)
"""


def trending_papers(
    *, now: datetime | None = None, categories=(), limit=30, window_days=WINDOW_DAYS
):
    """The most trending papers announced in the window, best first, each with ``score``."""
    now = now or timezone.now()
    papers = Paper.objects.filter(
        announced_on__gte=(now - timedelta(days=window_days)).date(),
        announced_on__lte=now.date(),
        withdrawn=False,
    )
    if categories:
        papers = papers.filter(categories__overlap=list(categories))
    papers = papers.annotate(score=RawSQL(_SCORE, (now, GRAVITY), output_field=FloatField()))
    return list(with_lead_authors(papers.order_by("-score", "-announced_on", "-id"))[:limit])


def trending_or_latest(*, now: datetime | None = None) -> tuple[list, date | None]:
    """The trending papers and, when nothing was announced in the window (arXiv quiet, or
    no pull for two weeks), those of the window up to the latest listing, and its day."""
    now = now or timezone.now()
    if papers := trending_papers(now=now):
        return papers, None
    day = latest_day(now.date())
    if day is None:
        return [], None
    return trending_papers(now=datetime.combine(day + timedelta(days=1), time.min, UTC)), day
