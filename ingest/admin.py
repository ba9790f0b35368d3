from django.contrib import admin, messages

from ingest.models import AuditEvent, FeedSource, ImportRecord, ImportRun
from ingest.tasks import enqueue_feed_source


@admin.register(FeedSource)
class FeedSourceAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "kind",
        "query",
        "enabled",
        "hold_for_review",
        "interval_minutes",
        "harvested_until",
    ]
    list_filter = ["kind", "enabled", "hold_for_review"]
    search_fields = ["name", "query"]
    readonly_fields = ["periodic_task", "etag", "last_modified", "harvested_until", "created_at"]
    actions = ["run_now"]

    @admin.action(description="Run now")
    def run_now(self, request, queryset):
        for source in queryset.filter(enabled=True):
            enqueue_feed_source(source.pk)
        self.message_user(
            request, f"Queued {queryset.filter(enabled=True).count()} pull(s).", messages.SUCCESS
        )


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "kind",
        "source",
        "status",
        "fetched",
        "created",
        "updated",
        "unchanged",
        "held",
        "failed",
        "created_at",
    ]
    list_filter = ["status", "kind"]
    list_select_related = ["source"]
    readonly_fields = [f.name for f in ImportRun._meta.fields]


@admin.register(ImportRecord)
class ImportRecordAdmin(admin.ModelAdmin):
    list_display = ["arxiv_id", "version", "status", "run", "created_at"]
    list_filter = ["status"]
    search_fields = ["arxiv_id"]
    raw_id_fields = ["run", "paper"]
    readonly_fields = ["content_hash", "payload", "matches"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "action", "target_type", "target_id", "actor", "undone_at"]
    list_filter = ["action", "target_type"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
