"""When arXiv lists a paper: the announce day a submission time implies.

arXiv announces Sunday to Thursday at 20:00 US Eastern; each announcement is
listed (RSS, "new" pages) under the next weekday's date, and takes what arrived
before the 14:00 Eastern cut-off. So a Monday-morning submission is listed on
Tuesday, a Monday-afternoon one on Wednesday, a Friday-afternoon one on the
next Tuesday. Holidays are not modelled. RSS gives the real day; this fills it
in for papers that arrive through the API or OAI-PMH.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

EASTERN = ZoneInfo("America/New_York")
CUTOFF = time(14, 0)


def _next_weekday(day: date) -> date:
    day += timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def listing_day(submitted: datetime | None) -> date | None:
    """The date of the listing a submission at ``submitted`` first appears in."""
    if submitted is None:
        return None
    local = submitted.astimezone(EASTERN)
    cutoff_day = local.date()
    if local.weekday() >= 5 or local.time() >= CUTOFF:
        cutoff_day = _next_weekday(cutoff_day)
    return _next_weekday(cutoff_day)


ANNOUNCED_AT = time(20, 0)


def announced_at(listing: date | None) -> datetime | None:
    """When the listing dated ``listing`` went out: 20:00 US Eastern the evening before."""
    if listing is None:
        return None
    return datetime.combine(listing - timedelta(days=1), ANNOUNCED_AT, tzinfo=EASTERN)
