from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from graph.slice import strongest_collaborators
from profiles.queries import author_by_slug


@require_GET
def slice_fragment(request, slug):
    """The research-graph section of a profile, loaded after the page."""
    author, moved = author_by_slug(slug)
    if moved:
        return redirect(reverse("graph:slice", args=[author.slug]), permanent=True)
    return render(
        request,
        "graph/slice.html",
        {"author": author, "collaborators": strongest_collaborators(author, limit=12)},
    )
