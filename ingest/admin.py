"""Curating ingest in the admin: sources and their schedules, runs and their progress, records.

The review queue (held records) is ``ingest/review_admin.py``. Lists of runs and
records page by PostgreSQL's row estimate when unfiltered (``EstimatedCountPaginator``)
and never count the whole table a second time (``show_full_result_count = False``):
both tables grow by the hundred thousand.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.views.decorators.http import require_POST

from ingest import runs, schedule
from ingest.audit import undoable_actions
from ingest.models import AuditEvent, FeedSource, ImportRecord, ImportRun, SourceKind
from ingest.paginator import EstimatedCountPaginator
from ingest.sources.common import ARXIV_ID
from ingest.tasks import enqueue_feed_source
from papers.http import row_or_404

PULLABLE = [(k.value, k.label) for k in SourceKind if k != SourceKind.FILE]
VIEW_ONLY = {
    "show_save": False,
    "show_save_and_continue": False,
    "show_save_and_add_another": False,
}


class LeanChangeList(ChangeList):
    """A changelist that leaves big columns (``list_defer``) unread: a page never shows them."""

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        return queryset.defer(*getattr(self.model_admin, "list_defer", ()))


class BigTableAdmin(admin.ModelAdmin):
    """Shared by the run and record lists: estimated counts, no second COUNT(*), lean rows."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_per_page = 50

    def get_changelist(self, request, **kwargs):
        return LeanChangeList

    @admin.display(description=mark_safe('<input type="checkbox" id="action-toggle">'))
    def action_checkbox(self, obj):
        # The admin renders this checkbox through the form template engine, row by row:
        # a fifth of a 50-row page's time. The same markup, written out.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" '
            'aria-label="Select this object for an action - {}">',
            helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            obj,
        )


def admin_url(obj, view="change") -> str:
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


# --------------------------------------------------------------------------- sources


class FeedSourceForm(forms.ModelForm):
    hold_for_review = forms.TypedChoiceField(
        label="Records",
        choices=[(False, "Apply at once"), (True, "Hold each change for a curator's review")],
        coerce=lambda value: value in (True, "True"),
        widget=forms.RadioSelect,
    )
    metadata_prefix = forms.ChoiceField(
        label="OAI-PMH format",
        choices=[
            ("arXivRaw", "arXivRaw (every version with its date)"),
            ("arXiv", "arXiv (structured author names)"),
        ],
        help_text="OAI-PMH sources only.",
    )

    class Meta:
        model = FeedSource
        fields = ["name", "kind", "query", "metadata_prefix", "enabled", "interval_minutes", "cron"]
        help_texts = {
            "query": 'API: a search_query ("cat:cs.LG AND au:smith"). RSS: categories joined '
            'by "+" ("cs.LG+stat.ML"). OAI-PMH: a set ("cs", "physics:hep-th", "cs:cs:LG").'
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = PULLABLE


@admin.register(FeedSource)
class FeedSourceAdmin(admin.ModelAdmin):
    form = FeedSourceForm
    list_display = ["name", "kind", "query", "enabled", "records", "schedule", "last_run"]
    list_filter = ["kind", "enabled", "hold_for_review"]
    search_fields = ["name", "query"]
    readonly_fields = [
        "schedule_state", "recent_runs", "periodic_task", "etag", "last_modified",
        "harvested_until", "created_at",
    ]  # fmt: skip
    fieldsets = [
        (None, {"fields": ["name", "kind", "query", "metadata_prefix"]}),
        ("Schedule", {"fields": ["enabled", "interval_minutes", "cron", "schedule_state"]}),
        ("Records", {"fields": ["hold_for_review"]}),
        ("Recent runs", {"fields": ["recent_runs"]}),
        (
            "Pull state",
            {
                "classes": ["collapse"],
                "fields": [
                    "periodic_task", "etag", "last_modified", "harvested_until", "created_at",
                ],
            },
        ),
    ]  # fmt: skip
    actions = ["run_now", "enable_sources", "disable_sources"]

    def get_queryset(self, request):
        latest = ImportRun.objects.filter(source=OuterRef("pk")).order_by("-id")
        return (
            super()
            .get_queryset(request)
            .annotate(
                last_run_id=Subquery(latest.values("id")[:1]),
                last_run_status=Subquery(latest.values("status")[:1]),
            )
        )

    @admin.display(description="Records", ordering="hold_for_review")
    def records(self, source):
        return "held for review" if source.hold_for_review else "applied at once"

    @admin.display(description="Schedule")
    def schedule(self, source):
        return schedule.describe(source)

    @admin.display(description="Last run")
    def last_run(self, source):
        if not getattr(source, "last_run_id", None):
            return "never"
        url = reverse("admin:ingest_importrun_change", args=[source.last_run_id])
        return format_html(
            '<a href="{}">#{} {}</a>', url, source.last_run_id, source.last_run_status
        )

    @admin.display(description="Beat entry")
    def schedule_state(self, source):
        task = source.periodic_task if source.pk else None
        if task is None:
            return "None yet: saved with an interval or a crontab, the source gets one."
        url = reverse("admin:django_celery_beat_periodictask_change", args=[task.pk])
        last = (
            f"last sent {task.last_run_at:%Y-%m-%d %H:%M} UTC"
            if task.last_run_at
            else "not sent yet"
        )
        state = "enabled" if task.enabled else "disabled"
        return format_html('<a href="{}">{}</a>: {}, {}', url, task.name, state, last)

    @admin.display(description="Latest runs")
    def recent_runs(self, source):
        if not source.pk:
            return "—"
        latest = ImportRun.objects.filter(source=source).order_by("-id")[:10]
        if not latest:
            return "No runs yet."
        return format_html(
            "<table><tr><th>Run</th><th>Status</th><th>Started</th><th>Fetched</th>"
            "<th>New</th><th>Updated</th><th>Held</th></tr>{}</table>",
            format_html_join(
                "",
                '<tr><td><a href="{}">#{}</a></td><td>{}</td><td>{}</td><td>{}</td>'
                "<td>{}</td><td>{}</td><td>{}</td></tr>",
                (
                    (
                        admin_url(r),
                        r.pk,
                        r.get_status_display(),
                        f"{r.started_at:%Y-%m-%d %H:%M}" if r.started_at else "—",
                        r.fetched,
                        r.created,
                        r.updated,
                        r.held,
                    )
                    for r in latest
                ),  # fmt: skip
            ),
        )

    def get_urls(self):
        run = self.admin_site.admin_view(self.run_view)
        return [
            path("<int:object_id>/run/", run, name="ingest_feedsource_run"),
            *super().get_urls(),
        ]

    def _queue(self, request, sources) -> None:
        queued = [s for s in sources if s.enabled]
        for source in queued:
            enqueue_feed_source(source.pk)
        if queued:
            names = ", ".join(s.name for s in queued)
            self.message_user(
                request,
                f"Queued {len(queued)} pull(s): {names}. A run appears under the source "
                "when a worker starts it.",
                messages.SUCCESS,
            )
        skipped = [s.name for s in sources if not s.enabled]
        if skipped:
            self.message_user(
                request, f"Not queued (disabled): {', '.join(skipped)}.", messages.WARNING
            )

    @admin.action(description="Run now", permissions=["change"])
    def run_now(self, request, queryset):
        self._queue(request, list(queryset))

    @admin.action(description="Enable the selected sources", permissions=["change"])
    def enable_sources(self, request, queryset):
        self._set_enabled(request, queryset, True)

    @admin.action(description="Disable the selected sources", permissions=["change"])
    def disable_sources(self, request, queryset):
        self._set_enabled(request, queryset, False)

    def _set_enabled(self, request, queryset, enabled):
        changed = [s for s in queryset if s.enabled != enabled]
        for source in changed:
            source.enabled = enabled
            source.save()  # through the model: the beat entry follows
        word = "Enabled" if enabled else "Disabled"
        self.message_user(request, f"{word} {len(changed)} source(s).", messages.SUCCESS)

    @method_decorator(require_POST)
    def run_view(self, request, object_id):
        """The "Run now" button on a source's page (a POST, like the action)."""
        source = row_or_404(FeedSource, object_id)
        if not self.has_change_permission(request, source):
            raise PermissionDenied
        self._queue(request, [source])
        return HttpResponseRedirect(admin_url(source))


# --------------------------------------------------------------------------- runs


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

    @admin.display(description="Done")
    def done(self, run):
        return f"{run.fetched:,} / {run.total:,}" if run.total else f"{run.fetched:,}"

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

    class Media:
        css = {"all": ["css/admin.css"]}  # the payload's pre-wrap

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


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail: read-only, newest first, each merge or move with its undo page."""

    list_display = [
        "created_at", "action", "target_type", "target_id", "actor", "undone_at", "undo_link",
    ]  # fmt: skip
    list_filter = ["action", "target_type"]
    list_select_related = ["actor"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]
    ordering = ["-created_at"]

    @admin.display(description="Undo")
    def undo_link(self, event):
        if event.undone_at or event.action not in undoable_actions():
            return "—"
        # The undo page says whether it can still be undone, and why not.
        return format_html(
            '<a href="{}">Undo…</a>', reverse("admin:profiles_author_undo", args=[event.pk])
        )


from ingest import review_admin  # noqa: E402, F401 - registers the review queue
