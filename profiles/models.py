"""Public author records, the names they appear under, and institutions."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce
from django.urls import reverse

from core.names import alias_block, normalize_name


class Institution(models.Model):
    """A university, lab or company as printed in affiliations, folded to one row per name."""

    name = models.CharField(max_length=300)
    normalized_name = models.CharField(max_length=300, unique=True)
    country = models.CharField(max_length=80, blank=True)
    email_domain = models.CharField(
        max_length=120,
        blank=True,
        db_default="",
        help_text="Mail domain of its people (e.g. ethz.ch); a verified address there backs a claim.",
    )

    class Meta:
        ordering = ["name"]
        indexes = [
            # Browse researchers: filter by institution name as typed.
            GinIndex(
                fields=["normalized_name"], name="institution_name_trgm", opclasses=["gin_trgm_ops"]
            ),
        ]

    def __str__(self):
        return self.name


class VerificationLevel(models.IntegerChoices):
    NAME_ONLY = 0, "L0 · name only"
    IMPORTED = 1, "L1 · imported, consistent identity"
    CLAIMED = 2, "L2 · claimed by a verified email"
    EVIDENCE = 3, "L3 · claim backed by strong evidence"
    REVIEWED = 4, "L4 · confirmed by a curator"


class Author(models.Model):
    """The public author record a profile page shows; it exists without any user.

    Counters are cached here and refreshed by ``profiles.metrics`` (called by the
    ingest store and by tasks), never computed per request.
    """

    slug = models.SlugField(max_length=120, unique=True)
    display_name = models.CharField(max_length=300)
    normalized_name = models.CharField(max_length=300)
    headline = models.CharField(max_length=300, blank=True, db_default="")
    role = models.CharField(max_length=120, blank=True, db_default="")
    institution = models.ForeignKey(
        Institution, on_delete=models.SET_NULL, null=True, blank=True, related_name="authors"
    )
    homepage = models.URLField(blank=True, db_default="")
    orcid = models.CharField(max_length=19, blank=True, db_default="")
    open_to_collaborate = models.BooleanField(default=False, db_default=False)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="claimed_authors",
    )
    verification_level = models.PositiveSmallIntegerField(
        choices=VerificationLevel.choices, default=VerificationLevel.NAME_ONLY
    )
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    # Cached counters (profiles.metrics.refresh_counters).
    works_count = models.PositiveIntegerField(default=0, db_default=0)
    followers_count = models.PositiveIntegerField(default=0, db_default=0)
    citations_count = models.PositiveIntegerField(null=True, blank=True)
    h_index = models.PositiveIntegerField(null=True, blank=True)
    # Citation metrics (profiles.metrics.refresh_citation_metrics). NULL counts mean
    # "no citation data yet", which a page must not show as 0.
    i10_index = models.PositiveIntegerField(null=True, blank=True)
    citations_source = models.CharField(
        max_length=80, blank=True, db_default="", help_text="Semantic Scholar, OpenAlex or both."
    )
    citations_as_of = models.DateTimeField(
        null=True, blank=True, help_text="The oldest 'as of' among the works counted."
    )
    citations_by_year = models.JSONField(
        default=dict,
        blank=True,
        db_default=Value({}, output_field=models.JSONField()),
        help_text='Citations received per year, summed over works: {"2024": 12, ...}.',
    )
    works_by_year = models.JSONField(
        default=dict,
        blank=True,
        db_default=Value({}, output_field=models.JSONField()),
        help_text='Works published per year (v1 date): {"2024": 3, ...}.',
    )
    # Scores (profiles.scores), 0-100, NULL until first computed.
    novelty = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    ai_score = models.FloatField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    scores_as_of = models.DateTimeField(null=True, blank=True)
    topics_count = models.PositiveIntegerField(default=0, db_default=0)
    close_collaborators_count = models.PositiveIntegerField(default=0, db_default=0)
    category_codes = ArrayField(
        models.CharField(max_length=32),
        default=list,
        blank=True,
        db_default=Value([], output_field=ArrayField(models.CharField(max_length=32))),
    )
    primary_category = models.CharField(max_length=32, blank=True, db_default="")
    first_year = models.PositiveSmallIntegerField(null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(null=True, blank=True)
    last_work_at = models.DateTimeField(null=True, blank=True)
    trust_score = models.PositiveSmallIntegerField(default=0, db_default=0)
    trust_breakdown = models.JSONField(
        default=list, blank=True, db_default=Value([], output_field=models.JSONField())
    )
    counters_refreshed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        permissions = [("repair_identity", "Can merge, split and move works between authors")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(merged_into=models.F("id")), name="author_not_merged_into_self"
            ),
            models.CheckConstraint(
                condition=models.Q(verification_level__lte=4), name="author_verification_level_0_4"
            ),
        ]
        indexes = [
            # Matching: candidates by normalised full name.
            models.Index(fields=["normalized_name"], name="author_normalized_idx"),
            # Browse and search: trigram similarity on the folded name ("Muller" finds "Müller").
            GinIndex(
                fields=["normalized_name"], name="author_name_trgm", opclasses=["gin_trgm_ops"]
            ),
            # Home page "most active researchers" and browse sorted by works.
            models.Index(
                fields=["-works_count", "id"],
                name="author_active_idx",
                condition=models.Q(merged_into__isnull=True),
            ),
            # Browse sorted by h-index (no citation data sorts last) and by followers.
            models.Index(
                Coalesce("h_index", -1).desc(),
                "id",
                name="author_h_index_idx",
                condition=models.Q(merged_into__isnull=True),
            ),
            models.Index(
                fields=["-followers_count", "id"],
                name="author_followers_idx",
                condition=models.Q(merged_into__isnull=True),
            ),
            # Browse by category: any category of their works.
            GinIndex(fields=["category_codes"], name="author_categories_gin"),
        ]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("profiles:detail", args=[self.slug])


class AuthorAlias(models.Model):
    """A spelling an author has appeared under, kept raw and normalised for matching and search."""

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=300)
    normalized = models.CharField(max_length=300)
    # core.names.blocking_keys(name)[0]: family name + first initial, where matching looks.
    block = models.CharField(max_length=300, db_default="", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["author", "normalized"], name="authoralias_unique"),
        ]
        indexes = [
            # Matching: every spelling under a blocking key.
            models.Index(fields=["block"], name="authoralias_block_idx"),
            # Matching: every author who has appeared under this normalised name.
            models.Index(fields=["normalized"], name="authoralias_normalized_idx"),
            # Search: trigram over every spelling.
            GinIndex(fields=["normalized"], name="authoralias_trgm", opclasses=["gin_trgm_ops"]),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.normalized or not self.block:
            self.normalized = self.normalized or normalize_name(self.name)
            self.block = self.block or alias_block(self.name)
        super().save(*args, **kwargs)


class Follow(models.Model):
    """A signed-in person following a researcher; Author.followers_count counts these rows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # The guard against double follows under concurrency (not a check-then-insert).
            models.UniqueConstraint(fields=["user", "author"], name="follow_unique"),
        ]
        indexes = [
            # /me/: who I follow, newest first.
            models.Index(fields=["user", "-created_at"], name="follow_user_idx"),
        ]

    def __str__(self):
        return f"{self.user} follows {self.author}"


class Claim(models.Model):
    """A person's claim to be the researcher behind an author record, or a dispute of one.

    ``evidence`` lists what was checked when the claim was filed (verified email,
    ORCID, institution email, email in the works), each with what it showed;
    ``level`` is the verification level that evidence supports and ``priority``
    its place in the curator queue. Decided claims are kept with their decision,
    never deleted; a claim that lost a dispute is "revoked".
    """

    class Kind(models.TextChoices):
        CLAIM = "claim", "Claim"
        DISPUTE = "dispute", "Dispute of an existing claim"

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for a curator"
        APPROVED = "approved", "Approved"
        REJECTED = "rejected", "Rejected"
        WITHDRAWN = "withdrawn", "Withdrawn"
        REVOKED = "revoked", "Revoked by a curator's decision"

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="claims")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="claims"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CLAIM)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    level = models.PositiveSmallIntegerField(choices=VerificationLevel.choices)
    evidence = models.JSONField(default=list, blank=True)
    priority = models.PositiveSmallIntegerField(
        default=0,
        db_default=0,
        help_text="Curator queue order: disputes and conflicts first, then supporting evidence.",
    )
    message = models.TextField(blank=True, help_text="What the claimant told the curators.")
    decision_note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One owner per record: at most one approved claim.
            models.UniqueConstraint(
                fields=["author"],
                condition=models.Q(kind="claim", status="approved"),
                name="claim_one_owner_per_author",
            ),
            # One open claim or dispute per person and record.
            models.UniqueConstraint(
                fields=["author", "user", "kind"],
                condition=models.Q(status="pending"),
                name="claim_one_open_per_user",
            ),
        ]
        indexes = [
            # Curator queue: pending claims, oldest first.
            models.Index(fields=["status", "created_at"], name="claim_queue_idx"),
            # Curator queue: pending claims, highest priority first.
            models.Index(
                fields=["-priority", "created_at"],
                name="claim_priority_idx",
                condition=models.Q(status="pending"),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} of {self.author} by {self.user} ({self.status})"

    @property
    def evidence_keys(self):
        return {item["key"] for item in self.evidence if item.get("passed")}


class CollaborationRequest(models.Model):
    """An invitation from a signed-in person to the owner of a claimed author record."""

    class Status(models.TextChoices):
        PENDING = "pending", "Waiting for an answer"
        ACCEPTED = "accepted", "Accepted"
        DECLINED = "declined", "Declined"

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sent_invitations"
    )
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="invitations")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="received_invitations"
    )
    topic = models.CharField(max_length=200)
    message = models.TextField(max_length=5000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(sender=models.F("recipient")), name="invitation_not_to_self"
            ),
        ]
        indexes = [
            # Inbox and the per-sender daily limit.
            models.Index(fields=["recipient", "-created_at"], name="invitation_inbox_idx"),
            models.Index(fields=["sender", "-created_at"], name="invitation_sent_idx"),
        ]

    def __str__(self):
        return f"{self.topic} ({self.sender} to {self.author})"

    def involves(self, user):
        return user.pk in (self.sender_id, self.recipient_id)


class CollaborationMessage(models.Model):
    """One reply in the thread an accepted invitation opens between its two people."""

    request = models.ForeignKey(
        CollaborationRequest, on_delete=models.CASCADE, related_name="replies"
    )
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"Reply by {self.sender} on {self.request_id}"
