"""Bad input fails its ImportRun with a message a curator understands and writes nothing."""

import pytest

from ingest.models import ImportRecord, ImportRun
from papers.models import Paper
from tests.conftest import table_counts
from tests.feedgen import (
    api_error_feed,
    api_feed,
    make_record,
    oai_error,
    oai_list_records,
    rss_feed,
)

pytestmark = pytest.mark.django_db

HTML_ERROR_PAGE = (
    b"<!DOCTYPE html>\n<html><head><title>503 Service Unavailable</title></head>"
    b"<body><h1>Service Unavailable</h1></body></html>"
)


def _truncated(body: bytes) -> bytes:
    return body[: len(body) * 2 // 3]


@pytest.mark.parametrize(
    "body, message",
    [
        (_truncated(api_feed([make_record(n) for n in range(10, 14)])), "not well-formed"),
        (_truncated(rss_feed([make_record(n) for n in range(10, 14)])), "not well-formed"),
        (_truncated(oai_list_records([make_record(n) for n in range(10, 14)])), "not well-formed"),
        (b"Rate exceeded.", "not an arXiv API, RSS or OAI-PMH response"),
        (b"", "The response was empty"),
        (HTML_ERROR_PAGE, "HTML page"),
        (api_error_feed("malformed query"), "arXiv API error: malformed query"),
        (
            oai_error("badResumptionToken", "The resumptionToken supplied is illegal"),
            "badResumptionToken",
        ),
    ],
    ids=[
        "truncated-api",
        "truncated-rss",
        "truncated-oai",
        "plain-text",
        "empty-body",
        "html",
        "api-error",
        "oai-error",
    ],
)
def test_bad_responses_fail_the_run_and_leave_the_database_as_it_was(ingest, body, message):
    ingest(api_feed([make_record(1)]))
    before = table_counts()

    run = ingest(body)

    assert run.status == ImportRun.Status.FAILED
    assert message in run.error
    assert table_counts() == before


def test_one_entry_without_an_id_fails_the_whole_batch(ingest):
    good = api_feed([make_record(1), make_record(2)])
    broken = good.replace(b"<id>http://arxiv.org/abs/2601.00002v1</id>", b"<id></id>")
    assert broken != good

    run = ingest(broken)

    assert run.status == ImportRun.Status.FAILED
    assert "no arXiv id" in run.error
    assert not Paper.objects.exists() and not ImportRecord.objects.exists()


def test_an_empty_but_valid_feed_is_a_successful_run_with_nothing_in_it(ingest):
    run = ingest(api_feed([], total_results=0))
    assert (run.status, run.fetched) == (ImportRun.Status.SUCCEEDED, 0)


def test_html_is_never_stored_as_markup_it_stays_text(ingest):
    record = make_record(1, title="<script>alert(1)</script> Attention", abstract="x <b>y</b> & z")
    ingest(api_feed([record]))

    paper = Paper.objects.get()
    assert paper.title == "<script>alert(1)</script> Attention"
    assert paper.abstract == "x <b>y</b> & z"


def test_a_ten_megabyte_name_fails_the_listing_at_once_not_after_minutes(samples, ingest):
    body = (samples / "rss/distill_rss_cs.AI_2026-04-27.xml").read_bytes()
    hostile = body.replace(b"<dc:creator>", b"<dc:creator>" + b"A" * 10_000_000, 1)

    run = ingest(hostile)

    assert run.status == "failed"
    assert "holds a text of 10,00" in run.error and "nothing was imported" in run.error
    assert Paper.objects.count() == 0


def test_oai_with_a_ten_megabyte_name_or_deep_nesting_fails_with_a_message(samples, ingest):
    body = (samples / "oai/scrapi_ListRecords_oai_dc_2014-12-24_897rec.xml").read_bytes()
    long_name = body.replace(b"<dc:creator>", b"<dc:creator>" + b"Ab " * 3_500_000, 1)
    deep = body.replace(b"<dc:title>", b"<dc:title>" + b"<x>" * 100_000 + b"</x>" * 100_000, 1)

    for hostile in (long_name, deep):
        run = ingest(hostile)
        assert run.status == "failed" and "not well-formed XML" in run.error
    assert Paper.objects.count() == 0
