"""The last guard of "every API error is JSON": what happens outside ninja's handlers.

Ninja answers a wrong method with a plain-text 405, and an exception raised around
an operation (in a view decorator, say) would reach Django's HTML 500 page. Under
/api/ both become ``{"message": ...}``; the rest of the site is left alone.
"""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse

log = logging.getLogger("peerfolio.api")
API_PREFIX = "/api/"


class JsonErrorsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            request.path.startswith(API_PREFIX)
            and response.status_code == 405
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            allowed = response.get("Allow", "")
            response = JsonResponse(
                {"message": f"{request.method} is not allowed here; use {allowed or 'GET'}."},
                status=405,
            )
            response["Allow"] = allowed
        return response

    def process_exception(self, request, exception):
        if not request.path.startswith(API_PREFIX):
            return None
        # What Django would answer with a status of its own stays that status, in JSON.
        if isinstance(exception, Http404):
            return JsonResponse({"message": "Not found."}, status=404)
        if isinstance(exception, PermissionDenied):
            return JsonResponse({"message": "Not allowed."}, status=403)
        log.exception("API error on %s", request.path)
        return JsonResponse({"message": "Internal server error."}, status=500)
