"""Where SECRET_KEY comes from: the environment in production, a private file in development.

Every signed value (sessions, CSRF, digest links, password resets) is only as
secret as this key, so no key is ever written in the code: a key that is in a
public repository signs tokens anyone can forge.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# Django's own deploy check (security.W009) asks for the same length and variety.
MIN_LENGTH = 50
MIN_UNIQUE_CHARACTERS = 5
# Keys that were once in this repository or Django's project template: public, so never secret.
KNOWN_PUBLIC_KEYS = frozenset({"dev-only-insecure-key-do-not-use-in-production"})
PUBLIC_PREFIXES = ("django-insecure-",)


def weakness(key: str) -> str | None:
    """Why this key must not sign anything in production, or None when it is strong enough."""
    if key in KNOWN_PUBLIC_KEYS or key.startswith(PUBLIC_PREFIXES):
        return "is a published development key"
    if len(key) < MIN_LENGTH:
        return f"is {len(key)} characters long; use at least {MIN_LENGTH}"
    if len(set(key)) < MIN_UNIQUE_CHARACTERS:
        return f"has fewer than {MIN_UNIQUE_CHARACTERS} different characters"
    return None


def production_secret_key(value: str | None) -> str:
    """The environment's key, refused when it is missing or weak."""
    how = 'generate one with: python3 -c "import secrets; print(secrets.token_urlsafe(50))"'
    if not value:
        raise ImproperlyConfigured(f"SECRET_KEY must be set when DEBUG is false; {how}")
    problem = weakness(value)
    if problem:
        raise ImproperlyConfigured(f"SECRET_KEY {problem}; {how}")
    return value


def development_secret_key(path: Path) -> str:
    """A random key kept in ``path`` (mode 0600), made on first use and reused after.

    Several processes start at once under `make run` (web, worker, beat): the
    key is written to a private temporary file and hard-linked into place, so
    exactly one process's key wins and no process ever reads a half-written file.
    """
    try:
        key = path.read_text().strip()
    except FileNotFoundError:
        key = _create(path)
    if weakness(key):
        raise ImproperlyConfigured(
            f"{path} does not hold a usable key; delete it to make a new one"
        )
    return key


def _create(path: Path) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(MIN_LENGTH)
    # mkstemp creates the file readable and writable by its owner only.
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".secret_key.")
    try:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(key + "\n")
        os.link(temporary, path)
    except FileExistsError:
        return path.read_text().strip()  # another process made it first: use theirs
    finally:
        os.unlink(temporary)
    return key
