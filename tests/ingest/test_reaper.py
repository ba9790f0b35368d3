"""Runs that end: a run whose worker died (no heartbeat for a while) is failed, not left running."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from config.schedules import PERIODIC_TASKS
from ingest.models import ImportRun, SourceKind
from ingest.runs import reap_lost_runs
from ingest.tasks import reap_lost_runs as reap_task
from tests.feedgen import api_feed, make_record

pytestmark = pytest.mark.django_db


def _running(*, beat_ago: timedelta, fetched: int = 0) -> ImportRun:
    now = timezone.now()
    return ImportRun.objects.create(
        kind=SourceKind.FILE,
        origin="/data/big.jsonl",
        status=ImportRun.Status.RUNNING,
        started_at=now - beat_ago - timedelta(minutes=5),
        heartbeat_at=now - beat_ago,
        fetched=fetched,
        created=max(fetched - 3, 0),
        unchanged=3,
    )


def test_a_run_with_an_old_heartbeat_is_failed_with_how_far_it_got(settings):
    settings.IMPORT_HEARTBEAT_LIMIT = 600
    run = _running(beat_ago=timedelta(minutes=30), fetched=1200)
    beat = run.heartbeat_at

    assert reap_lost_runs() == [run.pk]

    run.refresh_from_db()
    assert run.status == ImportRun.Status.FAILED
    assert run.finished_at is not None
    assert run.error.startswith("Worker lost: no heartbeat since ")
    assert f"{beat:%Y-%m-%d %H:%M:%S}" in run.error
    assert "after 1,200 records" in run.error
    # its counts are kept: what it stored stays stored and reported
    assert (run.fetched, run.created, run.unchanged) == (1200, 1197, 3)


def test_a_fresh_run_and_finished_runs_are_left_alone(settings):
    settings.IMPORT_HEARTBEAT_LIMIT = 600
    fresh = _running(beat_ago=timedelta(minutes=2))
    done = ImportRun.objects.create(
        kind=SourceKind.FILE,
        origin="x",
        status=ImportRun.Status.SUCCEEDED,
        started_at=timezone.now() - timedelta(days=1),
        heartbeat_at=timezone.now() - timedelta(days=1),
    )

    assert reap_lost_runs() == []

    fresh.refresh_from_db()
    done.refresh_from_db()
    assert fresh.status == ImportRun.Status.RUNNING and fresh.error == ""
    assert done.status == ImportRun.Status.SUCCEEDED


def test_reaping_twice_is_harmless(settings):
    settings.IMPORT_HEARTBEAT_LIMIT = 600
    run = _running(beat_ago=timedelta(hours=2), fetched=10)
    assert reap_lost_runs() == [run.pk]
    run.refresh_from_db()
    first = (run.status, run.error, run.finished_at, run.failed)

    assert reap_lost_runs() == []
    assert reap_task() == []  # the beat task does the same

    run.refresh_from_db()
    assert (run.status, run.error, run.finished_at, run.failed) == first


def test_a_run_from_before_heartbeats_is_judged_by_its_start():
    run = _running(beat_ago=timedelta(hours=1))
    ImportRun.objects.filter(pk=run.pk).update(heartbeat_at=None)
    assert reap_lost_runs(timedelta(minutes=10)) == [run.pk]


def test_the_reaper_is_a_fixed_beat_schedule_every_minute():
    (entry,) = [t for t in PERIODIC_TASKS if t["task"] == "ingest.tasks.reap_lost_runs"]
    assert entry["every_minutes"] == 1


def test_stored_pages_beat_and_a_finished_import_is_not_reaped(ingest, settings):
    run = ingest(api_feed([make_record(1), make_record(2)], total_results=2))
    assert run.status == ImportRun.Status.SUCCEEDED
    assert run.heartbeat_at is not None
    assert timezone.now() - ImportRun.objects.get(pk=run.pk).heartbeat_at < timedelta(minutes=1)
    settings.IMPORT_HEARTBEAT_LIMIT = 0
    assert reap_lost_runs() == []


def test_manage_py_ingest_reaps_lost_runs_first(tmp_path, settings, capsys):
    settings.IMPORT_HEARTBEAT_LIMIT = 600
    lost = _running(beat_ago=timedelta(minutes=45), fetched=7)
    path = tmp_path / "one.xml"
    path.write_bytes(api_feed([make_record(1)], total_results=1))

    call_command("ingest", "--file", str(path))

    lost.refresh_from_db()
    assert lost.status == ImportRun.Status.FAILED
    assert "after 7 records" in lost.error
    assert f"Run #{lost.pk}: Worker lost" in capsys.readouterr().err
