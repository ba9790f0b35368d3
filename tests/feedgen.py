"""Build arXiv responses from ``PaperRecord`` objects, for tests that must run offline.

Each function returns the bytes a real arXiv server would send for the given records,
mirroring the recorded responses in ``/work/shared/data/arxiv/`` element for element:

* ``api_feed`` / ``api_error_feed``: export.arxiv.org/api/query Atom (2025+ format);
  the error feed is served with HTTP 400.
* ``rss_feed``: rss.arxiv.org RSS 2.0 (2024+ format).
* ``oai_list_records`` / ``oai_error``: OAI-PMH ListRecords, ``arXivRaw`` or ``arXiv``.
* ``snapshot_lines``: arXiv's metadata snapshot, one JSON object a line (arXivRaw's
  fields, ``authors_parsed`` triples, versions with RFC 2822 dates, nulls for absent fields).

XML is built with lxml, so any text (``<b>x</b> & $\\alpha$``) is escaped as a server
would escape it. Like the real OAI service, OAI titles, authors, comments, journal refs
and abstracts are hard-wrapped (abstracts with two leading spaces and a trailing
newline): parsers must collapse whitespace. ``make_record`` and ``records_strategy``
produce whitespace-normalised text, so a whitespace-collapsing parse round-trips exactly.
Records marked ``deleted`` are skipped by the API and RSS builders; only OAI reports them.
"""

from __future__ import annotations

import base64
import hashlib
import json
import textwrap
from datetime import UTC, date, datetime, time, timedelta
from email.utils import format_datetime
from zoneinfo import ZoneInfo

from hypothesis import strategies as st
from lxml import etree

from ingest.records import AuthorRecord, PaperRecord, VersionRecord

ATOM = "http://www.w3.org/2005/Atom"
OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/"
ARXIV = "http://arxiv.org/schemas/atom"
DC = "http://purl.org/dc/elements/1.1/"
OAI = "http://www.openarchives.org/OAI/2.0/"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
NS = {"atom": ATOM, "opensearch": OPENSEARCH, "arxiv": ARXIV, "dc": DC}
EASTERN = ZoneInfo("America/New_York")
DEFAULT_NOW = datetime(2026, 4, 12, 22, 45, 6, tzinfo=UTC)  # "query time" in headers
PHYSICS = {"astro-ph", "cond-mat", "gr-qc", "hep-ex", "hep-lat", "hep-ph", "hep-th", "math-ph"}
PHYSICS |= {"nlin", "nucl-ex", "nucl-th", "physics", "quant-ph"}  # OAI set "physics:<archive>"
NO_RECORDS = (
    "The combination of the values of the from, until, set and metadataPrefix arguments "
    "results in an empty list."
)


def _utc(dt: datetime) -> datetime:  # naive datetimes are taken as UTC
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


def _iso(dt: datetime) -> str:  # API: 2022-02-24T15:05:19Z
    return f"{_utc(dt):%Y-%m-%dT%H:%M:%SZ}"


def _rfc822(dt: datetime) -> str:  # RSS: Thu, 24 Sep 2026 00:00:00 -0400 (day zero-padded)
    return format_datetime(dt)


def _rfc2822_gmt(dt: datetime) -> str:  # arXivRaw: Mon, 2 Apr 2007 19:18:42 GMT (not padded)
    return format_datetime(_utc(dt), usegmt=True).replace(", 0", ", ")


def _et_midnight(day: date) -> datetime:  # arXiv announces at midnight US Eastern
    return datetime.combine(day, time(0), tzinfo=EASTERN)


def _sub(parent, tag: str, text: str | None = None, **attrib) -> etree._Element:
    """Add a child; ``"arxiv:doi"`` uses a known prefix, a bare name the parent's namespace."""
    prefix, _, local = tag.rpartition(":")
    ns = NS[prefix] if prefix else etree.QName(parent).namespace
    el = etree.SubElement(parent, f"{{{ns}}}{local}" if ns else local, attrib)
    el.text = text
    return el


def _optional(parent, *pairs: tuple[str, str]) -> None:
    """Add each ``(tag, text)`` child whose text is non-empty (arXiv omits empty fields)."""
    for tag, text in pairs:
        if text:
            _sub(parent, tag, text)


def _bytes(root, *, oai: bool = False) -> bytes:
    """Serialise; API/RSS come from lxml (single-quoted declaration), OAI writes its own."""
    etree.indent(root, space=" " if oai else "  ")
    body = etree.tostring(root, encoding="UTF-8", xml_declaration=not oai) + b"\n"
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body if oai else body


def _categories(r: PaperRecord) -> list[str]:  # primary first, as every format lists them
    primary = [r.primary_category] if r.primary_category not in r.categories else []
    return [c for c in [*primary, *r.categories] if c]


def _version_dates(r: PaperRecord) -> list[tuple[VersionRecord, datetime]]:
    """Every version with a submission time, falling back to published/updated."""
    versions = r.versions or [VersionRecord(v) for v in range(1, r.version + 1)]
    later = r.updated or r.published or DEFAULT_NOW
    first = r.published or DEFAULT_NOW
    return [(v, v.submitted_at or (later if v.version > 1 else first)) for v in versions]


def _vid(r: PaperRecord) -> str:  # the id with the latest version, as in entry ids and guids
    return f"{r.arxiv_id}v{max([r.version, *(v.version for v in r.versions)])}"


def _byline(a: AuthorRecord) -> str:  # one name in an author string; affiliations in parentheses
    return f"{a.name} ({', '.join(a.affiliations)})" if a.affiliations else a.name


def _atom_root() -> etree._Element:
    return etree.Element(
        f"{{{ATOM}}}feed", nsmap={"opensearch": OPENSEARCH, "arxiv": ARXIV, None: ATOM}
    )


def api_feed(records, *, total_results=None, start=0, items_per_page=None) -> bytes:
    """The Atom page export.arxiv.org/api/query returns for these records (id_list query)."""
    records = [r for r in records if not r.deleted]
    per_page = max(len(records), 100) if items_per_page is None else items_per_page
    total = start + len(records) if total_results is None else total_results
    ids = ",".join(r.arxiv_id for r in records)
    query = f"search_query=&id_list={ids}&start={start}&max_results={per_page}"
    digest = base64.b64encode(hashlib.sha1(query.encode()).digest()).decode().rstrip("=")
    href = f"https://arxiv.org/api/query?search_query=&start={start}&max_results={per_page}&id_list={ids}"
    root = _atom_root()
    _sub(root, "id", f"https://arxiv.org/api/{digest}")
    _sub(root, "title", f"arXiv Query: {query}")
    _sub(root, "updated", _iso(DEFAULT_NOW))
    _sub(root, "link", href=href, type="application/atom+xml")
    _sub(root, "opensearch:itemsPerPage", str(per_page))
    _sub(root, "opensearch:totalResults", str(total))
    _sub(root, "opensearch:startIndex", str(start))
    for r in records:
        versions, vid = _version_dates(r), _vid(r)
        e = _sub(root, "entry")
        _sub(e, "id", f"http://arxiv.org/abs/{vid}")
        _sub(e, "title", r.title)
        _sub(e, "updated", _iso(r.updated or versions[-1][1]))
        _sub(e, "link", href=f"https://arxiv.org/abs/{vid}", rel="alternate", type="text/html")
        pdf = f"https://arxiv.org/pdf/{vid}"
        _sub(e, "link", href=pdf, rel="related", type="application/pdf", title="pdf")
        _sub(e, "summary", r.abstract)
        for cat in _categories(r):
            _sub(e, "category", term=cat, scheme=ARXIV)
        _sub(e, "published", _iso(r.published or versions[0][1]))
        _optional(e, ("arxiv:comment", r.comment))
        _sub(e, "arxiv:primary_category", term=r.primary_category or next(iter(_categories(r)), ""))
        _optional(e, ("arxiv:journal_ref", r.journal_ref))
        for a in r.authors:
            author = _sub(e, "author")
            _sub(author, "name", a.name)
            _optional(author, *(("arxiv:affiliation", aff) for aff in a.affiliations))
        if r.doi:
            _sub(e, "arxiv:doi", r.doi)
            _sub(e, "link", rel="related", href=f"https://doi.org/{r.doi}", title="doi")
    return _bytes(root)


def api_error_feed(message="incorrect id format for abc") -> bytes:
    """The Atom body of the API's error response (served with HTTP 400)."""
    url = "https://arxiv.org/api/errors#" + message.replace(" ", "_")
    root = _atom_root()
    _sub(root, "id", "https://arxiv.org/")
    _sub(root, "title", "arXiv Search Results")
    _sub(root, "updated", _iso(DEFAULT_NOW))
    for tag in ("itemsPerPage", "totalResults"):
        _sub(root, f"opensearch:{tag}", "1")
    _sub(root, "opensearch:startIndex", "0")
    e = _sub(root, "entry")
    _sub(e, "id", url)
    _sub(e, "title", "Error")
    _sub(e, "updated", _iso(DEFAULT_NOW))
    _sub(e, "link", href=url, rel="alternate", type="text/html")
    _sub(e, "summary", message)
    _sub(_sub(e, "author"), "name", "arXiv api core")
    return _bytes(root)


def rss_feed(records, *, categories=("cs.LG",), build_date=None) -> bytes:
    """The RSS 2.0 document rss.arxiv.org/rss/<cats> serves on one announcement day."""
    records = [r for r in records if not r.deleted]
    days = [r.announced_on for r in records if r.announced_on]
    if build_date is None:  # arXiv rebuilds just after midnight Eastern
        build_date = _et_midnight(max(days) if days else date(2026, 1, 6))
    day = _utc(build_date).astimezone(EASTERN).date()
    names, url = ", ".join(categories), "http://rss.arxiv.org/rss/" + "+".join(categories)
    content = "http://purl.org/rss/1.0/modules/content/"
    root = etree.Element("rss", nsmap={"arxiv": ARXIV, "dc": DC, "atom": ATOM, "content": content})
    root.set("version", "2.0")
    channel = _sub(root, "channel")
    _sub(channel, "title", f"{names} updates on arXiv.org")
    _sub(channel, "link", url)
    _sub(channel, "description", f"{names} updates on the arXiv.org e-print archive.")
    _sub(channel, "atom:link", href=url, rel="self", type="application/rss+xml")
    _sub(channel, "docs", "http://www.rssboard.org/rss-specification")
    _sub(channel, "language", "en-us")
    _sub(channel, "lastBuildDate", _rfc822(_utc(build_date)))
    _sub(channel, "managingEditor", "rss-help@arxiv.org")
    _sub(channel, "pubDate", _rfc822(_et_midnight(day)))
    _optional(_sub(channel, "skipDays"), ("day", "Saturday"), ("day", "Sunday"))
    for r in records:
        vid, announce = _vid(r), r.announce_type or "new"
        item = _sub(channel, "item")
        _sub(item, "title", r.title)
        _sub(item, "link", f"https://arxiv.org/abs/{r.arxiv_id}")
        _sub(item, "description", f"arXiv:{vid} Announce Type: {announce} \nAbstract: {r.abstract}")
        _sub(item, "guid", f"oai:arXiv.org:{vid}", isPermaLink="false")
        _optional(item, *(("category", cat) for cat in _categories(r)))
        _sub(item, "pubDate", _rfc822(_et_midnight(r.announced_on or day)))
        _sub(item, "arxiv:announce_type", announce)
        _optional(item, ("dc:rights", r.license), ("arxiv:DOI", r.doi))
        _optional(item, ("arxiv:journal_reference", r.journal_ref))
        _sub(item, "dc:creator", ", ".join(_byline(a) for a in r.authors))
    return _bytes(root)


def _wrap(text: str, *, abstract: bool = False) -> str:
    """Hard-wrap like arXiv's metadata: continuation lines indented, abstracts indented."""
    opts = {"break_long_words": False, "break_on_hyphens": False}
    if abstract:
        return "\n".join(textwrap.wrap(text, 78, initial_indent="  ", **opts)) + "\n"
    return "\n  ".join(textwrap.wrap(text, 70, **opts)) or text


def _set_specs(r: PaperRecord, default: str) -> list[str]:  # cs.LG -> cs, hep-th -> physics:hep-th
    archives = {cat.split(".")[0] for cat in _categories(r)}
    return sorted(f"physics:{a}" if a in PHYSICS else a for a in archives) or [default]


def _oai_root(request: dict) -> etree._Element:
    root = etree.Element(f"{{{OAI}}}OAI-PMH", nsmap={None: OAI, "xsi": XSI})
    root.set(f"{{{XSI}}}schemaLocation", f"{OAI} http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd")
    _sub(root, "responseDate", _iso(DEFAULT_NOW))
    _sub(root, "request", "http://export.arxiv.org/oai2", **request)
    return root


def _metadata(parent, r: PaperRecord, prefix: str) -> None:
    ns = f"http://arxiv.org/OAI/{prefix}/"
    md = etree.SubElement(parent, f"{{{ns}}}{prefix}", nsmap={None: ns, "xsi": XSI})
    md.set(f"{{{XSI}}}schemaLocation", f"{ns} http://arxiv.org/OAI/{prefix}.xsd")
    versions = _version_dates(r)
    _sub(md, "id", r.arxiv_id)
    if prefix == "arXivRaw":  # submitter, every version, then the author string
        _sub(md, "submitter", r.authors[0].name if r.authors else "")
        for v, when in versions:
            el = _sub(md, "version", version=f"v{v.version}")
            _sub(el, "date", _rfc2822_gmt(when))
            _optional(el, ("size", v.size))
        names = [_byline(a) for a in r.authors]
        byline = ", ".join(names[:-1]) + " and " + names[-1] if len(names) > 1 else "".join(names)
        _sub(md, "title", _wrap(r.title))
        _sub(md, "authors", _wrap(byline))
    else:  # created (v1 date), updated (latest, only if revised), structured authors
        _sub(md, "created", f"{_utc(versions[0][1]):%Y-%m-%d}")
        if len(versions) > 1:
            _sub(md, "updated", f"{_utc(versions[-1][1]):%Y-%m-%d}")
        authors = _sub(md, "authors")
        for a in r.authors:
            keyname = a.keyname or a.name.rsplit(" ", 1)[-1]
            author = _sub(authors, "author")
            _sub(author, "keyname", keyname)
            _optional(author, ("forenames", a.forenames or a.name[: -len(keyname)].strip()))
            _optional(author, *(("affiliation", aff) for aff in a.affiliations))
        _sub(md, "title", _wrap(r.title))
    _sub(md, "categories", " ".join(_categories(r)))
    _optional(md, ("comments", _wrap(r.comment)), ("journal-ref", _wrap(r.journal_ref)))
    _optional(md, ("doi", r.doi), ("license", r.license))
    _optional(md, ("abstract", r.abstract and _wrap(r.abstract, abstract=True)))


def oai_list_records(
    records,
    *,
    prefix="arXivRaw",
    resumption_token=None,
    cursor=0,
    complete_list_size=None,
    set_spec="cs",
) -> bytes:
    """One ListRecords page. ``resumption_token=""`` gives the empty token of a last page."""
    if prefix not in ("arXivRaw", "arXiv"):
        raise ValueError(f"unsupported metadataPrefix {prefix!r}")
    request = {"verb": "ListRecords", "metadataPrefix": prefix}
    root = _oai_root({**request, "set": set_spec} if set_spec else request)
    listing = _sub(root, "ListRecords")
    for r in records:
        record = _sub(listing, "record")
        header = _sub(record, "header", **({"status": "deleted"} if r.deleted else {}))
        _sub(header, "identifier", f"oai:arXiv.org:{r.arxiv_id}")
        stamp = r.updated or r.published or _version_dates(r)[-1][1]
        _sub(header, "datestamp", f"{_utc(stamp):%Y-%m-%d}")
        _optional(header, *(("setSpec", spec) for spec in _set_specs(r, set_spec)))
        if not r.deleted:
            _metadata(_sub(record, "metadata"), r, prefix)
    if resumption_token is not None:
        size = cursor + len(records) if complete_list_size is None else complete_list_size
        token = _sub(listing, "resumptionToken", resumption_token or None)
        token.set("cursor", str(cursor))
        token.set("completeListSize", str(size))
    return _bytes(root, oai=True)


def oai_error(code="noRecordsMatch", message=NO_RECORDS) -> bytes:
    """An OAI-PMH error response; badVerb/badArgument echo no request arguments."""
    bare = code in ("badVerb", "badArgument")
    root = _oai_root({} if bare else {"verb": "ListRecords", "metadataPrefix": "arXivRaw"})
    _sub(root, "error", message, code=code)
    return _bytes(root, oai=True)


def _next_weekday(day: date) -> date:
    day += timedelta(days=1)
    return day if day.weekday() < 5 else _next_weekday(day)


def _parsed_name(a: AuthorRecord) -> list[str]:
    """[keyname, forenames, suffix, affiliation...] as the snapshot's authors_parsed has it."""
    name, _, suffix = a.name.partition(", ")  # "John Smith, Jr" as arXivRaw bylines print it
    keyname = a.keyname or name.rsplit(" ", 1)[-1]
    forenames = a.forenames or name[: -len(keyname)].strip()
    return [keyname, forenames, suffix, *a.affiliations]


def snapshot_lines(records) -> bytes:
    """The records as lines of arXiv's metadata snapshot (deleted records are not in it)."""
    lines = []
    for r in records:
        if r.deleted:
            continue
        versions = _version_dates(r)
        names = [_byline(a) for a in r.authors]
        entry = {
            "id": r.arxiv_id,
            "submitter": r.authors[0].name if r.authors else None,
            "authors": ", ".join(names[:-1]) + " and " + names[-1]
            if len(names) > 1
            else "".join(names),
            "title": _wrap(r.title),
            "comments": _wrap(r.comment) or None,
            "journal-ref": _wrap(r.journal_ref) or None,
            "doi": r.doi or None,
            "report-no": None,
            "categories": " ".join(_categories(r)),
            "license": r.license or None,
            "abstract": _wrap(r.abstract, abstract=True) if r.abstract else "",
            "versions": [
                {"version": f"v{v.version}", "created": _rfc2822_gmt(when)} for v, when in versions
            ],
            "update_date": f"{_utc(versions[-1][1]):%Y-%m-%d}",
            "authors_parsed": [_parsed_name(a) for a in r.authors],
        }
        lines.append(json.dumps(entry, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode()


def make_record(n: int, **overrides) -> PaperRecord:
    """A deterministic, realistic record; ``version=3`` alone also builds v1..v3."""
    published = datetime(2026, 1, 5, 14, 0, tzinfo=UTC) + timedelta(minutes=n % 480, seconds=n % 60)
    count = overrides.get("version", 1)
    versions = [
        VersionRecord(v, published + timedelta(days=7 * (v - 1)), f"{100 + n % 900 + v}kb")
        for v in range(1, count + 1)
    ]
    fields = {
        "arxiv_id": f"2601.{n:05d}",
        "version": count,
        "title": f"Sparse Attention for Graph Learning, Part {n}",
        "abstract": f"We study sparse attention on {n} graphs & prove an $O(n \\log n)$ bound.",
        "authors": [
            AuthorRecord("Jürgen Müller", "Müller", "Jürgen", ("ETH Zürich",)),
            AuthorRecord("Ada Lovelace", "Lovelace", "Ada"),
            AuthorRecord("Chen Li", "Li", "Chen", ("Tsinghua University",)),
        ],
        "primary_category": "cs.LG",
        "categories": ["cs.LG", "stat.ML"],
        "published": published,
        "updated": versions[-1].submitted_at,
        "comment": "12 pages, 3 figures",
        "license": "http://creativecommons.org/licenses/by/4.0/",
        "versions": versions,
        "announce_type": "new" if count == 1 else "replace",
        "announced_on": _next_weekday(versions[-1].submitted_at.date()),
    }
    return PaperRecord(**{**fields, **overrides})


_LETTERS = "abcdefghijklmnopqrstuvwxyzABCXYZéèüöøñçßłåžčÆ<>&\"'$\\{}^_()"
_WORDS = ["learning", "Schrödinger", "naïve", "$\\alpha$", "$O(n^2)$", "<b>bold</b>", "x < y"]
_WORDS += ["A & B", "\\emph{fast}", "&amp;", "<i>", "café", "μ-law", "∞", "]]>", "--"]
_FORENAMES = ["Jürgen", "Zoë", "José", "Łukasz", "Søren", "Anaïs", "Ming", "Ada", "François"]
_KEYNAMES = ["Müller", "Ñúñez", "O'Brien", "van der Berg", "Øberg", "Dvořák", "李", "Smith"]
_AFFILIATIONS = ["ETH Zürich", "Université Paris-Saclay", "AT&T Labs", "MIT"]
_CATEGORIES = ["cs.LG", "cs.AI", "cs.CL", "stat.ML", "math.ST", "hep-th", "quant-ph"]
_LICENSES = ["", "http://creativecommons.org/licenses/by/4.0/"]
_LICENSES += ["http://arxiv.org/licenses/nonexclusive-distrib/1.0/"]


def _words(min_size: int, max_size: int):
    word = st.one_of(st.sampled_from(_WORDS), st.text(_LETTERS, min_size=1, max_size=8))
    return st.lists(word, min_size=min_size, max_size=max_size).map(" ".join)


@st.composite
def _author(draw) -> AuthorRecord:
    fore, key = draw(st.sampled_from(_FORENAMES)), draw(st.sampled_from(_KEYNAMES))
    affiliations = draw(st.lists(st.sampled_from(_AFFILIATIONS), max_size=2, unique=True))
    return AuthorRecord(f"{fore} {key}", key, fore, tuple(affiliations))


@st.composite
def _record(draw, n: int) -> PaperRecord:
    first = draw(st.datetimes(datetime(2015, 1, 1), datetime(2030, 12, 31), timezones=st.just(UTC)))
    stamps = [first.replace(microsecond=0, fold=0)]
    for gap in draw(st.lists(st.integers(3600, 400 * 86400), max_size=3)):
        stamps.append(stamps[-1] + timedelta(seconds=gap))
    sizes = draw(st.lists(st.integers(5, 9999), min_size=len(stamps), max_size=len(stamps)))
    primary = draw(st.sampled_from(_CATEGORIES))
    cross = draw(st.lists(st.sampled_from(_CATEGORIES), max_size=3, unique=True))
    optional = st.one_of(st.just(""), _words(1, 8))
    announce_types = ["new", "cross"] if len(stamps) == 1 else ["replace", "replace-cross"]
    return PaperRecord(
        arxiv_id=f"{first:%y%m}.{n:05d}",  # YYMM of v1, five digits since 2015
        version=len(stamps),
        title=draw(_words(1, 20)),
        abstract=draw(_words(1, 80)),
        authors=draw(st.lists(_author(), min_size=1, max_size=4)),
        primary_category=primary,
        categories=[primary, *(c for c in cross if c != primary)],
        published=stamps[0],
        updated=stamps[-1],
        comment=draw(optional),
        journal_ref=draw(optional),
        doi=draw(st.sampled_from(["", f"10.1103/PhysRevD.{n}.012345"])),
        license=draw(st.sampled_from(_LICENSES)),
        versions=[
            VersionRecord(i, s, f"{k}kb")
            for i, (s, k) in enumerate(zip(stamps, sizes, strict=True), 1)
        ],
        announce_type=draw(st.sampled_from(announce_types)),
        announced_on=_next_weekday(stamps[-1].date()),
    )


def records_strategy(min_size=1, max_size=5):
    """Lists of PaperRecord with unique ids, accented names and LaTeX/HTML-looking text."""
    ids = st.lists(st.integers(1, 99999), min_size=min_size, max_size=max_size, unique=True)
    return ids.flatmap(lambda ns: st.tuples(*(_record(n) for n in ns)).map(list))
