"""Sending digests at most once per subscriber and period.

1. The Delivery row for (subscription, period) is inserted if missing
   (INSERT … ON CONFLICT DO NOTHING: concurrent senders end up with one row).
2. It is claimed with one conditional UPDATE, pending/failed -> sending. Only one
   worker's UPDATE matches; every other run (a beat re-run, a redelivered task)
   sees 0 rows and stops. Nothing is held open while the message is sent.
3. Nothing to send: the row becomes "empty" and no email goes out.
4. The message goes out on a connection we opened ourselves, so "sent" is
   recorded as soon as the server accepted it, before the goodbye (QUIT) that
   could still fail.
5. An SMTP or connection error sets the row "failed" and is raised again for
   the task to retry; the retry claims the row anew. A worker that dies between
   claim and record leaves "sending", which is never claimed again.
"""

from __future__ import annotations

import logging
import smtplib

from django.core.mail import get_connection
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from digests.content import build_digest
from digests.emails import digest_email
from digests.models import Delivery, Subscription
from digests.periods import parse_period

log = logging.getLogger("peerfolio.digests")

CLAIMABLE = (Delivery.Status.PENDING, Delivery.Status.FAILED)
HANDLED = (Delivery.Status.SENDING, Delivery.Status.SENT, Delivery.Status.EMPTY)
SEND_ERRORS = (smtplib.SMTPException, OSError)


def due_subscriptions(frequency: str, period_key: str) -> list[int]:
    """Ids of active subscriptions of this frequency not yet handled for the period."""
    handled = Delivery.objects.filter(
        subscription=OuterRef("pk"), period_key=period_key, status__in=HANDLED
    )
    return list(
        Subscription.objects.filter(
            frequency=frequency, confirmed_at__isnull=False, unsubscribed_at__isnull=True
        )
        .exclude(Exists(handled))
        .order_by("id")
        .values_list("id", flat=True)
    )


def claim(subscription_id: int, period_key: str) -> bool:
    """True if this caller now owns sending this period's digest to this subscriber."""
    Delivery.objects.bulk_create(
        [Delivery(subscription_id=subscription_id, period_key=period_key)],
        ignore_conflicts=True,
    )
    return bool(
        Delivery.objects.filter(
            subscription_id=subscription_id, period_key=period_key, status__in=CLAIMABLE
        ).update(status=Delivery.Status.SENDING, attempts=F("attempts") + 1, error="")
    )


def _record(subscription_id: int, period_key: str, **fields) -> None:
    Delivery.objects.filter(subscription_id=subscription_id, period_key=period_key).update(**fields)


def deliver(subscription_id: int, period_key: str) -> str:
    """Send one digest unless it was handled; returns what happened (a Delivery status)."""
    period = parse_period(period_key)
    subscription = Subscription.objects.filter(pk=subscription_id).select_related("user").first()
    if subscription is None or not subscription.is_active:
        return "inactive"
    if subscription.frequency != period.frequency:
        return "inactive"  # switched frequency after the fan-out: the other run serves it
    if not claim(subscription_id, period_key):
        return "handled"

    digest = build_digest(subscription, period)
    if digest.is_empty:
        _record(subscription_id, period_key, status=Delivery.Status.EMPTY)
        return Delivery.Status.EMPTY

    message = digest_email(digest)
    connection = get_connection()
    try:
        connection.open()
        accepted = connection.send_messages([message])
    except SEND_ERRORS as exc:
        _close_quietly(connection)
        _record(subscription_id, period_key, status=Delivery.Status.FAILED, error=repr(exc))
        log.warning("Digest %s to subscription %s failed: %r", period_key, subscription_id, exc)
        raise
    if not accepted:
        # The backend took nothing and said nothing (fail_silently): safe to try again.
        _close_quietly(connection)
        _record(subscription_id, period_key, status=Delivery.Status.FAILED, error="Not accepted")
        raise smtplib.SMTPException("The mail backend did not accept the digest")
    _record(
        subscription_id,
        period_key,
        status=Delivery.Status.SENT,
        sent_at=timezone.now(),
        papers_count=digest.papers_count,
    )
    _close_quietly(connection)  # the message is delivered; a failed QUIT changes nothing
    return Delivery.Status.SENT


def _close_quietly(connection) -> None:
    try:
        connection.close()
    except SEND_ERRORS:
        log.info("Closing the mail connection failed", exc_info=True)
