"""Plain records that every arXiv source parses into, before anything is stored.

Parsers know formats; the store knows the database. This module is the contract
between them: a parser returns ``PaperRecord`` objects and never touches a model.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, fields
from datetime import date, datetime
from functools import cache


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
        """A JSON-safe dict of this record (kept on ImportRecord as the raw payload)."""
        return _plain(self)

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
        return digest(self.to_payload())


def digest(payload: dict) -> str:
    """A digest of what a record says; the same entry fetched twice hashes the same.

    Announce data is left out: the same version announced again (a cross-list
    on another day) is not a change to the paper.
    """
    content = {k: v for k, v in payload.items() if k not in ("announce_type", "announced_on")}
    blob = json.dumps(content, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()


def _plain(value):
    """Dataclasses to dicts, tuples to lists, dates to ISO strings: what JSON would give back.

    Written out rather than ``json.loads(json.dumps(asdict(...)))``: asdict deep-copies
    every value, and on a page of a thousand records that was most of the store's time.
    """
    kind = type(value)
    # Exact types first, and scalars inline: a page of records holds a million values,
    # mostly strings, and a call for each was most of this function's time.
    if kind in _SCALARS:
        return value
    if kind is list or kind is tuple:
        return [v if type(v) in _SCALARS else _plain(v) for v in value]
    if isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return {
        name: v if type(v := getattr(value, name)) in _SCALARS else _plain(v)
        for name in _field_names(kind)
    }


_SCALARS = frozenset({str, int, float, bool, type(None)})


def _datetime(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@cache
def _field_names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))
