"""The review queue in the admin: held records, what each would change, approve and reject.

A curator opens a held record (its page is the review: the diff, the versions it
adds, each byline name and the author it would join) and approves or rejects it,
or selects many in the list and approves or rejects them through a confirmation
page (a reason is asked for rejecting). Everything is decided by ``curation.review``.

The queue is a proxy of ImportRecord, so it asks for ImportRecord's permissions:
viewing the queue needs ``ingest.view_importrecord``, deciding ``ingest.change_importrecord``.
"""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.db.models.fields.json import KT
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from curation import review
from curation.admin_common import BigTableAdmin
from ingest.models import HeldRecord, ImportRecord
from papers.http import row_or_404

# Refusals listed one by one after a bulk action; the rest are counted.
SHOWN_REFUSALS = 10


def change_kind(record) -> str:
    """What a held record does, from the list's own columns (no diff computed per row)."""
    if record.held_deleted == "true":
        return "withdrawal"
    if record.paper_id is None:
        return "new paper"
    if record.paper_version is not None and record.version > record.paper_version:
        return f"new version v{record.paper_version} → v{record.version}"
    return "changed fields"


@admin.register(HeldRecord)
class HeldRecordAdmin(BigTableAdmin):
    list_display = [
        "arxiv_id",
        "version",
        "change",
        "title",
        "held_because",
        "source",
        "created_at",
    ]
    list_display_links = ["arxiv_id"]
    list_filter = ["run__kind", "run__source"]
    list_select_related = ["run__source"]
    ordering = ["created_at", "id"]  # oldest first: the queue's own index
    search_fields = ["arxiv_id__exact"]
    search_help_text = "An arXiv id, e.g. 2501.01234."
    list_defer = ["payload", "matches", "paper_state", "run__cursor", "run__error"]
    actions = ["approve_selected", "reject_selected"]
    show_full_result_count = True  # the queue is the held rows only: counting them is cheap

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .filter(status=ImportRecord.Status.HELD)
            .annotate(
                held_title=KT("payload__title"),
                held_deleted=KT("payload__deleted"),
                paper_version=F("paper__latest_version"),
            )
        )

    def changelist_view(self, request, extra_context=None):
        title = "Review queue: records held for a curator, oldest first"
        return super().changelist_view(request, {"title": title, **(extra_context or {})})

    # Deciding held records is changing import records: the same permissions.
    def _allowed(self, request, action):
        return request.user.has_perm(f"ingest.{action}_importrecord")

    def has_view_permission(self, request, obj=None):
        return self._allowed(request, "view") or self._allowed(request, "change")

    def has_change_permission(self, request, obj=None):
        return self._allowed(request, "change")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description="Change")
    def change(self, record):
        return change_kind(record)

    @admin.display(description="Title")
    def title(self, record):
        return (record.held_title or "")[:90]

    @admin.display(description="Held because")
    def held_because(self, record):
        """Why the store held it (a field over its limit); empty when its source holds all."""
        return record.message or "—"

    @admin.display(description="Source", ordering="run__source__name")
    def source(self, record):
        return record.run.source or f"file (run #{record.run_id})"

    # ----------------------------------------------------------------------- the review page

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<int:object_id>/approve/",
                wrap(self.approve_view),
                name="ingest_heldrecord_approve",
            ),
            path(
                "<int:object_id>/reject/", wrap(self.reject_view), name="ingest_heldrecord_reject"
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """A held record's page is its review: the diff and the two decisions."""
        record = row_or_404(ImportRecord.objects.select_related("run__source"), object_id)
        if not self.has_view_permission(request, record):
            raise PermissionDenied
        if record.status != ImportRecord.Status.HELD:
            self.message_user(
                request,
                f"{record.arxiv_id}v{record.version} is not in the queue: "
                f"{review.decided_reason(record)}",
                messages.WARNING,
            )
            return HttpResponseRedirect(
                reverse("admin:ingest_importrecord_change", args=[record.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Review {record.arxiv_id}v{record.version}",
            "record": record,
            "changes": review.record_changes(record),
            "can_decide": self.has_change_permission(request, record),
            "run_url": reverse("admin:ingest_importrun_change", args=[record.run_id]),
        }
        return TemplateResponse(request, "admin/ingest/heldrecord/review.html", context)

    @method_decorator(require_POST)
    def approve_view(self, request, object_id):
        record = self._decidable(request, object_id)
        self._report(request, self._approve(request, [record]), "Approved")
        return self._after_decision(request, record)

    @method_decorator(require_POST)
    def reject_view(self, request, object_id):
        record = self._decidable(request, object_id)
        try:
            outcome = review.reject([record], request.user, request.POST.get("reason", ""))
        except review.ReviewRefused as refused:
            self.message_user(request, str(refused), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:ingest_heldrecord_change", args=[record.pk]))
        self._report(request, outcome, "Rejected")
        return self._after_decision(request, record)

    def _decidable(self, request, object_id) -> ImportRecord:
        # Any record, not only held ones: deciding one twice is refused with a reason, not a 404.
        record = row_or_404(ImportRecord, object_id)
        if not self.has_change_permission(request, record):
            raise PermissionDenied
        return record

    def _after_decision(self, request, record):
        """The next record in the queue (oldest first), or the queue itself when it is empty."""
        record.refresh_from_db(fields=["status"])
        if record.status == ImportRecord.Status.HELD:
            return HttpResponseRedirect(reverse("admin:ingest_heldrecord_change", args=[record.pk]))
        following = (
            ImportRecord.objects.filter(status=ImportRecord.Status.HELD)
            .order_by("created_at", "id")
            .values_list("pk", flat=True)
            .first()
        )
        if following is None:
            return HttpResponseRedirect(reverse("admin:ingest_heldrecord_changelist"))
        return HttpResponseRedirect(reverse("admin:ingest_heldrecord_change", args=[following]))

    def _approve(self, request, records):
        try:
            return review.approve(records, request.user)
        except review.ReviewRefused as refused:
            self.message_user(request, str(refused), messages.ERROR)
            return review.Outcome()

    def _report(self, request, outcome, verb) -> None:
        if outcome.done:
            names = ", ".join(f"{r.arxiv_id}v{r.version}" for r in outcome.done[:5])
            more = f" and {len(outcome.done) - 5} more" if len(outcome.done) > 5 else ""
            runs = "".join(f" Applied in run #{run.pk}." for run in outcome.runs)
            self.message_user(
                request, f"{verb} {len(outcome.done)}: {names}{more}.{runs}", messages.SUCCESS
            )
        for _, message in outcome.refused[:SHOWN_REFUSALS]:
            self.message_user(request, message, messages.ERROR)
        if len(outcome.refused) > SHOWN_REFUSALS:
            self.message_user(
                request,
                f"{len(outcome.refused) - SHOWN_REFUSALS} more were refused as well.",
                messages.ERROR,
            )

    # ----------------------------------------------------------------------- bulk actions

    @admin.action(description="Approve the selected records", permissions=["change"])
    def approve_selected(self, request, queryset):
        if request.POST.get("post") != "yes":
            return self._confirm(request, queryset, "approve_selected")
        self._report(request, self._approve(request, list(queryset)), "Approved")
        return None

    @admin.action(description="Reject the selected records…", permissions=["change"])
    def reject_selected(self, request, queryset):
        reason = request.POST.get("reason", "")
        if request.POST.get("post") != "yes" or not reason.strip():
            error = "Say why these records are rejected." if request.POST.get("post") else ""
            return self._confirm(request, queryset, "reject_selected", error=error)
        self._report(request, review.reject(list(queryset), request.user, reason), "Rejected")
        return None

    def _confirm(self, request, queryset, action, error=""):
        """The page between choosing an action and doing it: what is selected, and why."""
        records = list(queryset)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Approve held records"
            if action == "approve_selected"
            else "Reject held records",
            "action": action,
            "records": [(r, change_kind(r)) for r in records],
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "error": error,
            "reason": request.POST.get("reason", ""),
        }
        return TemplateResponse(request, "admin/ingest/heldrecord/confirm.html", context)
