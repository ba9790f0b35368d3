"""API tokens: made and revoked by their owner on /me/api-tokens/, read from ``Authorization``.

The secret is shown once, when made; the database keeps its SHA-256 only, so a
copy of the database holds no usable key. A token only raises the rate limit
(``RATE_LIMITS["api_token"]``): everything the API serves is public anyway.
"""

from __future__ import annotations

import hashlib
import secrets

from django.utils import timezone

from api.models import ApiToken

MAX_ACTIVE_PER_USER = 5
SECRET_PREFIX = "pf_"


class TooManyTokens(Exception):
    pass


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def active_tokens(user):
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True)


def create_token(user, name: str) -> tuple[ApiToken, str]:
    """A new token and its secret (shown to the person once, never stored)."""
    if active_tokens(user).count() >= MAX_ACTIVE_PER_USER:
        raise TooManyTokens(f"At most {MAX_ACTIVE_PER_USER} active tokens; revoke one first.")
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name, digest=_digest(secret), prefix=secret[:10]
    )
    return token, secret


def revoke_token(user, token_id: int) -> bool:
    """Revoke one of this person's own tokens; False if it is not theirs or already revoked."""
    return bool(active_tokens(user).filter(pk=token_id).update(revoked_at=timezone.now()))


def token_from_header(value: str) -> ApiToken | None:
    """The active token an ``Authorization: Bearer …`` value names, else None."""
    scheme, _, secret = value.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip().startswith(SECRET_PREFIX):
        return None
    return (
        ApiToken.objects.filter(digest=_digest(secret.strip()), revoked_at__isnull=True)
        .only("id")
        .first()
    )
