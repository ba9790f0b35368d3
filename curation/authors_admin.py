"""Author records, with the curator's identity repair (merge, split, move, undo) hung off them."""

from django.contrib import admin, messages
from django.db import models
from django.db.models import Q
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.text import slugify

from core.names import normalize_name
from core.paginator import EstimatedCountPaginator
from curation import views
from curation.admin_common import each_row
from profiles.claims import (
    clear_orcid,
    confirm_identity,
    release_owner,
)
from profiles.models import Author, AuthorAlias


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
            view(views.duplicates, "duplicates", "duplicates/"),
            view(views.merge, "merge", "merge/"),
            view(views.matches, "matches", "matches/"),
            view(views.undo, "undo", "undo/<int:event_id>/"),
            view(views.split, "split", "<int:author_id>/split/"),
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
        each_row(self, request, queryset, lambda a: release_owner(a, request.user), "Released")

    @admin.action(description="Confirm the owner's identity (L4)", permissions=["change"])
    def confirm_owners(self, request, queryset):
        each_row(self, request, queryset, lambda a: confirm_identity(a, request.user), "Confirmed")

    @admin.action(description="Remove the ORCID iD", permissions=["change"])
    def clear_orcids(self, request, queryset):
        each_row(self, request, queryset, lambda a: clear_orcid(a, request.user), "ORCID removed")

    def has_repair_identity_permission(self, request):
        return request.user.has_perm("profiles.repair_identity")
