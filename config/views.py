from django.db import connection
from django.http import HttpResponse
from django.shortcuts import render


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
