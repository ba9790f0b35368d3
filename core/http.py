"""The one way out to other services: timeouts, a User-Agent with a contact, Retry-After.

Every outbound client (arXiv, Semantic Scholar, OpenAlex, ORCID) is made by
``outbound_client`` and retries on the same statuses, reading the server's
Retry-After with ``retry_after_seconds``. What is polite towards each service
(arXiv's one request at a time across workers, a pause per citation API) stays
with the code that talks to it.
"""

from __future__ import annotations

import time
from email.utils import parsedate_to_datetime

import httpx
from django.conf import settings

RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
MAX_RETRY_AFTER = 300.0  # seconds; a longer wait fails the call rather than blocking a worker


def outbound_client(timeout: float | httpx.Timeout, **options) -> httpx.Client:
    """An httpx client that names us (settings.OUTBOUND_USER_AGENT) and never waits forever."""
    headers = {"User-Agent": settings.OUTBOUND_USER_AGENT, **options.pop("headers", {})}
    return httpx.Client(timeout=timeout, headers=headers, **options)


def retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds: either a number or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        return max(0.0, parsedate_to_datetime(value).timestamp() - time.time())
    except (TypeError, ValueError):
        return None


def backoff_seconds(attempt: int, retry_after: str | None, *, base: float) -> float:
    """How long to wait before retry ``attempt``: the server's word, else doubling from ``base``."""
    delay = retry_after_seconds(retry_after)
    return min(base * (2**attempt), 120.0) if delay is None else delay
