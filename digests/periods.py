"""Digest periods: the key a send is recorded under, and the announce days it covers.

A daily digest sent on day D ("daily:D") carries the papers arXiv announced on
D - 1: by the 06:00 UTC send they have had a full day of upvotes, and the next
day's digest never repeats them. arXiv announces Monday to Friday, so the
Sunday and Monday digests find nothing and are skipped.

A weekly digest sent in ISO week W ("weekly:2026-W48") carries the seven days
before that week's Monday: sent on a Monday, the whole previous week.

The key alone decides the days, so a retry on a later day sends what the first
try would have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

_KEY = re.compile(r"^(?:daily:(\d{4}-\d{2}-\d{2})|weekly:(\d{4})-W(\d{2}))$")


@dataclass(frozen=True)
class Period:
    key: str
    frequency: str
    first: date  # first announce day covered
    last: date  # last announce day covered (inclusive)

    @property
    def label(self) -> str:
        """ "Wed, Nov 25" for a day, "Nov 16 – Nov 22" for a week, as subjects print it."""
        if self.first == self.last:
            return f"{self.first:%a, %b} {self.first.day}"
        return f"{self.first:%b} {self.first.day} – {self.last:%b} {self.last.day}"


def period_key(frequency: str, when: date | datetime) -> str:
    """The key of the period a send at ``when`` (UTC) belongs to."""
    day = when.date() if isinstance(when, datetime) else when
    if frequency == "daily":
        return f"daily:{day.isoformat()}"
    if frequency == "weekly":
        year, week, _ = day.isocalendar()
        return f"weekly:{year}-W{week:02d}"
    raise ValueError(f"Unknown digest frequency {frequency!r}")


def parse_period(key: str) -> Period:
    """The period a key names; ValueError for anything else."""
    match = _KEY.match(key)
    if not match:
        raise ValueError(f"Not a digest period key: {key!r}")
    daily, year, week = match.groups()
    if daily:
        sent_on = date.fromisoformat(daily)
        announced = sent_on - timedelta(days=1)
        return Period(key, "daily", announced, announced)
    monday = date.fromisocalendar(int(year), int(week), 1)
    return Period(key, "weekly", monday - timedelta(days=7), monday - timedelta(days=1))
