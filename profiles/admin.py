from django.contrib import admin, messages
from django.db import models
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import slugify

from ingest.matching import normalize_name
from ingest.paginator import EstimatedCountPaginator
from profiles import curation
from profiles.claims import (
    ClaimRefused,
    approve,
    clear_orcid,
    confirm_identity,
    reject,
    release_owner,
)
from profiles.models import Author, AuthorAlias, Claim, CollaborationRequest, Follow, Institution


def _each(model_admin, request, queryset, act, done) -> None:
    """An admin action applied row by row: refusals are reported by row, the rest counted."""
    count = 0
    for item in queryset:
        try:
            act(item)
            count += 1
        except ClaimRefused as refused:
            model_admin.message_user(request, f"{item}: {refused}", messages.ERROR)
    if count:
        model_admin.message_user(request, f"{done}: {count}.", messages.SUCCESS)


class AuthorAliasInline(admin.TabularInline):
    model = AuthorAlias
    extra = 0


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    """Author records, with the curator's identity-repair pages hung off the changelist."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    change_list_template = "admin/profiles/author/change_list.html"
    change_form_template = "admin/profiles/author/change_form.html"
    paginator = EstimatedCountPaginator
    show_full_result_count = False
    list_select_related = ["institution", "merged_into"]
    actions = ["merge_selected", "release_owners", "confirm_owners", "clear_orcids"]
    list_display = [
        "display_name",
        "slug",
        "works_count",
        "verification_level",
        "primary_category",
        "merged_into",
    ]
    list_filter = ["verification_level"]
    search_fields = ["normalized_name"]  # searched by get_search_results below
    search_help_text = "A name in any spelling (accents and case ignored), a slug or a record id."
    raw_id_fields = ["institution"]
    # Who owns a record, how verified it is, its ORCID iD and merges change only through
    # named actions (below, and merge/undo) that write an AuditEvent.
    readonly_fields = [
        "claimed_by", "verification_level", "orcid", "merged_into",
        "works_count", "followers_count", "topics_count", "close_collaborators_count",
        "category_codes", "first_year", "last_year", "counters_refreshed_at",
        "trust_score",
    ]  # fmt: skip
    exclude = ["trust_breakdown"]
    inlines = [AuthorAliasInline]

    def get_search_results(self, request, queryset, search_term):
        # The folded name is searched with LIKE, which the trigram index serves; the
        # admin's default (UPPER(col) LIKE on three columns) scans 200,000 rows.
        term = search_term.strip()
        if not term:
            return queryset, False
        matches = Q(slug=slugify(term))
        if normalized := normalize_name(term):
            matches |= Q(normalized_name__contains=normalized)
        if term.isascii() and term.isdigit():  # not "²", which isdigit() accepts
            matches |= Q(pk=int(term))
        return queryset.filter(matches), False

    def get_urls(self):
        site = self.admin_site

        def view(function, name, route):
            def wrapped(request, *args, **kwargs):
                return function(request, site, *args, **kwargs)

            return path(route, site.admin_view(wrapped), name=f"profiles_author_{name}")

        return [
            view(curation.duplicates, "duplicates", "duplicates/"),
            view(curation.merge, "merge", "merge/"),
            view(curation.matches, "matches", "matches/"),
            view(curation.undo, "undo", "undo/<int:event_id>/"),
            view(curation.split, "split", "<int:author_id>/split/"),
            *super().get_urls(),
        ]

    @admin.action(description="Merge the two selected records…", permissions=["repair_identity"])
    def merge_selected(self, request, queryset):
        chosen = list(queryset.order_by("-works_count", "id")[:3])
        if len(chosen) != 2:
            self.message_user(request, "Select exactly two records to merge.", messages.ERROR)
            return None
        survivor, loser = chosen
        return redirect(
            f"{reverse('admin:profiles_author_merge')}?survivor={survivor.pk}&loser={loser.pk}"
        )

    @admin.action(description="Release the owner (revoke the claim)", permissions=["change"])
    def release_owners(self, request, queryset):
        _each(self, request, queryset, lambda a: release_owner(a, request.user), "Released")

    @admin.action(description="Confirm the owner's identity (L4)", permissions=["change"])
    def confirm_owners(self, request, queryset):
        _each(self, request, queryset, lambda a: confirm_identity(a, request.user), "Confirmed")

    @admin.action(description="Remove the ORCID iD", permissions=["change"])
    def clear_orcids(self, request, queryset):
        _each(self, request, queryset, lambda a: clear_orcid(a, request.user), "ORCID removed")

    def has_repair_identity_permission(self, request):
        return request.user.has_perm("profiles.repair_identity")


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "email_domain", "country"]
    search_fields = ["name", "normalized_name"]


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
            return curation.dispute(request, self.admin_site, claim_id)

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
        _each(self, request, queryset, lambda c: approve(c, request.user), "Approved")

    @admin.action(description="Reject the selected claims or disputes", permissions=["change"])
    def reject_claims(self, request, queryset):
        _each(self, request, queryset, lambda c: reject(c, request.user), "Rejected")

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
