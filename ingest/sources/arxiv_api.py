"""The arXiv API (export.arxiv.org/api/query): Atom pages read with lxml, else feedparser."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from lxml import etree

from ingest.records import AuthorRecord, PaperRecord, VersionRecord
from ingest.sources import arxiv_atom
from ingest.sources.arxiv_atom import RawEntry, RawFeed
from ingest.sources.common import (
    FeedError,
    arxiv_categories,
    check_body,
    clean,
    parse_feed,
    parse_iso,
    split_arxiv_id,
)

MAX_RESULTS_PER_PAGE = 2000  # arXiv's documented ceiling for one request
ATOM = "http://www.w3.org/2005/Atom"
ARXIV = "http://arxiv.org/schemas/atom"
WHAT = "API response"


@dataclass
class ApiPage:
    """One page of API results and where it sits in the whole result set."""

    records: list[PaperRecord]
    total_results: int
    start_index: int
    items_per_page: int
    errors: list[str] = field(default_factory=list)

    @property
    def next_start(self) -> int | None:
        following = self.start_index + len(self.records)
        return following if self.records and following < self.total_results else None


def query_url(search_query: str, start: int = 0, max_results: int = 100) -> str:
    params = {
        "search_query": search_query,
        "start": start,
        "max_results": min(max_results, MAX_RESULTS_PER_PAGE),
        "sortBy": "submittedDate",
        "sortOrder": "descending",
    }
    return f"{settings.ARXIV_API_URL}?{urlencode(params)}"


def id_list_url(arxiv_ids: list[str]) -> str:
    """One request for these papers' metadata (``id_list``, without versions: the latest)."""
    params = {"id_list": ",".join(arxiv_ids), "start": 0, "max_results": len(arxiv_ids)}
    return f"{settings.ARXIV_API_URL}?{urlencode(params, safe=',')}"


def parse(body: bytes) -> ApiPage:
    """Parse one API response; an error feed, HTML or broken XML raises FeedError.

    Read with lxml (``arxiv_atom``); a response that is not plain API Atom (not
    well-formed, a DOCTYPE, markup in a field, ...) is read with feedparser, as before.
    """
    check_body(body, WHAT)
    try:
        feed = arxiv_atom.read(body)
    except arxiv_atom.Unread:
        return parse_with_feedparser(body)
    return _page(feed)


def parse_with_feedparser(body: bytes) -> ApiPage:
    """``parse`` with feedparser alone: what ``parse`` falls back to."""
    feed = parse_feed(body, WHAT)
    affiliations = _affiliations(body)  # not by a look for b"affiliation": UTF-16 hid them
    return _page(
        RawFeed(
            entries=[_raw_entry(entry, affiliations) for entry in feed.entries],
            total_results=_string(feed.feed.get("opensearch_totalresults")),
            start_index=_string(feed.feed.get("opensearch_startindex")),
            items_per_page=_string(feed.feed.get("opensearch_itemsperpage")),
        )
    )


def _page(feed: RawFeed) -> ApiPage:
    for entry in feed.entries:
        if "/api/errors" in entry.id:
            raise FeedError(f"arXiv API error: {clean(entry.summary)}.")
    records = [_record(entry) for entry in feed.entries]
    return ApiPage(
        records=records,
        total_results=_count(feed.total_results, len(records), "totalResults"),
        start_index=_count(feed.start_index, 0, "startIndex"),
        items_per_page=_count(feed.items_per_page, len(records), "itemsPerPage"),
    )


def _count(text: str, default: int, name: str) -> int:
    try:
        return int(text) if text else default
    except ValueError:
        raise FeedError(
            f"The {WHAT}'s opensearch:{name} is not a number ({text[:40]!r})."
        ) from None


def _record(entry: RawEntry) -> PaperRecord:
    arxiv_id, version = split_arxiv_id(entry.id)
    version = version or 1
    authors = [
        AuthorRecord(name=clean(name), affiliations=affiliations)
        for name, affiliations in entry.authors
    ]
    published = parse_iso(entry.published)
    updated = parse_iso(entry.updated)
    primary = entry.primary_category
    categories = arxiv_categories(entry.category_terms)
    if primary and primary not in categories:
        categories.insert(0, primary)
    versions = [VersionRecord(version=version, submitted_at=updated)]
    if version > 1 and published:
        versions.insert(0, VersionRecord(version=1, submitted_at=published))
    return PaperRecord(
        arxiv_id=arxiv_id,
        version=version,
        title=clean(entry.title),
        abstract=clean(entry.summary),
        authors=authors,
        primary_category=primary or (categories[0] if categories else ""),
        categories=categories,
        published=published,
        updated=updated,
        comment=clean(entry.comment),
        journal_ref=clean(entry.journal_ref),
        doi=clean(entry.doi),
        versions=versions,
    )


def _raw_entry(entry, affiliations: dict[str, list[tuple[str, ...]]]) -> RawEntry:
    """A feedparser entry's fields; an element feedparser keeps as a dict of its attributes
    (an arxiv: field with attributes) gives no text."""
    per_author = affiliations.get(entry.get("id", ""), [])
    primary = entry.get("arxiv_primary_category")
    return RawEntry(
        id=_string(entry.get("id")),
        title=_string(entry.get("title")),
        summary=_string(entry.get("summary")),
        authors=[
            (author["name"], per_author[i] if i < len(per_author) else ())
            for i, author in enumerate(entry.get("authors", []))
            if author.get("name")
        ],
        published=_string(entry.get("published")),
        updated=_string(entry.get("updated")),
        primary_category=(primary.get("term") or "") if isinstance(primary, dict) else "",
        category_terms=[t.get("term") for t in entry.get("tags", []) if t.get("term")],
        comment=_string(entry.get("arxiv_comment")),
        journal_ref=_string(entry.get("arxiv_journal_ref")),
        doi=_string(entry.get("arxiv_doi")),
    )


def _string(value) -> str:
    return value if isinstance(value, str) else ""


def _affiliations(body: bytes) -> dict[str, list[tuple[str, ...]]]:
    """Per-author affiliations by entry id.

    feedparser keeps only the last ``arxiv:affiliation`` of an entry, not whose it
    is, so this one field is read with lxml (entities and network off).
    """
    parser = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
    root = etree.fromstring(body, parser)
    if root is None:
        return {}
    found: dict[str, list[tuple[str, ...]]] = {}
    for entry in root.iter(f"{{{ATOM}}}entry", "entry"):
        entry_id = (entry.findtext(f"{{{ATOM}}}id") or entry.findtext("id") or "").strip()
        found[entry_id] = [
            tuple(clean(a.text) for a in author.iter(f"{{{ARXIV}}}affiliation") if clean(a.text))
            for author in entry.iter(f"{{{ATOM}}}author", "author")
        ]
    return found
