from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from digests.subscriptions import subscriptions_of
from profiles.queries import home_of


def healthz(request):
    """For container health checks: the app answers and PostgreSQL answers it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


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
