"""Pulling a FeedSource page by page, saving the cursor, and resuming a failed run."""

from datetime import date

import httpx
import pytest
import respx

from ingest.models import FeedSource, ImportRun, SourceKind
from ingest.pipeline import run_source
from papers.models import Paper
from tests.feedgen import api_feed, make_record, oai_error, oai_list_records, rss_feed

pytestmark = pytest.mark.django_db
API = "https://export.arxiv.org/api/query"


@pytest.fixture(autouse=True)
def fast_polite_client(settings, redis_client):
    settings.ARXIV_MIN_INTERVAL = 0
    settings.ARXIV_MAX_RETRIES = 0


def _api_source():
    return FeedSource.objects.create(name="cs.LG", kind=SourceKind.API, query="cat:cs.LG")


def _api_page(start, total, size=200):
    records = [make_record(n) for n in range(start + 1, min(start + size, total) + 1)]
    return httpx.Response(
        200, content=api_feed(records, total_results=total, start=start, items_per_page=size)
    )


def _start_param(request):
    return int(request.url.params["start"])


@respx.mock
def test_api_pages_follow_start_until_total_results():
    route = respx.get(API).mock(
        side_effect=lambda request: _api_page(_start_param(request), total=450)
    )

    run = run_source(_api_source())

    assert [_start_param(call.request) for call in route.calls] == [0, 200, 400]
    assert (run.status, run.total, run.fetched, run.created) == ("succeeded", 450, 450, 450)
    assert run.cursor == {}
    assert Paper.objects.count() == 450


@respx.mock
def test_a_failed_api_page_keeps_the_cursor_and_a_retry_resumes_there():
    pages = {0: _api_page(0, 450), 200: httpx.Response(500), 400: _api_page(400, 450)}
    route = respx.get(API).mock(side_effect=lambda request: pages[_start_param(request)])
    source = _api_source()

    failed = run_source(source)

    assert failed.status == ImportRun.Status.FAILED and "HTTP 500" in failed.error
    assert failed.cursor == {"start": 200} and Paper.objects.count() == 200

    pages[200] = _api_page(200, 450)
    resumed = run_source(source, run=failed)

    assert resumed.status == ImportRun.Status.SUCCEEDED
    assert [_start_param(call.request) for call in route.calls] == [0, 200, 200, 400]
    assert resumed.created == 450 and resumed.unchanged == 0
    assert Paper.objects.count() == 450


@respx.mock
def test_oai_follows_resumption_tokens_and_records_the_harvest_date():
    first = oai_list_records(
        [make_record(n) for n in range(1, 4)], resumption_token="7|1001", complete_list_size=5
    )
    last = oai_list_records(
        [make_record(n) for n in range(4, 6)], resumption_token="", cursor=3, complete_list_size=5
    )
    route = respx.get(url__startswith="https://oaipmh.arxiv.org/oai").mock(
        side_effect=[httpx.Response(200, content=first), httpx.Response(200, content=last)]
    )
    source = FeedSource.objects.create(name="cs set", kind=SourceKind.OAI, query="cs")

    run = run_source(source)

    assert route.calls[0].request.url.params["set"] == "cs"
    assert route.calls[0].request.url.params["metadataPrefix"] == "arXivRaw"
    assert route.calls[1].request.url.params["resumptionToken"] == "7|1001"
    assert (run.status, run.total, run.created) == ("succeeded", 5, 5)
    source.refresh_from_db()
    assert source.harvested_until is not None


@respx.mock
def test_an_oai_harvest_with_nothing_new_succeeds_empty():
    respx.get(url__startswith="https://oaipmh.arxiv.org/oai").respond(
        200, content=oai_error("noRecordsMatch")
    )
    run = run_source(FeedSource.objects.create(name="cs", kind=SourceKind.OAI, query="cs"))
    assert (run.status, run.fetched) == ("succeeded", 0)


@respx.mock
def test_rss_stores_validators_and_the_next_pull_is_conditional():
    record = make_record(1, announced_on=date(2026, 1, 6))
    listing = rss_feed([record], categories=("cs.LG",))
    # The run asks the API for what the listing lacks (the v1 date), once.
    api = respx.get(url__startswith=API).mock(
        return_value=httpx.Response(200, content=api_feed([record]))
    )
    route = respx.get("https://rss.arxiv.org/rss/cs.LG+stat.ML").mock(
        side_effect=[
            httpx.Response(200, content=listing, headers={"ETag": '"day-1"'}),
            httpx.Response(304),
        ]
    )
    source = FeedSource.objects.create(name="ML", kind=SourceKind.RSS, query="cs.LG+stat.ML")

    first = run_source(source)
    source.refresh_from_db()
    second = run_source(source)

    assert (first.status, first.created) == ("succeeded", 1)
    assert source.etag == '"day-1"'
    assert route.calls[1].request.headers["If-None-Match"] == '"day-1"'
    assert (second.status, second.fetched) == ("succeeded", 0)
    assert "Not modified" in second.error
    assert api.call_count == 1
    assert Paper.objects.get().published == record.published


def test_a_scheduled_source_gets_a_beat_entry_that_follows_enabled():
    source = FeedSource.objects.create(
        name="ML", kind=SourceKind.RSS, query="cs.LG", interval_minutes=60
    )
    task = source.periodic_task
    assert (task.task, task.args, task.enabled, task.interval.every) == (
        "ingest.tasks.run_feed_source",
        f"[{source.pk}]",
        True,
        60,
    )

    source.enabled = False
    source.save()

    task.refresh_from_db()
    assert task.enabled is False
