"""What every public read of the API does around its answer: rate limit, cache headers, 304.

Applied to each operation with ninja's ``decorate_view``, so it wraps the
finished response: the ETag is a digest of the exact JSON sent, and a client
that already holds it gets 304 with no body. Last-Modified is when this exact
answer was first served (kept in the cache): no row has a time that moves with
everything an answer shows (a trust refresh, an upvote, a claim decision), and
a time that missed a change would make a client keep stale data. If that record
is evicted the time moves later, which only costs a client one full download.
It has one-second resolution; the ETag is exact, and wins when both are sent.

Over the rate limit a client gets 429 JSON and ``Retry-After`` (seconds to the
end of the counting window). Reads are counted in the Redis cache by
django-ratelimit: per client address at ``settings.RATE_LIMITS["api"]``, or per
API token (api.tokens) at the higher ``RATE_LIMITS["api_token"]``; an unknown or
revoked token is a 401.
"""

from __future__ import annotations

import hashlib
import time
from functools import wraps

from django.core.cache import cache
from django.http import JsonResponse
from django.utils.cache import get_conditional_response, patch_cache_control, quote_etag
from django.utils.http import http_date
from django_ratelimit.core import get_usage

from api.tokens import token_from_header
from papers.ratelimits import limit

# Public data changes when arXiv announces (daily) or a task refreshes counters:
# a few minutes of caching costs no one anything.
MAX_AGE_SECONDS = 300


FIRST_SERVED_SECONDS = 7 * 24 * 60 * 60


def now_seconds() -> int:
    return int(time.time())


def first_served(path: str, etag: str) -> int:
    """When this answer (path and body digest) was first served, in whole seconds."""
    key = "api:first-served:" + hashlib.sha256(f"{path} {etag}".encode()).hexdigest()
    now = now_seconds()
    if cache.add(key, now, timeout=FIRST_SERVED_SECONDS):
        return now
    return cache.get(key, now)


def client_address(group, request) -> str:
    """Who is counted: the connecting address. A server that passes none (a unix socket, a
    test client) must not turn every read into a 500, so those share one count."""
    return request.META.get("REMOTE_ADDR") or "no-address"


def too_many_requests(seconds: int) -> JsonResponse:
    response = JsonResponse(
        {"message": f"Too many requests from this address; try again in {seconds} seconds."},
        status=429,
    )
    response["Retry-After"] = str(seconds)
    return response


def _count(request):
    """Count this read: per API token when one is sent, else per address."""
    if "Authorization" not in request.headers:
        return get_usage(
            request, group="api", key=client_address, rate=limit("api"), increment=True
        )
    token = token_from_header(request.headers["Authorization"])
    if token is None:
        return "bad token"
    return get_usage(request, group="api_token", key=lambda group, request: str(token.pk),
                     rate=limit("api_token"), increment=True)  # fmt: skip


def public_read(run):
    """Rate limited per address or token; a 200 gets Cache-Control, ETag, Last-Modified and may be a 304."""

    @wraps(run)
    def wrapper(request, *args, **kwargs):
        usage = _count(request)
        if usage == "bad token":
            return JsonResponse(
                {"message": "This API token is not valid or was revoked."}, status=401
            )
        if usage and usage["should_limit"]:
            return too_many_requests(max(1, int(usage["time_left"])))
        response = run(request, *args, **kwargs)
        if response.status_code != 200:
            return response
        patch_cache_control(response, public=True, max_age=MAX_AGE_SECONDS)
        etag = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
        response["ETag"] = etag
        last_modified = first_served(request.get_full_path(), etag)
        response["Last-Modified"] = http_date(last_modified)
        return get_conditional_response(
            request, etag=etag, last_modified=last_modified, response=response
        )

    return wrapper
