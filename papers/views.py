from datetime import date

from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from core.pagecache import anonymous_page
from papers import daily as daily_module
from papers.bibtex import paper_entry
from papers.http import query_without, sign_in_first
from papers.jsonld import article_jsonld
from papers.models import Category, Paper
from papers.queries import (
    PAGE_AUTHORS,
    byline_rows,
    more_from_authors,
    paper_bylines,
    paper_categories,
)
from papers.ratelimits import limit, per_account
from papers.trending import GRAVITY, trending_or_latest
from papers.votes import TooManyVotes, remove_upvote, upvoted_among
from papers.votes import upvote as add_upvote


@require_safe
@anonymous_page("paper")
def detail(request, arxiv_id):
    paper = get_object_or_404(
        Paper.objects.select_related("primary_category").prefetch_related("versions"),
        arxiv_id=arxiv_id,
    )
    show_all = request.GET.get("authors") == "all"
    bylines = paper_bylines(paper, limit=None if show_all else PAGE_AUTHORS)
    return render(
        request,
        "papers/detail.html",
        {
            "paper": paper,
            "bylines": bylines,
            "hidden_authors": max(0, paper.author_count - len(bylines)),
            "categories": paper_categories(paper),
            "more_from_authors": more_from_authors(paper, bylines),
            "jsonld": article_jsonld(paper, bylines, request),
        },
    )


@require_safe
@anonymous_page("paper-authors")
def authors(request, arxiv_id):
    """Every byline of a paper: the "et al." and "more authors" expansions load this."""
    paper = get_object_or_404(
        Paper.objects.only("id", "arxiv_id", "author_count"), arxiv_id=arxiv_id
    )
    if not request.htmx:  # opened on its own (a new tab, no script): the paper, every author
        return redirect(f"{paper.get_absolute_url()}?authors=all#authors")
    start = PAGE_AUTHORS if request.GET.get("from") == "more" else 0
    bylines = byline_rows(paper, start)
    return render(
        request, "papers/authors.html", {"paper": paper, "bylines": bylines, "start": start}
    )


@require_safe
def bibtex(request, arxiv_id):
    paper = get_object_or_404(Paper.objects.only("id", "bibtex"), arxiv_id=arxiv_id)
    return HttpResponse(paper_entry(paper), content_type="application/x-bibtex; charset=utf-8")


def _parse_day(text: str):
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@require_safe
@anonymous_page("daily")
def daily(request, day=None):
    """One listing day (the latest by default), ranked by upvotes, with filters and day paging."""
    form = daily_module.DailyFilter(request.GET)
    chosen = _parse_day(day) if day else daily_module.latest_day(timezone.localdate())
    if day and chosen is None:
        return render(
            request,
            "papers/bad_request.html",
            {"problem": f"“{day}” is not a date (YYYY-MM-DD)."},
            status=400,
        )
    if not form.is_valid():
        return render(
            request,
            "papers/bad_request.html",
            {"problem": "These filters cannot be used.", "form": form},
            status=400,
        )
    filters = {k: v for k, v in form.cleaned_data.items() if k != "after"}
    listing = (
        daily_module.day_listing(
            chosen, user=request.user, after=form.cleaned_data["after"], **filters
        )
        if chosen
        else None
    )
    context = {
        "listing": listing,
        "form": form,
        "query": query_without(request, "after"),
        "upvoted": upvoted_among(request.user, listing.papers if listing else []),
        "categories": Category.objects.filter(is_active=True).only("code", "name"),
        "announce_types": daily_module.ANNOUNCE_TYPES,
    }
    if request.htmx.target == "load-more":
        return render(request, "papers/daily.html#listing-page", context)
    return render(request, "papers/daily.html", context)


@require_safe
@anonymous_page("period")
def period(request, kind, day):
    """The papers of a week or a month, most upvoted first."""
    chosen = _parse_day(day if kind == "week" else f"{day}-01")
    form = daily_module.DailyFilter(request.GET)
    if chosen is None or not form.is_valid():
        return render(
            request, "papers/bad_request.html", {"problem": f"“{day}” is not a {kind}."}, status=400
        )
    try:
        around = daily_module.period_around(kind, chosen)
    except OverflowError:
        return render(
            request, "papers/bad_request.html",
            {"problem": f"There is no {kind} around “{day}” to list: the calendar ends there."},
            status=404,
        )  # fmt: skip
    category = form.cleaned_data["category"]
    papers = daily_module.ranked_period(
        around.first, around.last, user=request.user, categories=[category] if category else [],
        new_only=form.cleaned_data["new_only"], following=form.cleaned_data["following"],
    )  # fmt: skip
    return render(
        request,
        "papers/period.html",
        {
            "kind": kind, "first": around.first, "last": around.last, "papers": papers,
            "form": form, "previous": around.previous, "next": around.next,
            "upvoted": upvoted_among(request.user, papers),
            "query": request.GET.urlencode(),
        },
    )  # fmt: skip


@require_safe
@anonymous_page("trending")
def trending(request):
    papers, until = trending_or_latest()
    return render(
        request,
        "papers/trending.html",
        {
            "papers": papers,
            "until": until,
            "upvoted": upvoted_among(request.user, papers),
            "gravity": GRAVITY,
        },
    )


@require_POST
@per_account(rate=limit("upvotes"))
def upvote(request, arxiv_id):
    paper = get_object_or_404(
        Paper.objects.only("id", "arxiv_id", "upvotes_count"), arxiv_id=arxiv_id
    )
    if not request.user.is_authenticated:
        return sign_in_first(request, _back_to(request, paper))
    try:
        if request.POST.get("action") == "remove":
            remove_upvote(request.user, paper)
        else:
            add_upvote(request.user, paper)
    except TooManyVotes as refused:
        return HttpResponse(str(refused), status=429, content_type="text/plain; charset=utf-8")
    paper.refresh_from_db(fields=["upvotes_count"])
    if request.htmx:
        return render(
            request,
            "papers/_upvote.html",
            {"paper": paper, "upvoted": upvoted_among(request.user, [paper])},
        )
    return redirect(_back_to(request, paper))


def _back_to(request, paper):
    """The page the vote came from (a daily page, say), if it is one of ours."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return paper.get_absolute_url()
