"""Small view helpers the paper and profile views share."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse


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
