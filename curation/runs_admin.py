"""Import runs: progress while they go, errors and "Retry" once they failed.

The list pages by PostgreSQL's row estimate when unfiltered (``EstimatedCountPaginator``)
and never counts the whole table a second time: runs grow by the hundred thousand.
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from curation import runs
from curation.admin_common import VIEW_ONLY, BigTableAdmin, admin_url
from ingest.models import ImportRun, SourceKind
from papers.http import row_or_404


@admin.register(ImportRun)
class ImportRunAdmin(BigTableAdmin):
    list_display = ["number", "source_or_file", "state", "done", "outcome", "started_at"]
    list_filter = ["status", "kind", "source"]
    list_select_related = ["source"]
    ordering = ["-id"]
    list_defer = ["cursor", "error"]
    list_display_links = ["number"]
    fields = ["source", "kind", "origin", "records", "resumes_at", "started_at", "finished_at"]
    readonly_fields = fields
    actions = ["retry_runs"]

    def has_add_permission(self, request):
        return False

    @admin.display(description="Run", ordering="id")
    def number(self, run):
        return f"#{run.pk}"

    @admin.display(description="Source", ordering="source__name")
    def source_or_file(self, run):
        if run.source_id:
            return run.source
        name = run.origin.rsplit("/", 1)[-1]
        return f"file {Truncator(name).chars(28)}" if run.kind == SourceKind.FILE else "—"

    @admin.display(description="New / updated / unchanged / held")
    def outcome(self, run):
        return f"{run.created:,} / {run.updated:,} / {run.unchanged:,} / {run.held:,}"

    @admin.display(description="Status", ordering="status")
    def state(self, run):
        errors = f", {run.failed} error{'s' if run.failed > 1 else ''}" if run.failed else ""
        return f"{run.get_status_display()}{errors}"

    @admin.display(description="Done (rate, ETA while running)")
    def done(self, run):
        return runs.progress(run).summary()

    @admin.display(description="Records")
    def records(self, run):
        url = reverse("admin:ingest_importrecord_changelist") + f"?run__id__exact={run.pk}"
        return format_html('<a href="{}">The records this run brought</a>', url)

    @admin.display(description="A retry resumes at")
    def resumes_at(self, run):
        return runs.resume_point(run) if run.source_id else "— (a file import)"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/progress/",
                wrap(self.progress_view),
                name="ingest_importrun_progress",
            ),
            path("<int:object_id>/retry/", wrap(self.retry_view), name="ingest_importrun_retry"),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        run = row_or_404(ImportRun, object_id)
        extra_context = {
            **VIEW_ONLY,
            **self._progress_context(request, run),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def _progress_context(self, request, run):
        return {
            "run": run,
            "progress": runs.progress(run),
            "progress_url": reverse("admin:ingest_importrun_progress", args=[run.pk]),
            "retry_url": reverse("admin:ingest_importrun_retry", args=[run.pk]),
            "can_retry": run.status == ImportRun.Status.FAILED
            and run.source_id is not None
            and self.has_change_permission(request, run),
        }

    def progress_view(self, request, object_id):
        """The progress panel alone, for the change page to poll (HTMX) while the run goes."""
        run = row_or_404(ImportRun.objects.select_related("source"), object_id)
        if not self.has_view_permission(request, run):
            raise PermissionDenied
        return render(
            request,
            "admin/ingest/importrun/change_form.html#progress",
            self._progress_context(request, run),
        )

    @method_decorator(require_POST)
    def retry_view(self, request, object_id):
        """The "Retry" button on a failed run's page."""
        run = row_or_404(ImportRun, object_id)
        if not self.has_change_permission(request, run):
            raise PermissionDenied
        self._retry_each(request, [run.pk])
        return HttpResponseRedirect(admin_url(run))

    def _retry_each(self, request, ids):
        queued = []
        for run_id in ids:
            try:
                queued.append(runs.retry(run_id))
            except runs.RetryRefused as refused:
                self.message_user(request, str(refused), messages.ERROR)
        for run in queued:
            self.message_user(
                request,
                f"Run #{run.pk} is queued to resume from {runs.resume_point(run)}.",
                messages.SUCCESS,
            )

    @admin.action(description="Retry from the saved cursor", permissions=["change"])
    def retry_runs(self, request, queryset):
        self._retry_each(request, list(queryset.values_list("pk", flat=True)))


# --------------------------------------------------------------------------- records
