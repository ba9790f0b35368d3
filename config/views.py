import sys
from functools import wraps

import redis
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
from django.db import InterfaceError, OperationalError, connection
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_safe

from api.errors import is_api_request
from digests.subscriptions import subscriptions_of
from profiles.queries import home_of

DATABASE_DOWN = (OperationalError, InterfaceError)


def server_error(request):
    """handler500: a 503 that says "try again in a moment" when PostgreSQL cannot be reached
    (restarting, failing over), the site's 500 page otherwise; JSON under /api/.

    Rendered without the request: its context (the signed-in user, the session) would
    go back to the database that just failed.
    """
    down = isinstance(sys.exc_info()[1], DATABASE_DOWN)
    status = 503 if down else 500
    if is_api_request(request):
        message = (
            "The database is unavailable; try again in a few seconds."
            if down
            else ("Internal server error.")
        )
        response = JsonResponse({"message": message}, status=status)
    else:
        response = HttpResponse(render_to_string(f"{status}.html"), status=status)
    if down:
        response["Retry-After"] = "5"
    return response


def healthz(request):
    """Each dependency the site needs, as JSON: 200 when all are up, 503 naming what is down.

    ``{"status": "ok", "checks": {"postgresql": {"ok": true, "connections": 3, ...},
    "redis": {...}, "static": {...}}}``. ``connections`` is how many PostgreSQL
    connections this database has now (every process: web, worker, beat): the
    number to watch against ``max_connections``.
    """
    checks = {"postgresql": _postgresql(), "redis": _redis(), "static": _static_manifest()}
    up = all(check["ok"] for check in checks.values())
    down = [name for name, check in checks.items() if not check["ok"]]
    body = {"status": "ok" if up else "down", "down": down, "checks": checks}
    return JsonResponse(body, status=200 if up else 503)


def _failed(exc: Exception) -> dict:
    return {"ok": False, "error": f"{exc.__class__.__name__}: {exc}"[:300]}


def _postgresql() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), current_setting('max_connections')::int"
                " FROM pg_stat_activity WHERE datname = current_database()"
            )
            in_use, max_connections = cursor.fetchone()
    except Exception as exc:  # any failure is "down", never a 500
        return _failed(exc)
    return {
        "ok": True,
        "connections": in_use,
        "max_connections": max_connections,
        "web_workers": settings.WEB_CONCURRENCY,
        "conn_max_age": connection.settings_dict["CONN_MAX_AGE"],
    }


def _redis() -> dict:
    """The cache's Redis (the broker's too), asked directly with short timeouts."""
    location = settings.CACHES["default"].get("LOCATION") or settings.REDIS_URL
    client = redis.Redis.from_url(location, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except Exception as exc:
        return _failed(exc)
    finally:
        client.close()
    return {"ok": True}


def _static_manifest() -> dict:
    """Production's hashed static files need ``collectstatic``'s manifest; without it every
    page with a stylesheet fails."""
    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return {"ok": True, "manifest": "not used"}
    try:
        hashed_files = staticfiles_storage.load_manifest()
        if isinstance(hashed_files, tuple):  # Django 5: (hashed_files, manifest_hash)
            hashed_files = hashed_files[0]
        entries = len(hashed_files)
    except Exception as exc:
        return _failed(exc)
    if not entries:
        return {"ok": False, "error": "No static manifest: run manage.py collectstatic."}
    return {"ok": True, "files": entries}


def rate_limited(request, exception=None):
    """Too many requests of one kind from one account or address: 429, and when to come back."""
    response = render(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response


def orcid_configured() -> bool:
    """ORCID_CLIENT_ID set: settings then list one ORCID app (none when it is empty)."""
    return bool(settings.SOCIALACCOUNT_PROVIDERS.get("orcid", {}).get("APPS"))


def only_when_orcid_configured(view):
    """A 404 instead of allauth's SocialApp.DoesNotExist (a 500) while ORCID is not set up.

    Checked per request, not when the URLs load, so the setting can change under tests.
    allauth already hides the "Sign in with ORCID" button when no app is listed.
    """

    @wraps(view)
    def guarded(request, *args, **kwargs):
        if not orcid_configured():
            raise Http404("Sign in with ORCID is not set up on this site.")
        return view(request, *args, **kwargs)

    return guarded


@login_required
@require_safe
def me(request):
    """The signed-in person's home: their records and claims, follows and digest subscriptions.

    It brings apps of different layers together (profiles, digests), so it lives with the URL conf.
    """
    context = home_of(request.user)
    context["digest_subscriptions"] = subscriptions_of(request.user)  # one query
    return render(request, "profiles/me.html", context)
