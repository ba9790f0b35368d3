"""Settings read from the environment (12-factor), with the defaults for local development.

Kept free of Django imports so that ``config.services`` can check the services
before Django (or even the virtualenv's Django) is loaded.
"""

from __future__ import annotations

import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# Every variable the settings read, with its development default and what it is.
# docker-compose.yml and the README are checked against this table by a test.
ENVIRONMENT_VARIABLES: dict[str, tuple[str | None, str]] = {
    "DEBUG": ("true", "Development mode; never true in production."),
    "SECRET_KEY": (
        None,
        "Required when DEBUG is false (50+ characters); development keeps one in var/secret_key.",
    ),
    "DATABASE_URL": ("postgres://postgres@127.0.0.1:5432/peerfolio", "PostgreSQL."),
    "REDIS_URL": ("redis://127.0.0.1:6379/0", "Celery broker, cache and the arXiv rate lock."),
    "ALLOWED_HOSTS": ("127.0.0.1,localhost", "Comma-separated host names."),
    "EMAIL_URL": ("consolemail://", "Email backend as a URL (smtp://user:pass@host:587)."),
    "ARXIV_CONTACT_EMAIL": ("peerfolio-dev@example.org", "Contact sent to arXiv in User-Agent."),
    "ARXIV_SAMPLES_DIR": (
        str(BASE_DIR.parent / "shared" / "data" / "arxiv"),
        "Recorded arXiv responses for the demo and tests.",
    ),
    "ARXIV_API_URL": (
        "https://export.arxiv.org/api/query",
        "arXiv API endpoint (a mirror or test server).",
    ),
    "ARXIV_RSS_URL": (
        "https://rss.arxiv.org/rss/",
        "arXiv RSS listings; the category set is appended.",
    ),
    "ARXIV_OAI_URL": ("https://oaipmh.arxiv.org/oai", "arXiv OAI-PMH endpoint."),
    "ARXIV_OFFLINE": ("", "1 keeps the standard arXiv sources disabled (no polling)."),
    "SEMANTIC_SCHOLAR_API_KEY": ("", "Optional Semantic Scholar API key (higher rate limits)."),
    "SITE_URL": ("http://127.0.0.1:8000", "Public address of the site, for links in emails."),
    "ORCID_CLIENT_ID": ("", "ORCID public API client id; empty hides 'Sign in with ORCID'."),
    "ORCID_CLIENT_SECRET": ("", "ORCID public API client secret."),
    "OPENALEX_MAILTO": ("", "Contact for OpenAlex's polite pool; ARXIV_CONTACT_EMAIL if empty."),
    "WEB_CONCURRENCY": (
        "2",
        "Web server worker processes (gunicorn reads it too); each holds at most one DB connection.",
    ),
    "DB_CONN_MAX_AGE": (
        "0",
        "Seconds a DB connection is kept between requests; 0 closes it (any threaded server).",
    ),
    "IMPORT_HEARTBEAT_LIMIT": (
        "600",
        "Seconds without a heartbeat after which a running import is failed as 'worker lost'.",
    ),
    # HTTPS: empty means on when DEBUG is false, off when it is true.
    "SECURE_SSL_REDIRECT": ("", "Redirect http:// to https:// (not /healthz)."),
    "SECURE_PROXY_SSL_HEADER": (
        "",
        "Header the TLS proxy sets to 'https' (X-Forwarded-Proto when DEBUG is false); 'none'.",
    ),
    "SECURE_HSTS_SECONDS": ("", "Strict-Transport-Security max-age (a year when DEBUG is false)."),
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": ("", "HSTS for every subdomain too."),
    "SECURE_HSTS_PRELOAD": ("", "HSTS 'preload': lets browsers ship the host as HTTPS-only."),
    "SESSION_COOKIE_SECURE": ("", "Send the session cookie over HTTPS only."),
    "CSRF_COOKIE_SECURE": ("", "Send the CSRF cookie over HTTPS only."),
}


def default(name: str) -> str | None:
    return ENVIRONMENT_VARIABLES[name][0]


def get(name: str) -> str | None:
    return os.environ.get(name, default(name))
