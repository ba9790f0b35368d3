"""The metrics tasks: ids in, bounded periodic batches, schedules as editable beat rows."""

import json
from datetime import UTC, datetime, timedelta
from io import StringIO

import httpx
import pytest
import respx
from django.core.management import call_command
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from config.celery import app
from papers.citations import CitationError, CitationsUnavailable
from papers.models import Paper
from papers.tasks import enrich_citations, refresh_stale_citations
from profiles.models import Author
from profiles.tasks import recompute_scores, refresh_author_metrics
from tests.feedgen import make_record

pytestmark = pytest.mark.django_db

S2 = "https://api.semanticscholar.org/graph/v1/paper/batch"
OPENALEX = "https://api.openalex.org/works"
EMPTY_OPENALEX = {"meta": {"count": 0, "page": 1, "per_page": 50}, "results": [], "group_by": []}


def asked_ids(route):
    return [json.loads(call.request.content)["ids"] for call in route.calls]


@respx.mock
def test_the_stale_refresh_takes_never_checked_papers_first_then_old_ones_in_bounded_batches(
    add_papers,
):
    add_papers(*(make_record(n) for n in range(1, 6)))
    now = datetime.now(UTC)
    Paper.objects.filter(arxiv_id="2601.00001").update(citations_as_of=now - timedelta(days=1))
    Paper.objects.filter(arxiv_id="2601.00002").update(citations_as_of=now - timedelta(days=30))
    Paper.objects.filter(arxiv_id="2601.00003").update(citations_as_of=now - timedelta(days=9))
    s2 = respx.post(S2).mock(side_effect=lambda request: httpx.Response(
        200, json=[None] * len(json.loads(request.content)["ids"])
    ))  # fmt: skip
    respx.get(OPENALEX).respond(200, json=EMPTY_OPENALEX)

    assert refresh_stale_citations.apply(kwargs={"batch_size": 2, "max_batches": 1}).get() == 2
    assert refresh_stale_citations.apply(kwargs={"batch_size": 2, "max_batches": 5}).get() == 2
    assert refresh_stale_citations.apply(kwargs={"batch_size": 2, "max_batches": 5}).get() == 0

    assert asked_ids(s2) == [
        ["ARXIV:2601.00004", "ARXIV:2601.00005"],  # never checked
        ["ARXIV:2601.00002", "ARXIV:2601.00003"],  # checked longest ago (over 7 days)
    ]
    fresh = Paper.objects.get(arxiv_id="2601.00001")
    assert fresh.citations_as_of == now - timedelta(days=1)  # checked yesterday: left alone


@respx.mock
def test_withdrawn_papers_are_never_asked_about(add_papers):
    papers = add_papers(make_record(1), make_record(2))
    Paper.objects.filter(arxiv_id="2601.00002").update(withdrawn=True)
    s2 = respx.post(S2).respond(200, json=[None])
    respx.get(OPENALEX).respond(200, json=EMPTY_OPENALEX)

    assert enrich_citations.apply(args=[[p.id for p in papers.values()]]).get() == 1
    assert asked_ids(s2) == [["ARXIV:2601.00001"]]


@respx.mock
def test_enrich_citations_takes_ids_and_fails_at_once_on_an_unreadable_answer(add_papers):
    papers = add_papers(make_record(1))
    s2 = respx.post(S2).respond(400, json={"error": "Unacceptable query params"})

    result = enrich_citations.apply(args=[[p.id for p in papers.values()]])

    assert result.failed() and isinstance(result.result, CitationError)
    assert s2.call_count == 1  # not retried: the same request gets the same answer


def test_enrich_citations_retries_only_when_a_source_is_unavailable():
    assert enrich_citations.autoretry_for == (CitationsUnavailable,)
    assert enrich_citations.acks_late and enrich_citations.max_retries == 5
    assert not getattr(refresh_stale_citations, "autoretry_for", ())
    assert not getattr(recompute_scores, "autoretry_for", ())


def test_refresh_author_metrics_recomputes_citations_and_scores(add_papers):
    add_papers(make_record(1), make_record(2))
    Paper.objects.update(citation_count=11, citations_source="OpenAlex")
    ids = list(Author.objects.values_list("pk", flat=True))

    assert refresh_author_metrics.apply(args=[ids]).get() == 3

    for author in Author.objects.all():
        assert (author.citations_count, author.h_index, author.i10_index) == (22, 2, 2)
        assert author.ai_score == 100.0 and author.scores_as_of is not None


@pytest.mark.parametrize(
    ("name", "task"),
    [
        ("Refresh stale citations", "papers.tasks.refresh_stale_citations"),
        ("Recompute novelty and AI scores", "profiles.tasks.recompute_scores"),
    ],
)
def test_the_periodic_schedules_are_beat_rows_written_by_sync_schedules(name, task):
    PeriodicTask.objects.filter(name=name).delete()  # a transactional test may have flushed it

    call_command("sync_schedules", stdout=StringIO())
    call_command("sync_schedules", stdout=StringIO())  # syncing again is harmless

    row = PeriodicTask.objects.get(name=name)
    assert row.task == task and task in app.tasks
    assert (row.interval.every, row.interval.period, row.enabled) == (60, "minutes", True)
    expected = {"batch_size": 500, "max_batches": 4}
    if task == "profiles.tasks.recompute_scores":  # a catch-up: its whole backlog, to empty
        expected = {"batch_size": 500}
    assert json.loads(row.kwargs) == expected
    assert PeriodicTask.objects.filter(name=name).count() == 1


def test_a_curators_timing_and_switch_survive_a_sync():
    call_command("sync_schedules", stdout=StringIO())
    row = PeriodicTask.objects.get(name="Refresh stale citations")
    row.interval = IntervalSchedule.objects.create(every=15, period=IntervalSchedule.MINUTES)
    row.enabled = False
    row.kwargs = json.dumps({"batch_size": 1})
    row.save()

    call_command("sync_schedules", stdout=StringIO())

    row.refresh_from_db()
    assert (row.interval.every, row.enabled) == (15, False)  # the curator's choice stays
    assert json.loads(row.kwargs) == {"batch_size": 500, "max_batches": 4}  # the registry's
