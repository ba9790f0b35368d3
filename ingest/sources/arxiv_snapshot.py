"""arXiv's metadata snapshot: one JSON object a line, one line a paper, parsed to records.

The snapshot is arXiv's whole catalogue in one file (about 2.9 million lines).
Its fields are arXivRaw's, so they land where the OAI path puts them
(``oai_pmh._common``): the same field names, the same cleaning. The byline comes
from ``authors_parsed`` ([keyname, forenames, suffix, affiliation...]), printed
as arXiv prints it ("Forenames Keyname Suffix", as the OAI arXiv format does).

The snapshot has no report-number field on ``PaperRecord`` (nor on ``Paper``),
and its ``submitter`` and ``update_date`` are not versions of the paper: they
are left out, as the OAI path leaves them out.

A line that cannot be a paper (not JSON, no id, a field of the wrong type) is a
``BadLine``: the reader counts it with its line number and goes on, so one bad
line never costs the other 2.9 million.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import orjson

from ingest.records import AuthorRecord, PaperRecord, VersionRecord
from ingest.sources.common import FeedError, clean, parse_rfc2822, split_arxiv_id, split_byline
from ingest.sources.oai_pmh import _common as arxiv_raw_fields

# The snapshot's text fields, named as arXivRaw names them; null or absent means empty.
TEXT_FIELDS = ("title", "abstract", "categories", "comments", "journal-ref", "doi", "license")


class BadLine(ValueError):
    """A snapshot line that is not a paper; the message says why, for a curator."""


@dataclass
class SnapshotPage:
    """The papers of up to a page of lines, the bad lines among them, and the last line read."""

    records: list[PaperRecord] = field(default_factory=list)
    bad_lines: list[tuple[int, str]] = field(default_factory=list)
    last_line: int = 0


def read_pages(
    lines: Iterable[bytes], *, skip: int = 0, page_size: int = 1000
) -> Iterator[SnapshotPage]:
    """Pages of parsed lines, each after ``page_size`` lines (blank ones included).

    The first ``skip`` lines are passed over unparsed: a resumed run has stored
    them. Line numbers count from 1, as an editor shows them.
    """
    page = SnapshotPage(last_line=skip)
    for number, line in enumerate(lines, start=1):
        if number <= skip:
            continue
        if line.strip():
            try:
                page.records.append(parse_line(line))
            except BadLine as exc:
                page.bad_lines.append((number, str(exc)[:200]))
        page.last_line = number
        if (number - skip) % page_size == 0:
            yield page
            page = SnapshotPage(last_line=number)
    if page.records or page.bad_lines or (page.last_line - skip) % page_size:
        yield page


def parse_line(line: bytes) -> PaperRecord:
    """One snapshot line as a record; ``BadLine`` when it cannot be one."""
    try:
        entry = orjson.loads(line)
    except orjson.JSONDecodeError as exc:
        raise BadLine(f"not JSON ({exc})") from None
    if not isinstance(entry, dict):
        raise BadLine(f"a JSON {type(entry).__name__}, not an object")
    raw_id = entry.get("id")
    if not isinstance(raw_id, str) or not raw_id.strip():
        raise BadLine("no arXiv id")
    try:
        arxiv_id, _ = split_arxiv_id(raw_id)
    except FeedError:
        raise BadLine(f"not an arXiv id ({raw_id[:40]!r})") from None
    fields = {name: clean(_text(entry, name)) for name in TEXT_FIELDS}
    versions = _versions(entry.get("versions"))
    return PaperRecord(
        arxiv_id=arxiv_id,
        version=versions[-1].version,
        authors=_authors(entry),
        published=versions[0].submitted_at,
        updated=versions[-1].submitted_at,
        versions=versions,
        **arxiv_raw_fields(fields),
    )


def _text(entry: dict, name: str) -> str:
    value = entry.get(name)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise BadLine(f"{name} is a {type(value).__name__}, not text")
    return value


def _versions(raw) -> list[VersionRecord]:
    if raw is None or raw == []:
        return [VersionRecord(1)]
    if not isinstance(raw, list):
        raise BadLine(f"versions is a {type(raw).__name__}, not a list")
    versions = []
    for item in raw:
        if not isinstance(item, dict) or not isinstance(item.get("version", "v1"), str):
            raise BadLine("a version that is not {version, created}")
        number = item.get("version", "v1").strip().lstrip("v")
        if not number.isdigit():
            raise BadLine(f"version {item.get('version')!r} is not v1, v2, ...")
        created = item.get("created")
        versions.append(
            VersionRecord(
                version=int(number),
                submitted_at=parse_rfc2822(created) if isinstance(created, str) else None,
            )
        )
    return sorted(versions, key=lambda v: v.version)


def _authors(entry: dict) -> list[AuthorRecord]:
    parsed = entry.get("authors_parsed")
    if parsed is None:  # not in every export: the printed byline, split as arXivRaw's is
        byline = _text(entry, "authors")
        return [
            AuthorRecord(name=name, affiliations=(aff,) if aff else ())
            for name, aff in split_byline(byline)
        ]
    if not isinstance(parsed, list):
        raise BadLine(f"authors_parsed is a {type(parsed).__name__}, not a list")
    authors = []
    for parts in parsed:
        if not isinstance(parts, list) or not all(isinstance(p, str) for p in parts):
            raise BadLine("an authors_parsed entry that is not a list of text")
        keyname, forenames, suffix, *affiliations = [clean(p) for p in parts] + ["", "", ""]
        name = " ".join(p for p in (forenames, keyname, suffix) if p)
        if not name:
            continue
        authors.append(
            AuthorRecord(
                name=name,
                keyname=keyname,
                forenames=forenames,
                affiliations=tuple(a for a in affiliations if a),
            )
        )
    return authors
