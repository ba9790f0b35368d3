"""The API's reads: each one calls the query its page uses, then shapes rows with api.serialize.

Lists reuse the pages' own keyset paging (profiles.browse, profiles.works,
papers.daily) and wrap their cursors with api.cursors; the co-author list is
graph.queries.strongest_collaborators, the one co-author query. The number of
queries of each read is a constant, whatever the number of works or bylines.
"""

from __future__ import annotations

from datetime import date

from django.db.models import F
from django.shortcuts import get_object_or_404
from django.utils import timezone

from api import serialize
from api.cursors import BadCursor, decode_cursor, encode_cursor
from graph.queries import strongest_collaborators
from papers import daily as daily_listing
from papers.models import Authorship, Paper
from papers.queries import paper_categories
from profiles.browse import BrowseFilter, browse
from profiles.models import Author
from profiles.search import search as site_search
from profiles.works import WorksFilter, works_page


def _page_cursor(form_class, data: dict, field: str):
    """A page function's cursor string, decoded by its own form (the one its page uses)."""
    form = form_class(data)
    if not form.is_valid():
        raise BadCursor("This cursor is not valid; start again from the first page.")
    return form.cleaned_data[field]


def researchers(request, *, q: str, sort: str, cursor: str | None, limit: int) -> dict:
    scope = f"researchers|{sort}|{q}"
    raw = decode_cursor(cursor, scope)
    after = _page_cursor(BrowseFilter, {"sort": sort, "after": raw or ""}, "after")
    page = browse(q=q, sort=sort, after=after, size=limit)
    return {
        "items": [serialize.researcher_summary(request, a) for a in page.authors],
        "next_cursor": encode_cursor(page.next_cursor, scope),
    }


def researcher(request, author: Author) -> dict:
    other_names = sorted(
        {name for name in author.aliases.values_list("name", flat=True)} - {author.display_name}
    )
    return serialize.researcher_detail(request, author, other_names)


def works(request, author: Author, *, cursor: str | None, limit: int) -> dict:
    scope = f"works|{author.pk}"
    raw = decode_cursor(cursor, scope)
    after = _page_cursor(WorksFilter, {"sort": "date", "after": raw or ""}, "after")
    page = works_page(author, sort="date", after=after, size=limit)
    return {
        "items": [serialize.paper_summary(request, p) for p in page.papers],
        "next_cursor": encode_cursor(page.next_cursor, scope),
    }


def coauthors(request, author: Author, *, limit: int) -> dict:
    rows = strongest_collaborators(author.pk, limit)
    people = Author.objects.select_related("institution").in_bulk([r["id"] for r in rows])
    return {
        "total": rows[0]["total"] if rows else 0,
        "close_total": rows[0]["close_total"] if rows else 0,
        "items": [
            {
                "researcher": serialize.researcher_summary(request, people[r["id"]]),
                "weight": r["weight"],
                "shared_works": r["paper_count"],
                "first_year": r["first_year"],
                "last_year": r["last_year"],
            }
            for r in rows
            if r["id"] in people
        ],
    }


def paper(request, arxiv_id: str) -> dict:
    found = get_object_or_404(
        Paper.objects.select_related("primary_category").prefetch_related("versions"),
        arxiv_id=arxiv_id,
    )
    # Every byline with how and how sure it was matched (the page shows the first 30), as
    # plain rows: a 3,000-author paper spent 25 ms making model instances of them.
    bylines = (
        Authorship.objects.filter(paper=found)
        .order_by("position")
        .values(
            "position",
            "name_as_printed",
            "affiliation_as_printed",
            "matched_by",
            "confidence",
            researcher=F("author__slug"),
        )  # fmt: skip
    )
    return serialize.paper_detail(request, found, paper_categories(found), list(bylines))


def search(request, *, q: str, limit: int) -> dict:
    results = site_search(q, people_limit=limit, paper_limit=limit)
    return {
        "query": results.query,
        "exact": serialize.paper_summary(request, results.exact) if results.exact else None,
        "researchers": [serialize.researcher_summary(request, a) for a in results.people],
        "papers": [serialize.paper_summary(request, p) for p in results.papers],
    }


def daily(request, *, day: date | None, category: str, cursor: str | None, limit: int) -> dict:
    chosen = day or daily_listing.latest_day(timezone.localdate())
    if chosen is None:
        return {"date": None, "previous": None, "next": None, "items": [], "next_cursor": None}
    scope = f"daily|{chosen.isoformat()}|{category}"
    raw = decode_cursor(cursor, scope)
    after = _page_cursor(daily_listing.DailyFilter, {"after": raw or ""}, "after")
    listing = daily_listing.day_listing(chosen, category=category, after=after, size=limit)
    return {
        "date": listing.day,
        "previous": listing.previous,
        "next": listing.next,
        "items": [serialize.paper_summary(request, p) for p in listing.papers],
        "next_cursor": encode_cursor(listing.next_cursor, scope),
    }
