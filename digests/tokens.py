"""Signed links for digests (django.core.signing): confirm, manage and unsubscribe.

A token is the subscription id signed with SECRET_KEY and a salt per purpose
("31:1xWQ70:dexCg2…"), so a manage token cannot confirm and an edited id fails
the signature. Only the id travels: signed values are readable, and an email
address has no business in URLs that end up in access logs. Nothing is stored:
a token is valid because we signed it.

* Confirm links expire after CONFIRM_MAX_AGE (a confirmation is a one-off step;
  an old one lying in an inbox should not subscribe anyone days later).
* Manage and unsubscribe links never expire, as mailing lists do: a digest from
  last year must still unsubscribe.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing

CONFIRM_MAX_AGE = timedelta(days=3)
_SALTS = {
    "confirm": "digests.confirm",
    "manage": "digests.manage",
    "unsubscribe": "digests.unsubscribe",
}


class LinkExpired(Exception):
    """A genuine link past its age; ``subscription_id`` says whom to offer a new one."""

    def __init__(self, subscription_id: int):
        super().__init__(subscription_id)
        self.subscription_id = subscription_id


class LinkInvalid(Exception):
    """A link we did not sign (edited, truncated or made up), or one for a deleted row."""


def _signer(purpose: str) -> signing.Signer:
    if purpose == "confirm":
        return signing.TimestampSigner(salt=_SALTS[purpose])
    return signing.Signer(salt=_SALTS[purpose])


def make_token(purpose: str, subscription) -> str:
    return _signer(purpose).sign(str(subscription.pk))


def read_token(purpose: str, token: str) -> int:
    """The subscription id a token names; LinkExpired or LinkInvalid otherwise."""
    signer = _signer(purpose)
    try:
        if isinstance(signer, signing.TimestampSigner):
            value = signer.unsign(token, max_age=CONFIRM_MAX_AGE)
        else:
            value = signer.unsign(token)
    except signing.SignatureExpired:
        # The signature is ours, only old: whom it names is safe to offer a new link to.
        raise LinkExpired(_id(signer.unsign(token))) from None
    except (signing.BadSignature, ValueError) as exc:
        raise LinkInvalid(str(exc)) from None
    return _id(value)


def _id(value: str) -> int:
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    if not (value.isascii() and value.isdigit()):
        raise LinkInvalid("Unexpected payload")
    return int(value)
