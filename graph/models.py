"""The co-authorship graph, materialised as weighted edges kept current by ingest."""

from django.db import models

# Papers with more authors than this add no pairwise edges: a 3,000-author
# collaboration would add ~4.5 million pairs and say little about who works with whom.
# The paper still links every author through its Authorship rows.
MAX_AUTHORS_FOR_EDGES = 50


class CoauthorEdge(models.Model):
    """Two authors who share papers: ``author_a_id < author_b_id``, one row per pair.

    Each shared paper with n authors adds 1/(n-1) to ``weight``, so a two-author
    paper counts fully and a large byline counts little.
    """

    # No index of their own: coauthoredge_unique_pair starts with author_a, coauthoredge_b_idx
    # with author_b. Each index is one more entry per edge ingest adds or re-weights.
    author_a = models.ForeignKey(
        "profiles.Author", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    author_b = models.ForeignKey(
        "profiles.Author", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    weight = models.FloatField(default=0)
    paper_count = models.PositiveIntegerField(default=0)
    first_year = models.PositiveSmallIntegerField(null=True, blank=True)
    last_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["author_a", "author_b"], name="coauthoredge_unique_pair"
            ),
            models.CheckConstraint(
                condition=models.Q(author_a__lt=models.F("author_b")),
                name="coauthoredge_ordered_pair",
            ),
        ]
        indexes = [
            # Ego network: an author's edges from the b side (the unique index serves the a side).
            models.Index(fields=["author_b", "author_a"], name="coauthoredge_b_idx"),
        ]

    def __str__(self):
        return f"{self.author_a_id}–{self.author_b_id} ({self.weight:.2f})"
