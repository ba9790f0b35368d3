"""The claims queue: waiting claims and disputes, with the evidence each carries."""

from django.contrib import admin
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join

from curation import views
from curation.admin_common import each_row
from profiles.claims import approve, confirm_identity, reject
from profiles.models import Claim


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    """The curator queue: waiting claims and disputes with the evidence each carries."""

    list_display = [
        "author", "user", "kind", "status", "level", "priority", "evidence_summary", "created_at",
        "decide",
    ]  # fmt: skip
    list_filter = ["status", "kind", "level"]
    list_select_related = ["author", "user"]
    search_fields = ["author__display_name", "user__email"]
    ordering = ["-priority", "created_at"]
    # A claim is a record of what happened: decided through the actions and the
    # dispute page, never edited.
    readonly_fields = [
        "author", "user", "kind", "status", "level", "priority", "message", "evidence_table",
        "decision_note", "decided_by", "decided_at", "created_at",
    ]  # fmt: skip
    exclude = ["evidence"]

    def has_add_permission(self, request):
        return False

    def get_urls(self):
        def decide_view(request, claim_id):
            return views.dispute(request, self.admin_site, claim_id)

        return [
            path(
                "<int:claim_id>/dispute/",
                self.admin_site.admin_view(decide_view),
                name="profiles_claim_dispute",
            ),
            *super().get_urls(),
        ]

    @admin.display(description="")
    def decide(self, claim):
        if claim.kind != Claim.Kind.DISPUTE:
            return ""
        url = reverse("admin:profiles_claim_dispute", args=[claim.pk])
        label = "Decide" if claim.status == Claim.Status.PENDING else "See"
        return format_html('<a href="{}">{} side by side</a>', url, label)

    actions = ["approve_claims", "reject_claims", "confirm_owners"]

    @admin.display(description="Evidence")
    def evidence_summary(self, claim):
        return ", ".join(e["label"] for e in claim.evidence if e.get("passed")) or "none"

    @admin.display(description="Evidence checked")
    def evidence_table(self, claim):
        return format_html_join(
            "",
            "<p><strong>{}</strong> {}: {}</p>",
            (
                ("✓" if e.get("passed") else "–", e["label"], e.get("detail", ""))
                for e in claim.evidence
            ),
        )

    @admin.action(description="Approve the selected claims", permissions=["change"])
    def approve_claims(self, request, queryset):
        each_row(self, request, queryset, lambda c: approve(c, request.user), "Approved")

    @admin.action(description="Reject the selected claims or disputes", permissions=["change"])
    def reject_claims(self, request, queryset):
        each_row(self, request, queryset, lambda c: reject(c, request.user), "Rejected")

    @admin.action(description="Confirm the owner's identity (L4)", permissions=["change"])
    def confirm_owners(self, request, queryset):
        each_row(
            self,
            request,
            queryset.filter(status=Claim.Status.APPROVED, kind=Claim.Kind.CLAIM),
            lambda c: confirm_identity(c.author, request.user),
            "Confirmed",
        )
