from django.contrib.sitemaps import Sitemap

from papers.models import Paper


class PaperSitemap(Sitemap):
    """Every paper page; paginated by the framework (50,000 URLs per file)."""

    changefreq = "monthly"

    def items(self):
        return Paper.objects.filter(withdrawn=False).only("arxiv_id", "modified_at").order_by("id")

    def lastmod(self, paper):
        return paper.modified_at
