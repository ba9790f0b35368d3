"""The audit trail: read-only, newest first, each undoable action with its undo page."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from audit.models import AuditEvent
from audit.trail import undoable_actions


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail: read-only, newest first, each merge or move with its undo page."""

    list_display = [
        "created_at", "action", "target", "by", "why", "undo_link",
    ]  # fmt: skip
    list_filter = ["action", "target_type"]
    list_select_related = ["actor"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
    ordering = ["-created_at"]

    @admin.display(description="Target")
    def target(self, event):
        return f"{event.target_type} #{event.target_id}"

    @admin.display(description="By", ordering="actor")
    def by(self, event):
        # No actor: the site itself (the re-clustering sweep, an automatic claim decision).
        return event.actor or "the site"

    @admin.display(description="Reason")
    def why(self, event):
        return Truncator(event.reason).chars(60) or "—"

    @admin.display(description="Undo")
    def undo_link(self, event):
        if event.undone_at:
            return f"undone {event.undone_at:%Y-%m-%d %H:%M}"
        if event.action not in undoable_actions():
            return "—"
        # The undo page says whether it can still be undone, and why not.
        return format_html(
            '<a href="{}">Undo…</a>', reverse("admin:profiles_author_undo", args=[event.pk])
        )
