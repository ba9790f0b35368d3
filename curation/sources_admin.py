"""Feed sources and their schedules: what to pull from arXiv, how often, and "Run now"."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import OuterRef, Subquery
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.html import format_html, format_html_join
from django.views.decorators.http import require_POST

from curation.admin_common import admin_url
from ingest import schedule
from ingest.models import FeedSource, ImportRun, SourceKind
from ingest.tasks import enqueue_feed_source
from papers.http import row_or_404

PULLABLE = [(k.value, k.label) for k in SourceKind if k != SourceKind.FILE]


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
