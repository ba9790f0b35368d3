"""Digest tasks: the beat fan-out and one send per subscriber and period."""

from __future__ import annotations

import smtplib
from datetime import date

from celery import shared_task
from django.utils import timezone

from digests import periods
from digests.sending import deliver, due_subscriptions


@shared_task
def send_digests(frequency: str, day: str | None = None) -> int:
    """Queue this period's digest for every confirmed subscriber of ``frequency``.

    Beat runs it daily and weekly at 06:00 UTC. ``day`` (ISO date, default today in
    UTC) sends the period that day belongs to, e.g. to catch up after an outage.
    Running it again is harmless: each send claims its (subscription, period) row
    first, and subscribers already handled are not even queued.
    """
    when = date.fromisoformat(day) if day else timezone.now().date()
    key = periods.period_key(frequency, when)
    ids = due_subscriptions(frequency, key)
    for subscription_id in ids:
        send_digest.delay(subscription_id, key)
    return len(ids)


@shared_task(
    autoretry_for=(smtplib.SMTPException, OSError),
    retry_backoff=60,
    retry_backoff_max=3600,
    retry_jitter=True,
    max_retries=5,
    acks_late=True,
)
def send_digest(subscription_id: int, period_key: str) -> str:
    """Send one subscriber's digest for one period, at most once (digests.sending).

    Retried with backoff only when the mail server cannot be reached or refuses
    (SMTP and connection errors); anything else is a bug to see, not to repeat.
    """
    return deliver(subscription_id, period_key)
