"""Import records: each entry of each run with its payload, status and author matches."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html

from curation.admin_common import VIEW_ONLY, BigTableAdmin
from ingest.models import ImportRecord
from papers.arxiv_ids import ARXIV_ID


@admin.register(ImportRecord)
class ImportRecordAdmin(BigTableAdmin):
    """Every entry every run brought. Held ones are decided in the review queue."""

    list_display = ["arxiv_id", "version", "status", "run_link", "created_at"]
    list_filter = ["status", "run__kind"]
    list_select_related = ["run"]
    ordering = ["-id"]
    search_fields = ["arxiv_id__exact"]
    search_help_text = "An arXiv id, e.g. 2501.01234 (a version suffix or arXiv: prefix is fine)."
    list_defer = ["payload", "matches", "paper_state"]
    fields = [
        "arxiv_id", "version", "status", "review", "run", "paper_link", "content_hash",
        "message", "reviewed_by", "reviewed_at", "created_at", "payload_json",
    ]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return super().change_view(
            request, object_id, form_url, {**VIEW_ONLY, **(extra_context or {})}
        )

    def get_search_results(self, request, queryset, search_term):
        # "arXiv:2601.00001v2" finds 2601.00001: records are kept by id without version.
        match = ARXIV_ID.search(search_term.strip())
        term = match.group("id") if match else search_term
        return super().get_search_results(request, queryset, term)

    @admin.display(description="Run", ordering="run_id")
    def run_link(self, record):
        url = reverse("admin:ingest_importrun_change", args=[record.run_id])
        return format_html('<a href="{}">#{} {}</a>', url, record.run_id, record.run.kind)

    @admin.display(description="Review")
    def review(self, record):
        if record.status != ImportRecord.Status.HELD:
            return "—"
        url = reverse("admin:ingest_heldrecord_change", args=[record.pk])
        return format_html('<a href="{}">What it would change, approve or reject</a>', url)

    @admin.display(description="Paper")
    def paper_link(self, record):
        if record.paper_id is None:
            return "—"
        return format_html(
            '<a href="{}">{}</a>', reverse("papers:detail", args=[record.arxiv_id]), record.arxiv_id
        )

    @admin.display(description="Payload")
    def payload_json(self, record):
        import json

        text = json.dumps(record.payload, indent=2, ensure_ascii=False)
        return format_html('<pre class="payload-json">{}</pre>', text)
