"""The one polite HTTP client for everything arXiv.

- a descriptive User-Agent with a contact address (settings.ARXIV_CONTACT_EMAIL);
- one request at a time across all workers, at least ARXIV_MIN_INTERVAL seconds
  apart: a Redis lock serialises requests and a Redis key holds when the last
  one finished (a per-worker sleep would let N workers send N requests at once);
- retries with exponential backoff on 429, 5xx and transport errors, honouring
  Retry-After; timeouts on every request;
- conditional GET (ETag / Last-Modified) when the caller passes validators.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

import httpx
import redis
from django.conf import settings

from core.http import MAX_RETRY_AFTER, RETRY_STATUSES, backoff_seconds, outbound_client
from ingest.sources.common import FeedError

log = logging.getLogger("peerfolio.ingest")

LOCK_KEY = "arxiv:request-lock"
LAST_REQUEST_KEY = "arxiv:last-request-at"


@dataclass
class Response:
    """What a fetch returns: the body, or ``not_modified`` for a 304, and the new validators."""

    status_code: int
    body: bytes
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self) -> bool:
        return self.status_code == 304


class ArxivClient:
    """Fetches arXiv URLs politely; safe to use from many workers at once."""

    def __init__(
        self,
        *,
        redis_client=None,
        http: httpx.Client | None = None,
        min_interval=None,
        sleep=time.sleep,
        clock=time.time,
    ):
        self.redis = redis_client or redis.Redis.from_url(settings.REDIS_URL)
        self.http = http or outbound_client(settings.ARXIV_TIMEOUT, follow_redirects=True)
        self.min_interval = settings.ARXIV_MIN_INTERVAL if min_interval is None else min_interval
        self.max_retries = settings.ARXIV_MAX_RETRIES
        self.sleep, self.clock = sleep, clock

    def get(self, url: str, *, etag: str = "", last_modified: str = "") -> Response:
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for attempt in range(self.max_retries + 1):
            try:
                response = self._polite_get(url, headers)
            except httpx.TransportError as exc:
                if attempt == self.max_retries:
                    raise FeedError(
                        f"arXiv could not be reached ({exc.__class__.__name__}: {exc})."
                    ) from exc
                self._backoff(attempt, None, url, str(exc))
                continue
            if response.status_code in RETRY_STATUSES and attempt < self.max_retries:
                self._backoff(
                    attempt, response.headers.get("Retry-After"), url, str(response.status_code)
                )
                continue
            if response.status_code == 304:
                return Response(304, b"", etag, last_modified)
            if response.status_code >= 400 and not _is_api_error_feed(response):
                raise FeedError(f"arXiv answered HTTP {response.status_code} for {url}.")
            return Response(
                response.status_code,
                response.content,
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
            )
        raise AssertionError("unreachable")

    def _polite_get(self, url, headers) -> httpx.Response:
        # The lock outlives a stuck request by a margin, then frees itself.
        lock = self.redis.lock(LOCK_KEY, timeout=settings.ARXIV_TIMEOUT + 30, blocking_timeout=None)
        with lock:
            last = self.redis.get(LAST_REQUEST_KEY)
            if last is not None:
                wait = float(last) + self.min_interval - self.clock()
                if wait > 0:
                    self.sleep(wait)
            try:
                return self.http.get(url, headers=headers)
            finally:
                self.redis.set(LAST_REQUEST_KEY, repr(self.clock()), ex=3600)

    def _backoff(self, attempt: int, retry_after: str | None, url: str, why: str) -> None:
        delay = backoff_seconds(attempt, retry_after, base=self.min_interval)
        if delay > MAX_RETRY_AFTER:
            raise FeedError(
                f"arXiv asked us to wait {delay:.0f} s before retrying {url}; giving up for now."
            )
        log.warning("arXiv %s for %s; retrying in %.1f s", why, url, delay)
        self.sleep(delay)


def _is_api_error_feed(response: httpx.Response) -> bool:
    """The API answers a bad query with HTTP 400 and an Atom error entry worth showing."""
    return response.status_code == 400 and b"/api/errors" in response.content[:4000]
