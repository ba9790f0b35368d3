from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from papers.bibtex import bibtex_entry
from papers.jsonld import article_jsonld
from papers.models import Paper
from papers.queries import (
    PAGE_AUTHORS,
    latest_papers,
    more_from_authors,
    paper_bylines,
    paper_categories,
)
from profiles.queries import most_active_authors


@require_GET
def home(request):
    return render(
        request,
        "papers/home.html",
        {"papers": latest_papers(20), "authors": most_active_authors(12)},
    )


@require_GET
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


@require_GET
def authors(request, arxiv_id):
    """Every byline of a paper: the "et al." and "more authors" expansions load this."""
    paper = get_object_or_404(
        Paper.objects.only("id", "arxiv_id", "author_count"), arxiv_id=arxiv_id
    )
    start = PAGE_AUTHORS if request.GET.get("from") == "more" else 0
    bylines = paper_bylines(paper)[start:]
    return render(
        request, "papers/authors.html", {"paper": paper, "bylines": bylines, "start": start}
    )


@require_GET
def bibtex(request, arxiv_id):
    paper = get_object_or_404(Paper, arxiv_id=arxiv_id)
    names = [b.name_as_printed for b in paper_bylines(paper)]
    return HttpResponse(
        bibtex_entry(paper, names), content_type="application/x-bibtex; charset=utf-8"
    )
