"""Every API error is JSON with a message: ninja's exception handlers, replaced.

A client of a JSON API should never have to parse an HTML error page, so the
404 of an unknown id, the 422 of a bad parameter, the 400 of a bad cursor and
even an unexpected 500 all answer ``{"message": ...}`` (api.schemas.Message).
"""

from __future__ import annotations

import logging

from django.db import InterfaceError, OperationalError
from django.http import Http404, JsonResponse
from ninja.errors import HttpError, ValidationError

from api.cursors import BadCursor

log = logging.getLogger("peerfolio.api")


def is_api_request(request) -> bool:
    """Whether an error for this request is answered in JSON (the API) or as a page."""
    return request.path.startswith("/api/")


def _error(status: int, message: str, errors=None) -> JsonResponse:
    body = {"message": message}
    if errors is not None:
        body["errors"] = errors
    return JsonResponse(body, status=status)


def register_error_handlers(api) -> None:
    @api.exception_handler(Http404)
    def not_found(request, exc):
        return _error(404, str(exc) or "Not found.")

    @api.exception_handler(BadCursor)
    def bad_cursor(request, exc):
        return _error(400, str(exc))

    @api.exception_handler(ValidationError)
    def invalid(request, exc):
        # ninja's error dicts may carry the exception object in "ctx": keep what JSON can hold.
        errors = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors]
        return _error(422, "Some parameters are not valid.", errors)

    @api.exception_handler(HttpError)
    def http_error(request, exc):
        return _error(exc.status_code, str(exc))

    @api.exception_handler(Exception)
    def unexpected(request, exc):
        if isinstance(exc, (OperationalError, InterfaceError)):  # PostgreSQL restarting
            log.warning("API %s: the database is unavailable (%s)", request.path, exc)
            response = _error(503, "The database is unavailable; try again in a few seconds.")
            response["Retry-After"] = "5"
            return response
        log.exception("API error on %s", request.path)
        return _error(500, "Internal server error.")


def not_found_view(request, rest=""):
    """Any address under /api/ that names no resource."""
    return _error(404, "No such API resource; see /api/v1/docs.")
