"""Refuse requests no honest browser sends, before any view or query sees them.

PostgreSQL text cannot hold a NUL byte: one in a path, a query value or a form
value reaches a lookup and fails there as a DataError (a 500). Bytes that are
not UTF-8 arrive as U+FFFD in query and form values (Django decodes with
``errors="replace"``) and re-percent-encoded in the path, so they cannot be
trusted to mean anything either. Both are answered here with a clear 400, once,
instead of in every view. Views still validate what they parse.

It runs before the session and authentication middleware, so a forged cookie
never reaches a session lookup either.
"""

from __future__ import annotations

from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render

from api.errors import is_api_request

NUL = "\x00"
UNDECODABLE = "\ufffd"  # what Django puts where the bytes were not UTF-8
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _hostile(text: str) -> bool:
    return NUL in text or UNDECODABLE in text


def _hostile_values(querydict) -> bool:
    return any(
        _hostile(key) or any(_hostile(v) for v in values) for key, values in querydict.lists()
    )


class HostileInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if problem := self._problem(request):
            if is_api_request(request):
                return JsonResponse({"message": problem}, status=400)
            return render(request, "400.html", {"problem": problem}, status=400)
        return self.get_response(request)

    def _problem(self, request) -> str | None:
        if _hostile(request.path):
            return "This address contains characters no page here uses."
        if _hostile_values(request.GET):
            return "The query string contains a NUL byte or bytes that are not UTF-8."
        if request.method == "POST" and request.content_type in FORM_TYPES:
            try:
                form = request.POST
            except MultiPartParserError:
                return "The form could not be read."
            if _hostile_values(form):
                return "The form contains a NUL byte or bytes that are not UTF-8."
        if any(_hostile(value) for value in request.COOKIES.values()):
            return "A cookie contains a NUL byte or bytes that are not UTF-8."
        return None
