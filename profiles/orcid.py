"""ORCID as evidence: the iD a person signed in with, and the arXiv works their ORCID record lists.

allauth's ORCID provider keeps the iD as the user's SocialAccount uid. The
public API (no token needed) lists a record's works with their external ids;
an arXiv id there that is also one of the author record's works ties the two.
"""

from __future__ import annotations

import logging

import httpx
from allauth.socialaccount.models import SocialAccount
from django.core.cache import cache

from ingest.sources.common import FeedError, split_arxiv_id

log = logging.getLogger("peerfolio.orcid")
WORKS_URL = "https://pub.orcid.org/v3.0/{orcid}/works"
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
WORKS_CACHE_SECONDS = 10 * 60


class OrcidUnavailable(Exception):
    """ORCID could not be asked or answered something unreadable."""


def orcid_of(user) -> str:
    """The ORCID iD the user signed in with ("0000-0002-1825-0097"), or ""."""
    account = SocialAccount.objects.filter(user=user, provider="orcid").only("uid").first()
    return account.uid if account else ""


def arxiv_ids_on_record(orcid: str, http: httpx.Client | None = None) -> set[str]:
    """The arXiv ids (without version) among the works an ORCID record lists.

    Kept for WORKS_CACHE_SECONDS: the claim page shows the evidence and filing the
    claim checks it again, one ORCID call for both.
    """
    key = f"orcid-arxiv-ids:{orcid}"
    found = cache.get(key)
    if found is None:
        found = _fetch_arxiv_ids(orcid, http)
        cache.set(key, found, WORKS_CACHE_SECONDS)
    return found


def _fetch_arxiv_ids(orcid: str, http: httpx.Client | None) -> set[str]:
    client = http or httpx.Client(timeout=TIMEOUT)
    try:
        response = client.get(WORKS_URL.format(orcid=orcid), headers={"Accept": "application/json"})
        response.raise_for_status()
        groups = response.json().get("group") or []
    except (httpx.HTTPError, ValueError, AttributeError) as exc:
        raise OrcidUnavailable(f"ORCID did not answer for {orcid}: {exc}") from exc
    finally:
        if http is None:
            client.close()
    found = set()
    for group in groups:
        for external in (group.get("external-ids") or {}).get("external-id") or []:
            if (external.get("external-id-type") or "").lower() != "arxiv":
                continue
            try:
                found.add(split_arxiv_id(external.get("external-id-value") or "")[0])
            except FeedError:
                log.info("Unreadable arXiv id %r on ORCID %s", external, orcid)
    return found
