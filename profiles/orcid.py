"""ORCID as evidence: the iD a person signed in with, and what their public ORCID record says.

allauth's ORCID provider keeps the iD as the user's SocialAccount uid. The
public API (no token needed) answers ``/v3.0/{iD}/record`` with the person's
names and a summary of their works with external ids; an arXiv id there that is
also one of the author record's works ties the two.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import httpx
from allauth.socialaccount.models import SocialAccount
from django.core.cache import cache

from core.http import outbound_client
from papers.arxiv_ids import find_arxiv_id

log = logging.getLogger("peerfolio.orcid")
RECORD_URL = "https://pub.orcid.org/v3.0/{orcid}/record"
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
RECORD_CACHE_SECONDS = 10 * 60


class OrcidUnavailable(Exception):
    """ORCID could not be asked or answered something unreadable."""


@dataclass
class OrcidRecord:
    """What a public ORCID record says about a person: their names and their arXiv works."""

    names: list[str] = field(default_factory=list)
    arxiv_ids: set[str] = field(default_factory=set)


def orcid_of(user) -> str:
    """The ORCID iD the user signed in with ("0000-0002-1825-0097"), or ""."""
    account = SocialAccount.objects.filter(user=user, provider="orcid").only("uid").first()
    return account.uid if account else ""


def orcid_record(orcid: str, http: httpx.Client | None = None) -> OrcidRecord:
    """The names and arXiv ids (without version) of an ORCID record.

    Kept for RECORD_CACHE_SECONDS: the claim page shows the evidence and filing the
    claim checks it again, one ORCID call for both.
    """
    key = f"orcid-record:{orcid}"
    found = cache.get(key)
    if found is None:
        found = _read_record(_fetch(orcid, http), orcid)
        cache.set(key, found, RECORD_CACHE_SECONDS)
    return found


def _fetch(orcid: str, http: httpx.Client | None) -> dict:
    client = http or outbound_client(TIMEOUT)
    try:
        response = client.get(
            RECORD_URL.format(orcid=orcid), headers={"Accept": "application/json"}
        )
        response.raise_for_status()
        body = response.json()
        if not isinstance(body, dict):
            raise ValueError("not a JSON object")
        return body
    except (httpx.HTTPError, ValueError) as exc:
        raise OrcidUnavailable(f"ORCID did not answer for {orcid}: {exc}") from exc
    finally:
        if http is None:
            client.close()


def _value(node) -> str:
    return ((node or {}).get("value") or "").strip() if isinstance(node, dict) else ""


def _read_record(body: dict, orcid: str) -> OrcidRecord:
    record = OrcidRecord()
    person = body.get("person") or {}
    name = person.get("name") or {}
    given, family = _value(name.get("given-names")), _value(name.get("family-name"))
    record.names = [n for n in (f"{given} {family}".strip(), _value(name.get("credit-name"))) if n]
    for other in (person.get("other-names") or {}).get("other-name") or []:
        if content := (other or {}).get("content"):
            record.names.append(content.strip())
    works = (body.get("activities-summary") or {}).get("works") or {}
    for group in works.get("group") or []:
        for external in (group.get("external-ids") or {}).get("external-id") or []:
            if (external.get("external-id-type") or "").lower() != "arxiv":
                continue
            found = find_arxiv_id(external.get("external-id-value") or "")
            if found is None:
                log.info("Unreadable arXiv id %r on ORCID %s", external, orcid)
            else:
                record.arxiv_ids.add(found[0])
    return record
