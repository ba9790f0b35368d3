"""Small view helpers the paper and profile views share."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404


def sign_in_first(request, next_url: str) -> HttpResponse:
    """Anonymous: to the sign-in page and back; HTMX gets the same as an HX-Redirect."""
    response = redirect_to_login(next_url)
    if request.htmx:
        return HttpResponse(status=204, headers={"HX-Redirect": response["Location"]})
    return response


def query_without(request, *names: str) -> str:
    """The request's query string without these parameters (a "Load more" cursor, say)."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def row_or_404(model_or_queryset, raw_id):
    """The row an id from a URL or a form names; 404 for text that is no id ("abc", "²", "").

    get_object_or_404 alone passes the text to the query, where int("abc") is a 500.
    """
    model = getattr(model_or_queryset, "model", model_or_queryset)
    try:
        pk = model._meta.pk.to_python(raw_id)
    except ValidationError:
        raise Http404(f"“{raw_id}” is not a {model._meta.verbose_name} id.") from None
    return get_object_or_404(model_or_queryset, pk=pk)
