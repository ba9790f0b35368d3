"""The polite arXiv client: identity, retries with Retry-After, conditional GET, one request at a time."""

import threading
import time

import httpx
import pytest
import respx

from ingest.client import ArxivClient
from ingest.sources.common import FeedError

URL = "https://export.arxiv.org/api/query?search_query=cat:cs.LG"


class FakeClock(list):
    """Records the waits the client asks for and moves its time on instead of sleeping."""

    def __init__(self):
        super().__init__()
        self.now = time.time()

    def __call__(self, seconds):
        self.append(round(seconds, 3))
        self.now += seconds

    def time(self):
        return self.now


@pytest.fixture
def client(redis_client, settings):
    settings.ARXIV_MAX_RETRIES = 3
    clock = FakeClock()
    return ArxivClient(redis_client=redis_client, min_interval=0, sleep=clock, clock=clock.time)


@respx.mock
def test_every_request_names_us_and_a_contact_address(client, settings):
    route = respx.get(URL).respond(200, content=b"<feed/>")

    client.get(URL)

    agent = route.calls.last.request.headers["User-Agent"]
    assert settings.ARXIV_CONTACT_EMAIL in agent and agent.startswith("Peerfolio/")


@respx.mock
def test_503_with_retry_after_seconds_is_retried_after_that_wait(client):
    respx.get(URL).mock(
        side_effect=[
            httpx.Response(503, headers={"Retry-After": "7"}),
            httpx.Response(200, content=b"ok"),
        ]
    )

    response = client.get(URL)

    assert response.body == b"ok"
    assert client.sleep == [7.0]


@respx.mock
def test_429_with_an_http_date_retry_after_is_honoured(client):
    later = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 30))
    respx.get(URL).mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": later}),
            httpx.Response(200, content=b"ok"),
        ]
    )

    client.get(URL)

    assert 28 <= client.sleep[0] <= 31


@respx.mock
def test_backoff_doubles_without_retry_after_and_gives_up_with_a_message(client):
    client.min_interval = 1.0
    respx.get(URL).respond(502)

    with pytest.raises(FeedError, match="HTTP 502"):
        client.get(URL)

    assert client.sleep == [1.0, 2.0, 4.0]


@respx.mock
def test_transport_errors_are_retried_then_reported(client):
    respx.get(URL).mock(side_effect=httpx.ConnectTimeout("timed out"))

    with pytest.raises(FeedError, match="could not be reached"):
        client.get(URL)
    assert len(client.sleep) == 3


@respx.mock
def test_a_404_is_not_retried(client):
    route = respx.get(URL).respond(404)
    with pytest.raises(FeedError, match="HTTP 404"):
        client.get(URL)
    assert route.call_count == 1


@respx.mock
def test_a_retry_after_beyond_five_minutes_fails_the_run_instead_of_blocking(client):
    respx.get(URL).respond(503, headers={"Retry-After": "3600"})
    with pytest.raises(FeedError, match="wait 3600 s"):
        client.get(URL)


@respx.mock
def test_conditional_get_sends_validators_and_reports_not_modified(client):
    route = respx.get(URL).respond(304)

    response = client.get(URL, etag='"abc"', last_modified="Thu, 24 Sep 2026 08:58:05 GMT")

    sent = route.calls.last.request.headers
    assert sent["If-None-Match"] == '"abc"'
    assert sent["If-Modified-Since"] == "Thu, 24 Sep 2026 08:58:05 GMT"
    assert response.not_modified and response.etag == '"abc"'


@respx.mock
def test_new_validators_come_back_with_the_body(client):
    respx.get(URL).respond(
        200,
        content=b"<rss/>",
        headers={"ETag": '"v2"', "Last-Modified": "Fri, 25 Sep 2026 08:00:00 GMT"},
    )
    response = client.get(URL)
    assert (response.etag, response.last_modified) == ('"v2"', "Fri, 25 Sep 2026 08:00:00 GMT")


@pytest.mark.scale
@respx.mock
def test_two_workers_share_one_request_slot_and_the_minimum_interval(redis_client):
    """Two clients (as in two worker processes) never overlap and keep the interval via Redis."""
    interval = 0.4
    spans, lock = [], threading.Lock()

    def slow_arxiv(request):
        started = time.monotonic()
        time.sleep(0.05)
        with lock:
            spans.append((started, time.monotonic()))
        return httpx.Response(200, content=b"ok")

    respx.get(URL).mock(side_effect=slow_arxiv)
    workers = [ArxivClient(redis_client=redis_client, min_interval=interval) for _ in range(2)]
    threads = [threading.Thread(target=lambda c=c: [c.get(URL) for _ in range(2)]) for c in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    spans.sort()
    assert len(spans) == 4
    for (_, previous_end), (next_start, _) in zip(spans, spans[1:], strict=False):
        assert next_start >= previous_end, "two requests were in flight at once"
        assert next_start - previous_end >= interval - 0.02, (
            "requests came closer than the minimum interval"
        )
