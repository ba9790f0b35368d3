"""Plain records that every arXiv source parses into, before anything is stored.

Parsers know formats; the store knows the database. This module is the contract
between them: a parser returns ``PaperRecord`` objects and never touches a model.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime


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
        return json.loads(json.dumps(asdict(self), default=_json_default))

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


def _json_default(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"not JSON-serialisable: {type(value).__name__}")
