"""bench/ingest.py's input: the recorded arXiv responses in ARXIV_SAMPLES_DIR, read in place,
cut into their parts and repeated with new arXiv ids (rewritten in the raw bytes) until
there are enough records, as pages of real bytes.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

API_FIXTURES = (
    "api/api_2026_search_testing_100_entries.xml",
    "api/stringologytimes_api_entries_2060.xml",
)
OAI_FIXTURES = (
    "oai/litpuvn_ListRecords_arXivRaw_2016-10-20_387rec.xml",
    "oai/arXivOAIHarvester/ListRecordsResponse.xml",
)

# The id patterns of papers.arxiv_ids.ARXIV_ID, as bytes: new style (2202.12139) and old (math.CO/0601001).
_ID = rb"[a-z][a-z\-]*(?:\.[A-Za-z\-]{2,})?/\d{7}|\d{4}\.\d{4,5}"
API_ENTRY = re.compile(rb"<entry>.*?</entry>", re.S)
API_ENTRY_ID = re.compile(rb"<id>https?://arxiv\.org/abs/(" + _ID + rb")(?:v\d+)?</id>")
OAI_RECORD = re.compile(rb"<record>.*?</record>", re.S)
OAI_RECORD_ID = re.compile(rb"<identifier>oai:arXiv\.org:(" + _ID + rb")</identifier>")
OAI_TOKEN = re.compile(rb"<resumptionToken[^>]*>[^<]*</resumptionToken>")


@dataclass
class Fixture:
    """One real response cut into its parts: root and header, items, and what closes it."""

    path: Path
    head: bytes
    items: list[bytes]
    tail: bytes


def split_response(path: Path, body: bytes, item: re.Pattern) -> Fixture:
    found = list(item.finditer(body))
    if not found:
        sys.exit(f"{path}: no items found; is this the recorded response the bench expects?")
    return Fixture(
        path=path,
        head=body[: found[0].start()],
        items=[m.group(0) for m in found],
        tail=body[found[-1].end() :],
    )


def repeated(
    fixtures: list[Fixture], count: int, id_of: re.Pattern, rewrite: Callable
) -> tuple[list[bytes], set[str]]:
    """``count`` items from the fixtures in turn, each copy under new ids; and the ids used."""
    items, ids, copy = [], set(), 0
    while len(items) < count:
        if copy > 999:
            sys.exit("Too many copies for the synthetic id scheme; use fewer --records.")
        mapping: dict[bytes, bytes] = {}
        for fixture in fixtures:
            for item in fixture.items:
                if len(items) == count:
                    break
                match = id_of.search(item)
                if match is None:
                    sys.exit(f"{fixture.path}: an item without a recognisable arXiv id.")
                old = match.group(1)
                new = mapping.setdefault(old, f"{9000 + copy:04d}.{len(mapping) + 1:05d}".encode())
                items.append(rewrite(item, old, new))
                ids.add(new.decode())
        copy += 1
    return items, ids


def _api_rewrite(entry: bytes, old: bytes, new: bytes) -> bytes:
    # <id>, the abs and pdf links, and any other arxiv.org/abs|pdf/<id> in the entry.
    return re.sub(
        rb"(arxiv\.org/(?:abs|pdf)/)" + re.escape(old) + rb"(?![\d/])", rb"\g<1>" + new, entry
    )


def _oai_rewrite(record: bytes, old: bytes, new: bytes) -> bytes:
    record = record.replace(b"oai:arXiv.org:" + old + b"<", b"oai:arXiv.org:" + new + b"<")
    return re.sub(
        rb"(<id>\s*)" + re.escape(old) + rb"(\s*</id>)", rb"\g<1>" + new + rb"\g<2>", record
    )


def api_pages(
    samples: Path, count: int, page_size: int, names=API_FIXTURES
) -> tuple[list[bytes], set[str], str]:
    """API response pages: the first file's real feed header, then real entries.

    ``names`` are paths under ``samples`` (an absolute path is read as it is).
    """
    from ingest.pipeline import read_saved_response

    fixtures = [
        split_response(samples / name, read_saved_response(samples / name), API_ENTRY)
        for name in names
    ]
    items, ids = repeated(fixtures, count, API_ENTRY_ID, _api_rewrite)
    head, tail = fixtures[0].head, fixtures[0].tail
    pages = []
    for start in range(0, len(items), page_size):
        chunk = items[start : start + page_size]
        page_head = _set_tag(head, b"opensearch:totalResults", len(items))
        page_head = _set_tag(page_head, b"opensearch:startIndex", start)
        page_head = _set_tag(page_head, b"opensearch:itemsPerPage", page_size)
        pages.append(page_head + b"\n  ".join(chunk) + tail)
    return pages, ids, _describe(fixtures)


def oai_pages(
    samples: Path, count: int, page_size: int, names=OAI_FIXTURES
) -> tuple[list[bytes], set[str], str]:
    """ListRecords pages: the root and closing of the last file with a resumptionToken (by
    default the raw 2015 response, unmodified by an editor unlike the re-indented litpuvn
    file), real records, its token."""
    fixtures = [
        split_response(samples / name, (samples / name).read_bytes(), OAI_RECORD) for name in names
    ]
    items, ids = repeated(fixtures, count, OAI_RECORD_ID, _oai_rewrite)
    frame = next((f for f in reversed(fixtures) if OAI_TOKEN.search(f.tail)), None)
    if frame is None:
        sys.exit(f"{fixtures[-1].path}: no resumptionToken to page with.")
    token = OAI_TOKEN.search(frame.tail)
    pages = []
    for start in range(0, len(items), page_size):
        chunk = items[start : start + page_size]
        following = start + len(chunk)
        page_token = re.sub(rb'cursor="\d+"', f'cursor="{start}"'.encode(), token.group(0))
        page_token = re.sub(
            rb'completeListSize="\d+"', f'completeListSize="{len(items)}"'.encode(), page_token
        )
        # The last page's token is empty; the others carry "<harvest>|<next cursor>".
        text = re.search(rb">([^<]*)<", page_token).group(1)
        next_text = text.split(b"|")[0] + b"|" + str(following).encode()
        page_token = page_token.replace(
            b">" + text + b"<", b">" + (next_text if following < len(items) else b"") + b"<"
        )
        tail = frame.tail[: token.start()] + page_token + frame.tail[token.end() :]
        pages.append(frame.head + b"\n".join(chunk) + b"\n" + tail)
    return pages, ids, _describe(fixtures)


def _set_tag(head: bytes, tag: bytes, value: int) -> bytes:
    pattern = re.compile(b"(<" + re.escape(tag) + rb">)\d+(</" + re.escape(tag) + b">)")
    return pattern.sub(rb"\g<1>" + str(value).encode() + rb"\g<2>", head, count=1)


def _describe(fixtures: list[Fixture]) -> str:
    return " + ".join(f"{f.path.name} ({len(f.items)})" for f in fixtures)
