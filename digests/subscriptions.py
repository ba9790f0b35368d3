"""Subscribing, confirming, changing and ending a digest subscription.

Double opt-in: a digest starts only once its address confirmed a signed link,
except when a signed-in person subscribes one of their own verified addresses
(the account already proved it). The public form never tells whether an address
was subscribed: whatever its state, the page says "check your inbox" and the
news goes to the address itself: a confirmation link, or, for an address that
already gets digests, a link to manage them (its choices are not changed by
someone who merely typed the address). Each address gets at most one such email
per RESEND_AFTER, so the form cannot be used to flood an inbox.
"""

from __future__ import annotations

from datetime import timedelta
from enum import Enum

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from digests.emails import already_subscribed_email, confirmation_email
from digests.models import Subscription
from digests.tokens import LinkInvalid, make_token

RESEND_AFTER = timedelta(minutes=5)


class Outcome(Enum):
    CHECK_INBOX = "check-inbox"  # the same answer for every address typed in the form
    SUBSCRIBED = "subscribed"  # a signed-in owner's own address: active at once


def owns_address(user, email: str) -> bool:
    """A signed-in user with this address verified on their account."""
    if user is None or not user.is_authenticated:
        return False
    return EmailAddress.objects.filter(user=user, email__iexact=email, verified=True).exists()


def subscribe(
    email: str, *, frequency: str, categories, include_followed=False, user=None
) -> Outcome:
    """Ask for a digest to ``email``; may raise smtplib/OS errors from sending the email."""
    email = email.strip().lower()
    owner = user if owns_address(user, email) else None
    choices = {
        "frequency": frequency,
        "categories": sorted(set(categories)),
        "include_followed": bool(include_followed and owner),
    }
    now = timezone.now()
    with transaction.atomic():
        subscription, created = Subscription.objects.select_for_update().get_or_create(
            email=email, defaults={**choices, "user": owner}
        )
        if owner is not None:
            # The account holder, signed in, about their own verified address.
            for name, value in choices.items():
                setattr(subscription, name, value)
            subscription.user = owner
            if not subscription.is_active:
                subscription.confirmed_at, subscription.unsubscribed_at = now, None
            subscription.save()
            return Outcome.SUBSCRIBED
        if subscription.is_active:
            send = already_subscribed_email
        else:
            # Pending or unsubscribed: nobody has confirmed these choices; take the new ones.
            if not created:
                for name, value in choices.items():
                    if name != "include_followed" or not subscription.followed_available:
                        setattr(subscription, name, value)
                # Back to "waiting for confirmation": nothing is sent until the link is used.
                subscription.confirmed_at = subscription.unsubscribed_at = None
                subscription.save()
            send = confirmation_email
        _send_link(subscription, send, now)
    return Outcome.CHECK_INBOX


def resend(email: str) -> None:
    """A new confirmation (or manage) link to ``email`` if it has a subscription; else nothing."""
    now = timezone.now()
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update().filter(email=email.strip().lower()).first()
        )
        if subscription is None:
            return
        if subscription.is_active:
            _send_link(subscription, already_subscribed_email, now)
        elif subscription.unsubscribed_at is None:  # waiting for confirmation
            _send_link(subscription, confirmation_email, now)


def _send_link(subscription: Subscription, build, now) -> None:
    """Send unless this address got a link moments ago; the row lock makes that exact."""
    if subscription.link_sent_at and now - subscription.link_sent_at < RESEND_AFTER:
        return
    # Sent inside the transaction on purpose: if the mail server refuses, link_sent_at
    # is rolled back with everything else and the person can simply try again.
    build(subscription).send()
    Subscription.objects.filter(pk=subscription.pk).update(link_sent_at=now)


def subscription_for(subscription_id: int) -> Subscription:
    """The subscription a signed link names; LinkInvalid if it is gone."""
    subscription = Subscription.objects.filter(pk=subscription_id).first()
    if subscription is None:
        raise LinkInvalid("No such subscription")
    return subscription


def confirm(subscription: Subscription) -> None:
    if subscription.is_active:
        return
    Subscription.objects.filter(pk=subscription.pk).update(
        confirmed_at=timezone.now(), unsubscribed_at=None
    )
    subscription.refresh_from_db()


def update_choices(
    subscription: Subscription, *, frequency: str, categories, include_followed=False
) -> None:
    subscription.frequency = frequency
    subscription.categories = sorted(set(categories))
    subscription.include_followed = bool(include_followed and subscription.followed_available)
    subscription.save(update_fields=["frequency", "categories", "include_followed"])


def unsubscribe(subscription: Subscription) -> None:
    Subscription.objects.filter(pk=subscription.pk, unsubscribed_at__isnull=True).update(
        unsubscribed_at=timezone.now()
    )
    subscription.refresh_from_db()


def resubscribe(subscription: Subscription) -> None:
    """From a manage link, which only the address's owner received: no new confirmation."""
    now = timezone.now()
    Subscription.objects.filter(pk=subscription.pk).update(
        unsubscribed_at=None, confirmed_at=subscription.confirmed_at or now
    )
    subscription.refresh_from_db()


def subscriptions_of(user) -> list[Subscription]:
    """/me/: the user's subscriptions (theirs or at their address), each with its manage link."""
    match = Q(user=user)
    if user.email:
        match |= Q(email=user.email.strip().lower())
    subscriptions = list(Subscription.objects.filter(match).order_by("created_at"))
    for subscription in subscriptions:
        subscription.manage_path = reverse(
            "digests:manage", args=[make_token("manage", subscription)]
        )
    return subscriptions
