"""Email digests: who gets trending papers by email, how often, and what was sent to whom."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models.functions import Lower


class Subscription(models.Model):
    """One email address's digest: how often, which categories, and where it stands.

    Anyone with an address may subscribe; the digest starts only once the address
    confirmed (double opt-in). ``user`` is set when a signed-in person subscribed
    one of their own addresses, which is what allows "new works by researchers I
    follow". Unsubscribing keeps the row (with its time), so a later subscribe is
    the same row again, never a duplicate.
    """

    class Frequency(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"

    email = models.EmailField(max_length=254, help_text="Stored lower-cased.")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="digest_subscriptions",
    )
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    categories = ArrayField(
        models.CharField(max_length=32),
        default=list,
        blank=True,
        help_text="arXiv category codes; empty means every category.",
    )
    include_followed = models.BooleanField(
        default=False, help_text="Add new works by the researchers the user follows."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    # When we last mailed a confirmation or manage link: bounds how often the public
    # form can make us write to an address that may not want it.
    link_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # One subscription per address, whatever its case ("Ada@X.org" is "ada@x.org").
            models.UniqueConstraint(Lower("email"), name="digest_subscription_email_unique"),
        ]
        indexes = [
            # The beat fan-out: confirmed, still subscribed, by frequency.
            models.Index(
                fields=["frequency", "id"],
                name="digest_subscription_active_idx",
                condition=models.Q(confirmed_at__isnull=False, unsubscribed_at__isnull=True),
            ),
            # /me/: a person's subscriptions.
            models.Index(fields=["user"], name="digest_subscription_user_idx"),
        ]

    def __str__(self):
        return f"{self.email} ({self.frequency})"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def is_active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None

    @property
    def status(self) -> str:
        if self.is_active:
            return "Active"
        if self.confirmed_at is None and self.unsubscribed_at is None:
            return "Waiting for confirmation"
        return "Unsubscribed"

    @property
    def followed_available(self) -> bool:
        """Only a subscription tied to an account knows whom that account follows."""
        return self.user_id is not None

    @property
    def sends_followed(self) -> bool:
        return self.include_followed and self.followed_available


class Delivery(models.Model):
    """One digest for one subscriber and one period ("daily:2026-11-26", "weekly:2026-W48").

    The unique (subscription, period) pair is what makes sending idempotent: a
    sender first claims the row (pending or failed -> sending, one UPDATE that only
    one worker can win), then sends, then records the outcome. A send that failed
    with an SMTP or connection error goes back to "failed" and may be claimed
    again; a row left "sending" (the worker died mid-send, so we cannot know
    whether the message left) is never claimed again: a missed digest is better
    than a duplicate.
    """

    class Status(models.TextChoices):
        PENDING = "pending", "Not sent yet"
        SENDING = "sending", "Being sent (or the sender stopped mid-send)"
        SENT = "sent", "Sent"
        EMPTY = "empty", "Nothing to send for this period"
        FAILED = "failed", "Failed; will be retried"

    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, related_name="deliveries"
    )
    period_key = models.CharField(max_length=20)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    papers_count = models.PositiveIntegerField(default=0)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "period_key"], name="digest_delivery_once_per_period"
            ),
        ]
        indexes = [
            # Admin: what is stuck or failing, newest first.
            models.Index(fields=["status", "-created_at"], name="digest_delivery_status_idx"),
        ]

    def __str__(self):
        return f"{self.period_key} to {self.subscription_id}: {self.status}"
