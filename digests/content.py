"""What one digest holds: the period's top papers in the subscriber's categories, and
(when asked for) new works by the researchers they follow.

Ranking is the daily pages' (``papers.daily.ranked_period``: most upvoted) over the
period's announce days. For a daily digest that is one day, where trending's time
decay is the same for every paper, so the order is the trending order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from digests.models import Subscription
from digests.periods import Period
from papers.daily import ranked_period
from papers.models import Paper
from papers.queries import with_lead_authors

TOP_LIMIT = {"daily": 10, "weekly": 15}
FOLLOWED_LIMIT = 20
# A new version of a paper is not a new work; the RSS announce types say which is which.
NOT_NEW = ("replace", "replace-cross")


@dataclass
class Digest:
    subscription: Subscription
    period: Period
    top: list[Paper] = field(default_factory=list)
    followed: list[Paper] = field(default_factory=list)

    @property
    def papers_count(self) -> int:
        return len({p.pk for p in self.top} | {p.pk for p in self.followed})

    @property
    def is_empty(self) -> bool:
        return not self.top and not self.followed


def build_digest(subscription: Subscription, period: Period) -> Digest:
    top = ranked_period(
        period.first,
        period.last,
        categories=subscription.categories,
        limit=TOP_LIMIT[period.frequency],
    )
    followed = []
    if subscription.sends_followed:
        followed = followed_works(subscription.user_id, period)
    return Digest(subscription, period, top, followed)


def followed_works(user_id: int, period: Period) -> list[Paper]:
    """New works announced in the period with a byline matched to someone the user follows."""
    papers = (
        Paper.objects.filter(
            authorships__author__follows__user_id=user_id,
            announced_on__gte=period.first,
            announced_on__lte=period.last,
            withdrawn=False,
        )
        .exclude(announce_type__in=NOT_NEW)
        .distinct()
        .order_by("-upvotes_count", "-announced_on", "-id")
    )
    return list(with_lead_authors(papers)[:FOLLOWED_LIMIT])
