"""Daily papers: one announce day's listing, its neighbours, and the week and month around it.

A day is an arXiv listing day (papers.announce); arXiv lists nothing at
weekends and on holidays, so "previous" and "next" jump to the nearest day that
has papers, found through paper_announced_idx rather than by counting dates.
Within a day, papers are ranked by upvotes, then newest id, and paged by that
key.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.db.models import Max, Min, Q

from papers.models import Paper
from papers.queries import with_lead_authors

PAGE_SIZE = 30  # a screenful or three; "Load more" brings the next (keyset, by votes then id)
# RSS announce types: a new submission, a cross-list from another category, a new version.
ANNOUNCE_TYPES = {
    "new": "New",
    "cross": "Cross-list",
    "replace": "Replacement",
    "replace-cross": "Replacement (cross-list)",
}


class DailyFilter(forms.Form):
    """The daily page's query string."""

    category = forms.CharField(max_length=32, required=False)
    new_only = forms.BooleanField(required=False, label="New submissions only")
    following = forms.BooleanField(required=False, label="Only researchers I follow")
    after = forms.RegexField(regex=r"^\d{1,9}_\d{1,20}$", required=False)

    def clean_after(self):
        after = self.cleaned_data["after"]
        return tuple(int(part) for part in after.split("_")) if after else None


@dataclass
class DayListing:
    day: date
    papers: list[Paper]
    previous: date | None
    next: date | None
    next_cursor: str | None


def latest_day(today: date) -> date | None:
    """The most recent listing day up to ``today``."""
    return Paper.objects.filter(announced_on__lte=today).aggregate(day=Max("announced_on"))["day"]


def neighbours(day: date) -> tuple[date | None, date | None]:
    """The nearest earlier and later days that have papers."""
    previous = Paper.objects.filter(announced_on__lt=day).aggregate(d=Max("announced_on"))["d"]
    following = Paper.objects.filter(announced_on__gt=day).aggregate(d=Min("announced_on"))["d"]
    return previous, following


def day_listing(day: date, *, user=None, category="", new_only=False, following=False, after=None,
                size=PAGE_SIZE) -> DayListing:  # fmt: skip
    papers = _filtered(Paper.objects.filter(announced_on=day), user, [category] if category else [],
                       new_only, following)  # fmt: skip
    if after:
        votes, last_id = after
        papers = papers.filter(Q(upvotes_count__lt=votes) | Q(upvotes_count=votes, id__lt=last_id))
    rows = list(with_lead_authors(papers.order_by("-upvotes_count", "-id"))[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    cursor = f"{rows[-1].upvotes_count}_{rows[-1].pk}" if more and rows else None
    # "Load more" renders only the next cards: the day's neighbours are for the full page.
    previous, following = neighbours(day) if after is None else (None, None)
    return DayListing(day, rows, previous, following, next_cursor=cursor)


def week_of(day: date) -> tuple[date, date]:
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def month_of(day: date) -> tuple[date, date]:
    return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


@dataclass
class Period:
    first: date
    last: date
    previous: date  # a day in the period before, for its link
    next: date  # a day in the period after


def period_around(kind: str, day: date) -> Period:
    """The week or month holding ``day`` and its neighbours' dates.

    OverflowError when the period or a neighbour falls outside Python's calendar
    (years 1 to 9999): nobody lists papers there, and a link to it cannot be made.
    """
    if kind == "week":
        first, last = week_of(day)
        return Period(first, last, first - timedelta(days=7), first + timedelta(days=7))
    first, last = month_of(day)
    return Period(first, last, (first - timedelta(days=1)).replace(day=1), last + timedelta(days=1))


def ranked_period(first: date, last: date, *, user=None, categories=(), new_only=False,
                  following=False, limit=PAGE_SIZE) -> list[Paper]:  # fmt: skip
    """Papers announced from ``first`` to ``last`` (a week, a month), most upvoted first."""
    papers = Paper.objects.filter(announced_on__gte=first, announced_on__lte=last)
    papers = _filtered(papers, user, categories, new_only, following)
    return list(
        with_lead_authors(papers.order_by("-upvotes_count", "-announced_on", "-id"))[:limit]
    )


def _filtered(papers, user, categories, new_only, following):
    papers = papers.filter(withdrawn=False)
    if categories:  # any of them, cross-lists included
        papers = papers.filter(categories__overlap=list(categories))
    if new_only:
        papers = papers.filter(announce_type="new")
    if following and user is not None and user.is_authenticated:
        papers = papers.filter(authorships__author__follows__user=user).distinct()
    return papers
