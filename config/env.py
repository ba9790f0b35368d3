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
    "SEMANTIC_SCHOLAR_API_KEY": ("", "Optional Semantic Scholar API key (higher rate limits)."),
    "SITE_URL": ("http://127.0.0.1:8000", "Public address of the site, for links in emails."),
    "ORCID_CLIENT_ID": ("", "ORCID public API client id; empty hides 'Sign in with ORCID'."),
    "ORCID_CLIENT_SECRET": ("", "ORCID public API client secret."),
    "OPENALEX_MAILTO": ("", "Contact for OpenAlex's polite pool; ARXIV_CONTACT_EMAIL if empty."),
}


def default(name: str) -> str | None:
    return ENVIRONMENT_VARIABLES[name][0]


def get(name: str) -> str | None:
    return os.environ.get(name, default(name))
