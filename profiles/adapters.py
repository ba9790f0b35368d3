"""allauth glue: ORCID sign-in talks HTTP through httpx, the one client the project uses.

allauth's OAuth2 client asks the adapter for a requests-style session and calls
``request(method, url, params=, data=, headers=, auth=)`` and ``get(url, ...)``
on it; httpx.Client answers the same calls, and respx can stand in for ORCID.
"""

import httpx
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter

TIMEOUT = httpx.Timeout(10.0, connect=5.0)


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def get_requests_session(self):
        return httpx.Client(timeout=TIMEOUT)
