"""The public JSON API (v1): one NinjaAPI, thin operations, OpenAPI 3 from api.schemas.

Each operation parses its parameters (ninja validates them against the types
below: a bad one is a 422), calls one function of api.resources and returns its
dict; api.http.public_read adds the rate limit and the cache headers.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from django.http import HttpResponsePermanentRedirect
from django.urls import reverse
from ninja import NinjaAPI, Path, Query
from ninja.decorators import decorate_view
from ninja.errors import HttpError

from api import resources
from api.errors import register_error_handlers
from api.http import public_read
from api.schemas import (
    Coauthors,
    Daily,
    Message,
    Paper,
    PaperPage,
    Researcher,
    ResearcherPage,
    SearchResults,
)
from profiles.queries import author_by_slug

api = NinjaAPI(
    title="Peerfolio open data API",
    version="1",
    description=(
        "Researcher profiles and arXiv papers as JSON: the same data the pages show. "
        "Lists are paged with opaque `next_cursor` values; every error is "
        '`{"message": ...}`.'
    ),
    urls_namespace="api",
)
register_error_handlers(api)

# Text that reaches PostgreSQL may not hold NUL, which it cannot store or compare.
NO_NUL = r"^[^\x00]*$"
SLUG = r"^[-a-zA-Z0-9_]+$"
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
Cursor = Annotated[
    str | None, Query(description="`next_cursor` of the previous page.", max_length=1000)
]
Limit = Annotated[int, Query(ge=1, le=100, description="Items per page, at most 100.")]
Slug = Annotated[str, Path(pattern=SLUG, max_length=120, examples=["ada-lovelace"])]
ERRORS = {400: Message, 401: Message, 404: Message, 422: Message, 429: Message}


def _moved(request, url_name: str, slug: str):
    """301 to the same resource of the surviving record, query string kept."""
    url = reverse(url_name, args=[slug])
    if request.GET:
        url += "?" + request.GET.urlencode()
    return HttpResponsePermanentRedirect(url)


@api.get("/researchers", response={200: ResearcherPage, **ERRORS}, url_name="researchers")
@decorate_view(public_read)
def researchers(
    request,
    q: Annotated[
        str, Query(max_length=200, pattern=NO_NUL, description="A name, any spelling.")
    ] = "",
    sort: Literal["works", "h_index", "followers"] = "works",
    cursor: Cursor = None,
    limit: Limit = 20,
):
    """Researchers with works, most works (or h-index, or followers) first."""
    return resources.researchers(request, q=q, sort=sort, cursor=cursor, limit=limit)


@api.get(
    "/researchers/{slug}", response={200: Researcher, 301: None, **ERRORS}, url_name="researcher"
)
@decorate_view(public_read)
def researcher(request, slug: Slug):
    """One researcher; a merged record answers 301 to the record it was merged into."""
    author, moved = author_by_slug(slug)
    if moved:
        return _moved(request, "api:researcher", author.slug)
    return resources.researcher(request, author)


@api.get(
    "/researchers/{slug}/works",
    response={200: PaperPage, 301: None, **ERRORS},
    url_name="researcher_works",
)
@decorate_view(public_read)
def researcher_works(
    request,
    slug: Slug,
    cursor: Cursor = None,
    limit: Limit = 20,
):
    """A researcher's works, newest first."""
    author, moved = author_by_slug(slug)
    if moved:
        return _moved(request, "api:researcher_works", author.slug)
    return resources.works(request, author, cursor=cursor, limit=limit)


@api.get(
    "/researchers/{slug}/coauthors",
    response={200: Coauthors, 301: None, **ERRORS},
    url_name="researcher_coauthors",
)
@decorate_view(public_read)
def researcher_coauthors(request, slug: Slug, limit: Limit = 20):
    """A researcher's co-authors, strongest collaboration first."""
    author, moved = author_by_slug(slug)
    if moved:
        return _moved(request, "api:researcher_coauthors", author.slug)
    return resources.coauthors(request, author, limit=limit)


@api.get("/papers/{path:arxiv_id}", response={200: Paper, **ERRORS}, url_name="paper")
@decorate_view(public_read)
def paper(
    request,
    arxiv_id: Annotated[str, Path(max_length=40, pattern=NO_NUL, examples=["2601.00001"])],
):
    """One paper by its arXiv id (no version), with every byline and how it was matched."""
    return resources.paper(request, arxiv_id)


@api.get("/search", response={200: SearchResults, **ERRORS}, url_name="search")
@decorate_view(public_read)
def search(
    request,
    q: Annotated[
        str, Query(max_length=1000, pattern=NO_NUL, description="Words, a name, an id.")
    ] = "",
    limit: Limit = 20,
):
    """Papers and researchers, as the site's search finds them; an arXiv id or DOI is exact."""
    return resources.search(request, q=q, limit=limit)


@api.get("/daily", response={200: Daily, **ERRORS}, url_name="daily")
@decorate_view(public_read)
def daily(
    request,
    day: Annotated[
        str | None,
        # A string, not a date: pydantic would also read "0" as 1970-01-01.
        Query(alias="date", pattern=ISO_DATE, description="YYYY-MM-DD; the latest if absent."),
    ] = None,
    category: Annotated[str, Query(max_length=32, pattern=NO_NUL)] = "",
    cursor: Cursor = None,
    limit: Limit = 20,
):
    """One arXiv listing day, most upvoted first."""
    try:
        chosen = date.fromisoformat(day) if day else None
    except ValueError as exc:
        raise HttpError(422, f"{day} is not a date (YYYY-MM-DD).") from exc
    return resources.daily(request, day=chosen, category=category, cursor=cursor, limit=limit)
