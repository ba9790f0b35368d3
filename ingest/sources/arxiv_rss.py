"""arXiv's daily RSS listings (rss.arxiv.org/rss/<cat>[+<cat>...]), parsed with feedparser."""

from __future__ import annotations

import re
from datetime import date, datetime

from django.conf import settings

from ingest.records import AuthorRecord, PaperRecord, VersionRecord
from ingest.sources.common import (
    FeedError,
    arxiv_categories,
    clean,
    parse_feed,
    parse_rfc2822,
    split_arxiv_id,
    split_byline,
)

ANNOUNCE_TYPES = {"new", "cross", "replace", "replace-cross"}
_DESCRIPTION = re.compile(
    r"^\s*arXiv:(?P<id>\S+)\s+Announce Type:\s*(?P<type>[\w-]+)\s*Abstract:\s*(?P<abstract>.*)$",
    re.DOTALL,
)
_CATEGORY_SET = re.compile(r"^[a-z\-]+(\.[A-Za-z\-]+)?(\+[a-z\-]+(\.[A-Za-z\-]+)?)*$")


def listing_url(categories: str) -> str:
    """'cs.LG+stat.ML' -> the RSS URL; anything that is not a category set is refused."""
    if not _CATEGORY_SET.match(categories):
        raise FeedError(f"{categories!r} is not an arXiv category set such as 'cs.LG+stat.ML'.")
    return f"{settings.ARXIV_RSS_URL}{categories}"


def parse(body: bytes) -> list[PaperRecord]:
    """Parse one RSS listing; the announce date comes from the channel's pubDate."""
    feed = parse_feed(body, "RSS listing")
    if not feed.feed.get("title") and not feed.entries:
        raise FeedError("The RSS listing has no channel; it is not an arXiv feed.")
    channel_date = parse_rfc2822(feed.feed.get("published", ""))
    return [_record(item, channel_date) for item in feed.entries]


def _record(item, channel_date) -> PaperRecord:
    summary = item.get("summary", "")
    match = _DESCRIPTION.match(summary)
    arxiv_id, version = split_arxiv_id(item.get("id") or item.get("link", ""))
    announce_type = item.get("arxiv_announce_type") or (match.group("type") if match else "")
    if announce_type not in ANNOUNCE_TYPES:
        raise FeedError(f"{arxiv_id}: unknown announce type {announce_type!r}.")
    announced = parse_rfc2822(item.get("published", "")) or channel_date
    # The listing date is arXiv's (US Eastern) calendar day, so keep the date as printed.
    announced_on: date | None = _printed_date(item.get("published", "")) or (
        announced.date() if announced else None
    )
    categories = arxiv_categories(t.get("term") for t in item.get("tags", []))
    authors = [
        AuthorRecord(name=name, affiliations=(aff,) if aff else ())
        for name, aff in split_byline(item.get("author", ""))
    ]
    version = version or 1
    return PaperRecord(
        arxiv_id=arxiv_id,
        version=version,
        title=clean(item.get("title")),
        abstract=clean(match.group("abstract")) if match else clean(summary),
        authors=authors,
        primary_category=categories[0] if categories else "",
        categories=categories,
        doi=clean(item.get("arxiv_doi")),
        journal_ref=clean(item.get("arxiv_journal_reference")),
        license=clean(item.get("rights")),
        versions=[VersionRecord(version=version)],
        announce_type=announce_type,
        announced_on=announced_on,
    )


def _printed_date(text: str) -> date | None:
    parsed = parse_rfc2822(text)
    if parsed is None:
        return None
    match = re.search(r"\d{1,2} \w{3} \d{4}", text)
    if not match:
        return parsed.date()
    return datetime.strptime(match.group(0), "%d %b %Y").date()
