"""Whole pages kept for anonymous visitors, under the site's content version, with ETags.

``@anonymous_page("daily")`` on a read-only view serves a visitor without a session
cookie from the cache (Redis) and answers a repeat visit whose ``If-None-Match``
matches with a 304. A signed-in visitor (any session cookie) or one with pending
messages always gets the page built for them, never a kept one.

Nothing stale is served: every key carries the *content version*, a random token
that is replaced whenever content a page shows may have changed:

- any statement that writes a content table (``papers_``, ``profiles_``, ``graph_``,
  ``curation_``, ``audit_``, ``auth_user``), seen by a database execute wrapper
  installed on every connection (web, worker, beat, manage.py): at once, and again
  when its transaction commits. That covers ORM saves, ``.update()``, raw and
  set-wise SQL;
- the end of every import run (``bump()`` in ingest.runs), for writes made outside
  Django's cursor (COPY).

The version is read before the view reads the database, and replaced after the
writer commits, so a page built from rows older than a commit is kept under a
version no one asks for any more. A per-object stamp would keep more pages across
an import, but a profile prints its co-authors' names and its works' titles and
votes, which other objects' writes change: one version is the one that is never
wrong. Kept pages expire after ``TIMEOUT`` anyway.

Per-visitor parts: the page is built with placeholders for the CSRF token and the
CSP nonce, and each response gets this visitor's token (and cookie) and a fresh
nonce (with its header). The cache being down never fails a page: it is built as
if uncached.
"""

from __future__ import annotations

import hashlib
import logging
import re
import secrets
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import connections
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

log = logging.getLogger(__name__)

VERSION_KEY = "page:content-version"
KEY_SHAPE = 1  # raise when what is kept changes shape
TIMEOUT = 60 * 60
VERSION_TIMEOUT = 2 * TIMEOUT  # outlives every page kept under it
CSRF_PLACEHOLDER = "pagecache-csrf-0c8f3b9d2e6a41f7"
NONCE_PLACEHOLDER = "pagecache-nonce-5d1e7a2c9b4f4e03"
# A statement that writes a table whose rows pages show: the verb right before the table.
_WRITES_CONTENT = re.compile(
    r"(?<!FOR )(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE(?:\s+TABLE)?|MERGE\s+INTO|COPY)"
    r'\s+"?(?:(?:papers|profiles|graph|curation|audit)_\w|auth_user\b)',
    re.IGNORECASE,
)
_COMMENT = re.compile(r"--[^\n]*")
# Request headers a page's content depends on besides its URL: htmx asks for fragments.
_VARY_ON = ("HX-Request", "HX-Target", "HX-Trigger", "HX-Boosted", "HX-History-Restore-Request")


# --- the content version -------------------------------------------------------------------


def bump() -> None:
    """Content may have changed: every kept page is from now on out of date."""
    try:
        cache.set(VERSION_KEY, secrets.token_hex(8), VERSION_TIMEOUT)
    except Exception:  # noqa: BLE001 - a cache that is down keeps nothing to be stale
        log.warning("Could not replace the page cache's content version.", exc_info=True)


def current_version() -> str:
    return cache.get_or_set(VERSION_KEY, lambda: secrets.token_hex(8), VERSION_TIMEOUT)


def writes_content(sql) -> bool:
    """Whether a statement may write a table whose rows pages show."""
    text = sql if isinstance(sql, str) else str(sql)
    if "--" in text:
        text = _COMMENT.sub("", text)
    return bool(_WRITES_CONTENT.search(text))


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if writes_content(sql):
        # At once, so this transaction's own reads are never answered from a kept page,
        # and again when it commits (pages built meanwhile saw the rows before it).
        bump()
        connection = context["connection"]
        if connection.in_atomic_block and not any(
            entry[1] is bump for entry in connection.run_on_commit
        ):
            connection.on_commit(bump)
    return result


def watch_connection(sender, connection, **kwargs) -> None:
    """``connection_created`` receiver: watch this connection's writes (core.apps)."""
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def watch_open_connections() -> None:
    for connection in connections.all(initialized_only=True):
        watch_connection(None, connection)


# --- pages ---------------------------------------------------------------------------------


def is_anonymous_visit(request) -> bool:
    """No session (so nobody signed in) and no pending messages: the page is everyone's."""
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def rendering_for_cache(request) -> bool:
    return getattr(request, "_pagecache_render", False)


def placeholders(request) -> dict:
    """Context processor: while a page is built for the cache, its CSRF token is a
    placeholder that each response replaces with the visitor's own."""
    return {"csrf_token": CSRF_PLACEHOLDER} if rendering_for_cache(request) else {}


def _key(group: str, request, version: str) -> str:
    parts = [request.get_full_path(), *(request.headers.get(h, "") for h in _VARY_ON)]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()[:32]
    return f"page:{KEY_SHAPE}:{group}:{version}:{digest}"


def anonymous_page(group: str):
    """Keep this view's 200 pages for anonymous visitors (see the module docstring)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not is_anonymous_visit(request):
                return view(request, *args, **kwargs)
            try:
                key = _key(group, request, current_version())
                entry = cache.get(key)
            except Exception:  # noqa: BLE001 - the cache down: build the page as if uncached
                log.warning("Page cache unavailable; building the page.", exc_info=True)
                return view(request, *args, **kwargs)
            if entry is None:
                entry, response = _build(request, view, args, kwargs)
                if entry is None:
                    return response
                try:
                    cache.set(key, entry, TIMEOUT)
                except Exception:  # noqa: BLE001
                    log.warning("Could not keep a page in the cache.", exc_info=True)
            return _respond(request, entry)

        return wrapped

    return decorator


def _build(request, view, args, kwargs):
    """(entry, None) for a page that may be kept, else (None, the view's own response)."""
    nonce = getattr(request, "csp_nonce", None)
    request._pagecache_render = True
    request.csp_nonce = NONCE_PLACEHOLDER
    try:
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not getattr(response, "is_rendered", True):
            response.render()
    finally:
        request._pagecache_render = False
        if nonce is None:
            del request.csp_nonce
        else:
            request.csp_nonce = nonce
    session = getattr(request, "session", None)
    if (
        response.status_code != 200
        or response.streaming
        or response.cookies
        or (session is not None and session.modified)
        or response.has_header("Cache-Control")
    ):
        # Not everyone's page: give it to this visitor alone, with its placeholders filled.
        return None, _personal(request, response)
    body = response.content
    headers = {k: v for k, v in response.items() if k.lower() not in ("content-length", "etag")}
    etag = f'W/"{hashlib.sha256(body).hexdigest()[:32]}"'
    return {"body": body, "headers": headers, "etag": etag, "modified": time.time()}, None


def _fill(request, body: bytes) -> bytes:
    if CSRF_PLACEHOLDER.encode() in body:
        body = body.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
    if NONCE_PLACEHOLDER.encode() in body:
        body = body.replace(NONCE_PLACEHOLDER.encode(), str(request.csp_nonce).encode())
    return body


def _personal(request, response):
    if not response.streaming and (
        CSRF_PLACEHOLDER.encode() in response.content
        or NONCE_PLACEHOLDER.encode() in response.content
    ):
        response.content = _fill(request, response.content)
    return response


def _respond(request, entry: dict):
    modified = int(entry["modified"])
    not_modified = get_conditional_response(
        request, etag=entry["etag"], last_modified=modified, response=None
    )
    if not_modified is not None:
        # The visitor's copy stands, with the CSP nonce it was sent with: no new header.
        not_modified._csp_exempt = True
        response = not_modified
    else:
        response = HttpResponse(_fill(request, entry["body"]))
        for header, value in entry["headers"].items():
            response[header] = value
    response["ETag"] = entry["etag"]
    response["Last-Modified"] = http_date(modified)
    # The browser may keep it but asks again each time (a 304 while it is current).
    patch_cache_control(response, private=True, no_cache=True)
    return response
