"""What every arXiv parser shares: the error it raises, id and text clean-up."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import feedparser

ARXIV_ID = re.compile(
    r"(?P<id>[a-z][a-z\-]*(?:\.[A-Za-z\-]{2,})?/\d{7}|\d{4}\.\d{4,5})(?:v(?P<version>\d+))?"
)
_SPACE = re.compile(r"\s+")


class FeedError(Exception):
    """A response that cannot be imported; the message is written for a curator."""


def split_arxiv_id(text: str) -> tuple[str, int | None]:
    """'http://arxiv.org/abs/2202.12139v2' -> ('2202.12139', 2); old ids keep their archive."""
    match = ARXIV_ID.search(text or "")
    if not match:
        raise FeedError(f"Entry has no arXiv id (got {text!r}).")
    version = match.group("version")
    return match.group("id"), int(version) if version else None


def clean(text: str | None) -> str:
    """Collapse arXiv's hard-wrapped whitespace into single spaces."""
    return _SPACE.sub(" ", text or "").strip()


def parse_rfc2822(text: str) -> datetime | None:
    try:
        return parsedate_to_datetime(text.strip()).astimezone(UTC)
    except (TypeError, ValueError, IndexError):
        return None


def parse_iso(text: str) -> datetime | None:
    try:
        value = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except (AttributeError, ValueError):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def looks_like_html(body: bytes) -> bool:
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html"))


# feedparser flags these, but the entries are still exactly what was sent.
_HARMLESS_BOZO = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


def parse_feed(body: bytes, what: str):
    """feedparser, strictly: any XML error (truncation, bad markup) fails the whole response."""
    if looks_like_html(body):
        raise FeedError(f"arXiv answered with an HTML page instead of the {what}.")
    if not body.strip():
        raise FeedError(f"The {what} was empty.")
    feed = feedparser.parse(body)
    if feed.bozo and not isinstance(feed.bozo_exception, _HARMLESS_BOZO):
        raise FeedError(
            f"The {what} is not well-formed XML ({feed.bozo_exception}); nothing was imported."
        )
    return feed


_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
_AND = re.compile(r"\s+and\s+|\s*&\s*", re.IGNORECASE)


def split_byline(text: str) -> list[tuple[str, str]]:
    """'A. Smith (MIT), B. Jones, and C. Li' -> [('A. Smith', 'MIT'), ('B. Jones', ''), ('C. Li', '')].

    RSS ``dc:creator`` and arXivRaw ``authors`` print the whole byline as one
    string; commas inside parentheses belong to an affiliation, not a new name.
    """
    parts, depth, current = [], 0, []
    for char in clean(text):
        depth += (char == "(") - (char == ")")
        if char == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    names: list[tuple[str, str]] = []
    for part in parts:
        for piece in _AND.split(part.strip()):
            piece = re.sub(r"^and\s+", "", piece.strip(), flags=re.IGNORECASE)
            if not piece:
                continue
            if piece.lower() in _SUFFIXES and names:
                name, affiliation = names[-1]
                names[-1] = (f"{name}, {piece}", affiliation)
                continue
            match = re.match(r"^(?P<name>[^()]+?)\s*\((?P<aff>.*)\)$", piece)
            if match and not re.fullmatch(r"[\d,\s]+", match.group("aff")):
                names.append((clean(match.group("name")), clean(match.group("aff"))))
            else:
                names.append((clean(re.sub(r"\([\d,\s]*\)", "", piece)), ""))
    return [(name, aff) for name, aff in names if name]
