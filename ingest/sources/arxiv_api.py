"""The arXiv API (export.arxiv.org/api/query): Atom pages parsed with feedparser."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from lxml import etree

from ingest.records import AuthorRecord, PaperRecord, VersionRecord
from ingest.sources.common import (
    FeedError,
    arxiv_categories,
    clean,
    parse_feed,
    parse_iso,
    split_arxiv_id,
)

MAX_RESULTS_PER_PAGE = 2000  # arXiv's documented ceiling for one request
ATOM = "http://www.w3.org/2005/Atom"
ARXIV = "http://arxiv.org/schemas/atom"


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
    """Parse one API response; an error feed, HTML or broken XML raises FeedError."""
    feed = parse_feed(body, "API response")
    for entry in feed.entries:
        if "/api/errors" in entry.get("id", ""):
            raise FeedError(f"arXiv API error: {clean(entry.get('summary'))}.")
    affiliations = _affiliations(body) if b"affiliation" in body else {}
    records = [_record(entry, affiliations) for entry in feed.entries]
    total = int(feed.feed.get("opensearch_totalresults") or len(records))
    return ApiPage(
        records=records,
        total_results=total,
        start_index=int(feed.feed.get("opensearch_startindex") or 0),
        items_per_page=int(feed.feed.get("opensearch_itemsperpage") or len(records)),
    )


def _record(entry, affiliations: dict[str, list[tuple[str, ...]]]) -> PaperRecord:
    arxiv_id, version = split_arxiv_id(entry.get("id", ""))
    version = version or 1
    names = [clean(a.get("name")) for a in entry.get("authors", []) if a.get("name")]
    per_author = affiliations.get(entry.get("id", ""), [])
    authors = [
        AuthorRecord(name=name, affiliations=per_author[i] if i < len(per_author) else ())
        for i, name in enumerate(names)
    ]
    published = parse_iso(entry.get("published", ""))
    updated = parse_iso(entry.get("updated", ""))
    primary = (entry.get("arxiv_primary_category") or {}).get("term", "")
    categories = arxiv_categories(t.get("term") for t in entry.get("tags", []))
    if primary and primary not in categories:
        categories.insert(0, primary)
    versions = [VersionRecord(version=version, submitted_at=updated)]
    if version > 1 and published:
        versions.insert(0, VersionRecord(version=1, submitted_at=published))
    return PaperRecord(
        arxiv_id=arxiv_id,
        version=version,
        title=clean(entry.get("title")),
        abstract=clean(entry.get("summary")),
        authors=authors,
        primary_category=primary or (categories[0] if categories else ""),
        categories=categories,
        published=published,
        updated=updated,
        comment=clean(entry.get("arxiv_comment")),
        journal_ref=clean(entry.get("arxiv_journal_ref")),
        doi=clean(entry.get("arxiv_doi")),
        versions=versions,
    )


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
