"""Papers as arXiv knows them: one row per arXiv id, its versions, categories and bylines."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Upper
from django.urls import reverse

from papers import mathtext


class Category(models.Model):
    """One arXiv category ("cs.LG", "Machine Learning"), loaded from papers/taxonomy.py."""

    code = models.CharField(max_length=32, primary_key=True)
    name = models.CharField(max_length=200)
    archive = models.CharField(max_length=32)
    group = models.CharField(max_length=32, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "categories"

    def __str__(self):
        return f"{self.code} ({self.name})"

    @property
    def short_code(self):
        """The part after the archive, as paper cards show it: "cs.LG" -> "LG"."""
        return self.code.split(".", 1)[-1] if "." in self.code else self.code


class PaperManager(models.Manager):
    def get_queryset(self):
        # The search vector is large and only search reads it (in SQL): never load it by default.
        return super().get_queryset().defer("search_vector")


class Paper(models.Model):
    """One arXiv paper, keyed by its id without version; fields follow its latest version."""

    # Unique by a constraint, not unique=True, which adds a second (LIKE) index no query uses.
    arxiv_id = models.CharField(max_length=40)
    latest_version = models.PositiveSmallIntegerField(default=1)
    title = models.TextField()
    abstract = models.TextField(blank=True)
    # No index of its own: paper_category_published_idx starts with it.
    primary_category = models.ForeignKey(
        Category,
        on_delete=models.PROTECT,
        related_name="primary_papers",
        null=True,
        blank=True,
        db_index=False,
    )
    categories = ArrayField(models.CharField(max_length=32), default=list, blank=True)
    published = models.DateTimeField(null=True, blank=True, help_text="Date of v1.")
    # True while ``published`` holds the announcement (an RSS item's listing, 20:00 US
    # Eastern the evening before) because the v1 date is not known yet: every paper has
    # a date to sort by from the moment it is stored. Cards say "announced" meanwhile.
    dated_by_announcement = models.BooleanField(default=False, db_default=False)
    updated = models.DateTimeField(null=True, blank=True, help_text="Date of the latest version.")
    comment = models.TextField(blank=True)
    journal_ref = models.TextField(blank=True)
    doi = models.CharField(max_length=200, blank=True)
    license = models.URLField(max_length=300, blank=True)
    code_url = models.URLField(max_length=500, blank=True)
    announced_on = models.DateField(null=True, blank=True)
    announce_type = models.CharField(max_length=20, blank=True)
    withdrawn = models.BooleanField(default=False, help_text="Marked deleted by OAI-PMH.")
    author_count = models.PositiveIntegerField(default=0)
    authors_text = models.TextField(blank=True, help_text="Byline as printed, for search.")
    citation_count = models.PositiveIntegerField(null=True, blank=True)
    citations_source = models.CharField(max_length=40, blank=True, db_default="")
    citations_as_of = models.DateTimeField(null=True, blank=True)
    upvotes_count = models.PositiveIntegerField(default=0, db_default=0)
    # Citations received per calendar year ({"2024": 12, ...}), from OpenAlex (papers.citations).
    citations_by_year = models.JSONField(
        default=dict, blank=True, db_default=Value({}, output_field=models.JSONField())
    )
    # 0-100: how unlike earlier papers in its category this one is (profiles.scores).
    novelty = models.FloatField(
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    content_hash = models.CharField(max_length=64)
    # The paper's BibTeX entry, built by ingest when it stores the paper (papers.bibtex):
    # exports read this instead of every byline. Empty until then; exports build it meanwhile.
    bibtex = models.TextField(blank=True, default="", db_default="")
    # Title, abstract and comment as pages print them: escaped, with their TeX as MathML
    # (papers.mathtext), rendered once when the text is stored (ingest, or Paper.save()),
    # never per request. Empty while the text is; pages fall back to
    # rendering a paper stored without them (papers.templatetags ``math_of``).
    title_html = models.TextField(blank=True, default="", db_default="")
    abstract_html = models.TextField(blank=True, default="", db_default="")
    comment_html = models.TextField(blank=True, default="", db_default="")
    # Title (A), byline (B), abstract (C): computed by PostgreSQL as rows are written,
    # so ingest never makes a second pass (an UPDATE rewrote every row and its indexes).
    search_vector = models.GeneratedField(
        expression=(
            SearchVector("title", weight="A", config="english")
            + SearchVector("authors_text", weight="B", config="simple")
            + SearchVector("abstract", weight="C", config="english")
        ),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    modified_at = models.DateTimeField(auto_now=True)

    objects = PaperManager()

    class Meta:
        constraints = [
            # Every lookup of a paper by its arXiv id (pages, ingest, search).
            models.UniqueConstraint(fields=["arxiv_id"], name="paper_arxiv_id_unique"),
        ]
        indexes = [
            # Home page and "latest papers": newest first.
            models.Index(fields=["-published", "-id"], name="paper_published_idx"),
            # Daily papers: one announce day, by category.
            models.Index(fields=["announced_on", "primary_category"], name="paper_announced_idx"),
            # Week, month and trending views: an announce window ranked by upvotes.
            models.Index(
                fields=["announced_on", "-upvotes_count"], name="paper_announced_votes_idx"
            ),
            # "Papers in category X" (any of its categories, not only the primary one).
            GinIndex(fields=["categories"], name="paper_categories_gin"),
            # Search: full text over title (A), authors (B), abstract (C).
            GinIndex(fields=["search_vector"], name="paper_search_gin"),
            # Search: exact DOI, case-insensitive as DOIs are (doi__iexact compares UPPER()).
            models.Index(Upper("doi"), name="paper_doi_upper_idx", condition=~models.Q(doi="")),
            # Citation refresh: papers never checked, then the longest unchecked.
            models.Index(
                models.OrderBy(models.F("citations_as_of"), nulls_first=True),
                "id",
                name="paper_citations_as_of_idx",
            ),
            # Novelty: a category's papers in date order (each paper's reference set).
            models.Index(
                fields=["primary_category", "published", "id"], name="paper_category_published_idx"
            ),
            # Novelty scoring: papers still without a score, oldest first (shrinks to nothing).
            models.Index(
                fields=["published", "id"],
                name="paper_novelty_todo_idx",
                condition=models.Q(novelty__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.arxiv_id}: {self.title[:60]}"

    def save(self, *args, **kwargs):
        """Keep the stored HTML of the title, abstract and comment with their text."""
        deferred = self.get_deferred_fields()
        texts = [t for t in mathtext.STORED if t not in deferred]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            texts = [t for t in texts if t in update_fields]
            kwargs["update_fields"] = {*update_fields, *(mathtext.STORED[t] for t in texts)}
        for text in texts:
            setattr(self, mathtext.STORED[text], mathtext.render_stored(getattr(self, text)))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("papers:detail", args=[self.arxiv_id])

    @property
    def versioned_id(self):
        return f"{self.arxiv_id}v{self.latest_version}"

    @property
    def abs_url(self):
        return f"https://arxiv.org/abs/{self.versioned_id}"

    @property
    def pdf_url(self):
        return f"https://arxiv.org/pdf/{self.versioned_id}"

    @property
    def kind(self):
        """'journal article' once arXiv knows a journal reference, else 'preprint' (seed 000)."""
        return "journal article" if self.journal_ref else "preprint"

    @property
    def venue(self):
        return self.journal_ref or "arXiv"

    @property
    def year(self):
        date = self.published or self.announced_on
        return date.year if date else None


class PaperVersion(models.Model):
    """One arXiv version of a paper (v1, v2, ...), with its submission date when known."""

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveSmallIntegerField()
    submitted_at = models.DateTimeField(null=True, blank=True)
    size = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["paper", "version"]
        constraints = [
            models.UniqueConstraint(fields=["paper", "version"], name="paperversion_unique"),
        ]

    def __str__(self):
        return f"{self.paper.arxiv_id}v{self.version}"


class Authorship(models.Model):
    """One name on one paper's byline, and the Author we matched it to (with how and how sure).

    ``author`` is empty for group names ("ATLAS Collaboration"), which are not people.
    """

    class MatchedBy(models.TextChoices):
        NEW = "new", "New author record"
        EXACT = "exact", "Same name and category"
        COAUTHOR = "coauthor", "Same name and a shared co-author"
        CURATOR = "curator", "Set by a curator"
        OWNER = "owner", "Confirmed by the owner"
        GROUP = "group", "Group name, not a person"
        HELD = "held", "Held for a curator (the owner said it is not theirs)"

    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="authorships")
    author = models.ForeignKey(
        "profiles.Author",
        on_delete=models.PROTECT,
        related_name="authorships",
        null=True,
        blank=True,
    )
    position = models.PositiveIntegerField()
    name_as_printed = models.CharField(max_length=300)
    affiliation_as_printed = models.TextField(blank=True)
    matched_by = models.CharField(max_length=10, choices=MatchedBy.choices)
    confidence = models.FloatField(default=1.0)
    # The record an owner removed this byline from: never matched to it again.
    held_from = models.ForeignKey(
        "profiles.Author", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["paper", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["paper", "position"], name="authorship_unique_position"
            ),
            models.CheckConstraint(
                condition=models.Q(confidence__gte=0) & models.Q(confidence__lte=1),
                name="authorship_confidence_0_1",
            ),
        ]
        indexes = [
            # An author's works, newest first, and their counters.
            models.Index(fields=["author", "paper"], name="authorship_author_idx"),
            # Curator queue: low-confidence matches.
            models.Index(
                fields=["confidence"],
                name="authorship_low_conf_idx",
                condition=models.Q(confidence__lt=0.7),
            ),
        ]

    def __str__(self):
        return f"{self.name_as_printed} on {self.paper_id}"

    # What a byline list reads of the author, named as papers.queries.BylineRow names it,
    # so one renderer (paper_tags.byline_items) takes either.
    @property
    def author_slug(self):
        return self.author.slug if self.author_id else None

    @property
    def author_display_name(self):
        return self.author.display_name if self.author_id else None


class Upvote(models.Model):
    """One person's vote for one paper; Paper.upvotes_count counts these rows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="upvotes"
    )
    paper = models.ForeignKey(Paper, on_delete=models.CASCADE, related_name="upvotes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            # One vote per person and paper under concurrency; its index also answers
            # "which of these cards did I upvote".
            models.UniqueConstraint(fields=["user", "paper"], name="upvote_unique"),
        ]

    def __str__(self):
        return f"{self.user} upvoted {self.paper_id}"
