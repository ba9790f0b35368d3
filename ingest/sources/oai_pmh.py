"""OAI-PMH ListRecords (arXivRaw, arXiv and oai_dc), parsed with lxml: entities and network off."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import urlencode

from django.conf import settings
from lxml import etree

from ingest.records import AuthorRecord, PaperRecord, VersionRecord
from ingest.sources.common import (
    FeedError,
    clean,
    looks_like_html,
    parse_rfc2822,
    split_arxiv_id,
    split_byline,
)

OAI = "{http://www.openarchives.org/OAI/2.0/}"
RAW = "{http://arxiv.org/OAI/arXivRaw/}"
ARXIV = "{http://arxiv.org/OAI/arXiv/}"
DC = "{http://purl.org/dc/elements/1.1/}"
PREFIXES = ("arXivRaw", "arXiv", "oai_dc")
# Not a failure: the harvest asked for a window in which nothing changed.
EMPTY_RESULT_CODES = {"noRecordsMatch"}
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


@dataclass
class OaiPage:
    """One ListRecords page and the token that fetches the next one."""

    records: list[PaperRecord]
    resumption_token: str | None = None
    complete_list_size: int | None = None
    cursor: int = 0
    empty_reason: str = ""


def list_records_url(
    *, set_spec="", metadata_prefix="arXivRaw", from_date=None, until=None, resumption_token=None
) -> str:
    if resumption_token:
        params = {"verb": "ListRecords", "resumptionToken": resumption_token}
    else:
        if metadata_prefix not in PREFIXES:
            raise FeedError(f"Unknown OAI-PMH metadataPrefix {metadata_prefix!r}.")
        params = {"verb": "ListRecords", "metadataPrefix": metadata_prefix}
        if set_spec:
            params["set"] = set_spec
        if from_date:
            params["from"] = from_date.isoformat()
        if until:
            params["until"] = until.isoformat()
    return f"{settings.ARXIV_OAI_URL}?{urlencode(params)}"


def parse(body: bytes, subject_codes: dict[str, str] | None = None) -> OaiPage:
    """Parse one OAI-PMH response. OAI errors raise FeedError, except noRecordsMatch.

    ``subject_codes`` maps oai_dc subjects ("Mathematics - Number Theory") to codes.
    """
    if looks_like_html(body):
        raise FeedError("arXiv answered with an HTML page instead of an OAI-PMH response.")
    try:
        root = etree.fromstring(body, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise FeedError(
            f"The OAI-PMH response is not well-formed XML ({exc}); nothing was imported."
        ) from exc
    if root.tag != f"{OAI}OAI-PMH":
        raise FeedError(f"Not an OAI-PMH response (root element <{etree.QName(root).localname}>).")
    error = root.find(f"{OAI}error")
    if error is not None:
        code, message = error.get("code", ""), clean(error.text)
        if code in EMPTY_RESULT_CODES:
            return OaiPage(records=[], empty_reason=f"{code}: {message}")
        raise FeedError(f"OAI-PMH error {code}: {message}")
    list_records = root.find(f"{OAI}ListRecords")
    if list_records is None:
        list_records = root.find(f"{OAI}GetRecord")
    if list_records is None:
        raise FeedError("The OAI-PMH response holds neither ListRecords nor GetRecord.")
    records = [_record(r, subject_codes or {}) for r in list_records.iterfind(f"{OAI}record")]
    token = list_records.find(f"{OAI}resumptionToken")
    page = OaiPage(records=records)
    if token is not None:
        page.resumption_token = clean(token.text) or None
        size = token.get("completeListSize")
        page.complete_list_size = int(size) if size and size.isdigit() else None
        page.cursor = int(token.get("cursor") or 0)
    return page


def _record(record, subject_codes) -> PaperRecord:
    header = record.find(f"{OAI}header")
    identifier = header.findtext(f"{OAI}identifier", "") if header is not None else ""
    if header is not None and header.get("status") == "deleted":
        arxiv_id, _ = split_arxiv_id(identifier)
        return PaperRecord(arxiv_id=arxiv_id, deleted=True)
    metadata = record.find(f"{OAI}metadata")
    if metadata is None or len(metadata) == 0:
        raise FeedError(f"OAI record {identifier or '(no identifier)'} has no metadata.")
    body = metadata[0]
    if body.tag == f"{RAW}arXivRaw":
        return _raw_record(body)
    if body.tag == f"{ARXIV}arXiv":
        return _arxiv_record(body)
    if body.tag == "{http://www.openarchives.org/OAI/2.0/oai_dc/}dc":
        return _dc_record(body, identifier, subject_codes)
    raise FeedError(f"Unsupported OAI metadata format <{etree.QName(body).localname}>.")


def _text(element, ns, name) -> str:
    return clean(element.findtext(f"{ns}{name}"))


def _fields(element) -> dict[str, str]:
    """The record's simple fields by local name, in one pass over its children (first wins)."""
    found: dict[str, str] = {}
    for child in element:
        name = child.tag.rpartition("}")[2]
        if name not in found:
            found[name] = clean(child.text)
    return found


def _common(fields: dict[str, str]) -> dict:
    categories = fields.get("categories", "").split()
    return {
        "title": fields.get("title", ""),
        "abstract": fields.get("abstract", ""),
        "primary_category": categories[0] if categories else "",
        "categories": categories,
        "comment": fields.get("comments", ""),
        "journal_ref": fields.get("journal-ref", ""),
        "doi": fields.get("doi", "").split(" ")[0],
        "license": fields.get("license", ""),
    }


def _raw_version(version) -> VersionRecord:
    # One pass over its two children: a findtext each was most of an OAI page's parsing.
    parts = {child.tag: child.text for child in version}
    return VersionRecord(
        version=int((version.get("version") or "v1").lstrip("v") or 1),
        submitted_at=parse_rfc2822(parts.get(f"{RAW}date") or ""),
        size=clean(parts.get(f"{RAW}size")),
    )


def _raw_record(raw) -> PaperRecord:
    fields = _fields(raw)
    arxiv_id, _ = split_arxiv_id(fields.get("id", ""))
    versions = [_raw_version(v) for v in raw.iterfind(f"{RAW}version")] or [VersionRecord(1)]
    versions.sort(key=lambda v: v.version)
    authors = [
        AuthorRecord(name=name, affiliations=(aff,) if aff else ())
        for name, aff in split_byline(fields.get("authors", ""))
    ]
    return PaperRecord(
        arxiv_id=arxiv_id,
        version=versions[-1].version,
        authors=authors,
        published=versions[0].submitted_at,
        updated=versions[-1].submitted_at,
        versions=versions,
        **_common(fields),
    )


def _arxiv_record(meta) -> PaperRecord:
    fields = _fields(meta)
    arxiv_id, _ = split_arxiv_id(fields.get("id", ""))
    authors = []
    for author in meta.iterfind(f"{ARXIV}authors/{ARXIV}author"):
        keyname, forenames = _text(author, ARXIV, "keyname"), _text(author, ARXIV, "forenames")
        suffix = _text(author, ARXIV, "suffix")
        name = " ".join(p for p in (forenames, keyname) if p) + (f" {suffix}" if suffix else "")
        affiliations = tuple(
            clean(a.text) for a in author.iterfind(f"{ARXIV}affiliation") if clean(a.text)
        )
        authors.append(
            AuthorRecord(name=name, keyname=keyname, forenames=forenames, affiliations=affiliations)
        )
    created, updated = _date(fields.get("created", "")), _date(fields.get("updated", ""))
    # The arXiv prefix gives dates, not the version list: the latest version is unknown
    # (updated only says "more than one"), so it is counted as v2 at least.
    versions = [VersionRecord(version=1, submitted_at=created)]
    if updated:
        versions.append(VersionRecord(version=2, submitted_at=updated))
    return PaperRecord(
        arxiv_id=arxiv_id,
        version=versions[-1].version,
        authors=authors,
        published=created,
        updated=updated or created,
        versions=versions,
        **_common(fields),
    )


def _dc_record(dc, identifier, subject_codes) -> PaperRecord:
    arxiv_id, _ = split_arxiv_id(identifier)
    authors = []
    for creator in dc.iterfind(f"{DC}creator"):
        last, _, first = clean(creator.text).partition(", ")
        authors.append(AuthorRecord(name=f"{first} {last}".strip(), keyname=last, forenames=first))
    categories = [
        subject_codes[s]
        for s in (clean(e.text) for e in dc.iterfind(f"{DC}subject"))
        if s in subject_codes
    ]
    dates = sorted(d for d in (_date(clean(e.text)) for e in dc.iterfind(f"{DC}date")) if d)
    versions = [VersionRecord(version=i + 1, submitted_at=d) for i, d in enumerate(dates)] or [
        VersionRecord(1)
    ]
    descriptions = [clean(e.text) for e in dc.iterfind(f"{DC}description")]
    return PaperRecord(
        arxiv_id=arxiv_id,
        version=versions[-1].version,
        title=clean(dc.findtext(f"{DC}title")),
        abstract=descriptions[0] if descriptions else "",
        comment=" ".join(
            d.removeprefix("Comment: ") for d in descriptions[1:] if d.startswith("Comment:")
        ),
        authors=authors,
        primary_category=categories[0] if categories else "",
        categories=categories,
        published=dates[0] if dates else None,
        updated=dates[-1] if dates else None,
        versions=versions,
    )


def _date(text: str) -> datetime | None:
    try:
        return datetime.combine(date.fromisoformat(text[:10]), datetime.min.time(), tzinfo=UTC)
    except ValueError:
        return None
