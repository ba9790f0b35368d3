"""Opaque keyset cursors for the API: the page functions' own cursors, signed and scoped.

The page functions (profiles.browse, profiles.works, papers.daily) already hand
back "continue after this sort key" strings. The API signs each one with the
list it belongs to (which resource, which sort, which query), so a client can
neither forge a position nor carry a cursor to another list, and stamps it with
the time it was made, so a cursor kept for days is refused rather than walking
data that has since moved. Either way the client gets a 400 and starts over.
"""

from __future__ import annotations

from django.core import signing

SALT = "peerfolio.api.cursor"
MAX_AGE_SECONDS = 24 * 60 * 60


class BadCursor(Exception):
    """The cursor was not made by us for this list, or is too old to trust."""


def encode_cursor(raw: str | None, scope: str) -> str | None:
    if raw is None:
        return None
    return signing.TimestampSigner(salt=SALT).sign_object({"s": scope, "c": raw}, compress=True)


def decode_cursor(token: str | None, scope: str) -> str | None:
    """The page function's own cursor string, or BadCursor."""
    if not token:
        return None
    try:
        data = signing.TimestampSigner(salt=SALT).unsign_object(token, max_age=MAX_AGE_SECONDS)
    except signing.SignatureExpired as exc:
        raise BadCursor("This cursor has expired; start again from the first page.") from exc
    except signing.BadSignature as exc:
        raise BadCursor("This cursor is not valid; start again from the first page.") from exc
    if not isinstance(data, dict) or data.get("s") != scope or not isinstance(data.get("c"), str):
        raise BadCursor("This cursor belongs to another list; start again from the first page.")
    return data["c"]
