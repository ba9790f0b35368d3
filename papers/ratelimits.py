"""How often one account (or one address) may do each thing; django-ratelimit counts it.

The limits are settings (``RATE_LIMITS``) read at each request, so a deployment
or a load test can set its own. Counted in the Redis cache; over a limit,
RatelimitMiddleware answers with the 429 page (config.views.rate_limited).
Sign-up, password reset and failed logins are allauth's own limits
(settings.ACCOUNT_RATE_LIMITS). This module sits with the lowest app, which
every view can import.
"""

from functools import partial

from django.conf import settings
from django_ratelimit.decorators import ratelimit


def limit(name: str):
    """The current rate for ``name`` ("5/d"), as django-ratelimit asks for it."""

    def current(group, request):
        return settings.RATE_LIMITS[name]

    return current


# Signed-in actions are counted per account (per address when signed out); search per address.
per_account = partial(ratelimit, key="user_or_ip", method="POST", block=True)
per_address = partial(ratelimit, key="ip", method=["GET", "POST"], block=True)
