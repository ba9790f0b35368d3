"""/healthz names each dependency, and the served site keeps PostgreSQL connections bounded."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection
from django.test import override_settings

from config.env import default

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_healthz_says_ok_with_every_dependency_up(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok" and body["down"] == []
    assert set(body["checks"]) == {"postgresql", "redis", "static"}
    assert all(check["ok"] for check in body["checks"].values())
    assert body["checks"]["postgresql"]["connections"] >= 1  # this test's own, at least


def test_healthz_is_503_naming_redis_when_redis_is_down(client, settings):
    dead = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    with override_settings(
        REDIS_URL=dead,
        CACHES={"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}},
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down" and body["down"] == ["redis"]
    assert "Connection" in body["checks"]["redis"]["error"]
    assert body["checks"]["postgresql"]["ok"]


def test_healthz_is_503_when_the_static_manifest_is_missing(client, tmp_path):
    manifest = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    with override_settings(
        STATIC_ROOT=tmp_path,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": manifest},
        },
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["down"] == ["static"]


def _free_port() -> int:
    for port in range(8010, 8100):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port in 8010-8099")


def _connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()")
        return cursor.fetchone()[0]


@pytest.fixture
def served(tmp_path):
    """`make run`'s web server (gunicorn, WEB_CONCURRENCY sync workers) on the test database."""
    port = _free_port()
    database = urlsplit(os.environ.get("DATABASE_URL", default("DATABASE_URL")))
    database = database._replace(path="/" + connection.settings_dict["NAME"]).geturl()
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "WEB_CONCURRENCY": "2",
        "DB_CONN_MAX_AGE": "60",  # as scripts/run.sh: kept, one per worker
        "DEBUG": "true",
    }
    gunicorn = Path(sys.executable).with_name("gunicorn")
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [str(gunicorn), "config.wsgi:application", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=5).read()
                break
            except (urllib.error.URLError, ConnectionError, TimeoutError):  # slow start under load
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError((tmp_path / "gunicorn.log").read_text()) from None
                time.sleep(0.3)
        yield base
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


def test_concurrent_requests_keep_connections_within_the_bound(served):
    """30 at once against 2 workers: never more than a connection per worker (plus ours).

    Under `make run`'s old threaded runserver with CONN_MAX_AGE=60 every request thread kept
    its own connection, until PostgreSQL refused everyone ("too many clients already").
    """
    workers, ours = 2, 1
    bound = workers + ours

    def get(path):
        with urllib.request.urlopen(served + path, timeout=60) as response:
            return response.status, response.read()

    paths = ["/papers/daily/", "/healthz", "/search/?q=graph"] * 10
    peak = _connections()
    with ThreadPoolExecutor(max_workers=30) as pool:
        futures = [pool.submit(get, path) for path in paths]
        while not all(f.done() for f in futures):
            peak = max(peak, _connections())
            time.sleep(0.02)
    results = [f.result() for f in futures]

    assert [status for status, _ in results] == [200] * len(paths)
    assert peak <= bound, f"{peak} connections at once, bound {bound}"
    assert _connections() <= bound
