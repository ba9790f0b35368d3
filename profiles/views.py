from django.shortcuts import get_object_or_404, redirect, render

from profiles.models import Author
from profiles.queries import author_works


def detail(request, slug):
    author = get_object_or_404(
        Author.objects.select_related("institution", "merged_into"), slug=slug
    )
    if author.merged_into_id:
        survivor = author.merged_into
        while survivor.merged_into_id:
            survivor = survivor.merged_into
        return redirect(survivor, permanent=True)
    return render(
        request, "profiles/detail.html", {"author": author, "works": author_works(author)}
    )
