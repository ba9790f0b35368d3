"""What the curation admin pages share: big-table lists, links to rows, per-row actions."""

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from core.paginator import EstimatedCountPaginator
from profiles.claims import (
    ClaimRefused,
)

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


def each_row(model_admin, request, queryset, act, done) -> None:
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
