"""What every arXiv parser shares: the error it raises, id and text clean-up."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import feedparser
import ftfy

from papers.arxiv_ids import find_arxiv_id

_SPACE = re.compile(r"\s+")


# An arXiv category ("cs.LG", "hep-th", "cond-mat.str-el"); feeds also tag entries with
# ACM ("F.2.2; E.4") and MSC ("68W32") classes, which are not categories.
ARXIV_CATEGORY = re.compile(r"[a-z][a-z\-]*(?:\.[A-Za-z\-]{2,})?")


def arxiv_categories(terms) -> list[str]:
    """The arXiv categories among a feed's category terms, in order, once each."""
    return list(
        dict.fromkeys(t.strip() for t in terms if t and ARXIV_CATEGORY.fullmatch(t.strip()))
    )


class FeedError(Exception):
    """A response that cannot be imported; the message is written for a curator."""


def split_arxiv_id(text: str) -> tuple[str, int | None]:
    """'http://arxiv.org/abs/2202.12139v2' -> ('2202.12139', 2); old ids keep their archive."""
    found = find_arxiv_id(text)
    if found is None:
        raise FeedError(f"Entry has no arXiv id (got {text!r}).")
    return found


# UTF-8 read as Latin-1 or Windows-1252 somewhere upstream ("VÃ¢nia" for "Vânia"): an
# accented Latin letter becomes "Ã" or "Â" and one of the characters bytes 0x80-0xBF read
# as. Only that shape is repaired: the other lead bytes (Ä-ô) head legitimate text too
# ("ßÆ" is not a mangled N'Ko letter).
_MOJIBAKE_HINT = re.compile(
    "[\u00c2\u00c3][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e"
    "\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]"
)


def clean(text: str | None) -> str:
    """Collapse arXiv's hard-wrapped whitespace into single spaces; undo double-encoded UTF-8.

    Some recorded responses carry names as "VÃ¢nia" or "BetÃ¼l": stored as they
    came, they made records, slugs and titles no one could find. ftfy's
    ``fix_encoding`` repairs only what it is sure of; the hint keeps it off clean text.
    """
    if not text:
        return ""
    text = " ".join(text.split())
    return ftfy.fix_encoding(text) if _MOJIBAKE_HINT.search(text) else text


# The form arXiv writes every date in ("Sun, 30 Mar 2008 23:26:50 GMT"), read without
# the email module: an OAI page has a few thousand of them.
_GMT_DATE = re.compile(r"(?:\w{3}, )?(\d{1,2}) (\w{3}) (\d{4}) (\d\d):(\d\d):(\d\d) GMT")
_MONTHS = {
    "Jan": 1, "Feb": 2, "Mar": 3, "Apr": 4, "May": 5, "Jun": 6,
    "Jul": 7, "Aug": 8, "Sep": 9, "Oct": 10, "Nov": 11, "Dec": 12,
}  # fmt: skip


def parse_rfc2822(text: str) -> datetime | None:
    text = text.strip()
    gmt = _GMT_DATE.fullmatch(text)
    if gmt and gmt.group(2) in _MONTHS:
        day, month, year, hour, minute, second = gmt.groups()
        try:
            return datetime(int(year), _MONTHS[month], int(day), int(hour), int(minute),
                            int(second), tzinfo=UTC)  # fmt: skip
        except ValueError:
            return None
    try:
        return parsedate_to_datetime(text).astimezone(UTC)
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


# Bounds no arXiv response comes near (a 3,000-author byline is ~100 KB; its longest word
# a URL), checked in linear time before feedparser, whose author e-mail pattern takes
# minutes on one long unbroken name (a hostile feed: a hung worker).
MAX_TEXT_BYTES = 2 * 1024 * 1024
MAX_WORD_BYTES = 4096


def oversized(body: bytes) -> str:
    """Why ``body`` is too big to parse ('' when it is not): a text or a word over the bounds."""
    longest_text = max(map(len, body.split(b"<")), default=0)
    if longest_text > MAX_TEXT_BYTES:
        return f"holds a text of {longest_text:,} bytes between two tags (over {MAX_TEXT_BYTES:,})"
    longest_word = max(map(len, body.split()), default=0)
    if longest_word > MAX_WORD_BYTES:
        return f"holds a word of {longest_word:,} bytes (over {MAX_WORD_BYTES:,})"
    return ""


def check_body(body: bytes, what: str) -> None:
    """FeedError for what no parser is given: an HTML page, nothing, a text or word over the bounds."""
    if looks_like_html(body):
        raise FeedError(f"arXiv answered with an HTML page instead of the {what}.")
    if not body.strip():
        raise FeedError(f"The {what} was empty.")
    if problem := oversized(body):
        raise FeedError(f"The {what} {problem}; nothing was imported.")


def parse_feed(body: bytes, what: str):
    """feedparser, strictly: any XML error (truncation, bad markup) fails the whole response."""
    check_body(body, what)
    # Not sanitised: arXiv text is plain text, and HTML-looking text in it must stay text
    # (templates escape it), not be rewritten or stripped.
    feed = feedparser.parse(body, sanitize_html=False, resolve_relative_uris=False)
    if feed.bozo and not isinstance(feed.bozo_exception, _HARMLESS_BOZO):
        raise FeedError(
            f"The {what} is not well-formed XML ({feed.bozo_exception}); nothing was imported."
        )
    return feed


_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}
# Between names: a comma (with an optional "and"), or a lone "and" / "&".
# Parentheses are tokens too, so that separators inside an affiliation can be skipped.
_BYLINE_TOKEN = re.compile(r"[()]|,\s*(?:and\s+)?|\s+(?:and|&)\s+", re.IGNORECASE)
_NUMBERED_REFERENCE = re.compile(r"[\d,\s]*(?:and[\d,\s]*)*")
_NAMES_THEN_AFFILIATION = re.compile(r"^(?P<names>[^()]*?)\s*(?:\((?P<aff>.*)\))?\s*$")


def split_byline(text: str) -> list[tuple[str, str]]:
    """'A. Smith (MIT), B. Jones, and C. Li' -> [('A. Smith', 'MIT'), ('B. Jones', ''), ('C. Li', '')].

    RSS ``dc:creator`` and arXivRaw ``authors`` print the whole byline as one
    string; commas (and "&", "and") inside parentheses belong to an affiliation.
    Numbered references such as "(1)" are dropped, not taken as affiliations.
    """
    text, parts, depth, start = clean(text), [], 0, 0
    for token in _BYLINE_TOKEN.finditer(text):
        if token.group() == "(":
            depth += 1
        elif token.group() == ")":
            depth -= 1
        elif depth == 0:
            parts.append(text[start : token.start()])
            start = token.end()
    parts.append(text[start:])
    names: list[tuple[str, str]] = []
    for part in parts:
        match = _NAMES_THEN_AFFILIATION.match(part.strip())
        if match is None:  # parentheses in the middle: keep the text as one name
            names.append((clean(part), ""))
            continue
        affiliation = clean(match.group("aff"))
        if _NUMBERED_REFERENCE.fullmatch(affiliation):
            affiliation = ""
        name = clean(match.group("names"))
        if name.lower() in _SUFFIXES and names:
            previous, previous_affiliation = names[-1]
            names[-1] = (f"{previous}, {name}", previous_affiliation or affiliation)
        else:
            names.append((name, affiliation))
    return [(name, aff) for name, aff in names if name]
