"""A worker killed mid-import: its task is redelivered and takes over the same run."""

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from config.celery import app
from ingest.models import ImportRun
from ingest.pipeline import resumable_file_run
from ingest.runs import RUNS_SPACE, start_run
from ingest.tasks import IMPORT_TIME_LIMIT, import_file
from papers.models import Paper
from tests.feedgen import api_feed, make_record, oai_list_records

ROOT = Path(__file__).resolve().parents[2]


def _wait_for(predicate, timeout=60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.02)
    return None


def _database_url() -> str:
    params = connection.get_connection_params()
    host, port = params.get("host") or "127.0.0.1", params.get("port") or 5432
    return f"postgres://{params.get('user', 'postgres')}@{host}:{port}/{params['dbname']}"


def test_redis_redelivers_an_import_only_after_its_time_limit():
    # Before it, a long import would be started a second time with its worker still alive.
    assert settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] > IMPORT_TIME_LIMIT


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_run_is_taken_over_only_once_the_process_working_it_is_gone(tmp_path):
    path = tmp_path / "listing.xml"
    path.write_bytes(api_feed([make_record(n) for n in range(1, 4)]))
    run = ImportRun.objects.create(
        kind="file", origin=str(path.resolve()), status="running",
        cursor={"offset": 1, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()},
    )  # fmt: skip
    worker = psycopg.connect(_database_url(), autocommit=True)  # the live worker's connection
    worker.execute("SELECT pg_advisory_lock(%s, %s)", [RUNS_SPACE, run.pk])

    assert resumable_file_run(run.origin, run.cursor["sha256"]) is None
    with pytest.raises(Exception, match="another process"):
        start_run(ImportRun.objects.get(pk=run.pk))

    worker.close()  # killed: its connection, and with it the lock, is gone
    taken = _wait_for(lambda: resumable_file_run(run.origin, run.cursor["sha256"]), timeout=5)
    assert taken is not None and taken.pk == run.pk


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_worker_killed_mid_import_has_its_task_redelivered_and_the_same_run_finished(
    tmp_path, redis_client
):
    redis_client.flushdb()  # no message of an earlier test for this worker
    path = tmp_path / "harvest.xml"
    path.write_bytes(oai_list_records([make_record(n) for n in range(1, 1501)]))  # 6 batches
    env = {**os.environ, "DATABASE_URL": _database_url(), "REDIS_URL": settings.REDIS_URL}
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "config.celery", "worker", "--pool=prefork",
         "--concurrency=1", "--loglevel=WARNING", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        app.conf.broker_url = settings.REDIS_URL
        import_file.delay(str(path))
        # Killed after its first batch is committed and before its last.
        run = _wait_for(
            lambda: ImportRun.objects.filter(cursor__offset__gte=250, status="running").first()
        )
        assert run is not None, ImportRun.objects.values("status", "error", "cursor").first()
        child = int(subprocess.check_output(["pgrep", "-P", str(worker.pid)], text=True).split()[0])
        os.kill(child, signal.SIGKILL)
        offset_at_kill = ImportRun.objects.get(pk=run.pk).cursor["offset"]

        finished = _wait_for(
            lambda: ImportRun.objects.filter(pk=run.pk, status="succeeded").first(), timeout=120
        )
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    assert offset_at_kill < 1500, "killed too late to tell"
    assert finished is not None, ImportRun.objects.values("status", "error", "cursor").first()
    assert ImportRun.objects.count() == 1  # the same run, taken over, not a second one
    assert (finished.cursor["offset"], finished.fetched, finished.created) == (1500, 1500, 1500)
    assert Paper.objects.count() == 1500
