from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from core.pagecache import anonymous_page
from papers.http import query_without
from papers.models import Category
from papers.queries import latest_papers
from papers.ratelimits import limit, per_address
from papers.search import SearchForm
from profiles import browse as browsing
from profiles.charts import bar_chart
from profiles.feeds import AuthorWorksFeed
from profiles.follows import followed_among, is_following
from profiles.jsonld import person_jsonld
from profiles.queries import author_by_slug, most_active_authors
from profiles.search import has_results, search
from profiles.trust import label_for
from profiles.works import WorksFilter, works_bibtex_file, works_page


def _moved(request, view_name, author):
    """301 to the same view of the surviving record, query string kept."""
    url = reverse(view_name, args=[author.slug])
    if request.GET:
        url += "?" + request.GET.urlencode()
    return redirect(url, permanent=True)


@require_safe
@anonymous_page("profile")
def detail(request, slug):
    author, moved = author_by_slug(slug)
    if moved:
        return _moved(request, "profiles:detail", author)
    works_filter = WorksFilter(request.GET)
    if not works_filter.is_valid():
        return render(
            request,
            "profiles/bad_filter.html",
            {"author": author, "form": works_filter},
            status=400,
        )
    page = works_page(author, **works_filter.cleaned_data)
    context = {
        "author": author,
        "is_owner": request.user.is_authenticated and author.claimed_by_id == request.user.pk,
        "page": page,
        "filters": works_filter.cleaned_data,
        "query": query_without(request, "after"),
    }
    if request.htmx.target == "load-more":
        return render(request, "profiles/detail.html#works-page", context)
    if request.htmx.target == "works":
        return render(request, "profiles/detail.html#works", context)
    categories = {c.code: c for c in Category.objects.filter(code__in=author.category_codes or [])}
    topics = [categories[c] for c in author.category_codes if c in categories]
    context.update(
        topics=topics,
        # cs.IT and math.IT are both "Information Theory": name each field once.
        summary_topics=list({t.name: t for t in topics}.values())[:3],
        trust_label=label_for(author.trust_score),
        works_chart=bar_chart(author.works_by_year, author.last_year),
        citations_chart=bar_chart(author.citations_by_year),
        years=sorted((int(y) for y in author.works_by_year or {}), reverse=True),
        jsonld=person_jsonld(author, request),
        following=is_following(request.user, author),
    )
    return render(request, "profiles/detail.html", context)


@require_safe
def works_bibtex(request, slug):
    author, moved = author_by_slug(slug)
    if moved:
        return _moved(request, "profiles:bibtex", author)
    response = HttpResponse(
        works_bibtex_file(author), content_type="application/x-bibtex; charset=utf-8"
    )
    response["Content-Disposition"] = f'inline; filename="{author.slug}.bib"'
    return response


@require_safe
def works_feed(request, slug):
    author, moved = author_by_slug(slug)
    if moved:
        return _moved(request, "profiles:feed", author)
    return AuthorWorksFeed()(request, author=author)


@require_safe
@anonymous_page("browse")
def browse(request):
    form = browsing.BrowseFilter(request.GET)
    if not form.is_valid():
        return render(request, "profiles/browse.html", {"form": form, "page": None}, status=400)
    page = browsing.browse(**form.cleaned_data)
    context = {
        "form": form,
        "page": page,
        "followed": followed_among(request.user, page.authors),
        "categories": Category.objects.filter(is_active=True).only("code", "name"),
        "query": query_without(request, "after"),
    }
    if request.htmx.target == "load-more":
        return render(request, "profiles/browse.html#results-page", context)
    if request.htmx.target == "results":
        return render(request, "profiles/browse.html#results", context)
    return render(request, "profiles/browse.html", context)


@require_safe
@anonymous_page("home")
def home(request):
    return render(
        request,
        "papers/home.html",
        {"papers": latest_papers(20), "authors": most_active_authors(12)},
    )


@require_safe
@per_address(rate=limit("search"))
@anonymous_page("search")
def search_page(request):
    form = SearchForm(request.GET)
    if not form.is_valid():
        return render(request, "papers/search.html", {"form": form, "results": None}, status=400)
    results = search(**form.cleaned_data)
    if results.exact is not None and request.htmx.target != "search-live":
        return redirect(results.exact)
    template = (
        "papers/search.html#live" if request.htmx.target == "search-live" else "papers/search.html"
    )
    return render(
        request,
        template,
        {
            "form": form,
            "results": results,
            "found": has_results(results),
            "categories": Category.objects.filter(is_active=True).only("code", "name"),
        },
    )
