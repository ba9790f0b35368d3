"""The arXiv API's Atom read with lxml: the fields the feedparser reader takes, as it takes them.

arXiv answers the API with well-formed Atom of one shape; feedparser, which reads
any feed however broken, spent most of a page's parse on generality. This reads
that one shape with lxml (entities and network off, no huge trees, as
``oai_pmh``) and gives each entry's raw fields; ``arxiv_api`` builds the records
from them as it does from feedparser's.

Anything else raises ``Unread`` and ``arxiv_api`` reads the response with
feedparser instead, so broken input keeps the handling it had: XML that is not
well-formed (truncated, HTML, bytes not in the declared charset, a text over
10 MB), a DOCTYPE (feedparser keeps only safe entities), another root than an
Atom ``<feed>``, and entries feedparser would read differently: markup or
comments inside a field, a repeated title or summary (feedparser keeps the first
of those, the last of the rest), elements feedparser maps onto the fields read
here (``content``, ``dc:creator``, ...), or arXiv's namespace under another prefix
(feedparser keys unknown namespaces by prefix).

Text is given as feedparser gives it: stripped, and, for the fields it treats as
text (all but names), UTF-8 read as Latin-1 decoded again and C1 controls mapped
to their Windows-1252 characters (``pop`` in feedparser's ``mixin``).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

from lxml import etree

from ingest.sources.common import clean

ATOM = "{http://www.w3.org/2005/Atom}"
ARXIV = "{http://arxiv.org/schemas/atom}"
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, collect_ids=False
)
FEED, ENTRY, AUTHOR, NAME = f"{ATOM}feed", f"{ATOM}entry", f"{ATOM}author", f"{ATOM}name"
AFFILIATION = f"{ARXIV}affiliation"
# An entry's Atom children as arXiv sends them: the text fields read here, and the rest.
_TEXT = {f"{ATOM}{name}": name for name in ("id", "title", "summary", "published", "updated")}
CATEGORY, LINK = f"{ATOM}category", f"{ATOM}link"
_ARXIV_TEXT = {"comment", "journal_ref", "doi"}
_AUTHOR_OTHER = {f"{ATOM}email", f"{ATOM}uri"}
_OPENSEARCH = {"totalresults", "startindex", "itemsperpage"}
# feedparser's map of C1 controls to Windows-1252 (feedparser.html._cp1252).
_CP1252 = {
    code: bytes([code]).decode("cp1252")
    for code in range(0x80, 0xA0)
    if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}


class Unread(Exception):
    """Not the API's plain Atom: read the response with feedparser instead."""


@dataclass(slots=True)
class RawEntry:
    """One entry's fields as feedparser gives them (text stripped, not yet cleaned)."""

    id: str = ""
    title: str = ""
    summary: str = ""
    # (name as printed, that author's arxiv:affiliation texts cleaned), for each named author
    authors: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    published: str = ""
    updated: str = ""
    primary_category: str = ""
    category_terms: list[str] = field(default_factory=list)
    comment: str = ""
    journal_ref: str = ""
    doi: str = ""


@dataclass(slots=True)
class RawFeed:
    entries: list[RawEntry]
    # opensearch:totalResults, startIndex and itemsPerPage as sent ("" when absent)
    total_results: str = ""
    start_index: str = ""
    items_per_page: str = ""


def read(body: bytes) -> RawFeed:
    """The response's entries and paging numbers; ``Unread`` for anything but plain API Atom."""
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise Unread(str(exc)) from exc
    if root.tag != FEED or root.getroottree().docinfo.doctype:
        raise Unread("not a plain Atom feed")
    feed = RawFeed(entries=[])
    for child in root:
        tag = child.tag
        if tag == ENTRY:
            feed.entries.append(_entry(child))
        elif len(child):
            raise Unread("markup in the feed's header")
        elif child.prefix == "opensearch" and (key := _local(tag).lower()) in _OPENSEARCH:
            value = _text(child)
            if key == "totalresults":
                feed.total_results = value
            elif key == "startindex":
                feed.start_index = value
            else:
                feed.items_per_page = value
    return feed


def _entry(entry) -> RawEntry:
    raw = RawEntry()
    title = summary = None
    for child in entry:
        tag = child.tag
        if not isinstance(tag, str):  # a comment or processing instruction between fields
            continue
        if tag == AUTHOR:
            _author(child, raw)
            continue
        if len(child):
            raise Unread("markup inside an entry's field")
        if name := _TEXT.get(tag):
            value = _text(child)
            if name == "title":
                if title is not None:
                    raise Unread("an entry with two titles")
                raw.title = title = value
            elif name == "summary":
                if summary is not None:
                    raise Unread("an entry with two summaries")
                raw.summary = summary = value
            else:
                setattr(raw, name, value)
        elif tag == CATEGORY:
            if (child.text or "").strip():  # feedparser takes a category's text as a term too
                raise Unread("a category with text")
            if term := child.get("term"):
                raw.category_terms.append(term)
        elif tag == LINK:
            pass
        elif child.prefix == "arxiv":
            _arxiv_field(child, raw)
        else:
            raise Unread(f"an entry with <{tag}>")
    return raw


def _arxiv_field(child, raw: RawEntry) -> None:
    key = _local(child.tag).lower()
    if key == "primary_category":
        raw.primary_category = child.get("term") or ""
    elif key in _ARXIV_TEXT:
        # feedparser keeps an unknown element with attributes as those attributes: no text.
        setattr(raw, key, "" if len(child.attrib) else _text(child))


def _author(author, raw: RawEntry) -> None:
    name, affiliations = "", []
    for child in author:
        tag = child.tag
        if not isinstance(tag, str):
            continue
        if len(child):
            raise Unread("markup inside an author")
        if tag == NAME:
            name = (child.text or "").strip()  # feedparser strips names, nothing more
        elif tag == AFFILIATION:
            if affiliation := clean(child.text):
                affiliations.append(affiliation)
        elif tag not in _AUTHOR_OTHER:
            raise Unread(f"an author with <{tag}>")
    if name:
        raw.authors.append((name, tuple(affiliations)))


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _text(element) -> str:
    """An element's text as feedparser's ``pop`` gives a text field."""
    text = (element.text or "").strip()
    if text.isascii():
        return text
    # feedparser: "address common error where people take data that is already utf-8"
    with contextlib.suppress(UnicodeEncodeError, UnicodeDecodeError):
        text = text.encode("iso-8859-1").decode("utf-8")
    return text.translate(_CP1252)
