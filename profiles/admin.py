from django.contrib import admin

from profiles.models import Author, AuthorAlias, Institution


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
    list_display = ["name", "country"]
    search_fields = ["name", "normalized_name"]
