"""Plain admin lists of profiles' own records; authors and claims are curated in ``curation``."""

from django.contrib import admin

from profiles.models import CollaborationRequest, Follow, Institution


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "email_domain", "country"]
    search_fields = ["name", "normalized_name"]


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
