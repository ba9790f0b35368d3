from django.contrib.sitemaps import Sitemap

from profiles.models import Author


class AuthorSitemap(Sitemap):
    """Every live profile with works; merged records answer 301 and are left out."""

    changefreq = "weekly"

    def items(self):
        return (
            Author.objects.filter(merged_into__isnull=True, works_count__gt=0)
            .only("slug", "counters_refreshed_at")
            .order_by("id")
        )

    def lastmod(self, author):
        return author.counters_refreshed_at
