"""Shared fixtures: real PostgreSQL (pytest-django's test database) and real Redis."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import redis
from django.conf import settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from ingest.models import ImportRun
from ingest.pipeline import import_file

PASSWORD = "correct-horse-battery"

# Property tests: no deadline anywhere (a slow or busy machine is not a failure); on CI
# (CI set, as .ci/run does) the same examples every run, and a failure prints the blob
# that replays it (@reproduce_failure). A test's own @settings(...) overrides single fields.
hypothesis_settings.register_profile("dev", deadline=None)
hypothesis_settings.register_profile(
    "ci",
    deadline=None,
    derandomize=True,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
hypothesis_settings.load_profile(
    os.environ.get("HYPOTHESIS_PROFILE") or ("ci" if os.environ.get("CI") else "dev")
)


def worker_redis_url(url: str, worker: str, first: int) -> str:
    """REDIS_URL for pytest-xdist worker ``gwN``: the same server, database ``first + N``."""
    return urlsplit(url)._replace(path=f"/{first + int(worker.removeprefix('gw'))}").geturl()


def pytest_configure(config):
    """Under pytest-xdist, each worker its own Redis database (`make test-fast`).

    The cache (so the rate-limit and lockout counters), the Celery broker and the arXiv
    request lock all live at REDIS_URL, and tests empty the cache: two workers on one
    database would see each other's counters and flush each other's keys. Worker gwN uses
    database XDIST_FIRST_REDIS_DB + N (1 + N by default) on REDIS_URL's server; each
    worker already has its own PostgreSQL database (pytest-django: test_<name>_gwN).
    Django's settings are loaded before this file, so they are rewritten here, before
    any cache or broker connection is made.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker:
        return
    first = int(os.environ.get("XDIST_FIRST_REDIS_DB", "1"))
    url = worker_redis_url(settings.REDIS_URL, worker, first)
    try:
        redis.Redis.from_url(url).ping()
    except redis.RedisError as exc:
        raise pytest.UsageError(
            f"xdist worker {worker}: Redis database {url} is not usable ({exc}); "
            "set XDIST_FIRST_REDIS_DB so that it and the next -n databases exist"
        ) from exc
    os.environ["REDIS_URL"] = url  # for processes the tests start
    settings.REDIS_URL = url
    settings.CELERY_BROKER_URL = url
    settings.CACHES = {
        **settings.CACHES,
        "default": {**settings.CACHES["default"], "LOCATION": url},
    }

    from config.celery import app

    app.conf.broker_url = url


@pytest.fixture
def samples():
    """The recorded arXiv responses, read in place; tests that need them skip without them."""
    root = Path(settings.ARXIV_SAMPLES_DIR)
    if not root.is_dir():
        pytest.skip(f"ARXIV_SAMPLES_DIR ({root}) is absent: recorded arXiv responses not available")
    return root


@pytest.fixture
def redis_client():
    """The real Redis named by REDIS_URL (make test points it at its own database)."""
    client = redis.Redis.from_url(settings.REDIS_URL)
    client.delete("arxiv:request-lock", "arxiv:last-request-at")
    yield client
    client.delete("arxiv:request-lock", "arxiv:last-request-at")


@pytest.fixture
def ingest(tmp_path):
    """Import bytes (a generated or recorded response) through the real file path; returns the run."""
    counter = iter(range(10_000))

    def run(body: bytes, *, hold: bool = False) -> ImportRun:
        path = tmp_path / f"response-{next(counter)}.xml"
        path.write_bytes(body)
        return import_file(path, hold=hold)

    return run


def table_counts() -> dict[str, int]:
    """Row counts of every table ingest writes, to prove a failed batch wrote nothing."""
    from graph.models import CoauthorEdge
    from papers.models import Authorship, Paper, PaperVersion
    from profiles.models import Author, AuthorAlias

    return {
        m.__name__: m.objects.count()
        for m in (Paper, PaperVersion, Authorship, Author, AuthorAlias, CoauthorEdge)
    }


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (REDIS_URL's database: 15 under make test, the
    worker's own under make test-fast), as with a new database."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Tests create many accounts; the production hasher is slow on purpose."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def make_user(db):
    """Accounts with a (by default verified) email address, as allauth keeps them."""
    import itertools

    from tests.factories import UserFactory

    counter = itertools.count(1)

    def make(email=None, *, verified=True, staff=False, curator=False):
        """``staff`` makes a superuser; ``curator`` a staff member of the "curator" group only."""
        email = email or f"person{next(counter)}@example.org"
        return UserFactory(email=email, verified=verified, staff=staff, curator=curator)

    return make
