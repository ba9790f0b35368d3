"""Named read queries for paper pages; each one is served by an index named in papers.models."""

from typing import NamedTuple

from django.db.models import Prefetch
from django.db.models.expressions import RawSQL

from papers.models import Authorship, Category, Paper

LEAD_AUTHORS = 3  # a card prints "First, Second, Third et al." (seed 001)
PAGE_AUTHORS = 30  # the paper page lists this many, the rest on demand
AUTHOR_SCAN = 60  # "more from these authors" looks at each one's latest this many works


def with_lead_authors(queryset):
    """Papers for cards: primary category and the first bylines only, in two extra queries.

    A 3,000-author collaboration paper costs three byline rows, not 3,000; the
    rest load when someone opens "et al." (``papers:authors``).
    """
    return queryset.select_related("primary_category").prefetch_related(
        Prefetch(
            "authorships",
            queryset=Authorship.objects.filter(position__lt=LEAD_AUTHORS)
            .select_related("author")
            # A card links each name to its profile: the slug is all it reads of the author.
            .only("paper_id", "position", "name_as_printed", "author__slug")
            .order_by("position"),
            to_attr="lead_authorships",
        )
    )


def latest_papers(limit=20):
    """Newest first (paper_published_idx)."""
    return with_lead_authors(Paper.objects.filter(withdrawn=False).order_by("-published", "-id"))[
        :limit
    ]


def paper_bylines(paper, limit=None):
    """The paper's bylines in order with their authors (authorship_unique_position)."""
    bylines = (
        Authorship.objects.filter(paper=paper)
        .select_related("author")
        # What a byline shows: a 3,000-name paper loads 3,000 of these, not whole authors.
        .only(
            "paper_id",
            "position",
            "name_as_printed",
            "affiliation_as_printed",
            "matched_by",
            "author__slug",
            "author__display_name",
        )  # fmt: skip
        .order_by("position")
    )
    return list(bylines[:limit] if limit else bylines)


class BylineRow(NamedTuple):
    """A byline as the full author list prints it (papers.templatetags byline_items)."""

    name_as_printed: str
    affiliation_as_printed: str
    matched_by: str
    author_slug: str | None
    author_display_name: str | None


def byline_rows(paper, start=0) -> list[BylineRow]:
    """Bylines from position ``start`` on, as plain rows (authorship_unique_position).

    The full list of a 3,000-name paper: tuples, not 6,000 model instances (bylines
    and their authors), which took longer than the query.
    """
    rows = (
        Authorship.objects.filter(paper=paper, position__gte=start)
        .order_by("position")
        .values_list(*(f.replace("author_", "author__", 1) for f in BylineRow._fields))
    )
    return [BylineRow(*row) for row in rows]


def paper_categories(paper):
    """The paper's categories with their names, primary first."""
    names = {c.code: c for c in Category.objects.filter(code__in=paper.categories)}
    return [names.get(code) or Category(code=code, name=code) for code in paper.categories]


def more_from_authors(paper, bylines, limit=5):
    """Other recent works by this paper's (first) authors, newest first.

    Read from each author's AUTHOR_SCAN most recently added works
    (authorship_author_idx, backwards), like the graph's nearby works: joining
    every work of 30 collaboration members made the planner walk the whole
    published index instead (380 ms on the bench database; 3 ms this way).
    """
    author_ids = [b.author_id for b in bylines if b.author_id][:PAGE_AUTHORS]
    if not author_ids:
        return []
    recent = RawSQL(
        "SELECT s.paper_id FROM unnest(%s::bigint[]) AS a(id) CROSS JOIN LATERAL ("
        " SELECT paper_id FROM papers_authorship WHERE author_id = a.id"
        " ORDER BY paper_id DESC LIMIT %s) s",
        (author_ids, AUTHOR_SCAN),
    )
    return list(
        with_lead_authors(
            Paper.objects.filter(pk__in=recent, withdrawn=False)
            .exclude(pk=paper.pk)
            .order_by("-published", "-id")
        )[:limit]
    )
