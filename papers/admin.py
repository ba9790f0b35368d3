from django.contrib import admin

from papers.models import Authorship, Category, Paper, PaperVersion


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "group", "is_active"]
    list_filter = ["group", "is_active"]
    search_fields = ["code", "name"]


class PaperVersionInline(admin.TabularInline):
    model = PaperVersion
    extra = 0


class AuthorshipInline(admin.TabularInline):
    model = Authorship
    extra = 0
    raw_id_fields = ["author"]
    fields = [
        "position",
        "name_as_printed",
        "author",
        "affiliation_as_printed",
        "matched_by",
        "confidence",
    ]


@admin.register(Paper)
class PaperAdmin(admin.ModelAdmin):
    list_display = [
        "arxiv_id",
        "title",
        "primary_category",
        "published",
        "latest_version",
        "withdrawn",
    ]
    list_filter = ["withdrawn", "announce_type"]
    search_fields = ["=arxiv_id", "=doi", "title"]
    list_select_related = ["primary_category"]
    raw_id_fields = ["primary_category"]
    readonly_fields = ["content_hash", "created_at", "modified_at"]
    inlines = [PaperVersionInline, AuthorshipInline]
