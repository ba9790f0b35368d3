"""The test set-up itself: a Redis database per pytest-xdist worker, the Hypothesis profile."""

import os

import pytest
from django.conf import settings
from hypothesis import settings as hypothesis_settings

from config.celery import app
from tests.conftest import worker_redis_url


def test_each_xdist_worker_gets_the_next_database_on_the_same_server():
    url = "redis://:secret@redis.internal:6380/15"
    assert worker_redis_url(url, "gw0", 1) == "redis://:secret@redis.internal:6380/1"
    assert worker_redis_url(url, "gw3", 4) == "redis://:secret@redis.internal:6380/7"


def test_the_cache_and_the_broker_use_the_redis_database_of_this_process():
    assert settings.CACHES["default"]["LOCATION"] == settings.REDIS_URL
    assert settings.CELERY_BROKER_URL == app.conf.broker_url == settings.REDIS_URL
    assert os.environ.get("REDIS_URL", settings.REDIS_URL) == settings.REDIS_URL
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        first = int(os.environ.get("XDIST_FIRST_REDIS_DB", "1"))
        assert settings.REDIS_URL.endswith(f"/{first + int(worker.removeprefix('gw'))}")


@pytest.mark.skipif("HYPOTHESIS_PROFILE" in os.environ, reason="a profile chosen by name")
def test_property_tests_have_no_deadline_and_ci_replays_the_same_examples():
    assert hypothesis_settings.default.deadline is None
    assert hypothesis_settings.default.derandomize == bool(os.environ.get("CI"))
