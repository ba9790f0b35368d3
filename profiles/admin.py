from django.contrib import admin, messages
from django.utils.html import format_html_join

from profiles.claims import ClaimRefused, approve, confirm_identity, reject
from profiles.models import Author, AuthorAlias, Claim, CollaborationRequest, Follow, Institution


class AuthorAliasInline(admin.TabularInline):
    model = AuthorAlias
    extra = 0


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = [
        "display_name",
        "slug",
        "works_count",
        "verification_level",
        "primary_category",
        "merged_into",
    ]
    list_filter = ["verification_level"]
    search_fields = ["display_name", "normalized_name", "slug"]
    raw_id_fields = ["institution", "claimed_by", "merged_into"]
    readonly_fields = [
        "works_count", "followers_count", "topics_count", "close_collaborators_count",
        "category_codes", "first_year", "last_year", "counters_refreshed_at",
    ]  # fmt: skip
    inlines = [AuthorAliasInline]


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "email_domain", "country"]
    search_fields = ["name", "normalized_name"]


@admin.register(Claim)
class ClaimAdmin(admin.ModelAdmin):
    """The curator queue: waiting claims and disputes with the evidence each carries."""

    list_display = ["author", "user", "kind", "status", "level", "evidence_summary", "created_at"]
    list_filter = ["status", "kind", "level"]
    list_select_related = ["author", "user"]
    search_fields = ["author__display_name", "user__email"]
    raw_id_fields = ["author", "user", "decided_by"]
    readonly_fields = ["evidence_table", "decided_by", "decided_at", "created_at"]
    exclude = ["evidence"]
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

    def _each(self, request, queryset, act, done):
        count = 0
        for item in queryset:
            try:
                act(item)
                count += 1
            except ClaimRefused as refused:
                self.message_user(request, f"{item}: {refused}", messages.ERROR)
        if count:
            self.message_user(request, f"{done} {count}.", messages.SUCCESS)

    @admin.action(description="Approve the selected claims", permissions=["change"])
    def approve_claims(self, request, queryset):
        self._each(request, queryset, lambda c: approve(c, request.user), "Approved")

    @admin.action(description="Reject the selected claims or disputes", permissions=["change"])
    def reject_claims(self, request, queryset):
        self._each(request, queryset, lambda c: reject(c, request.user), "Rejected")

    @admin.action(description="Confirm the owner's identity (L4)", permissions=["change"])
    def confirm_owners(self, request, queryset):
        self._each(
            request,
            queryset.filter(status=Claim.Status.APPROVED, kind=Claim.Kind.CLAIM),
            lambda c: confirm_identity(c.author, request.user),
            "Confirmed",
        )


@admin.register(CollaborationRequest)
class CollaborationRequestAdmin(admin.ModelAdmin):
    list_display = ["topic", "sender", "author", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["sender", "author"]
    raw_id_fields = ["sender", "recipient", "author"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["user", "author", "created_at"]
    list_select_related = ["user", "author"]
    raw_id_fields = ["user", "author"]
