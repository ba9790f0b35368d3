from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """A merge, split, removal, claim decision or curation action: who, when, before, after.

    ``before`` and ``after`` hold enough to undo the action; ``undone_at`` marks an undo.
    """

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=40)
    target_type = models.CharField(max_length=40, help_text='Model label, e.g. "profiles.author".')
    target_id = models.CharField(max_length=40)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            # "History of this record" on a profile or in the admin.
            models.Index(
                fields=["target_type", "target_id", "-created_at"], name="auditevent_target_idx"
            ),
        ]

    def __str__(self):
        return f"{self.action} {self.target_type}:{self.target_id}"
