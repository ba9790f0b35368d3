"""Imports at the same time, collisions retried, and a file import stopped part-way then rerun.

Real PostgreSQL, real recorded files; the imports run on threads, each with its own
connection, so they collide as two workers would.
"""

from __future__ import annotations

import hashlib
import threading

import psycopg
import pytest
from django.apps import apps
from django.db import connection, connections

import ingest.store as store
from ingest.models import ImportRun
from ingest.pipeline import import_file
from papers.models import Authorship, Category, Paper
from profiles.models import Author

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

RSS = [f"rss/distill_rss_cs.{c}_2026-04-27.xml" for c in ("AI", "CL", "LG")]
OAI_DC = "oai/scrapi_ListRecords_oai_dc_2014-12-24_897rec.xml"


def _files(samples, tmp_path):
    """Three same-day listings, the three as one listing, and an oai_dc harvest."""
    bodies = [(samples / name).read_text() for name in RSS]
    items = "".join(b.split("</skipDays>", 1)[1].rsplit("</channel>", 1)[0] for b in bodies)
    combined = tmp_path / "combined.xml"
    combined.write_text(
        bodies[0].split("</skipDays>", 1)[0] + "</skipDays>" + items + "</channel></rss>"
    )
    return [*(samples / name for name in RSS), combined, samples / OAI_DC]


def _empty():
    tables = [
        m._meta.db_table
        for label in ("ingest", "papers", "profiles", "graph")
        for m in apps.get_app_config(label).get_models(include_auto_created=True)
        if m is not Category and m._meta.managed and not m._meta.proxy
    ]
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE")


def _state():
    """Papers, bylines, authors and works counters, free of row ids."""
    partition = sorted(
        ",".join(sorted(f"{a}#{p}" for a, p in rows)) for rows in _bylines_by_author().values()
    )
    papers = sorted(Paper.objects.values_list("arxiv_id", "latest_version", "content_hash"))
    bylines = sorted(
        Authorship.objects.values_list("paper__arxiv_id", "position", "name_as_printed")
    )
    works = sorted(Author.objects.filter(merged_into=None).values_list("works_count", flat=True))
    digest = hashlib.sha256(repr((papers, bylines, partition, works)).encode()).hexdigest()
    return {
        "papers": len(papers),
        "bylines": len(bylines),
        "authors": len(works),
        "works": sum(works),
        "digest": digest,
    }


def _bylines_by_author():
    found: dict[int, list] = {}
    for author, arxiv_id, position in Authorship.objects.filter(author__isnull=False).values_list(
        "author_id", "paper__arxiv_id", "position"
    ):
        found.setdefault(author, []).append((arxiv_id, position))
    return found


def _at_once(paths):
    runs, errors = {}, []

    def one(path):
        try:
            runs[path] = import_file(path)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=one, args=(p,)) for p in paths]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return runs


def test_overlapping_imports_at_once_end_as_one_by_one(samples, tmp_path):
    paths = _files(samples, tmp_path)
    for path in paths:
        assert import_file(path).status == "succeeded"
    one_by_one = _state()
    _empty()

    runs = _at_once(paths)

    assert {run.status for run in runs.values()} == {"succeeded"}
    assert _state() == one_by_one
    assert one_by_one["papers"] == 897 + 9


def test_a_deadlocked_batch_is_stored_again(samples, monkeypatch):
    real, calls = store._store, []

    def deadlocking_once(*args):
        calls.append(1)
        if len(calls) == 1:
            raise psycopg.errors.DeadlockDetected("deadlock detected")
        return real(*args)

    monkeypatch.setattr(store, "_store", deadlocking_once)

    run = import_file(samples / RSS[0])

    assert (run.status, run.created, len(calls)) == ("succeeded", 3, 2)
    assert Paper.objects.count() == 3


def test_a_file_import_stopped_part_way_says_so_and_a_rerun_completes_it(samples, monkeypatch):
    path = samples / OAI_DC
    import_file(path)
    whole = _state()
    _empty()
    real, batches = store._store, []

    def failing_third(*args):  # as a worker killed, or PostgreSQL gone, in the third batch
        batches.append(1)
        if len(batches) == 3:
            raise psycopg.errors.UniqueViolation("duplicate key value violates unique constraint")
        return real(*args)

    monkeypatch.setattr(store, "_store", failing_third)
    stopped = import_file(path)

    assert (stopped.status, stopped.fetched, stopped.cursor["offset"]) == ("failed", 500, 500)
    assert "the 500 records before it stay applied" in stopped.error
    assert Paper.objects.count() == 500
    monkeypatch.setattr(store, "_store", real)

    rerun = import_file(path)

    assert (rerun.pk, rerun.status, rerun.fetched) == (stopped.pk, "succeeded", 897)
    assert ImportRun.objects.count() == 1
    assert _state() == whole
