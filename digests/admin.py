from django.contrib import admin

from digests.models import Delivery, Subscription


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = [
        "email", "frequency", "status", "category_list", "include_followed",
        "user", "created_at", "confirmed_at", "unsubscribed_at",
    ]  # fmt: skip
    list_filter = ["frequency", "include_followed"]
    search_fields = ["email", "user__email"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "confirmed_at", "unsubscribed_at", "link_sent_at"]
    date_hierarchy = "created_at"

    @admin.display(description="Categories")
    def category_list(self, subscription):
        return ", ".join(subscription.categories) or "all"


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """What was sent to whom, and what failed; "sending" rows are never retried by themselves."""

    list_display = [
        "subscription", "period_key", "status", "papers_count", "attempts", "sent_at", "created_at",
    ]  # fmt: skip
    list_filter = ["status"]
    list_select_related = ["subscription"]
    search_fields = ["subscription__email", "period_key"]
    raw_id_fields = ["subscription"]
    readonly_fields = ["created_at", "sent_at", "attempts", "papers_count", "error"]
