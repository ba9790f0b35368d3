"""What to pull from arXiv, each pull, each entry it brought, and every curator action."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Value

from ingest.schedule import cron_problem, sync_periodic_task


class SourceKind(models.TextChoices):
    API = "api", "arXiv API query"
    RSS = "rss", "arXiv RSS listing"
    OAI = "oai", "OAI-PMH ListRecords"
    FILE = "file", "Recorded file"


class FeedSource(models.Model):
    """Something to pull on a schedule: an API query, an RSS category set, or an OAI-PMH set.

    ``query`` means, by kind: the API ``search_query`` ("cat:cs.LG AND au:smith");
    RSS categories joined by "+" ("cs.LG+stat.ML"); the OAI-PMH ``set`` ("cs").
    The schedule (every ``interval_minutes``, or a ``cron`` line) is a django-celery-beat
    PeriodicTask kept in step by ``schedule.py``.
    """

    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=4, choices=SourceKind.choices)
    query = models.CharField(max_length=500)
    metadata_prefix = models.CharField(
        max_length=20, default="arXivRaw", help_text="OAI-PMH only: arXivRaw or arXiv."
    )
    enabled = models.BooleanField(default=True)
    hold_for_review = models.BooleanField(
        default=False, help_text="Hold records for a curator instead of applying them at once."
    )
    interval_minutes = models.PositiveIntegerField(
        null=True, blank=True, help_text="Pull every N minutes; empty for manual runs only."
    )
    cron = models.CharField(
        max_length=100,
        blank=True,
        default="",
        db_default="",
        help_text='Or pull on a crontab in UTC, "minute hour day-of-month month day-of-week": '
        '"30 5 * * 1-5" is 05:30 on weekdays, after arXiv\'s nightly announcement.',
    )
    periodic_task = models.OneToOneField(
        "django_celery_beat.PeriodicTask", on_delete=models.SET_NULL, null=True, blank=True
    )
    # Conditional GET state (RSS) and incremental harvest state (OAI from=).
    etag = models.CharField(max_length=200, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    harvested_until = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "query"], name="feedsource_unique_query"),
            models.CheckConstraint(
                condition=models.Q(kind__in=["api", "rss", "oai"]), name="feedsource_pullable_kind"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        sync_periodic_task(self)

    def clean(self):
        from ingest.feed_queries import query_problem

        errors = {}
        problem = self.kind and query_problem(self.kind, self.query or "")
        if problem:
            errors["query"] = problem
        self.cron = " ".join(self.cron.split())
        if self.cron and (problem := cron_problem(self.cron)):
            errors["cron"] = problem
        if self.cron and self.interval_minutes:
            errors["cron"] = "Choose an interval or a crontab, not both."
        if errors:
            raise ValidationError(errors)


class ImportRun(models.Model):
    """One pull (or one file), with counts, the cursor to resume from, and the error if it failed."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    source = models.ForeignKey(
        FeedSource, on_delete=models.SET_NULL, null=True, blank=True, related_name="runs"
    )
    kind = models.CharField(max_length=4, choices=SourceKind.choices)
    origin = models.CharField(max_length=1000, help_text="URL or file path pulled.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    fetched = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    held = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(
        null=True, blank=True, help_text="As the source reported it."
    )
    cursor = models.JSONField(default=dict, blank=True, help_text="Where a retry resumes.")
    error = models.TextField(blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="Last sign of life of a running run (each stored page); the reaper fails it when stale.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # A source's run history, newest first.
            models.Index(fields=["source", "-created_at"], name="importrun_source_idx"),
            # The admin's runs by status (failed, running: a few among hundreds of thousands).
            models.Index(fields=["status", "-id"], name="importrun_status_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} run #{self.pk} ({self.status})"


class ImportRecord(models.Model):
    """One entry an ImportRun brought: its payload, digest, what happened to it and the matches made."""

    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        UNCHANGED = "unchanged", "Unchanged"
        HELD = "held", "Held for review"
        REJECTED = "rejected", "Rejected"
        FAILED = "failed", "Failed"

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="records")
    arxiv_id = models.CharField(max_length=40)
    version = models.PositiveSmallIntegerField(default=1)
    content_hash = models.CharField(max_length=64)
    payload = models.JSONField()
    status = models.CharField(max_length=10, choices=Status.choices)
    paper = models.ForeignKey(
        "papers.Paper",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_records",
    )
    matches = models.JSONField(default=list, blank=True)
    message = models.TextField(blank=True)
    # A held record's paper as it stood when the record was held ({} when it was new):
    # content_hash, latest_version, withdrawn, modified_at. Approval is refused when the
    # paper no longer matches, since the record was reviewed against that state.
    paper_state = models.JSONField(
        default=dict, blank=True, db_default=Value({}, output_field=models.JSONField())
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [
            # Review queue: held records, oldest first.
            models.Index(fields=["status", "created_at"], name="importrecord_status_idx"),
            # History of one paper across runs.
            models.Index(fields=["arxiv_id"], name="importrecord_arxiv_idx"),
        ]

    def __str__(self):
        return f"{self.arxiv_id}v{self.version} ({self.status})"


class HeldRecord(ImportRecord):
    """The review queue: ImportRecords held for a curator (the same rows, listed on their own)."""

    class Meta:
        proxy = True
        verbose_name = "held record"
        verbose_name_plural = "review queue"


class PendingAuthor(models.Model):
    """What the stored pages of a run gave an author whose counters wait for the run's end.

    The matcher adds these to the author's own works and categories, so a later
    page of the run matches on an earlier page's papers without rewriting the wide,
    heavily indexed author row on every page. A row counts only while the author
    is stale (``counters_refreshed_at`` NULL); ``refresh_stale_authors`` deletes it.
    """

    author = models.OneToOneField(
        "profiles.Author", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    works = models.PositiveIntegerField(default=0)
    category_codes = ArrayField(models.CharField(max_length=32), default=list, blank=True)

    def __str__(self):
        return f"{self.author_id}: +{self.works} works"


class AuthorTeams(models.Model):
    """The large collaborations an author was matched on, as ``ingest.teams`` bands.

    A crowded byline's co-authors are never stored as edges, so this is how the
    next paper of the same collaboration recognises its "J. Wang". Bands stay with
    the record they were earned on: a merge leaves the merged record's behind.
    """

    author = models.OneToOneField(
        "profiles.Author", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    bands = ArrayField(models.BigIntegerField(), default=list, blank=True)

    def __str__(self):
        return f"{self.author_id}: {len(self.bands)} team bands"
