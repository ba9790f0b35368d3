"""A researcher's works as an Atom feed (django.contrib.syndication)."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed

from profiles.works import all_works

FEED_ITEMS = 50


class AuthorWorksFeed(Feed):
    """The newest works of one author; the view resolves merges before calling it."""

    feed_type = Atom1Feed

    def get_object(self, request, author):
        return author

    def title(self, author):
        return f"{author.display_name}: new works on Peerfolio"

    def link(self, author):
        return author.get_absolute_url()

    def subtitle(self, author):
        return f"Papers by {author.display_name}, newest first, from arXiv."

    def items(self, author):
        return all_works(author)[:FEED_ITEMS]

    def item_title(self, paper):
        return paper.title

    def item_description(self, paper):
        return paper.abstract

    def item_link(self, paper):
        return paper.get_absolute_url()

    def item_pubdate(self, paper):
        return paper.published

    def item_updateddate(self, paper):
        return paper.updated or paper.published

    def item_author_name(self, paper):
        names = [a.name_as_printed for a in paper.authorships.all()]
        return ", ".join(names[:3]) + (" et al." if len(names) > 3 else "")

    def item_categories(self, paper):
        return paper.categories
