from django.conf import settings
from django.db import models


class IdentityQuestion(models.Model):
    """A question about who is who that the re-clustering sweep could not settle.

    ``duplicate``: two records whose spellings are compatible but whose evidence
    falls short of a merge (``other`` is the second record). ``split``: one record
    whose works fall into circles of co-authors that share nobody (``other`` is
    empty). ``score`` ranks the queue by expected value: how likely a curator's
    action is needed times how many works it concerns. A curator's "not the same
    person" / "leave as it is" sets ``dismissed_at``; the sweep never asks again.
    """

    class Kind(models.TextChoices):
        DUPLICATE = "duplicate", "Possible duplicates"
        SPLIT = "split", "Records that may be two people"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    author = models.ForeignKey("profiles.Author", on_delete=models.CASCADE, related_name="+")
    other = models.ForeignKey(
        "profiles.Author", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    score = models.FloatField()
    evidence = models.CharField(max_length=500)
    updated_at = models.DateTimeField(auto_now=True)
    dismissed_at = models.DateTimeField(null=True, blank=True)
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "author", "other"], name="identityquestion_unique_pair"
            ),
            models.UniqueConstraint(
                fields=["kind", "author"],
                condition=models.Q(other__isnull=True),
                name="identityquestion_unique_record",
            ),
        ]
        indexes = [
            # The queue: open questions of one kind, best first.
            models.Index(
                fields=["kind", "-score", "id"],
                condition=models.Q(dismissed_at__isnull=True),
                name="identityquestion_open_idx",
            ),
        ]

    def __str__(self):
        return f"{self.kind} #{self.author_id}" + (f" ~ #{self.other_id}" if self.other_id else "")
