"""The API's two readers, lxml (``arxiv_atom``) and feedparser, give the same records.

``arxiv_api.parse`` reads arXiv's Atom with lxml and falls back to feedparser for
anything else; whichever reads a response, the records are the same, field by
field, and hostile input ends in FeedError or in feedparser's reading, never in a
hang or another exception.
"""

from __future__ import annotations

import time
from dataclasses import fields

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from ingest.pipeline import read_saved_response
from ingest.records import AuthorRecord
from ingest.sources import arxiv_api, arxiv_atom
from ingest.sources.common import FeedError
from tests.feedgen import api_feed, make_record, records_strategy

HTML_ERROR_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>"
    b"<body><h1>Service Unavailable</h1></body></html>"
)
# Well past any parse of a page this size (milliseconds): only a hang gets near it.
NO_HANG_SECONDS = 30


def outcome(parse, body: bytes):
    """(records, paging numbers), or the FeedError's message; any other exception escapes."""
    try:
        page = parse(body)
    except FeedError as exc:
        return f"FeedError: {exc}"
    return page.records, (page.total_results, page.start_index, page.items_per_page)


def differences(body: bytes) -> list[str]:
    """Where the lxml reading of ``body`` differs from feedparser's, field by field."""
    ours, theirs = outcome(arxiv_api.parse, body), outcome(arxiv_api.parse_with_feedparser, body)
    if isinstance(ours, str) or isinstance(theirs, str):
        return [] if ours == theirs else [f"lxml: {ours!s:.300} / feedparser: {theirs!s:.300}"]
    (records, paging), (expected, expected_paging) = ours, theirs
    found = [f"paging {paging} != {expected_paging}"] if paging != expected_paging else []
    if len(records) != len(expected):
        return [*found, f"{len(records)} records != {len(expected)}"]
    for record, other in zip(records, expected, strict=True):
        for f in fields(record):
            mine, its = getattr(record, f.name), getattr(other, f.name)
            if mine != its:
                found.append(f"{other.arxiv_id} {f.name}: {mine!r:.200} != {its!r:.200}")
    return found


def read_by_lxml(body: bytes) -> bool:
    try:
        arxiv_atom.read(body)
    except arxiv_atom.Unread:
        return False
    return True


# --------------------------------------------------------------------------- recorded


def test_both_readers_agree_on_every_recorded_api_response(samples):
    files = sorted(p for p in (samples / "api").rglob("*") if p.is_file())
    assert any("arxiv.py-fixtures" in p.parts for p in files)
    for path in files:
        body = read_saved_response(path)
        name = path.relative_to(samples)
        assert read_by_lxml(body), f"{name} fell back to feedparser"
        assert differences(body) == [], name


# --------------------------------------------------------------------------- any text

# Any character XML 1.0 can carry, C1 controls (U+0080-U+009F) included.
_XML_CHARS = st.characters(
    blacklist_categories=("Cs",),
    blacklist_characters=[chr(c) for c in range(32) if c not in (9, 10, 13)] + ["\ufffe", "\uffff"],
)
_TEXT = st.text(_XML_CHARS, max_size=40)
RAW_TEXT = st.one_of(
    _TEXT,
    # UTF-8 read as Latin-1 upstream ("VÃ¢nia"), as recorded responses carry it
    _TEXT.map(lambda s: s.encode("utf-8").decode("latin-1")),
    st.tuples(st.sampled_from(["", " ", "\n  ", "\t", "\xa0"]), _TEXT, _TEXT).map(
        lambda t: f"{t[0]}{t[1]}\n    {t[2]} "
    ),
)


def with_encoding(body: bytes, encoding: str) -> bytes:
    """The same document written in another charset (declared in its XML declaration)."""
    return etree.tostring(etree.fromstring(body), encoding=encoding, xml_declaration=True)


@settings(max_examples=150, deadline=None)
@given(
    record=records_strategy(min_size=1, max_size=1).map(lambda rs: rs[0]),
    title=RAW_TEXT,
    abstract=RAW_TEXT,
    comment=RAW_TEXT,
    journal_ref=RAW_TEXT,
    doi=RAW_TEXT,
    names=st.lists(st.tuples(RAW_TEXT, st.lists(RAW_TEXT, max_size=2)), min_size=1, max_size=3),
    encoding=st.sampled_from(["UTF-8", "ISO-8859-1", "UTF-16", "ASCII"]),
)
def test_both_readers_agree_on_any_text_in_any_field(
    record, title, abstract, comment, journal_ref, doi, names, encoding
):
    record.title, record.abstract, record.comment = title, abstract, comment
    record.journal_ref, record.doi = journal_ref, doi
    record.authors = [AuthorRecord(name, affiliations=tuple(affs)) for name, affs in names]
    body = with_encoding(api_feed([record]), encoding)

    assert read_by_lxml(body)
    assert differences(body) == []


# --------------------------------------------------------------------------- hostile


def _page() -> bytes:
    return api_feed([make_record(n) for n in range(1, 4)])


def billion_laughs() -> bytes:
    entities = '<!ENTITY lol0 "lol">'
    for n in range(1, 10):
        reference = f"&lol{n - 1};"
        entities += f'<!ENTITY lol{n} "{reference * 10}">'
    head, rest = _page().split(b"\n", 1)
    body = head + f"\n<!DOCTYPE feed [{entities}]>\n".encode() + rest
    return body.replace(b"<title>Sparse", b"<title>&lol9; Sparse", 1)


def external_entity() -> bytes:
    head, rest = _page().split(b"\n", 1)
    doctype = b'\n<!DOCTYPE feed [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'
    return (head + doctype + rest).replace(b"<title>Sparse", b"<title>&xxe; Sparse", 1)


HOSTILE = {
    "billion-laughs": billion_laughs,
    "external-entity": external_entity,
    "truncated": lambda: _page()[: len(_page()) * 2 // 3],
    "html-error-page": lambda: HTML_ERROR_PAGE,
    # Latin-1 bytes under a UTF-8 declaration, and UTF-8 bytes under a Latin-1 one
    "latin-1-bytes-declared-utf-8": lambda: _page().decode().encode("latin-1"),
    "utf-8-bytes-declared-latin-1": lambda: _page().replace(b"UTF-8", b"ISO-8859-1", 1),
    "ten-megabyte-name": lambda: _page().replace(b"<name>", b"<name>" + b"A" * 10_000_000, 1),
    "ten-megabyte-abstract-of-words": lambda: _page().replace(
        b"<summary>", b"<summary>" + b"word " * 2_000_000, 1
    ),
    "deep-nesting": lambda: _page().replace(
        b"<title>Sparse", b"<title>" + b"<x>" * 100_000 + b"</x>" * 100_000 + b"Sparse", 1
    ),
}


@pytest.mark.parametrize("make", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_input_ends_in_feed_error_or_feedparsers_reading(make):
    body = make()
    started = time.perf_counter()

    ours = outcome(arxiv_api.parse, body)

    assert time.perf_counter() - started < NO_HANG_SECONDS
    assert isinstance(ours, str) or ours == outcome(arxiv_api.parse_with_feedparser, body)
    assert "root:" not in str(ours)  # no file was read through an entity


@pytest.mark.parametrize(
    "make, message",
    [
        (billion_laughs, "not well-formed"),
        (HOSTILE["truncated"], "not well-formed"),
        (HOSTILE["html-error-page"], "HTML page"),
        (HOSTILE["ten-megabyte-name"], "holds a text of 10,00"),
    ],
    ids=["billion-laughs", "truncated", "html", "ten-megabyte-name"],
)
def test_what_cannot_be_read_fails_with_a_message(make, message):
    with pytest.raises(FeedError, match=message):
        arxiv_api.parse(make())


@settings(max_examples=60, deadline=None)
@given(cut=st.integers(min_value=0, max_value=len(_page())))
def test_any_truncation_is_a_feed_error_or_feedparsers_reading(cut):
    body = _page()[:cut]

    ours = outcome(arxiv_api.parse, body)

    assert isinstance(ours, str) or ours == outcome(arxiv_api.parse_with_feedparser, body)


def test_a_paging_number_that_is_not_a_number_is_a_feed_error():
    body = _page().replace(b"<opensearch:totalResults>3<", b"<opensearch:totalResults>many<")
    assert body != _page()
    for parse in (arxiv_api.parse, arxiv_api.parse_with_feedparser):
        with pytest.raises(FeedError, match="totalResults is not a number"):
            parse(body)


@pytest.mark.parametrize(
    "old, new",
    [
        (b"<title>Sparse", b"<title><b>Bold</b> Sparse"),  # markup in a text field
        (b"<title>Sparse", b"<title>Sp<!-- a comment -->arse"),
        (b"</summary>", b"</summary><summary>A second one</summary>"),
        (b"</summary>", b'</summary><content type="text">Content</content>'),
        (b"<arxiv:comment>12", b'<ax:comment xmlns:ax="http://arxiv.org/schemas/atom">12'),
    ],
    ids=["markup", "comment", "two-summaries", "content", "arxiv-prefix"],
)
def test_entries_feedparser_reads_its_own_way_are_read_by_feedparser(old, new):
    body = _page().replace(old, new, 1)
    if b"<ax:comment" in body:
        body = body.replace(b"</arxiv:comment>", b"</ax:comment>", 1)
    assert body != _page()

    assert not read_by_lxml(body)
    assert outcome(arxiv_api.parse, body) == outcome(arxiv_api.parse_with_feedparser, body)
