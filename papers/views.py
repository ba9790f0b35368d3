from django.shortcuts import get_object_or_404, render

from papers.models import Category, Paper
from papers.queries import latest_papers, with_byline
from profiles.queries import most_active_authors


def home(request):
    return render(
        request,
        "papers/home.html",
        {"papers": latest_papers(20), "authors": most_active_authors(12)},
    )


def detail(request, arxiv_id):
    paper = get_object_or_404(
        with_byline(Paper.objects.prefetch_related("versions")), arxiv_id=arxiv_id
    )
    categories = Category.objects.filter(code__in=paper.categories)
    return render(request, "papers/detail.html", {"paper": paper, "categories": categories})
