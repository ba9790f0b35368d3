"""A Celery round trip through the real Redis broker, with a worker started by the test."""

import time

import pytest
import respx
from celery.contrib.testing.worker import start_worker

from config.celery import app
from ingest.models import FeedSource, ImportRun, SourceKind
from ingest.tasks import enqueue_feed_source, run_feed_source
from papers.models import Paper
from tests.feedgen import api_feed, make_record


@pytest.fixture
def worker(settings, redis_client):
    """A real worker thread consuming from the real Redis broker (REDIS_URL)."""
    settings.ARXIV_MIN_INTERVAL = 0
    app.conf.broker_url = settings.REDIS_URL
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


def _wait_for(predicate, timeout=20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@respx.mock
def test_a_queued_pull_is_run_by_a_worker_and_lands_in_the_database(worker):
    respx.get("https://export.arxiv.org/api/query").respond(
        200, content=api_feed([make_record(1), make_record(2)], total_results=2)
    )
    source = FeedSource.objects.create(name="cs.LG", kind=SourceKind.API, query="cat:cs.LG")

    run_feed_source.delay(source.pk)

    assert _wait_for(lambda: ImportRun.objects.filter(source=source, status="succeeded").exists())
    run = ImportRun.objects.get(source=source)
    assert (run.fetched, run.created) == (2, 2)
    assert set(Paper.objects.values_list("arxiv_id", flat=True)) == {"2601.00001", "2601.00002"}


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_disabled_source_is_not_pulled(worker):
    source = FeedSource.objects.create(
        name="off", kind=SourceKind.API, query="cat:cs.AI", enabled=False
    )

    result = run_feed_source.apply(args=[source.pk])

    assert result.get() is None
    assert not ImportRun.objects.exists()


def test_tasks_are_json_only_and_imports_acknowledge_late():
    assert app.conf.task_serializer == "json" and app.conf.accept_content == ["json"]
    assert run_feed_source.acks_late and run_feed_source.reject_on_worker_lost


@pytest.mark.django_db
def test_enqueueing_waits_for_the_transaction_to_commit(
    django_capture_on_commit_callbacks, monkeypatch
):
    sent = []
    monkeypatch.setattr(run_feed_source, "apply_async", lambda args, **_: sent.append(tuple(args)))

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enqueue_feed_source(42)
        assert sent == []

    for callback in callbacks:
        callback()
    assert sent == [(42,)]
