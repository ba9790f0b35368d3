"""Plain records that every arXiv source parses into, before anything is stored.

Parsers know formats; the store knows the database. This module is the contract
between them: a parser returns ``PaperRecord`` objects and never touches a model.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property


@dataclass(frozen=True)
class AuthorRecord:
    """One name on a byline, as printed, with whatever structure the source gave."""

    name: str
    keyname: str = ""
    forenames: str = ""
    affiliations: tuple[str, ...] = ()


@dataclass(frozen=True)
class VersionRecord:
    """One arXiv version (v1, v2, ...) with its submission time when the source has it."""

    version: int
    submitted_at: datetime | None = None
    size: str = ""


@dataclass
class PaperRecord:
    """Everything one feed entry says about one paper, normalised across formats.

    ``arxiv_id`` never carries a version suffix; ``version`` is the version this
    entry describes (the latest the source knew of).
    """

    arxiv_id: str
    version: int = 1
    title: str = ""
    abstract: str = ""
    authors: list[AuthorRecord] = field(default_factory=list)
    primary_category: str = ""
    categories: list[str] = field(default_factory=list)
    published: datetime | None = None
    updated: datetime | None = None
    comment: str = ""
    journal_ref: str = ""
    doi: str = ""
    license: str = ""
    versions: list[VersionRecord] = field(default_factory=list)
    announce_type: str = ""
    announced_on: date | None = None
    deleted: bool = False

    def to_payload(self) -> dict:
        """A JSON-safe dict of this record (kept on ImportRecord as the raw payload).

        Spelled out field by field: a generic walk over the dataclass fields was
        most of the store's Python time on a page of a thousand records.
        """
        return {
            "arxiv_id": self.arxiv_id,
            "version": self.version,
            "title": self.title,
            "abstract": self.abstract,
            "authors": [
                {
                    "name": a.name,
                    "keyname": a.keyname,
                    "forenames": a.forenames,
                    "affiliations": list(a.affiliations),
                }
                for a in self.authors
            ],
            "primary_category": self.primary_category,
            "categories": list(self.categories),
            "published": _iso(self.published),
            "updated": _iso(self.updated),
            "comment": self.comment,
            "journal_ref": self.journal_ref,
            "doi": self.doi,
            "license": self.license,
            "versions": [
                {"version": v.version, "submitted_at": _iso(v.submitted_at), "size": v.size}
                for v in self.versions
            ],
            "announce_type": self.announce_type,
            "announced_on": _iso(self.announced_on),
            "deleted": self.deleted,
        }

    @classmethod
    def from_payload(cls, payload: dict) -> PaperRecord:
        """The record ``to_payload`` wrote, exactly: a held record is stored from this on approval."""
        values = dict(payload)
        values["authors"] = [
            AuthorRecord(**{**a, "affiliations": tuple(a.get("affiliations", ()))})
            for a in payload.get("authors", ())
        ]
        values["versions"] = [
            VersionRecord(**{**v, "submitted_at": _datetime(v.get("submitted_at"))})
            for v in payload.get("versions", ())
        ]
        values["categories"] = list(payload.get("categories", ()))
        values["published"] = _datetime(payload.get("published"))
        values["updated"] = _datetime(payload.get("updated"))
        day = payload.get("announced_on")
        values["announced_on"] = date.fromisoformat(day) if day else None
        return cls(**values)

    @property
    def content_hash(self) -> str:
        return self.encoded[1]

    @cached_property
    def encoded(self) -> tuple[str, str]:
        """(payload as JSON text, digest), worked out once per record.

        A record is not changed once parsed, so the pipeline works this out in the
        thread that reads the next page ahead (``ingest.read_ahead``).
        """
        return encoded(self.to_payload())


# Announce data is left out of the digest: the same version announced again (a
# cross-list on another day) is not a change to the paper.
ANNOUNCE_FIELDS = ("announce_type", "announced_on")


def digest(payload: dict) -> str:
    """A digest of what a record says; the same entry fetched twice hashes the same."""
    return encoded(payload)[1]


def encoded(payload: dict) -> tuple[str, str]:
    """The payload as JSON text, and its digest, from one serialisation of its content."""
    content = {k: v for k, v in payload.items() if k not in ANNOUNCE_FIELDS}
    text = json.dumps(content, sort_keys=True, ensure_ascii=False)
    announce = json.dumps({k: payload.get(k) for k in ANNOUNCE_FIELDS}, ensure_ascii=False)
    return announce[:-1] + ", " + text[1:], hashlib.sha256(text.encode()).hexdigest()


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
